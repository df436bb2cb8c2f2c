"""Unit: the dashboard's SVG charts break lines at missing values and escape every label."""

from refactored.serving.charts import Chart, render, segments, y_range


def test_a_missing_value_breaks_the_line_in_two():
    runs = segments([0, 1, 2, 3, 4], [0.1, 0.2, None, 0.4, 0.5])

    assert runs == [[(0, 0.1), (1, 0.2)], [(3, 0.4), (4, 0.5)]]


def test_the_y_axis_starts_at_zero_for_positive_values_and_covers_the_references():
    low, high = y_range(Chart("t", [0, 1], {"psi": [0.2, 0.3]}, references={"holdout": 0.9}))

    assert low == 0.0 and high > 0.9


def test_a_chart_draws_one_polyline_per_run_and_marks_alert_windows():
    chart = Chart("t", [0, 1, 2, 3], {"auc": [0.7, None, 0.72, 0.71]}, alert_windows=[2, 9])

    svg = render(chart)

    assert svg.count('class="series"') == 2
    assert svg.count('class="alert-marker"') == 1 and "alert in window 2" in svg


def test_labels_are_escaped():
    svg = render(Chart("<script>", [0], {"<b>feature</b>": [0.1]}))

    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;feature&lt;/b&gt;" in svg
