"""The scoring service: validate, predict with the served model, decide, explain, store.

A plain function with its collaborators passed in: no Flask, no SQL and no model library here.
"""

import uuid
from datetime import UTC, datetime

import numpy as np

from ..domain.applicant import parse_applicant
from ..domain.policy import APPROVE, DecisionPolicy
from ..explanations.reasons import reasons_for
from ..features.frame import applicants_frame
from ..registry import RegisteredModel
from ..storage.repository import ScoreRecord, SqlScoreRepository


def score_applicant(
    payload: object,
    model: RegisteredModel,
    policy: DecisionPolicy,
    repository: SqlScoreRepository,
) -> ScoreRecord:
    """Validate one applicant, score it, explain a rejection and store the answer.

    Args:
        payload: The decoded JSON body.
        model: The registered model being served (taken once, by the caller, per request).
        policy: The decision policy (the cut-off).
        repository: Where the answer is stored.

    Returns:
        The stored answer.

    Raises:
        InvalidApplicantError: Naming every invalid field; nothing is stored then.
    """
    applicant = parse_applicant(payload).model_dump()
    application_id = applicant["application_id"] or str(uuid.uuid4())
    probability = float(model.pipeline.predict_proba(applicants_frame([applicant]))[0, 1])

    # DEBT-15 No human in the loop: every decision is final, however close to the cut-off.
    decision = policy.decide(probability)
    reasons = []
    if decision != APPROVE:
        typical = model.card["explanations"]["typical_values"]
        (reasons,) = reasons_for(model.pipeline, [applicant], np.asarray([probability]), typical)

    record = ScoreRecord(
        application_id=application_id,
        probability_default=probability,
        decision=decision,
        scored_at=datetime.now(UTC).isoformat(),
        reasons=reasons,
        model_version=model.version,
    )
    repository.add(record)
    return record
