"""What each page shows, gathered from the measurements into plain values for the templates."""

import json
from collections import Counter
from dataclasses import dataclass

from .. import ml_test_score as score_module
from ..manifest import Debt, Manifest, Stage
from ..matrix import StageReport
from . import markdown

MISSING = "—"


def page_name(stage: Stage) -> str:
    """The file name of a stage's page."""
    return f"stage-{stage.number}-{stage.slug}.html"


def diff_page_name(stage: Stage) -> str:
    """The file name of the page with a stage's diff against its predecessor."""
    return f"diff-{stage.number}-{stage.slug}.html"


def readme_of(stage: Stage) -> str:
    """The stage's README, or an empty text when it has none."""
    path = stage.folder / "README.md"
    return path.read_text() if path.exists() else ""


@dataclass(frozen=True)
class Cell:
    """One cell of the matrix.

    Attributes:
        mark: ✗ present, ✓ absent, ! failed, — not measured.
        figure: The probe's key figure.
        css: The cell's class (`present`, `absent`, `failed`, `missing`), plus `surprise`
            where the measurement disagrees with the manifest.
        href: The link to the evidence.
        title: The probe's summary (shown on hover).
    """

    mark: str
    figure: str
    css: str
    href: str
    title: str


def cell(report: StageReport, debt: Debt, manifest: Manifest) -> Cell:
    """The matrix cell of one debt on one stage."""
    href = f"{page_name(report.stage)}#{debt.id}"
    if debt.id in report.errors:
        return Cell("!", "probe failed", "failed", href, report.errors[debt.id])
    result = report.results.get(debt.id)
    if result is None:
        return Cell(MISSING, "", "missing", href, "not measured in this build")
    surprise = result.present != manifest.debt_expected_present(debt, report.stage)
    css = ("present" if result.present else "absent") + (" surprise" if surprise else "")
    mark = ("✗" if result.present else "✓") + ("?" if surprise else "")
    return Cell(mark, result.figure, css, href, result.summary)


def section_limits() -> dict[str, dict[str, int]]:
    """Per section of the ML Test Score: the tests it has, and how many a probe measures."""
    sections = getattr(score_module, "SECTIONS", ("data", "model", "infrastructure", "monitoring"))
    per_section = getattr(score_module, "TESTS_PER_SECTION", 7)
    measured = Counter(test.section for test in getattr(score_module, "MEASURED", ()))
    return {section: {"tests": per_section, "measured": measured[section]} for section in sections}


def score_of(report: StageReport) -> dict:
    """The stage's ML Test Score, with missing keys filled so the page never breaks.

    The score is computed only when every debt was measured (`StageReport.score`); on a
    subset its sections are empty and its final score is shown as missing.
    """
    score = report.score
    return {
        "sections": dict(score.get("sections", {})),
        "final": score.get("final", MISSING),
        "credited": list(score.get("credited", [])),
        "measurable": len(score.get("measured", [])) or MISSING,
        "tests": score.get("tests", MISSING),
    }


@dataclass(frozen=True)
class ProbeView:
    """One probe's result on a stage page.

    Attributes:
        debt: The debt.
        verdict: `present`, `absent`, `probe failed` or `not measured`.
        figure: The key figure.
        summary: The one-line summary, or the probe's error.
        evidence: The evidence as indented JSON.
    """

    debt: Debt
    verdict: str
    figure: str
    summary: str
    evidence: str


def probe_view(report: StageReport | None, debt: Debt) -> ProbeView:
    """How one debt's measurement on a stage is shown."""
    if report is None or debt.id not in report.results:
        error = report.errors.get(debt.id) if report else None
        verdict = "probe failed" if error else "not measured"
        return ProbeView(debt, verdict, MISSING, error or MISSING, "")
    result = report.results[debt.id].as_json()
    evidence = json.dumps(result.get("evidence", {}), indent=2, ensure_ascii=False)
    verdict = "present" if result.get("present") else "absent"
    return ProbeView(
        debt, verdict, result.get("figure", MISSING), result.get("summary", MISSING), evidence
    )


def flipped(report: StageReport, previous: StageReport | None, debts: list[Debt]) -> list[dict]:
    """The debts whose verdict differs from the predecessor's, with both measurements."""
    if previous is None:
        return []
    changes = []
    for debt in debts:
        before, after = probe_view(previous, debt), probe_view(report, debt)
        if before.verdict != after.verdict:
            changes.append({"debt": debt, "before": before, "after": after})
    return changes


def change_request_html(stage: Stage) -> str | None:
    """The stage's change request as HTML, or None when its README has none."""
    text = markdown.change_request(readme_of(stage))
    return markdown.to_html(text) if text else None
