"""What the routes need, built once per application and kept in `app.extensions`."""

from dataclasses import dataclass

from flask import Flask, current_app

from ..config import Settings
from ..domain.policy import DecisionPolicy
from ..monitoring.watch import Monitor
from ..storage.logins import SqlLoginRepository
from ..storage.monitoring import SqlMonitoringRepository
from ..storage.outcomes import SqlOutcomeRepository
from ..storage.repository import SqlScoreRepository
from ..storage.reviews import SqlReviewRepository
from .background_check import BackgroundChecker
from .champion import ChampionHolder
from .jobs import RetrainingJobs

EXTENSION_KEY = "refactored"
CHECKER_KEY = "monitoring_checker"


@dataclass(frozen=True)
class ServiceContext:
    """The application's collaborators.

    Attributes:
        settings: The settings in force.
        policy: The decision policy.
        scores: Where scored applications are stored (the prediction log).
        champion: The served model.
        outcomes: Where repayment outcomes are recorded.
        reviews: Where borderline applications wait for a person.
        findings: Where monitoring's checked windows and alerts are stored.
        monitor: Checks the prediction log window by window and stores its findings.
        jobs: Starts gated retrainings in the background and tells where they stand.
        logins: The dashboard's login sessions.
    """

    settings: Settings
    policy: DecisionPolicy
    scores: SqlScoreRepository
    champion: ChampionHolder
    outcomes: SqlOutcomeRepository
    reviews: SqlReviewRepository
    findings: SqlMonitoringRepository
    monitor: Monitor
    jobs: RetrainingJobs
    logins: SqlLoginRepository


def attach(app: Flask, context: ServiceContext) -> None:
    """Make `context` available to the application's requests, with its monitoring checker."""
    app.extensions[EXTENSION_KEY] = context
    app.extensions[CHECKER_KEY] = BackgroundChecker(context.monitor.check)


def service() -> ServiceContext:
    """The context of the application handling the current request."""
    return current_app.extensions[EXTENSION_KEY]


def monitoring_checker() -> BackgroundChecker:
    """The checker that runs the monitor of the application handling the current request."""
    return current_app.extensions[CHECKER_KEY]


def stop_background_checks(app: Flask) -> bool:
    """Stop the application's monitoring thread; call it before disposing of its engine.

    Returns:
        Whether no thread of the application is left running.
    """
    return app.extensions[CHECKER_KEY].stop()


def stop_background_work(app: Flask, timeout: float) -> None:
    """End the application's background work before its process exits.

    Its retraining jobs (their children terminated, the jobs recorded as failed) and its
    monitoring thread.

    Args:
        app: The application.
        timeout: How long to wait for each job, in seconds.
    """
    app.extensions[EXTENSION_KEY].jobs.stop(timeout)
    stop_background_checks(app)
