"""DEBT-06 No lineage or versioning: can the served model's origin be recovered, and verified?

The probe searches what the stage offers about its model (JSON files in its instance folder
and `GET /model`) for the training data's hash, a code version, the parameters and the
metrics; checks that the recorded data hash is the hash of the actual data file; checks that
answers name a model version; and, when the record names the data, retrains a fresh instance
from it and compares the holdout answers.
"""

import hashlib
import re

import numpy as np

from credit_data.load import applicant_payload

from ..database import column_names
from ..scoring import score_rows
from .context import ProbeContext
from .records import find_number, json_documents, walk
from .result import ProbeResult

DEBT_ID = "DEBT-06"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
CODE_WORDS = ("code", "commit", "git")


def recorded_values(documents: list, words: tuple[str, ...]) -> list[tuple[str, object]]:
    """(source and key, value) of every non-empty value under a key with a word in `words`.

    Keys are split into words at `_`, `-` and `.`: `code_version` has the word `code`,
    `encoder` does not. A word matches when it starts with one of `words` (`parameters`).
    """
    found = []
    for source, document in documents:
        for key, value in walk(document):
            last = key.rsplit(".", 1)[-1].lower()
            key_words = re.split(r"[_\-. ]", last)
            matches = any(part.startswith(word) for part in key_words for word in words)
            if matches and value not in (None, "", {}, []):
                found.append((f"{source}: {key}", value))
    return found


def answers_name_a_version(context: ProbeContext) -> bool:
    """Whether an answer of `/score`, or a stored answer, names the model version."""
    payload = {
        **applicant_payload(context.holdout.iloc[0]),
        "application_id": context.new_id("lineage"),
    }
    body = context.client().post("/score", json=payload).get_json() or {}
    stored = column_names(context.trained.database_url).values()
    return any("version" in key for key in body) or any(
        "version" in column for columns in stored for column in columns
    )


def retraining_reproduces(context: ProbeContext) -> float:
    """Retrain a fresh instance on the same data; the largest change of a holdout answer."""
    fresh = context.fresh_instance("lineage-retrain")
    again = score_rows(fresh.create_app().test_client(), context.holdout, "probe-lineage-")
    return float(np.abs(again.probabilities - context.holdout_scores().probabilities).max())


def probe(context: ProbeContext) -> ProbeResult:
    """Measure DEBT-06 on the context's stage."""
    documents = json_documents(context.trained.folder, context.client())
    actual_hash = hashlib.sha256(context.trained.data_path.read_bytes()).hexdigest()
    data_hashes = [
        value
        for _, value in recorded_values(documents, ("data", "sha", "hash"))
        if isinstance(value, str) and SHA256.match(value)
    ]
    checks = {
        "data_hash_recorded": bool(data_hashes),
        "data_hash_verifies": actual_hash in data_hashes,
        "code_version_recorded": bool(recorded_values(documents, CODE_WORDS)),
        "parameters_recorded": bool(recorded_values(documents, ("param",))),
        "metrics_recorded": find_number(documents, "auc") is not None,
        "answers_name_a_version": answers_name_a_version(context),
    }
    evidence = {
        **checks,
        "sources": [source for source, _ in documents],
        "code_version": next(iter(recorded_values(documents, CODE_WORDS)), None),
    }
    if checks["data_hash_verifies"]:
        evidence["retrain_max_abs_difference"] = retraining_reproduces(context)
        checks["retraining_reproduces"] = evidence["retrain_max_abs_difference"] < 1e-9
    else:
        checks["retraining_reproduces"] = False
        evidence["retrain_max_abs_difference"] = None
    evidence["retraining_reproduces"] = checks["retraining_reproduces"]
    held = sum(checks.values())
    present = held < len(checks)
    missing = [name for name, holds in checks.items() if not holds]
    summary = f"{held} of {len(checks)} lineage checks hold" + (
        f"; missing: {', '.join(missing)}" if missing else ""
    )
    return ProbeResult(DEBT_ID, present, f"{held}/{len(checks)} checks", summary, evidence)
