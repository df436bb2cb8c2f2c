"""The dashboard's pictures, from the checked windows: approval rate, drift, AUC, alerts."""

from markupsafe import Markup

from .charts import Chart, render

DRIFTED_FEATURES_SHOWN = 3


def approval_chart(windows: list[dict], alert_windows: list[int]) -> Markup:
    """The share of each window below the cut-off, against the holdout's."""
    indices = [window["index"] for window in windows]
    rates = [window["drift"]["approval"]["rate"] for window in windows]
    holdout = windows[-1]["drift"]["approval"]["holdout_rate"]
    return render(
        Chart(
            title="Approval rate by window",
            windows=indices,
            series={"below the cut-off": rates},
            references={"holdout": holdout},
            alert_windows=alert_windows,
            y_label="share",
        )
    )


def most_drifted(windows: list[dict], count: int = DRIFTED_FEATURES_SHOWN) -> list[str]:
    """The features that drifted, then those whose PSI came closest to its threshold.

    A field tested by chi-squared can drift with a PSI below the threshold: drifting in any
    window ranks first, then the PSI against its threshold.
    """
    ranks: dict[str, tuple[bool, float]] = {}
    for window in windows:
        for name, entry in window["drift"]["features"].items():
            ratio = entry["psi"] / entry["threshold"] if entry["threshold"] else entry["psi"]
            ranks[name] = max(ranks.get(name, (False, 0.0)), (bool(entry["drifted"]), ratio))
    return sorted(ranks, key=lambda name: (not ranks[name][0], -ranks[name][1], name))[:count]


def drift_chart(windows: list[dict], alert_windows: list[int]) -> Markup:
    """The PSI of the most drifted features over the windows."""
    names = most_drifted(windows)
    return render(
        Chart(
            title="PSI of the most drifted features by window",
            windows=[window["index"] for window in windows],
            series={
                name: [window["drift"]["features"][name]["psi"] for window in windows]
                for name in names
            },
            alert_windows=alert_windows,
            y_label="PSI",
        )
    )


def auc_chart(windows: list[dict], alert_windows: list[int], holdout_auc: float) -> Markup:
    """The AUC on each window's labelled (approved) applicants, realised and estimated."""

    def figure(window: dict, which: str) -> float | None:
        performance = window.get("performance")
        if not performance:
            return None
        return performance["estimated_and_realised"]["auc"][which]

    return render(
        Chart(
            title="AUC of the labelled applicants by window",
            windows=[window["index"] for window in windows],
            series={
                "realised (labelled)": [figure(w, "realised") for w in windows],
                "estimated from P(default)": [figure(w, "estimated") for w in windows],
            },
            references={"holdout": holdout_auc},
            alert_windows=alert_windows,
            y_label="AUC",
        )
    )


def dashboard_charts(newest_first: list[dict], alerts: list[dict], card: dict) -> dict:
    """The three charts by name (none before the first full window)."""
    if not newest_first:
        return {}
    windows = newest_first[::-1]
    alert_windows = sorted({alert["window"] for alert in alerts})
    return {
        "approval": approval_chart(windows, alert_windows),
        "drift": drift_chart(windows, alert_windows),
        "auc": auc_chart(windows, alert_windows, card["metrics"]["holdout"]["auc"]),
    }
