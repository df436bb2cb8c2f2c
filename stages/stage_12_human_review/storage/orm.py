"""The tables, as SQLAlchemy 2.0 typed ORM classes."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """The declarative base of the stage's tables."""


class ScoredApplication(Base):
    """One accepted request: everything needed to explain, monitor and audit it later.

    The full input is kept (DEBT-08, Act Now, Reflect Never), and the model version and
    cut-off that produced the decision (DEBT-06, no lineage). An application id names one
    application: outcomes and reviews attach to it (`serving/one_record.py`).
    """

    __tablename__ = "scored_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[str] = mapped_column(String(32), unique=True)
    application_id: Mapped[str] = mapped_column(String(64), unique=True)
    applicant: Mapped[dict] = mapped_column(JSON)
    probability_default: Mapped[float] = mapped_column(Float)
    decision: Mapped[str] = mapped_column(String(16))
    decision_cutoff: Mapped[float] = mapped_column(Float)
    model_version: Mapped[int] = mapped_column(Integer, index=True)
    scored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    reasons: Mapped[list | None] = mapped_column(JSON, nullable=True)


class Outcome(Base):
    """The real repayment outcome of a scored application (1 = defaulted), recorded once."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(String(64), unique=True)
    defaulted: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Review(Base):
    """A borderline application sent to a person, and what the reviewer decided.

    It points at the scored request (not a copy of its ids), so an application is still
    stored exactly once.
    """

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scored_application_id: Mapped[int] = mapped_column(
        ForeignKey("scored_applications.id"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    note: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    reviewed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)
    reviewer_reasons: Mapped[list | None] = mapped_column(JSON, nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class MonitoredWindow(Base):
    """One window of the prediction log (by count) and what monitoring found in it."""

    __tablename__ = "monitored_windows"

    index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_id: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)
    drift: Mapped[dict] = mapped_column(JSON)
    performance: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Alert(Base):
    """A monitoring finding worth a person's attention, with the evidence behind it."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_index: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(128))
    message: Mapped[str] = mapped_column(String(500))
    evidence: Mapped[dict] = mapped_column(JSON)
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class RetrainingJob(Base):
    """One retraining run in the background: its state, heartbeat and the gate's decision.

    `active` is 1 while the job runs and NULL afterwards; being unique, it lets one job run
    at a time across every process sharing the database (NULLs never collide).
    """

    __tablename__ = "retraining_jobs"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    active: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    runner: Mapped[str] = mapped_column(String(128))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    requested_by: Mapped[str] = mapped_column(String(40))
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    decision: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    error: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    model_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


class DashboardLogin(Base):
    """One person's login to the dashboard, from the login form until logout or expiry.

    The session cookie carries only this row's id (signed); logging out ends the row, so a
    copy of the cookie is refused afterwards by every process of the service.
    """

    __tablename__ = "dashboard_logins"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class RefusedCredential(Base):
    """A wrong admin token presented from one client address, kept while it counts."""

    __tablename__ = "refused_credentials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    refused_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
