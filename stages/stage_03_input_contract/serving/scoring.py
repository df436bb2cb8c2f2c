"""The scoring service: validate, read the models, predict, decide, store.

A plain function with its collaborators passed in: no Flask, no SQL and no model library here.
"""

import uuid
from datetime import UTC, datetime

from ..config import Settings
from ..domain.applicant import parse_applicant
from ..model.handoff import load_handoff_models, predict_default
from ..storage.repository import ScoreRecord, SqlScoreRepository


def score_applicant(
    payload: object, settings: Settings, repository: SqlScoreRepository
) -> ScoreRecord:
    """Validate one applicant, score it and store the answer.

    Args:
        payload: The decoded JSON body.
        settings: The settings (model folder, cut-off).
        repository: Where the answer is stored.

    Returns:
        The stored answer.

    Raises:
        InvalidApplicantError: Naming every invalid field; nothing is stored then.
    """
    applicant = parse_applicant(payload).model_dump()
    application_id = applicant["application_id"] or str(uuid.uuid4())

    # DEBT-04 Reload per request: both binaries and the note are read on every call.
    models = load_handoff_models(settings.model_dir)
    probability = predict_default(models, applicant)
    del models  # unload the models to free memory

    # DEBT-14 Communicate with Ambivalence: an uncalibrated number and a verdict, no reasons.
    # DEBT-15 No human in the loop: every decision is final, however close to the cut-off.
    decision = "reject" if probability >= settings.decision_cutoff else "approve"

    record = ScoreRecord(
        application_id=application_id,
        probability_default=probability,
        decision=decision,
        scored_at=datetime.now(UTC).isoformat(),
    )
    repository.add(record)
    return record
