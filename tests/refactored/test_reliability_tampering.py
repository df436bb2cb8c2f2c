"""Reliability: a tampered or planted artifact is refused, and the champion keeps serving."""

import json
from pathlib import Path

import joblib
import pytest

from refactored.registry import ArtifactRejectedError, ModelRegistry
from refactored.registry.files import sha256_of
from tests.refactored.conftest import build_app, keyed_registry
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
    registry = keyed_registry(instance)
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
    assert keyed_registry(instance).version_of("champion") == champion.version


def test_an_alias_moved_to_a_tampered_artifact_elsewhere_is_not_followed(
    http, instance, champion, tampered_version, valid_payload
):
    keyed_registry(instance).set_alias("champion", tampered_version)

    scored = http.post("/score", json=valid_payload)

    assert scored.status_code == 200
    assert scored.get_json()["model_version"] == champion.version


def test_a_service_does_not_start_on_a_tampered_champion(instance, champion):
    tamper(keyed_registry(instance), champion.version)

    with pytest.raises(ArtifactRejectedError, match="SHA-256"):
        build_app(instance)


class WritesAFile:
    """Unpickling this writes a file: what a pickle planted in the registry could do."""

    def __init__(self, target: str):
        self.target = target

    def __reduce__(self):
        return (Path.write_text, (Path(self.target), "code ran in the server"))


def test_a_version_planted_with_a_consistent_card_and_alias_is_refused_unread(
    http, instance, champion, valid_payload, tmp_path
):
    witness = tmp_path / "planted-code-ran"
    registry = ModelRegistry(instance.model_dir)  # whoever can write the folder, not the key
    planted = registry.version_folder(champion.version + 1)
    planted.mkdir()
    artifact = planted / "model.joblib"
    joblib.dump(WritesAFile(str(witness)), artifact)
    card = {**champion.card, "version": champion.version + 1}
    card["artifact"] = {**card["artifact"], "sha256": sha256_of(artifact)}
    card["serving_runtime"] = {"runtime": "scikit-learn"}
    (planted / "card.json").write_text(json.dumps(card))
    (planted / "card.json.hmac").write_text("0" * 64)
    registry.set_alias("champion", champion.version + 1)

    health = http.get("/health")
    scored = http.post("/score", json=valid_payload)

    assert not witness.exists()
    assert health.get_json()["model_version"] == champion.version
    assert scored.status_code == 200 and scored.get_json()["model_version"] == champion.version
    with pytest.raises(ArtifactRejectedError, match="not signed with this registry's key"):
        keyed_registry(instance).load(champion.version + 1)
    assert not witness.exists()


def test_a_card_signed_with_another_key_is_refused(instance, champion):
    other = ModelRegistry(instance.model_dir, b"a-key-this-service-never-had")
    version = other.register(champion.pipeline, dict(champion.card))

    with pytest.raises(ArtifactRejectedError, match="signed"):
        keyed_registry(instance).load(version)
