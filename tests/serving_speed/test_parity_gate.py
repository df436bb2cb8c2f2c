"""The ONNX artifact is served only past the parity gate, and answers what the pipeline answers."""

import numpy as np
import onnx
import pandas as pd
import pytest

from credit_data.load import applicant_payload, holdout_rows, load_dataset
from refactored.features.columns import INPUT_FEATURES
from refactored.registry import PARITY_BOUND, ArtifactRejectedError, ModelRegistry, ParityError
from refactored.registry import parity as parity_module
from refactored.registry.onnx_export import to_onnx
from refactored.registry.parity import parity_of
from refactored.registry.runtime import ONNX_RUNTIME, SCIKIT_LEARN, OnnxRuntime
from refactored.registry.store import ONNX_ARTIFACT_NAME
from tests.refactored.conftest import TEST_REGISTRY_KEY


@pytest.fixture(scope="module")
def holdout_table() -> pd.DataFrame:
    """The holdout rows, with their ids and outcomes."""
    return holdout_rows(load_dataset()).reset_index(drop=True)


@pytest.fixture(scope="module")
def holdout(holdout_table) -> pd.DataFrame:
    """The holdout applicants' fields."""
    return holdout_table[list(INPUT_FEATURES)]


def perturbed(model_bytes: bytes, shift: float) -> bytes:
    """The same graph with the classifier's intercepts moved by `shift`."""
    model = onnx.load_from_string(model_bytes)
    (node,) = [node for node in model.graph.node if node.op_type == "LinearClassifier"]
    (intercepts,) = [attribute for attribute in node.attribute if attribute.name == "intercepts"]
    intercepts.floats[:] = [value + shift for value in intercepts.floats]
    return model.SerializeToString()


def with_texts(rows: pd.DataFrame, texts: list[str]) -> pd.DataFrame:
    """One copy of the first row per text, with that text as the loan purpose."""
    copies = pd.concat([rows.head(1)] * len(texts), ignore_index=True)
    copies["purpose_text"] = texts
    return copies


def test_the_champion_is_served_by_onnx_runtime_with_its_parity_on_the_card(champion, holdout):
    entry = champion.card["serving_runtime"]

    assert entry["runtime"] == ONNX_RUNTIME and isinstance(champion.runtime, OnnxRuntime)
    assert entry["parity"]["rows_compared"] == len(holdout)
    assert 0 < entry["parity"]["max_abs_difference"] <= PARITY_BOUND


def test_the_served_probabilities_equal_the_pipelines_within_the_bound(champion, holdout):
    served = champion.runtime.predict(holdout).probabilities
    expected = champion.pipeline.predict_proba(holdout)[:, 1]

    assert np.max(np.abs(served - expected)) <= PARITY_BOUND


def test_the_served_feature_rows_equal_the_pipelines_feature_step(champion, holdout):
    served = champion.runtime.predict(holdout).features
    expected = champion.pipeline.named_steps["features"].transform(holdout)

    assert served.shape == expected.shape
    assert np.max(np.abs(served - expected)) < 1e-5


def test_accented_and_upper_case_text_gives_the_same_words_as_scikit_learn(champion, holdout):
    vocabulary = champion.pipeline.named_steps["features"].named_transformers_["purpose_text"]
    words = sorted(word for word in vocabulary.vocabulary_ if " " not in word)[:5]
    # An ASCII-only tokeniser would find the known word inside "carè" or "Äcar".
    texts = [f"{word}è" for word in words] + [f"Ä{word}" for word in words]
    texts += [word.upper() for word in words] + [f"{words[0]} ü {words[1]}", "", "x", "日本"]
    rows = with_texts(holdout, texts)

    served = champion.runtime.predict(rows).features
    expected = champion.pipeline.named_steps["features"].transform(rows)

    assert np.max(np.abs(served - expected)) < 1e-5


def test_the_gate_refuses_a_perturbed_artifact(champion, holdout):
    model_bytes = perturbed(to_onnx(champion.pipeline), shift=1e-3)

    with pytest.raises(ParityError, match="differs from the pipeline's"):
        parity_of(champion.pipeline, model_bytes, holdout)


def test_a_refused_artifact_is_not_written_and_the_card_says_why(
    champion, holdout, tmp_path, monkeypatch
):
    monkeypatch.setattr(parity_module, "to_onnx", lambda p: perturbed(to_onnx(p), shift=1e-3))
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)

    version = registry.register(champion.pipeline, {}, parity_rows=holdout)

    entry = registry.card(version)["serving_runtime"]
    assert entry["runtime"] == SCIKIT_LEARN and "differs from the pipeline's" in entry["reason"]
    assert not (registry.version_folder(version) / ONNX_ARTIFACT_NAME).exists()
    assert registry.load(version).runtime.name == SCIKIT_LEARN


def test_a_model_the_converter_cannot_take_is_served_by_scikit_learn_with_the_reason(
    champion, holdout, tmp_path
):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    classifier = champion.pipeline.named_steps["classifier"]

    version = registry.register(classifier, {}, parity_rows=holdout)

    entry = registry.card(version)["serving_runtime"]
    assert entry == {"runtime": SCIKIT_LEARN, "reason": entry["reason"]}
    assert entry["reason"].startswith("not convertible to ONNX")


def test_a_changed_onnx_file_is_refused_on_load(champion, holdout, tmp_path):
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)
    version = registry.register(champion.pipeline, {}, parity_rows=holdout)
    converted = registry.version_folder(version) / ONNX_ARTIFACT_NAME
    converted.write_bytes(perturbed(converted.read_bytes(), shift=1.0))

    with pytest.raises(ArtifactRejectedError, match="SHA-256"):
        registry.load(version)


def test_scores_over_http_equal_the_pipelines_probabilities(service, holdout_table):
    model = service.extensions["refactored"].champion.current()
    client = service.test_client()
    rows = holdout_table.head(20)

    answers = [
        client.post("/score", json=applicant_payload(row)).get_json() for _, row in rows.iterrows()
    ]

    served = np.array([answer["probability_default"] for answer in answers])
    expected = model.pipeline.predict_proba(rows[list(INPUT_FEATURES)])[:, 1]
    assert np.max(np.abs(served - expected)) <= PARITY_BOUND


def test_a_graph_onnx_runtime_cannot_start_is_not_served(champion, holdout, tmp_path, monkeypatch):
    monkeypatch.setattr(parity_module, "to_onnx", lambda pipeline: b"not an ONNX graph")
    registry = ModelRegistry(tmp_path, TEST_REGISTRY_KEY)

    version = registry.register(champion.pipeline, {}, parity_rows=holdout)

    entry = registry.card(version)["serving_runtime"]
    assert entry["runtime"] == SCIKIT_LEARN
    assert entry["reason"].startswith("ONNX Runtime cannot start it")
    assert not (registry.version_folder(version) / ONNX_ARTIFACT_NAME).exists()
