"""The credit-scoring service: a retrained model is served only if the gate passes it.

`create_app(settings)` is the same façade as every earlier stage. Building the application has
no side effect at import time: settings are read, the database and the registry are opened,
and the champion is loaded (trained first on a fresh instance) only when it is called.
Retraining runs as a background job in a child process, behind the gate (`training/gate.py`),
with rollback; every admin route needs the bearer token (`serving/auth.py`). Close calls
wait for a person, whose decision is kept (`storage/reviews.py`). Readiness
(`GET /health/ready`) checks the database and the champion, and the contract is published
as an OpenAPI document (`GET /openapi.json`).
"""

from flask import Flask

from .bootstrap import prepare_instance
from .config import load_settings
from .monitoring.watch import Monitor
from .registry.opening import open_registry
from .serving.admin import admin
from .serving.api import api
from .serving.auth import configure_sessions
from .serving.champion import ChampionHolder
from .serving.context import ServiceContext, attach
from .serving.contract import OPERATIONS
from .serving.dashboard import dashboard
from .serving.errors import register_error_handlers
from .serving.feedback import feedback
from .serving.headers import add_security_headers
from .serving.jobs import RetrainingJobs
from .serving.metrics import attach_metrics
from .serving.monitoring_routes import monitoring_routes
from .serving.openapi import publish_openapi
from .serving.readiness import readiness
from .serving.request_ids import attach_request_ids
from .serving.retrainer import SubprocessRetrainer
from .serving.volume import attach_volume
from .storage.jobs import SqlJobRepository
from .storage.logins import SqlLoginRepository
from .storage.monitoring import SqlMonitoringRepository
from .storage.outcomes import SqlOutcomeRepository
from .storage.repository import SqlScoreRepository
from .storage.reviews import SqlReviewRepository


def create_app(settings: dict | None = None) -> Flask:
    """Build the service.

    Args:
        settings: Overrides of the settings by name (`INSTANCE_PATH`, `DATABASE_URL`,
            `DATA_PATH`, `MODEL_DIR`, `DECISION_CUTOFF`, `ADMIN_TOKEN`, ...); the rest come
            from `CREDIT_<NAME>` environment variables or defaults (see `config.py`).

    Returns:
        The Flask application, serving the registry's champion.
    """
    config = load_settings(settings)
    config.instance_path.mkdir(parents=True, exist_ok=True)
    registry = open_registry(config)
    # A fresh instance has no tables and no model yet: create them (training on first start,
    # as the monolith does).
    engine = prepare_instance(config, registry)

    app = Flask(__name__, instance_path=str(config.instance_path.resolve()))
    policy = config.policy
    champion = ChampionHolder(registry)
    findings = SqlMonitoringRepository(engine)
    context = ServiceContext(
        settings=config,
        policy=policy,
        scores=SqlScoreRepository(engine),
        champion=champion,
        outcomes=SqlOutcomeRepository(engine),
        reviews=SqlReviewRepository(engine),
        findings=findings,
        monitor=Monitor(
            findings,
            config.monitoring_window,
            policy.cutoff,
            card=lambda: champion.current().card,
            costs=(config.cost_false_approval, config.cost_false_rejection),
        ),
        jobs=RetrainingJobs(SqlJobRepository(engine), SubprocessRetrainer(config), champion),
        logins=SqlLoginRepository(engine),
    )
    configure_sessions(app, config)
    attach(app, context)
    app.register_blueprint(api)
    app.register_blueprint(feedback)
    app.register_blueprint(monitoring_routes)
    app.register_blueprint(admin)
    app.register_blueprint(dashboard)
    app.register_blueprint(readiness)
    register_error_handlers(app)
    app.after_request(add_security_headers)
    attach_request_ids(app, champion)
    attach_metrics(app, champion, findings)
    attach_volume(app, config.scoring_rows_per_minute)
    publish_openapi(app, OPERATIONS)
    return app


__all__ = ["create_app"]
