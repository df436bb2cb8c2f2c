"""Every cheat of the corpus keeps its debt in the probes' eyes; every honest repayment repays it.

Each cheat is a copy of the monolith's (or the refactored stage's) current source with one
minimal edit (`corpus.py`, one line of description each). Only the probes of the debts a cheat
targets run on it. Cheats whose training code is the monolith's copy the monolith's trained
binaries (trained once per session) instead of training again, and share one run of its
notebook by the probes themselves (the offline reference, `offline_training.py`, made once
per process for the same code and data); the probes of one cheat share its context, as
`compare` shares a stage's. To keep the suite fast every instance here
trains on the committed data with a shorter holdout (`HOLDOUT_ROWS` of the 200): the probes
score fewer applicants, and the training rows are the same.
"""

import shutil
from pathlib import Path

import pytest

from credit_data.codebook import SPLIT
from credit_data.load import load_dataset
from credit_data.split import HOLDOUT
from stages.instrument.instance import new_instance
from stages.instrument.manifest import REPOSITORY_ROOT, Stage, load_manifest
from stages.instrument.ml_test_score import MEASURED
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.package_copy import copy_package
from stages.instrument.probes.runner import run_probe

from .corpus import CHEATS, Cheat

HOLDOUT_ROWS = 60
CASES = [(cheat, debt) for cheat in CHEATS for debt in cheat.debts]


@pytest.fixture(scope="session")
def short_data(tmp_path_factory) -> Path:
    """The committed data without the holdout's rows after the first `HOLDOUT_ROWS`."""
    data = load_dataset()
    holdout = data.index[data[SPLIT] == HOLDOUT]
    path = tmp_path_factory.mktemp("short-data") / "german_credit.csv"
    data.drop(index=holdout[HOLDOUT_ROWS:]).to_csv(path, index=False, lineterminator="\n")
    return path


@pytest.fixture(scope="session")
def monolith_binaries(tmp_path_factory, short_data: Path) -> Path:
    """The model folder of a trained monolith instance (the notebook is seeded)."""
    folder = tmp_path_factory.mktemp("monolith-binaries")
    instance = new_instance("monolith", folder, short_data)
    instance.create_app()
    return instance.model_dir


@pytest.fixture(scope="session")
def cheat_packages(tmp_path_factory) -> dict[str, str]:
    """Each cheat's package name, built on first use (one copy per cheat and session)."""
    return {"root": str(tmp_path_factory.mktemp("cheat-packages"))}


def package_of(cheat: Cheat, packages: dict[str, str]) -> str:
    """Build the cheat's package once; its importable name."""
    if cheat.slug not in packages:
        source = REPOSITORY_ROOT / cheat.base
        packages[cheat.slug] = copy_package(
            source, Path(packages["root"]), f"cheat_{cheat.slug}", cheat.edits
        )
    return packages[cheat.slug]


@pytest.fixture(scope="session")
def cheat_contexts() -> dict[str, ProbeContext]:
    """Each cheat's probe context, by slug, built on first use (`context_for`)."""
    return {}


def context_for(
    cheat: Cheat, packages, binaries: Path, workspace: Path, data_path: Path
) -> ProbeContext:
    """A probe context on the cheat, with the monolith's binaries copied in when it shares them."""
    package = package_of(cheat, packages)
    stage = Stage("97", package, cheat.slug.replace("_", "-"), cheat.description, (), ())
    if cheat.shares_binaries:
        for folder in ("shared", "template"):
            shutil.copytree(binaries, workspace / folder / "models")
    return ProbeContext.start(stage, workspace, data_path)


@pytest.mark.parametrize(
    ("cheat", "debt_id"), CASES, ids=[f"{cheat.slug}-{debt}" for cheat, debt in CASES]
)
def test_the_probe_sees_through_the_cheat(
    cheat: Cheat,
    debt_id: str,
    cheat_packages,
    cheat_contexts,
    monolith_binaries,
    short_data,
    tmp_path_factory,
):
    # One context per cheat, as `compare` keeps one per stage: a cheat's probes share its
    # trained instances, in corpus order.
    if cheat.slug not in cheat_contexts:
        workspace = tmp_path_factory.mktemp(f"cheat-{cheat.slug}")
        cheat_contexts[cheat.slug] = context_for(
            cheat, cheat_packages, monolith_binaries, workspace, short_data
        )
    context = cheat_contexts[cheat.slug]

    result = run_probe(context, load_manifest().debt(debt_id))

    assert result.present == cheat.present, f"{cheat.description}: {result.summary}"
    for test in MEASURED:
        if f"{test.section} {test.number}" in cheat.uncredited and test.source == debt_id:
            assert not test.holds(result), f"{cheat.slug} earns {test.section} {test.number}"


def test_every_probe_faces_at_least_two_cheats():
    manifest = load_manifest()
    for debt in manifest.debts:
        cheats = [c for c in CHEATS if debt.id in c.debts and c.present]
        assert len(cheats) >= 2, debt.id


def test_no_observation_earns_two_tests_of_the_ml_test_score():
    observations = [(test.source, test.observation) for test in MEASURED]

    assert len(observations) == len(set(observations))
    assert len(MEASURED) >= 20
