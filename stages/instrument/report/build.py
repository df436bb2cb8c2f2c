"""Build the report: measure, replay, render every page into one folder.

Everything shown is measured during the build: the matrix through `matrix.measure` (each
stage in a fresh instance), the replays through `replay.command.replay_served` (each stage
served over HTTP in a fresh instance). Only the golden-master files and the stage folders are
read from the repository, because they are what the pages compare.
"""

import dataclasses
import json
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..drift.scenarios import scenario as scenario_named
from ..manifest import Manifest, Stage, load_manifest
from ..matrix import StageReport, as_json, measure, show_progress
from ..replay.command import replay_served
from ..replay.lender import ReplayResult
from . import charts, pages
from .diff_view import folder_diff, stylesheet
from .golden_changes import golden_changes
from .markdown import to_html
from .selection import Selection

MONITORING_DEBT = "DEBT-08"


def has_alert_channel(report: StageReport) -> bool:
    """Whether the monitoring probe found an alert route or table on the stage."""
    result = report.results.get(MONITORING_DEBT)
    if result is None:
        return False
    return bool(result.evidence.get("alert_routes") or result.evidence.get("alert_tables"))


def measure_one(package: str, debt_ids: list[str]) -> StageReport:
    """Measure `debt_ids` on one stage in a fresh instance (run in a worker process)."""
    manifest = load_manifest()
    debts = [manifest.debt(debt_id) for debt_id in debt_ids]
    return measure(manifest, [manifest.stage(package)], debts, show_progress)[0]


def replay_one(package: str, scenario_name: str, windows) -> ReplayResult:
    """Serve one stage and replay the scenario against it (run in a worker process)."""
    show_progress(f"[{package}] replaying `{scenario_name}` over HTTP")
    stage = load_manifest().stage(package)

    def window_done(window: int, scored: int, applicants: int) -> None:
        if scored == applicants:
            show_progress(f"[{package}] replay: window {window + 1} scored")

    return replay_served(stage, scenario_name, progress=window_done, windows=windows)


def measure_and_replay(
    stages: list[Stage], debt_ids: list[str], selection: Selection
) -> tuple[list[StageReport], list[ReplayResult]]:
    """Measure every stage and replay the chosen ones, `selection.workers` at a time.

    Without an explicit list, the first stage is replayed, and each later stage as soon as
    its measurement shows an alert channel.

    Returns:
        The reports and the replays, both in stage order.
    """
    context = multiprocessing.get_context("spawn")
    order = [stage.package for stage in stages]
    reports: dict[str, StageReport] = {}
    replays: dict[str, ReplayResult] = {}
    with ProcessPoolExecutor(selection.workers, mp_context=context) as pool:
        running: dict[Future, tuple[str, str]] = {}

        def start_replay(package: str) -> None:
            future = pool.submit(replay_one, package, selection.scenario, selection.windows)
            running[future] = ("replay", package)

        chosen = selection.replays
        for package in [stages[0].package] if chosen is None and stages else chosen or []:
            start_replay(package)
        for package in order:
            running[pool.submit(measure_one, package, debt_ids)] = ("measure", package)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                kind, package = running.pop(future)
                if kind == "replay":
                    replays[package] = future.result()
                    continue
                reports[package] = future.result()
                first = package == order[0]
                if chosen is None and not first and has_alert_channel(reports[package]):
                    start_replay(package)
    ordered_replays = [replays[package] for package in order if package in replays]
    ordered_replays += [result for package, result in replays.items() if package not in order]
    return [reports[package] for package in order], ordered_replays


def replayed_scenario(selection: Selection):
    """The scenario as the build replays it (with its windows replaced when asked)."""
    chosen = scenario_named(selection.scenario)
    if selection.windows is None:
        return chosen
    return dataclasses.replace(
        chosen, batches=selection.windows[0], batch_size=selection.windows[1]
    )


def environment() -> Environment:
    """The Jinja2 environment of the report's templates (HTML autoescaped)."""
    return Environment(
        loader=PackageLoader("stages.instrument.report", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def index_context(manifest: Manifest, reports, replays, selection: Selection) -> dict:
    """The values the index shows."""
    debts = [manifest.debt(debt_id) for debt_id in reports[0].results | reports[0].errors]
    debts = sorted(debts, key=lambda debt: debt.id) if debts else []
    limits = pages.section_limits()
    scores = {report.stage.package: pages.score_of(report) for report in reports}
    chart_scores = {
        f"{r.stage.number} {r.stage.slug}": scores[r.stage.package]["sections"] for r in reports
    }
    return {
        "debts": debts,
        "rows": [
            {"report": r, "cells": [pages.cell(r, debt, manifest) for debt in debts]}
            for r in reports
        ],
        "scores": scores,
        "limits": limits,
        "score_chart": charts.ml_test_score_chart(
            chart_scores, {section: limit["tests"] for section, limit in limits.items()}
        ),
        "sequence": [
            {
                "stage": report.stage,
                "change_request": pages.change_request_html(report.stage),
                "has_predecessor": manifest.predecessor(report.stage) is not None,
            }
            for report in reports
        ],
        "scenario": replayed_scenario(selection),
        "replays": replays,
        "replay_chart": charts.replay_chart(replays) if replays else None,
    }


def stage_context(manifest: Manifest, report: StageReport, by_package: dict) -> dict:
    """The values a stage's page shows."""
    stage = report.stage
    previous = manifest.predecessor(stage)
    debts = sorted(
        (manifest.debt(debt_id) for debt_id in report.results | report.errors),
        key=lambda debt: debt.id,
    )
    position = manifest.stages.index(stage)
    following = manifest.stages[position + 1] if position + 1 < len(manifest.stages) else None
    return {
        "stage": stage,
        "previous": previous,
        "next": following if following and following.package in by_package else None,
        "readme": to_html(pages.readme_of(stage)) or "<p>(this stage has no README.md)</p>",
        "flipped": pages.flipped(
            report, by_package.get(previous.package) if previous else None, debts
        ),
        "previous_measured": previous is not None and previous.package in by_package,
        "golden": golden_changes(manifest, stage) if previous else None,
        "probes": [pages.probe_view(report, debt) for debt in debts],
        "score": pages.score_of(report),
        "limits": pages.section_limits(),
    }


def write(path: Path, html: str) -> None:
    """Write one page."""
    path.write_text(html, encoding="utf-8")


def build_report(
    out: Path,
    selection: Selection | None = None,
    progress: Callable[[str], None] = print,
) -> dict:
    """Measure the stages, replay the scenario and write the site into `out`.

    Args:
        out: The folder to write into (created if missing).
        selection: What to measure; everything, with the concept-shift replay, when None.
        progress: Called with one line per step.

    Returns:
        The build's summary: pages written and seconds taken per step.
    """
    selection = selection or Selection()
    manifest, started = load_manifest(), time.monotonic()
    stages = [manifest.stage(name) for name in selection.stages or []] or list(manifest.stages)
    debts = [manifest.debt(debt_id) for debt_id in selection.debts or []] or list(manifest.debts)
    progress(f"measuring {len(stages)} stages and replaying `{selection.scenario}`")
    reports, replays = measure_and_replay(stages, [debt.id for debt in debts], selection)
    measured = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    templates = environment()
    common = {
        "built_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "code_css": stylesheet(),
        "page_name": pages.page_name,
        "diff_page_name": pages.diff_page_name,
    }
    by_package = {report.stage.package: report for report in reports}
    written = ["index.html"]
    index = index_context(manifest, reports, replays, selection)
    write(out / "index.html", templates.get_template("index.html").render(**common, **index))
    for report in reports:
        stage, previous = report.stage, manifest.predecessor(report.stage)
        context = stage_context(manifest, report, by_package)
        page = templates.get_template("stage.html").render(**common, **context)
        write(out / pages.page_name(stage), page)
        written.append(pages.page_name(stage))
        if previous is not None:
            files, unchanged = folder_diff(previous, stage)
            diff = templates.get_template("diff.html").render(
                **common, stage=stage, previous=previous, files=files, unchanged=unchanged
            )
            write(out / pages.diff_page_name(stage), diff)
            written.append(pages.diff_page_name(stage))
    document = {**as_json(reports), "replays": [asdict(result) for result in replays]}
    (out / "report.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return {
        "pages": written,
        "seconds": {
            "measure_and_replay": round(measured - started, 1),
            "render": round(time.monotonic() - measured, 1),
        },
    }
