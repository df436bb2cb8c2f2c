"""Error handlers: every error is a JSON body with a stable `error` code, never an HTML page.

Bad input is the client's error (4xx). A database that cannot be reached or used is not a bug
here: 503 with `Retry-After`, and the transaction that failed stored nothing. A 500 means a bug
here; it is logged with its traceback and answered without details.
"""

import logging

from flask import Flask, jsonify
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, ProgrammingError
from werkzeug.exceptions import HTTPException

from ..domain.applicant import InvalidApplicantError
from ..domain.outcome import InvalidBodyError
from ..registry import ArtifactRejectedError, ModelNotFoundError
from ..registry.promotion import ChampionChangedError
from ..storage.outcomes import ConflictingOutcomeError, UnknownApplicationError
from ..storage.reviews import NoReviewError, ReviewAlreadyDecidedError
from .one_record import ApplicationIdTakenError
from .retrainer import RetrainingFailedError

LOGGER = logging.getLogger(__name__)
# Seconds a client should wait before retrying when the database is unavailable: about the
# busy timeout a request already waited for the lock (`storage/engine.py`).
RETRY_AFTER_SECONDS = 5
# Errors of the statement itself (a bug or a broken constraint here), not of the database.
STATEMENT_ERRORS = (DataError, IntegrityError, ProgrammingError)


def database_unavailable(error: DBAPIError) -> bool:
    """Whether the database failed (unreachable, locked, unreadable), not the statement sent."""
    return error.connection_invalidated or not isinstance(error, STATEMENT_ERRORS)


def register_error_handlers(app: Flask) -> None:
    """Map domain errors and HTTP errors to JSON responses."""

    @app.errorhandler(InvalidApplicantError)
    def invalid_applicant(error: InvalidApplicantError):
        body = {
            "error": "invalid_applicant",
            "message": "the request breaks the input contract; see `fields`",
            "fields": error.problems,
        }
        return jsonify(body), 400

    @app.errorhandler(InvalidBodyError)
    def invalid_body(error: InvalidBodyError):
        body = {
            "error": "invalid_request",
            "message": "the request body breaks its contract; see `fields`",
            "fields": error.problems,
        }
        return jsonify(body), 400

    @app.errorhandler(ApplicationIdTakenError)
    def application_id_taken(error: ApplicationIdTakenError):
        body = {
            "error": "application_id_taken",
            "message": "an application id names another application already; see `fields`",
            "fields": error.problems,
        }
        return jsonify(body), 409

    @app.errorhandler(UnknownApplicationError)
    def unknown_application(error: UnknownApplicationError):
        return jsonify(error="unknown_application", message=str(error)), 404

    @app.errorhandler(ConflictingOutcomeError)
    def conflicting_outcome(error: ConflictingOutcomeError):
        return jsonify(error="conflicting_outcome", message=str(error)), 409

    @app.errorhandler(NoReviewError)
    def no_review(error: NoReviewError):
        return jsonify(error="no_review", message=str(error)), 404

    @app.errorhandler(ReviewAlreadyDecidedError)
    def already_decided(error: ReviewAlreadyDecidedError):
        return jsonify(error="review_already_decided", message=str(error)), 409

    @app.errorhandler(RetrainingFailedError)
    def retraining_failed(error: RetrainingFailedError):
        LOGGER.error("retraining failed: %s", error)
        return jsonify(error="retraining_failed", message=str(error)), 503

    @app.errorhandler(ModelNotFoundError)
    def model_not_found(error: ModelNotFoundError):
        return jsonify(error="model_not_found", message=str(error)), 404

    @app.errorhandler(ChampionChangedError)
    def champion_changed(error: ChampionChangedError):
        return jsonify(error="champion_changed", message=str(error)), 409

    @app.errorhandler(ArtifactRejectedError)
    def artifact_rejected(error: ArtifactRejectedError):
        return jsonify(error="artifact_rejected", message=str(error)), 409

    # repays DEBT-18 Unobservable: a database that is down is a 503 the client can retry.
    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not database_unavailable(error):
            return unexpected_error(error)
        LOGGER.warning("database unavailable: %s", error.orig)
        body = {"error": "database_unavailable", "message": "the database is unavailable; retry"}
        return jsonify(body), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        # The error's own headers, such as the `Allow` a 405 must carry (RFC 9110), are kept.
        headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
        return jsonify(error=code, message=error.description), error.code, headers

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        LOGGER.exception("unhandled error", exc_info=error)
        return jsonify(error="internal_error", message="an unexpected error occurred"), 500
