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

from ..domain.policy import APPROVE, DecisionPolicy
from ..explanations.reasons import reasons_for
from ..registry import RegisteredModel
from ..storage.repository import ScoreRepository
from ..storage.scored_batch import ScoredBatch
from .one_record import refuse_repeated_ids, store_once
from .validation import validated


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
    refuse_repeated_ids(columns[APPLICATION_ID])
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
        client_address=client_address,
    )
    answers = [
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
    return store_once(
        answers,
        fields,
        partial(store_some, repository, batch),
        repository.first_answers,
        ScoreAnswer,
    )


def store_some(
    repository: ScoreRepository, batch: ScoredBatch, positions: list[int] | None
) -> None:
    """Store the whole batch (`positions` None), or only its applicants at `positions`."""
    if positions is not None:
        records = batch.records()
        batch = ScoredBatch.of([records[position] for position in positions])
    repository.add_batch(batch)
