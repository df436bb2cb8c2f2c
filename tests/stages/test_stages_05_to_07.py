"""What stages 05 to 07 promise beyond their probes: the cut-off, stored reasons, verified models.

The probes measure each debt from the outside; these tests pin the details a reader of the
stage READMEs relies on: where the cut-off comes from, that the reasons and the model version
given with an answer are the ones stored, and that a registered model changed on disk is
never served.
"""

import importlib
import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION
from credit_data.load import applicant_payload, holdout_rows, load_dataset
from stages.instrument.instance import StageInstance, new_instance

ONE_PIPELINE = "stages.stage_05_one_pipeline"
DECISION_POLICY = "stages.stage_06_decision_policy"
REGISTRY = "stages.stage_07_registry"
APPLICANTS = 12


def load_settings(package: str):
    """The stage's `config.load_settings`."""
    return importlib.import_module(f"{package}.config").load_settings


def stored_rows(instance: StageInstance) -> list[dict]:
    """Every row of the instance's `scores` table, oldest first."""
    engine = create_engine(instance.database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT * FROM scores ORDER BY id"))
            return [dict(row) for row in rows.mappings()]
    finally:
        engine.dispose()


def answers_for(instance: StageInstance, prefix: str) -> list[dict]:
    """The answers of a new application of `instance` for the first holdout applicants."""
    client = instance.create_app().test_client()
    holdout = holdout_rows(load_dataset()).head(APPLICANTS)
    answers = []
    for number, (_, row) in enumerate(holdout.iterrows()):
        payload = {**applicant_payload(row), "application_id": f"{prefix}-{number}"}
        response = client.post("/score", json=payload)
        assert response.status_code == 200
        answers.append(response.get_json())
    return answers


@pytest.fixture(scope="module")
def decision_policy(tmp_path_factory) -> StageInstance:
    """A trained instance of stage 06."""
    instance = new_instance(DECISION_POLICY, tmp_path_factory.mktemp("stage-06"))
    instance.create_app()
    return instance


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> StageInstance:
    """A trained instance of stage 07."""
    instance = new_instance(REGISTRY, tmp_path_factory.mktemp("stage-07"))
    instance.create_app()
    return instance


def test_stage_05_still_decides_at_the_fixed_half(tmp_path: Path):
    settings = load_settings(ONE_PIPELINE)({"INSTANCE_PATH": str(tmp_path)}, environ={})

    assert settings.decision_cutoff == 0.5


@pytest.mark.parametrize("package", [DECISION_POLICY, REGISTRY])
def test_the_cut_off_follows_the_cost_matrix_unless_one_is_configured(package: str, tmp_path: Path):
    load = load_settings(package)
    default = load({"INSTANCE_PATH": str(tmp_path)}, environ={}).policy
    costs = load({"INSTANCE_PATH": str(tmp_path), "COST_FALSE_APPROVAL": "3"}, environ={}).policy
    configured = load({"INSTANCE_PATH": str(tmp_path), "DECISION_CUTOFF": "0.3"}, environ={})

    expected = COST_FALSE_REJECTION / (COST_FALSE_REJECTION + COST_FALSE_APPROVAL)
    assert (default.cutoff, default.source) == (pytest.approx(expected), "cost matrix")
    assert costs.cutoff == pytest.approx(COST_FALSE_REJECTION / (COST_FALSE_REJECTION + 3))
    assert (configured.policy.cutoff, configured.policy.source) == (0.3, "configured")


def test_stage_06_stores_each_answer_with_the_reasons_it_gave(decision_policy: StageInstance):
    answers = answers_for(decision_policy, "reasons-stored")
    stored = {row["application_id"]: row for row in stored_rows(decision_policy)}

    assert any(answer["reasons"] for answer in answers)
    for answer in answers:
        row = stored[answer["application_id"]]
        assert row["decision"] == answer["decision"]
        assert json.loads(row["reasons"]) == answer["reasons"]
        assert bool(answer["reasons"]) == (answer["decision"] == "reject")


def test_stage_06_reasons_never_name_a_protected_attribute(decision_policy: StageInstance):
    answers = answers_for(decision_policy, "reasons-protected")

    named = {reason["feature"] for answer in answers for reason in answer["reasons"]}
    assert named
    assert not named & {"age", "personal_status_sex", "foreign_worker"}


def test_stage_07_answers_and_stored_requests_name_the_served_version(registry: StageInstance):
    answers = answers_for(registry, "version-stored")
    stored = {row["application_id"]: row for row in stored_rows(registry)}
    card = registry.create_app().test_client().get("/model").get_json()

    assert {answer["model_version"] for answer in answers} == {card["version"]}
    for answer in answers:
        assert stored[answer["application_id"]]["model_version"] == card["version"]


def test_stage_07_refuses_to_serve_an_artifact_changed_after_registration(
    registry: StageInstance, tmp_path: Path
):
    tampered = new_instance(REGISTRY, tmp_path / "tampered")
    copy_models(registry, tampered)
    artifact = next(tampered.model_dir.glob("versions/*/model.joblib"))
    artifact.write_bytes(artifact.read_bytes() + b"\0")
    errors = importlib.import_module(f"{REGISTRY}.registry.errors")

    with pytest.raises(errors.ArtifactRejectedError, match="SHA-256"):
        tampered.create_app()


def copy_models(source: StageInstance, destination: StageInstance) -> None:
    """Copy the trained registry of `source` into `destination`, with its signing key."""
    for path in source.model_dir.rglob("*"):
        if path.is_file():
            target = destination.model_dir / path.relative_to(source.model_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    key = source.folder / "registry_key"
    if key.exists():
        (destination.folder / "registry_key").write_bytes(key.read_bytes())
