"""The scoring service: validate, predict with the served model, decide, store, answer.

Plain functions with their collaborators passed in, so unit tests run them with fakes and no
Flask.
"""

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from credit_data.codebook import APPLICATION_ID

from ..domain.applicant import InvalidApplicantError, parse_applicant
from ..domain.policy import APPROVE, DecisionPolicy
from ..explanations.reasons import reasons_for
from ..registry import RegisteredModel
from ..storage.repository import ScoredBatch, ScoreRepository
from .plain_batch import FIELD_NAMES, plain_columns

# Below this many applicants, the schema alone is as fast as the column-wise check.
PLAIN_CHECK_MIN_APPLICANTS = 16


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
    explained = np.flatnonzero(np.asarray(decisions) != APPROVE).tolist()
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
    # repays DEBT-19 Glue code: a batch is checked, scored and stored column by column, at once.
    columns, fields = validated(payloads)
    sent = columns[APPLICATION_ID]
    if None in sent:
        generated = iter(new_ids(sent.count(None)))
        columns[APPLICATION_ID] = [key if key is not None else next(generated) for key in sent]
        fields = [
            applicant if key is not None else {**applicant, APPLICATION_ID: new_key}
            for applicant, key, new_key in zip(fields, sent, columns[APPLICATION_ID], strict=True)
        ]
    prediction = model.runtime.predict(columns)
    probabilities = prediction.probabilities
    decisions = policy.decide_many(probabilities)
    reasons = explain(
        model=model,
        fields=fields,
        transformed=prediction.features,
        probabilities=probabilities,
        decisions=decisions,
    )
    batch = ScoredBatch(
        request_ids=new_ids(len(fields)),
        application_ids=columns[APPLICATION_ID],
        applicants=fields,
        probabilities=probabilities.tolist(),
        decisions=decisions.tolist(),
        reasons=reasons,
        decision_cutoff=policy.cutoff,
        model_version=model.version,
        scored_at=clock(),
    )
    repository.add_batch(batch)
    return [
        ScoreAnswer(application_id, decision, model.version, probability, entries, request_id)
        for application_id, decision, probability, entries, request_id in zip(
            batch.application_ids,
            batch.decisions,
            batch.probabilities,
            batch.reasons,
            batch.request_ids,
            strict=True,
        )
    ]


def validated(payloads: Sequence[object]) -> tuple[dict[str, list], list[dict]]:
    """The validated fields, column by column (`application_id` None where not sent) and row by row.

    A plain batch of at least `PLAIN_CHECK_MIN_APPLICANTS` is certified column by column
    (`plain_batch.py`): its payloads are the validated rows. Any other goes through the
    pydantic schema applicant by applicant, which names every problem.

    Raises:
        InvalidApplicantError: If any payload is invalid.
    """
    columns = plain_columns(payloads) if len(payloads) >= PLAIN_CHECK_MIN_APPLICANTS else None
    if columns is not None:
        return columns, list(payloads)
    fields = [applicant.model_dump() for applicant in validate_all(payloads)]
    return {name: [applicant[name] for applicant in fields] for name in FIELD_NAMES}, fields


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
