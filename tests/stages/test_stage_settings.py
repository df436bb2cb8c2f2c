"""Configuration (DEBT-10): where settings come from, and applications that stay apart.

Parametrized from the manifest: every stage from the one that repays DEBT-10 on reads its
settings through `<package>.config.load_settings`; on the stages before it, two applications
in one process share state.
"""

import importlib
import shutil
from pathlib import Path

import pytest

from credit_data.load import applicant_payload
from credit_data.paths import DATASET_PATH
from stages.instrument.instance import StageInstance, new_instance
from stages.instrument.manifest import load_manifest
from tests.support.database import count_rows_mentioning

MANIFEST = load_manifest()
CONFIGURED = [
    stage.package
    for stage in MANIFEST.stages
    if not MANIFEST.debt_expected_present(MANIFEST.debt("DEBT-10"), stage)
]


def load_settings(package: str):
    """The stage's `config.load_settings`."""
    return importlib.import_module(f"{package}.config").load_settings


@pytest.mark.parametrize("package", CONFIGURED)
def test_defaults_are_absolute_and_live_in_the_instance_folder(package: str):
    settings = load_settings(package)({}, environ={})

    assert settings.instance_path.is_absolute()
    assert settings.model_dir.is_absolute()
    assert settings.model_dir.is_relative_to(settings.instance_path)
    assert str(settings.instance_path / "scores.db") in settings.database_url
    assert Path(settings.data_path) == DATASET_PATH


@pytest.mark.parametrize("package", CONFIGURED)
def test_environment_overrides_defaults_and_create_app_keys_override_both(
    package: str, tmp_path: Path
):
    environ = {"CREDIT_INSTANCE_PATH": str(tmp_path / "from-env")}

    from_environment = load_settings(package)({}, environ=environ)
    from_keys = load_settings(package)({"INSTANCE_PATH": str(tmp_path / "key")}, environ=environ)

    assert from_environment.instance_path == tmp_path / "from-env"
    assert from_environment.model_dir.is_relative_to(tmp_path / "from-env")
    assert from_keys.instance_path == tmp_path / "key"
    assert str(tmp_path / "key") in from_keys.database_url


def second_instance(trained: StageInstance, folder: Path) -> StageInstance:
    """A new instance with a copy of `trained`'s model files and an empty database."""
    instance = new_instance(trained.package, folder)
    shutil.copytree(trained.model_dir, instance.model_dir)
    key = trained.folder / "registry_key"  # a stage with a registry signs its cards (07 on)
    if key.exists():
        shutil.copy2(key, instance.folder / "registry_key")
    return instance


def test_a_score_lands_in_its_own_applications_database_after_another_app_is_built(
    stage_instance: StageInstance, holdout, tmp_path: Path
):
    stage = MANIFEST.stage(stage_instance.package)
    first_app = stage_instance.create_app()
    other = second_instance(stage_instance, tmp_path / "other")
    other.create_app()
    application_id = f"settings-isolation-{stage.number}"

    response = first_app.test_client().post(
        "/score", json={**applicant_payload(holdout.iloc[0]), "application_id": application_id}
    )

    assert response.status_code == 200
    in_first = count_rows_mentioning(stage_instance.database_url, application_id)
    in_other = count_rows_mentioning(other.database_url, application_id)
    isolated = (in_first, in_other) == (1, 0)
    assert isolated == (stage.package in CONFIGURED), (in_first, in_other)


WITH_COST_POLICY = [
    stage.package
    for stage in MANIFEST.stages
    if not MANIFEST.debt_expected_present(MANIFEST.debt("DEBT-09"), stage)
]


@pytest.mark.parametrize("package", WITH_COST_POLICY)
def test_from_the_decision_policy_stage_on_the_lender_s_bad_rate_corrects_the_cost_cutoff(
    package: str, tmp_path: Path
):
    folder = {"INSTANCE_PATH": str(tmp_path)}

    sample = load_settings(package)(folder, environ={})
    population = load_settings(package)({**folder, "POPULATION_BAD_RATE": "0.1"}, environ={})

    assert sample.population_bad_rate is None
    assert sample.policy.cutoff == pytest.approx(1 / 6)
    assert population.policy.cutoff == pytest.approx(0.4355, abs=1e-4)
