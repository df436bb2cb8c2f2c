"""Reliability: a tampered artifact is refused, and the previous champion keeps serving."""

import pytest

from refactored.registry import ArtifactRejectedError, ModelRegistry
from tests.refactored.conftest import build_app
from tests.refactored.test_integration_http import ADMIN


def tamper(registry: ModelRegistry, version: int) -> None:
    """Flip one byte in the middle of the version's artifact (an attacker, a bad disk)."""
    artifact = registry.version_folder(version) / "model.joblib"
    content = bytearray(artifact.read_bytes())
    content[len(content) // 2] ^= 0xFF
    artifact.write_bytes(bytes(content))


@pytest.fixture
def tampered_version(instance, champion) -> int:
    """A new registered version whose artifact was changed after registration."""
    registry = ModelRegistry(instance.model_dir)
    version = registry.register(champion.pipeline, dict(champion.card))
    tamper(registry, version)
    return version


def test_promoting_a_tampered_artifact_is_refused_and_the_champion_keeps_serving(
    http, instance, champion, tampered_version, valid_payload
):
    response = http.post("/model/champion", json={"version": tampered_version}, headers=ADMIN)

    assert response.status_code == 409
    assert "SHA-256" in response.get_json()["message"]
    scored = http.post("/score", json=valid_payload)
    assert scored.status_code == 200
    assert scored.get_json()["model_version"] == champion.version
    assert ModelRegistry(instance.model_dir).version_of("champion") == champion.version


def test_an_alias_moved_to_a_tampered_artifact_elsewhere_is_not_followed(
    http, instance, champion, tampered_version, valid_payload
):
    ModelRegistry(instance.model_dir).set_alias("champion", tampered_version)

    scored = http.post("/score", json=valid_payload)

    assert scored.status_code == 200
    assert scored.get_json()["model_version"] == champion.version


def test_a_service_does_not_start_on_a_tampered_champion(instance, champion):
    tamper(ModelRegistry(instance.model_dir), champion.version)

    with pytest.raises(ArtifactRejectedError, match="SHA-256"):
        build_app(instance)
