"""Reasons that are complete: every stage from 06 cites what its model holds most against you.

For every holdout applicant a stage rejects or sends to review, each scored field's push is
measured apart from the stage's code (`tests/support/pushes.py`: every training value of the
field, each moved applicant scored from scratch by the served pipeline) and compared with the
reasons `POST /score` answers: the field whose typical values would lower P(default) most must
be among them, and no reason may cite a field whose typical values would raise it. Where the
purpose text is among an applicant's largest pushes and clearly above the stage's floor, a
reason quotes it. Parametrised from the manifest over the stages that repay DEBT-14, through
the session's trained instance of each: no stage is trained again here.
"""

import importlib
import uuid

import numpy as np
import pandas as pd
import pytest

from credit_data.codebook import APPLICANT_FIELDS, PROTECTED_ATTRIBUTES, PURPOSE_TEXT, SPLIT
from credit_data.load import applicant_payloads
from credit_data.split import TRAIN
from stages.instrument.instance import StageInstance
from stages.instrument.manifest import load_manifest
from tests.support.pushes import exact_pushes
from tests.support.scoring import ScoredRows

MANIFEST = load_manifest()
EXPLAINING = [
    stage.package
    for stage in MANIFEST.stages
    if not MANIFEST.debt_expected_present(MANIFEST.debt("DEBT-14"), stage)
]
SCORED_FIELDS = [name for name in APPLICANT_FIELDS if name not in PROTECTED_ATTRIBUTES]
# Where the stage's summarised typical values (the amounts' deciles) may differ from these.
MARGIN = 0.005


def served_pipeline(package: str, app):
    """The pipeline the stage's application serves (its context, under the stage's key)."""
    key = importlib.import_module(f"{package}.serving.context").EXTENSION_KEY
    return app.extensions[key].champion.current().pipeline


@pytest.mark.parametrize("stage_instance", EXPLAINING, indirect=True)
def test_the_largest_push_is_a_reason_and_a_purpose_among_the_largest_is_quoted(
    stage_instance: StageInstance,
    dataset: pd.DataFrame,
    holdout: pd.DataFrame,
    holdout_scores: ScoredRows,
):
    app = stage_instance.create_app()
    client = app.test_client()
    pipeline = served_pipeline(stage_instance.package, app)
    floor = importlib.import_module(f"{stage_instance.package}.explanations.reasons").MIN_PUSH
    explained = holdout[np.asarray(holdout_scores.decisions) != "approve"]
    applicants = applicant_payloads(explained)
    for applicant in applicants:
        applicant["application_id"] = uuid.uuid4().hex
    answers = [client.post("/score", json=applicant).get_json() for applicant in applicants]
    training = dataset[dataset[SPLIT] == TRAIN]
    pushes = exact_pushes(pipeline, applicants, training, SCORED_FIELDS)
    text = SCORED_FIELDS.index(PURPOSE_TEXT)
    missing, raising, quoted, unquoted = [], [], 0, []
    for applicant, answer, row in zip(applicants, answers, pushes, strict=True):
        assert answer["decision"] != "approve", answer
        cited = {reason["feature"]: reason["text"] for reason in answer["reasons"]}
        if SCORED_FIELDS[row.argmax()] not in cited:
            missing.append((applicant["application_id"], SCORED_FIELDS[row.argmax()]))
        raising += [name for name in cited if row[SCORED_FIELDS.index(name)] <= 0]
        if text in np.argsort(-row)[:4] and row[text] >= floor + MARGIN:
            words = f'"{applicant[PURPOSE_TEXT]}"'
            if words in cited.get(PURPOSE_TEXT, "") and "purpose" in cited[PURPOSE_TEXT].lower():
                quoted += 1
            else:
                unquoted.append((applicant["application_id"], row[text]))

    assert len(applicants) > 100
    assert missing == []
    assert raising == []
    assert unquoted == [] and quoted >= 3
