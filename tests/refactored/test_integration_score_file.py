"""Integration: the score-file command scores a CSV with the champion, rejects bad rows openly."""

import json

import numpy as np
import pandas as pd

from credit_data.codebook import APPLICANT_FIELDS
from refactored.registry import PARITY_BOUND
from refactored.serving.score_file import main as score_file


def test_a_file_is_scored_like_the_model_and_bad_rows_are_listed(
    trained_instance, champion, holdout, tmp_path, monkeypatch
):
    # The registry's signing key is kept in the instance that trained it.
    monkeypatch.setenv("CREDIT_INSTANCE_PATH", str(trained_instance.folder))
    table = holdout.head(30).astype({"age": object})
    table.loc[4, "age"] = "unknown"
    table.loc[7, "savings"] = "gold"
    source, target = tmp_path / "applicants.csv", tmp_path / "scores.csv"
    table.to_csv(source, index=False)

    score_file([str(source), str(target), "--model-dir", str(trained_instance.model_dir)])

    scores = pd.read_csv(target, dtype={"application_id": str})
    kept = holdout.head(30).drop(index=[4, 7])
    expected = champion.pipeline.predict_proba(kept[list(APPLICANT_FIELDS)])[:, 1]
    assert scores["application_id"].tolist() == kept["application_id"].tolist()
    # Scored by ONNX Runtime past the registry's parity gate: equal within its bound.
    assert np.abs(scores["probability_default"].to_numpy() - expected).max() <= PARITY_BOUND
    assert set(scores["model_version"]) == {champion.version}
    rejected = json.loads((tmp_path / "scores.csv.rejected.json").read_text())
    assert [(entry["row"], list(entry["problems"])) for entry in rejected] == [
        (4, ["age"]),
        (7, ["savings"]),
    ]
