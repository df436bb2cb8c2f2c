"""Server-rendered SVG line charts for the dashboard: no JavaScript, no front-end build.

A chart is one series or a few over the monitoring windows, with optional dashed reference
lines (a threshold, the holdout's figure) and the windows that raised alerts marked on the
time line. Values may be missing (None): a line is broken there.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 220, 14, 30
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")
ALERT_COLOUR = "#d62728"


@dataclass(frozen=True)
class Chart:
    """What to draw.

    Attributes:
        title: The chart's accessible name (its `<title>`).
        windows: The window indices, oldest first (the x axis).
        series: Each line's name and its values, one per window (None where missing).
        references: Dashed horizontal lines: name and value.
        alert_windows: Windows that raised an alert, marked on the time line.
        y_label: The y axis's label.
    """

    title: str
    windows: Sequence[int]
    series: Mapping[str, Sequence[float | None]]
    references: Mapping[str, float] = field(default_factory=dict)
    alert_windows: Sequence[int] = ()
    y_label: str = ""


def y_range(chart: Chart) -> tuple[float, float]:
    """The y axis's range: all values and references, a margin, from 0 if none is negative."""
    values = [v for line in chart.series.values() for v in line if v is not None]
    values += list(chart.references.values())
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    margin = (high - low) * 0.1 or max(abs(high) * 0.1, 0.05)
    return (0.0 if low >= 0 else low - margin), high + margin


def render(chart: Chart) -> Markup:
    """The chart as an inline `<svg>` element (escaped text, safe to insert in a page)."""
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    low, high = y_range(chart)
    count = len(chart.windows)
    position = {window: number for number, window in enumerate(chart.windows)}

    def x(window: int) -> float:
        return LEFT + (plot_width * position[window] / (count - 1) if count > 1 else plot_width / 2)

    def y(value: float) -> float:
        return TOP + plot_height * (1 - (value - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" class="chart">',
        f"<title>{escape(chart.title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_width}" height="{plot_height}" '
        'fill="none" stroke="#999"/>',
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<text x="{LEFT - 4}" y="{y(value) + 4:.1f}" text-anchor="end" '
            f'font-size="11">{value:.2f}</text>'
        )
    if chart.y_label:
        parts.append(
            f'<text x="12" y="{TOP + plot_height / 2:.1f}" font-size="11" text-anchor="middle" '
            f'transform="rotate(-90 12 {TOP + plot_height / 2:.1f})">{escape(chart.y_label)}</text>'
        )
    for window in chart.windows:
        parts.append(
            f'<text x="{x(window):.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
            f'font-size="10">{window}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_width / 2:.1f}" y="{HEIGHT - 2}" text-anchor="middle" '
        'font-size="11">window</text>'
    )
    for window in chart.alert_windows:
        if window in position:
            parts.append(
                f'<line class="alert-marker" x1="{x(window):.1f}" x2="{x(window):.1f}" '
                f'y1="{TOP}" y2="{TOP + plot_height}" stroke="{ALERT_COLOUR}" '
                'stroke-width="6" stroke-opacity="0.15"><title>alert in window '
                f"{window}</title></line>"
            )
    legend = []
    for number, (name, value) in enumerate(chart.references.items()):
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_width}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#555" stroke-dasharray="{4 + 2 * number} 3"/>'
        )
        legend.append((f"{name} ({value:.3f})", "#555", True))
    for number, (name, values) in enumerate(chart.series.items()):
        colour = COLOURS[number % len(COLOURS)]
        for segment in segments(chart.windows, values):
            points = " ".join(f"{x(window):.1f},{y(value):.1f}" for window, value in segment)
            parts.append(
                f'<polyline class="series" points="{points}" fill="none" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
            for window, value in segment:
                parts.append(
                    f'<circle cx="{x(window):.1f}" cy="{y(value):.1f}" r="2.5" fill="{colour}">'
                    f"<title>{escape(name)}, window {window}: {value:.3f}</title></circle>"
                )
        legend.append((name, colour, False))
    for number, (name, colour, dashed) in enumerate(legend):
        top = TOP + 6 + 16 * number
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        parts.append(
            f'<line x1="{WIDTH - RIGHT + 8}" x2="{WIDTH - RIGHT + 26}" y1="{top}" y2="{top}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
            f'<text x="{WIDTH - RIGHT + 30}" y="{top + 4}" font-size="11">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def segments(
    windows: Sequence[int], values: Sequence[float | None]
) -> list[list[tuple[int, float]]]:
    """The runs of consecutive present values, as (window, value) pairs."""
    runs, current = [], []
    for window, value in zip(windows, values, strict=True):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((window, float(value)))
    if current:
        runs.append(current)
    return runs
