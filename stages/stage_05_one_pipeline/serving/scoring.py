"""The scoring service: validate, predict with the served pipeline, decide, store.

A plain function with its collaborators passed in: no Flask, no SQL and no model library here.
"""

import uuid
from datetime import UTC, datetime

from ..config import Settings
from ..domain.applicant import parse_applicant
from ..features.frame import applicants_frame
from ..storage.repository import ScoreRecord, SqlScoreRepository


def score_applicant(
    payload: object, pipeline: object, settings: Settings, repository: SqlScoreRepository
) -> ScoreRecord:
    """Validate one applicant, score it and store the answer.

    Args:
        payload: The decoded JSON body.
        pipeline: The fitted pipeline being served (loaded once, by the caller's app).
        settings: The settings (the cut-off).
        repository: Where the answer is stored.

    Returns:
        The stored answer.

    Raises:
        InvalidApplicantError: Naming every invalid field; nothing is stored then.
    """
    applicant = parse_applicant(payload).model_dump()
    application_id = applicant["application_id"] or str(uuid.uuid4())
    probability = float(pipeline.predict_proba(applicants_frame([applicant]))[0, 1])

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
