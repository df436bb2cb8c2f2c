"""Unit: the registry's versions, checksums, verification and aliases (tiny models, no Flask)."""

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import sklearn
from sklearn.linear_model import LogisticRegression

from refactored.registry import (
    ArtifactRejectedError,
    ModelNotFoundError,
    ModelRegistry,
)
from refactored.registry.files import sha256_of
from refactored.registry.signing import write_signed_card
from tests.refactored.conftest import TEST_REGISTRY_KEY


def tiny_model() -> LogisticRegression:
    return LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 0, 1, 1])


def test_versions_are_numbered_one_two_three(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)

    versions = [registry.register(tiny_model(), {"note": n}) for n in range(3)]

    assert versions == [1, 2, 3] == registry.versions()


def test_a_version_number_is_never_reused_even_when_its_folder_is_incomplete(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    registry.register(tiny_model(), {})
    (registry.version_folder(2)).mkdir()  # a crashed registration: folder, no card

    assert registry.register(tiny_model(), {}) == 3
    assert registry.versions() == [1, 3]


def test_the_card_records_the_artifacts_checksum_size_and_library_version(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)

    version = registry.register(tiny_model(), {"model": "tiny"})

    card = registry.card(version)
    artifact = registry.version_folder(version) / card["artifact"]["file"]
    assert card["model"] == "tiny" and card["version"] == version
    assert card["artifact"]["sha256"] == sha256_of(artifact)
    assert card["artifact"]["size_bytes"] == artifact.stat().st_size
    assert card["artifact"]["scikit_learn_version"] == sklearn.__version__


def test_a_changed_artifact_is_refused_with_a_clear_error(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(tiny_model(), {})
    artifact = registry.version_folder(version) / "model.joblib"
    artifact.write_bytes(artifact.read_bytes() + b"\0")

    with pytest.raises(ArtifactRejectedError, match="SHA-256"):
        registry.load(version)


def test_an_artifact_from_another_scikit_learn_version_is_refused(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(tiny_model(), {})
    card_path = registry.version_folder(version) / "card.json"
    card = json.loads(card_path.read_text())
    card["artifact"]["scikit_learn_version"] = "0.24.2"
    write_signed_card(card_path, card, TEST_REGISTRY_KEY)  # registered under that version

    with pytest.raises(ArtifactRejectedError, match=r"scikit-learn 0\.24\.2"):
        registry.load(version)


def test_aliases_name_versions_and_are_rewritten_whole(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    first, second = registry.register(tiny_model(), {}), registry.register(tiny_model(), {})

    registry.set_alias("champion", first)
    registry.set_alias("challenger", second)
    registry.set_alias("champion", second)

    assert registry.aliases() == {"champion": second, "challenger": second}
    assert json.loads(registry.aliases_path.read_text()) == registry.aliases()
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []


def test_an_alias_cannot_name_a_missing_version_or_be_unknown(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(tiny_model(), {})

    with pytest.raises(ModelNotFoundError):
        registry.set_alias("champion", version + 1)
    with pytest.raises(ValueError, match="unknown alias"):
        registry.set_alias("production", version)
    assert registry.aliases() == {"champion": None, "challenger": None}


def test_a_loaded_model_predicts_like_the_registered_one(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    model = tiny_model()

    loaded = registry.load(registry.register(model, {}))

    rows = np.array([[0.5], [2.5]])
    assert np.array_equal(loaded.pipeline.predict_proba(rows), model.predict_proba(rows))


OPENED: list[str] = []


def record_opens(event: str, arguments: tuple) -> None:
    """An audit hook: remember every file this process opens (a hook cannot be removed)."""
    if event == "open" and isinstance(arguments[0], str | Path):
        OPENED.append(str(arguments[0]))


sys.addaudithook(record_opens)


def test_the_bytes_verified_are_the_bytes_loaded_the_artifact_is_read_once(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(tiny_model(), {})
    artifact = str(registry.version_folder(version) / "model.joblib")
    OPENED.clear()

    model = registry.load(version)

    # Opened once: hashed and unpickled from the same read, so a file swapped after the check
    # is never the one unpickled.
    assert OPENED.count(artifact) == 1
    assert model.pipeline.predict_proba(np.array([[3.0]]))[0, 1] > 0.5


def test_a_card_changed_after_registration_fails_its_signature(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(tiny_model(), {"note": "as registered"})
    card_path = registry.version_folder(version) / "card.json"
    card_path.write_text(card_path.read_text().replace("as registered", "changed later"))

    with pytest.raises(ArtifactRejectedError, match="not signed with this registry's key"):
        registry.load(version)


def test_a_card_without_its_signature_is_refused(tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(tiny_model(), {})
    (registry.version_folder(version) / "card.json.hmac").unlink()

    with pytest.raises(ArtifactRejectedError, match="not signed"):
        registry.load(version)


def test_a_registry_without_a_key_reads_but_neither_registers_nor_loads(tmp_path):
    version = ModelRegistry(tmp_path, TEST_REGISTRY_KEY).register(tiny_model(), {"note": "n"})
    keyless = ModelRegistry(tmp_path)

    assert keyless.card(version)["note"] == "n" and keyless.versions() == [version]
    with pytest.raises(ValueError, match="no signing key"):
        keyless.load(version)
    with pytest.raises(ValueError, match="no signing key"):
        keyless.register(tiny_model(), {})
