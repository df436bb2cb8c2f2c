"""The scoring service: validate, predict with the served model, decide, store, answer.

Plain functions with their collaborators passed in, so unit tests run them with fakes and no
Flask.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from ..domain.applicant import InvalidApplicantError, parse_applicant
from ..domain.policy import APPROVE, DecisionPolicy
from ..explanations.reasons import reasons_for
from ..registry import RegisteredModel
from ..registry.runtime import columns_of
from ..storage.repository import ScoreRecord, ScoreRepository


@dataclass(frozen=True)
class ScoreAnswer:
    """The answer for one applicant.

    Attributes:
        application_id: The id sent, or the one generated.
        decision: `"approve"` or `"reject"`.
        probability_default: The model's probability of default.
        model_version: The registry version that scored the applicant.
        request_id: The id under which the request is stored.
        reasons: For a rejected applicant, up to four features whose values push
            P(default) most above what typical values would give, in plain words; empty for
            an approved one.
    """

    application_id: str
    decision: str
    probability_default: float
    model_version: int
    request_id: str
    reasons: list


def explain(
    *,
    model: RegisteredModel,
    fields: list[dict],
    transformed: np.ndarray | None,
    probabilities: np.ndarray,
    decisions: np.ndarray,
) -> list[list]:
    """The reasons of every applicant who is not approved (one model call for all of them).

    Args:
        model: The model that scored the applicants (its card holds the typical values).
        fields: The applicants' validated fields.
        transformed: Their rows after the pipeline's feature step, or None.
        probabilities: Their probabilities of default.
        decisions: Their decisions.

    Returns:
        One list of reasons per applicant; empty for an approved one.
    """
    explained = [index for index, decision in enumerate(decisions) if decision != APPROVE]
    typical = model.card.get("explanations", {}).get("typical_values", {})
    found = reasons_for(
        model.pipeline,
        [fields[index] for index in explained],
        probabilities[explained],
        typical,
        None if transformed is None else np.asarray(transformed)[explained],
    )
    reasons: list[list] = [[] for _ in fields]
    for index, entries in zip(explained, found, strict=True):
        reasons[index] = entries
    return reasons


def new_id() -> str:
    """A random, unique id (32 hex digits)."""
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def score_applicants(
    payloads: Sequence[object],
    model: RegisteredModel,
    policy: DecisionPolicy,
    repository: ScoreRepository,
    clock: Callable[[], datetime] = utc_now,
) -> list[ScoreAnswer]:
    """Score decoded JSON payloads in one go; store them all, or none if any is invalid.

    Args:
        payloads: One decoded JSON object per applicant.
        model: The model to score with (taken once by the caller for the whole request).
        policy: The decision policy.
        repository: Where accepted applicants are stored.
        clock: Gives the scoring time.

    Returns:
        One answer per payload, in order.

    Raises:
        InvalidApplicantError: Naming every invalid field (prefixed by its position in a batch of
            more than one); nothing is stored then.
    """
    applicants = validate_all(payloads)
    fields = [applicant.model_dump() for applicant in applicants]
    for applicant in fields:
        applicant["application_id"] = applicant["application_id"] or new_id()
    prediction = model.runtime.predict(columns_of(fields))
    probabilities = prediction.probabilities
    # DEBT-15 No human in the loop: every decision is final, however close to the cut-off.
    decisions = policy.decide_many(probabilities)
    reasons = explain(
        model=model,
        fields=fields,
        transformed=prediction.features,
        probabilities=probabilities,
        decisions=decisions,
    )
    scored_at = clock()
    records = [
        ScoreRecord(
            request_id=new_id(),
            application_id=applicant["application_id"],
            applicant=applicant,
            probability_default=float(probability),
            decision=str(decision),
            decision_cutoff=policy.cutoff,
            model_version=model.version,
            scored_at=scored_at,
            reasons=applicant_reasons,
        )
        for applicant, probability, decision, applicant_reasons in zip(
            fields, probabilities, decisions, reasons, strict=True
        )
    ]
    repository.add_all(records)
    return [
        ScoreAnswer(
            application_id=record.application_id,
            decision=record.decision,
            probability_default=record.probability_default,
            model_version=record.model_version,
            request_id=record.request_id,
            reasons=record.reasons,
        )
        for record in records
    ]


def validate_all(payloads: Sequence[object]) -> list:
    """Validate every payload and report the problems of all of them together.

    Raises:
        InvalidApplicantError: If any payload is invalid.
    """
    applicants, problems = [], {}
    for position, payload in enumerate(payloads):
        try:
            applicants.append(parse_applicant(payload))
        except InvalidApplicantError as error:
            prefix = f"applicants.{position}." if len(payloads) > 1 else ""
            problems.update({prefix + name: why for name, why in error.problems.items()})
    if problems:
        raise InvalidApplicantError(problems)
    return applicants
