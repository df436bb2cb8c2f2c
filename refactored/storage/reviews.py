"""The reviews repository: borderline applications waiting for a person, and their decisions."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from .orm import Outcome, Review, ScoredApplication


class NoReviewError(LookupError):
    """No review was ever opened for this application."""


class ReviewAlreadyDecidedError(ValueError):
    """The application's review already has a different decision."""


def review_entry(review: Review, scored: ScoredApplication) -> dict:
    """A review and the scored request it is about, as JSON-ready data."""
    return {
        "application_id": scored.application_id,
        "request_id": scored.request_id,
        "probability_default": scored.probability_default,
        "model_version": scored.model_version,
        "client_address": scored.client_address,
        "reasons": scored.reasons or [],
        "created_at": review.created_at.isoformat(),
        "status": "pending" if review.decision is None else "decided",
        "decision": review.decision,
        "note": review.note,
        "reviewed_by": review.reviewed_by,
        "reviewer_reasons": review.reviewer_reasons or [],
        "reviewed_at": review.reviewed_at.isoformat() if review.reviewed_at else None,
    }


REVIEWS = select(Review, ScoredApplication).join(
    ScoredApplication, ScoredApplication.id == Review.scored_application_id
)


class SqlReviewRepository:
    """Reviews in the same SQL database as the scored applications."""

    def __init__(self, engine: Engine):
        """Read and write through `engine`."""
        self.engine = engine

    def pending(self, limit: int = 100) -> list[dict]:
        """The oldest pending reviews, up to `limit`."""
        query = REVIEWS.where(Review.decision.is_(None)).order_by(ScoredApplication.id).limit(limit)
        with Session(self.engine) as session:
            return [review_entry(review, scored) for review, scored in session.execute(query)]

    def decide(
        self,
        application_id: str,
        decision: str,
        note: str,
        reviewed_at: datetime,
        reviewed_by: str | None = None,
        reasons_for: Callable[[dict], list[dict]] = lambda applicant: [],
    ) -> tuple[dict, bool]:
        """Record the reviewer's decision on the application's latest review.

        Args:
            application_id: The reviewed application.
            decision: `"approve"` or `"reject"`.
            note: The reviewer's note.
            reviewed_at: When the decision was made.
            reviewed_by: Who made it (the name of an admin credential).
            reasons_for: The reviewer's reasons, given the stored applicant (each field and
                the applicant's value in words).

        Returns:
            The review, and whether this call changed it (False when the same decision and
            note were already recorded).

        Raises:
            NoReviewError: If the application never went to review.
            ReviewAlreadyDecidedError: If a different decision is already recorded.
        """
        query = (
            REVIEWS.where(ScoredApplication.application_id == application_id)
            .order_by(Review.id.desc())
            .limit(1)
        )
        with Session(self.engine) as session, session.begin():
            found = session.execute(query).first()
            if found is None:
                raise NoReviewError(f"application {application_id!r} was never sent to review")
            review, scored = found
            reasons = reasons_for(scored.applicant)
            if review.decision is None:
                # Decided only if still pending: of two reviewers deciding at once (in two
                # processes), one changes the row and the other finds it decided below.
                changed = session.execute(
                    update(Review.__table__)
                    .where(Review.id == review.id, Review.decision.is_(None))
                    .values(
                        decision=decision,
                        note=note,
                        reviewed_at=reviewed_at,
                        reviewed_by=reviewed_by,
                        reviewer_reasons=reasons,
                    )
                ).rowcount
                session.refresh(review)
                if changed:
                    return review_entry(review, scored), True
            if (review.decision, review.note, review.reviewer_reasons or []) != (
                decision,
                note,
                reasons,
            ):
                raise ReviewAlreadyDecidedError(
                    f"application {application_id!r} was already decided: {review.decision}"
                )
            return review_entry(review, scored), False

    def decided_with_outcomes(self) -> list[dict]:
        """Every decided review whose application has a known outcome (training provenance)."""
        query = (
            select(Review, ScoredApplication, Outcome.defaulted)
            .join(ScoredApplication, ScoredApplication.id == Review.scored_application_id)
            .join(Outcome, Outcome.application_id == ScoredApplication.application_id)
            .where(Review.decision.is_not(None))
            .order_by(Review.id)
        )
        with Session(self.engine) as session:
            return [
                {**review_entry(review, scored), "defaulted": defaulted}
                for review, scored, defaulted in session.execute(query)
            ]
