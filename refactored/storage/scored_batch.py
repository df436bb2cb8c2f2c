"""What is stored for accepted requests: one record, or a batch column by column."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ScoreRecord:
    """What is stored for one accepted request.

    Attributes:
        request_id: The id this service gave the request.
        application_id: The applicant's id, as sent or generated.
        applicant: The full validated input.
        probability_default: The model's probability of default.
        decision: `"approve"`, `"review"` or `"reject"`.
        decision_cutoff: The cut-off the decision used.
        model_version: The registry version that scored the request.
        scored_at: When it was scored (UTC).
        reasons: The reasons given with a rejection or a review.
        client_address: The address that sent the request (None: not sent over HTTP).
    """

    request_id: str
    application_id: str
    applicant: dict
    probability_default: float
    decision: str
    decision_cutoff: float
    model_version: int
    scored_at: datetime
    reasons: list = field(default_factory=list)
    client_address: str | None = None


@dataclass(frozen=True)
class ScoredBatch:
    """Accepted requests column by column: entry `i` of each list belongs to request `i`.

    Attributes:
        request_ids: The ids this service gave the requests.
        application_ids: The applicants' ids, as sent or generated.
        applicants: The full validated inputs.
        probabilities: The model's probabilities of default.
        decisions: `"approve"`, `"review"` or `"reject"`.
        reasons: The reasons given with each rejection or review (empty for an approval).
        decision_cutoff: The cut-off the decisions used.
        model_version: The registry version that scored the requests.
        scored_at: When they were scored (UTC).
        client_address: The address that sent them (None: not sent over HTTP).
    """

    request_ids: list[str]
    application_ids: list[str]
    applicants: list[dict]
    probabilities: list[float]
    decisions: list[str]
    reasons: list[list]
    decision_cutoff: float
    model_version: int
    scored_at: datetime
    client_address: str | None = None

    @classmethod
    def of(cls, records: Sequence[ScoreRecord]) -> "ScoredBatch":
        """The batch of `records`, which share their cut-off, model version and time."""
        first = records[0]
        return cls(
            request_ids=[record.request_id for record in records],
            application_ids=[record.application_id for record in records],
            applicants=[record.applicant for record in records],
            probabilities=[record.probability_default for record in records],
            decisions=[record.decision for record in records],
            reasons=[record.reasons for record in records],
            decision_cutoff=first.decision_cutoff,
            model_version=first.model_version,
            scored_at=first.scored_at,
            client_address=first.client_address,
        )

    def records(self) -> list[ScoreRecord]:
        """One record per request."""
        return [
            ScoreRecord(
                request_id=request_id,
                application_id=application_id,
                applicant=applicant,
                probability_default=probability,
                decision=decision,
                decision_cutoff=self.decision_cutoff,
                model_version=self.model_version,
                scored_at=self.scored_at,
                reasons=reasons,
                client_address=self.client_address,
            )
            for request_id, application_id, applicant, probability, decision, reasons in zip(
                self.request_ids,
                self.application_ids,
                self.applicants,
                self.probabilities,
                self.decisions,
                self.reasons,
                strict=True,
            )
        ]
