"""Fixtures of the stage machinery's tests: every probe run once per stage and session."""

import pytest

from stages.instrument.instance import StageInstance
from stages.instrument.manifest import Manifest, load_manifest
from stages.instrument.matrix import StageReport, measure_stage
from stages.instrument.probes.context import ProbeContext, copy_holdout_scores
from stages.instrument.scoring import ScoredRows


@pytest.fixture(scope="session")
def manifest() -> Manifest:
    """The project's manifest."""
    return load_manifest()


@pytest.fixture(scope="session")
def stage_context(
    manifest: Manifest,
    stage_instance: StageInstance,
    holdout_scores: ScoredRows,
    tmp_path_factory,
) -> ProbeContext:
    """The probes' context on the session's trained instance of each stage."""
    stage = manifest.stage(stage_instance.package)
    workspace = tmp_path_factory.mktemp(f"probes-{stage.slug}")
    context = ProbeContext(stage=stage, instance=stage_instance, workspace=workspace)
    copy_holdout_scores(context, holdout_scores)
    return context


@pytest.fixture(scope="session")
def stage_report(manifest: Manifest, stage_context: ProbeContext) -> StageReport:
    """Every probe's result on the session's trained instance of each stage."""
    return measure_stage(
        stage_context, list(manifest.debts), progress=lambda line: None, strict=True
    )
