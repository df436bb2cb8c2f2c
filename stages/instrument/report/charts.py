"""The report's charts as inline SVG, drawn by matplotlib.

Figures are built with `matplotlib.figure.Figure` rather than pyplot, so no display backend is
ever chosen or needed, and no global figure state is kept between charts.
"""

import io

import matplotlib as mpl
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..replay.lender import ReplayResult

# Fixed ids and text as text keep the SVG small and the same from one build to the next.
STYLE = {"svg.hashsalt": "stages-report", "svg.fonttype": "none", "font.size": 9}
SHIFT_COLOUR = "#f3e3c3"


def svg_of(figure) -> str:
    """The figure as an SVG element, without the XML prologue, ready to inline."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def ml_test_score_chart(scores: dict[str, dict[str, float]], most: dict[str, int]) -> str:
    """Grouped bars: each stage's score per section, against the most each section can reach.

    Args:
        scores: Each stage's label -> section -> points.
        most: Each section -> the number of tests it has.

    Returns:
        The chart as an SVG element.
    """
    sections = list(most)
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(7.5, 2.8))
        axes = figure.subplots()
        width = 0.8 / max(len(scores), 1)
        for position, (label, points) in enumerate(scores.items()):
            xs = [index + (position - (len(scores) - 1) / 2) * width for index in range(len(most))]
            axes.bar(xs, [points.get(section, 0) for section in sections], width, label=label)
        for index, section in enumerate(sections):
            axes.hlines(most[section], index - 0.45, index + 0.45, colors="black", linestyles=":")
        axes.set_xticks(range(len(sections)), [f"{s}\n(of {most[s]})" for s in sections])
        axes.set_ylabel("tests shown to hold")
        axes.set_ylim(0, max(most.values(), default=1) + 0.5)
        axes.legend(
            fontsize=8,
            ncols=min(len(scores), 4),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.18),
            frameon=False,
        )
        axes.set_title("ML Test Score per section (dotted: the most a section can reach)")
        return svg_of(figure)


def replay_chart(results: list[ReplayResult]) -> str:
    """Approval rate, cost and alerts per window, one line per replayed stage.

    Args:
        results: Replays of one scenario against several stages.

    Returns:
        The chart as an SVG element; shifted windows are shaded.
    """
    with mpl.rc_context(STYLE):
        figure = Figure(figsize=(7.5, 6.2))
        approval, cost, alerts = figure.subplots(3, 1, sharex=True)
        for result in results:
            windows = [window.index + 1 for window in result.windows]
            figures = [window.figures for window in result.windows]
            approval.plot(
                windows, [f.approval_rate for f in figures], marker="o", label=result.stage
            )
            line = cost.plot(windows, [f.oracle_cost for f in figures], marker="o")[0]
            cost.plot(
                windows,
                [f.lender_cost for f in figures],
                marker="x",
                linestyle="--",
                color=line.get_color(),
            )
            alerts.bar(
                [w + 0.15 * (results.index(result) - 0.5) for w in windows],
                [len(window.alerts) for window in result.windows],
                0.3,
                label=result.stage,
            )
        for axes in (approval, cost, alerts):
            for window in results[0].windows if results else []:
                if window.shifted:
                    axes.axvspan(window.index + 0.5, window.index + 1.5, color=SHIFT_COLOUR)
        approval.set_ylabel("approval rate")
        approval.legend(fontsize=8)
        cost.set_ylabel("cost per applicant")
        cost.set_title("solid: every outcome (oracle); dashed: approved outcomes only (lender)")
        most_alerts = max((len(w.alerts) for r in results for w in r.windows), default=0)
        alerts.set_ylim(0, max(most_alerts, 1) + 0.5)
        alerts.yaxis.set_major_locator(MaxNLocator(integer=True))
        alerts.set_ylabel("alerts raised")
        alerts.set_xlabel("window (shaded: the shift applies)")
        alerts.set_xticks([window.index + 1 for window in results[0].windows] if results else [])
        return svg_of(figure)
