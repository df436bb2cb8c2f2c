"""The scoring service: validate, predict with the served model, decide, store, answer.

Plain functions with their collaborators passed in, so unit tests run them with fakes and no
Flask.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

import numpy as np

from credit_data.codebook import APPLICATION_ID

from ..domain.applicant import InvalidApplicantError, parse_applicant
from ..domain.policy import APPROVE, DecisionPolicy
from ..explanations.reasons import reasons_for
from ..features.frame import applicants_frame
from ..registry import RegisteredModel
from ..storage.repository import ScoreRecord, ScoreRepository
from .one_record import refuse_repeated_ids, store_once


@dataclass(slots=True)
class ScoreAnswer:
    """The answer for one applicant (its fields in the alphabetical order of the JSON answer).

    Attributes:
        application_id: The id sent, or the one generated.
        decision: `"approve"`, `"review"` or `"reject"`.
        model_version: The registry version that scored the applicant.
        probability_default: The model's probability of default.
        reasons: For a rejected or reviewed applicant, up to four features whose values push
            P(default) most above what typical values would give, in plain words; empty for
            an approved one.
        request_id: The id under which the request is stored.
    """

    application_id: str
    decision: str
    model_version: int
    probability_default: float
    reasons: list
    request_id: str


def explain(
    *,
    model: RegisteredModel,
    fields: list[dict],
    probabilities: np.ndarray,
    decisions: np.ndarray,
) -> list[list]:
    """The reasons of every applicant who is not approved (one model call for all of them).

    Args:
        model: The model that scored the applicants (its card holds the typical values).
        fields: The applicants' validated fields.
        probabilities: Their probabilities of default.
        decisions: Their decisions.

    Returns:
        One list of reasons per applicant; empty for an approved one.
    """
    explained = np.flatnonzero(np.asarray(decisions) != APPROVE).tolist()
    typical = model.card.get("explanations", {}).get("typical_values", {})
    found = reasons_for(
        model.pipeline, [fields[index] for index in explained], probabilities[explained], typical
    )
    reasons: list[list] = [[] for _ in fields]
    for index, entries in zip(explained, found, strict=True):
        reasons[index] = entries
    return reasons


def new_ids(count: int) -> list[str]:
    """`count` random, unique ids (32 hex digits each), from one read of the random source."""
    digits = os.urandom(16 * count).hex()
    return [digits[start : start + 32] for start in range(0, 32 * count, 32)]


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)


def score_applicants(
    payloads: Sequence[object],
    model: RegisteredModel,
    policy: DecisionPolicy,
    repository: ScoreRepository,
    clock: Callable[[], datetime] = utc_now,
    client_address: str | None = None,
) -> list[ScoreAnswer]:
    """Score decoded JSON payloads in one go; store them all, or none if any is invalid.

    Args:
        payloads: One decoded JSON object per applicant.
        model: The model to score with (taken once by the caller for the whole request).
        policy: The decision policy.
        repository: Where accepted applicants are stored.
        clock: Gives the scoring time.
        client_address: The address that sent the request, stored with each applicant.

    Returns:
        One answer per payload, in order.

    Raises:
        InvalidApplicantError: Naming every invalid field (prefixed by its position in a batch of
            more than one), or an id sent for two applicants; nothing is stored then.
        ApplicationIdTakenError: If an id names another application already stored; nothing is
            stored then. An id stored with the same applicant gets its first answer back.
    """
    fields = [applicant.model_dump() for applicant in validate_all(payloads)]
    missing = iter(new_ids(sum(applicant[APPLICATION_ID] is None for applicant in fields)))
    for applicant in fields:
        if applicant[APPLICATION_ID] is None:
            applicant[APPLICATION_ID] = next(missing)
    refuse_repeated_ids([applicant[APPLICATION_ID] for applicant in fields])
    probabilities = model.pipeline.predict_proba(applicants_frame(fields))[:, 1]
    decisions = policy.decide_many(probabilities)
    reasons = explain(model=model, fields=fields, probabilities=probabilities, decisions=decisions)
    scored_at = clock()
    records = [
        ScoreRecord(
            request_id=request_id,
            application_id=applicant[APPLICATION_ID],
            applicant=applicant,
            probability_default=float(probability),
            decision=str(decision),
            decision_cutoff=policy.cutoff,
            model_version=model.version,
            scored_at=scored_at,
            reasons=entries,
            client_address=client_address,
        )
        for request_id, applicant, probability, decision, entries in zip(
            new_ids(len(fields)), fields, probabilities, decisions, reasons, strict=True
        )
    ]
    answers = [
        ScoreAnswer(
            record.application_id,
            record.decision,
            record.model_version,
            record.probability_default,
            record.reasons,
            record.request_id,
        )
        for record in records
    ]
    store = partial(store_some, repository, records)
    return store_once(answers, fields, store, repository.first_answers, ScoreAnswer)


def store_some(
    repository: ScoreRepository, records: list[ScoreRecord], positions: list[int] | None
) -> None:
    """Store every record (`positions` None), or only those at `positions`."""
    kept = records if positions is None else [records[position] for position in positions]
    repository.add_all(kept)


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
