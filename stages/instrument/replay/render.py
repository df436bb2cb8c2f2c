"""The replay as text: a progress bar while it runs, then one line per window."""

import sys

from .lender import ReplayResult

BAR_WIDTH = 30
HEADER = (
    f"{'window':<7}{'shifted':<9}{'approved':>9}{'review':>8}{'oracle AUC':>12}{'oracle cost':>13}"
    f"{'lender AUC':>12}{'lender cost':>13}{'outcomes sent':>15}  alerts raised"
)
LEGEND = """review: sent to a reviewer, so not approved (no reviewer decides during a replay).
oracle: every applicant's outcome (the simulator knows them); lender: only the approved
applicants' outcomes, the only ones a lender ever sees. cost: per applicant, 5 per approved
applicant who defaulted and, for the oracle only, 1 per rejected applicant who would have
repaid (the UCI cost matrix). outcomes sent: the previous window's approved applicants'
outcomes, reported with this window (one window late)."""


class ProgressBar:
    """A one-line progress bar on standard error, redrawn in place."""

    def __init__(self, windows: int, stream=sys.stderr):
        """Draw on `stream` for a replay of `windows` windows."""
        self.windows, self.stream = windows, stream

    def __call__(self, window: int, done: int, total: int) -> None:
        """Redraw the bar: window `window`, `done` of `total` applicants scored."""
        filled = round(BAR_WIDTH * done / total) if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        end = "\n" if done >= total else ""
        line = f"\r  window {window + 1}/{self.windows} [{bar}] {done}/{total}{end}"
        print(line, end="", file=self.stream, flush=True)


def number(value: float | None, pattern: str) -> str:
    """Format a figure, or `—` when there is none."""
    return "—" if value is None else format(value, pattern)


def sent(window) -> str:
    """The outcomes reported with a window, and how many the stage refused, if any."""
    refused = f" ({window.outcomes_refused} refused)" if window.outcomes_refused else ""
    return f"{window.outcomes_reported}{refused}"


def render(result: ReplayResult) -> str:
    """The replay's table, one line per window, then the legend."""
    channels = result.channels
    lines = [
        f"Replay of scenario `{result.scenario}` against {result.stage}",
        f"outcome route: {channels.outcomes or 'none'}; alert route: {channels.alerts or 'none'}"
        f"; batch route: {channels.batch or 'none'}",
        "",
        HEADER,
    ]
    for window in result.windows:
        figures = window.figures
        alerts = ", ".join(window.alerts) or ("none" if channels.alerts else "none (no alerts)")
        lines.append(
            f"{window.index + 1:<7}{'yes' if window.shifted else 'no':<9}"
            f"{number(figures.approval_rate, '.1%'):>9}{number(figures.review_rate, '.1%'):>8}"
            f"{number(figures.oracle_auc, '.3f'):>12}"
            f"{number(figures.oracle_cost, '.3f'):>13}{number(figures.lender_auc, '.3f'):>12}"
            f"{number(figures.lender_cost, '.3f'):>13}{sent(window):>15}  {alerts}"
        )
    late = ", ".join(result.late_alerts) or "none"
    lines += [
        f"after the last window's {result.late_outcomes} outcomes: alerts raised: {late}",
        "",
        LEGEND,
    ]
    return "\n".join(lines)
