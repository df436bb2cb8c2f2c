"""The credit-scoring service: every score kept with its inputs, every window checked.

`create_app(settings)` is the same façade as every earlier stage. Building the application has
no side effect at import time: settings are read, the database and the registry are opened,
and the champion is loaded (trained first on a fresh instance) only when it is called. Each
score is stored with its inputs; the monitor (`monitoring/`) checks each window of the log
for drift, and its outcomes (`POST /outcomes`) for performance, and raises alerts.
"""

from flask import Flask

from .bootstrap import prepare_instance
from .config import load_settings
from .monitoring.watch import Monitor
from .registry.opening import open_registry
from .serving.api import api
from .serving.champion import ChampionHolder
from .serving.context import ServiceContext, attach
from .serving.errors import register_error_handlers
from .serving.feedback import feedback
from .serving.monitoring_routes import monitoring_routes
from .storage.monitoring import SqlMonitoringRepository
from .storage.outcomes import SqlOutcomeRepository
from .storage.repository import SqlScoreRepository


def create_app(settings: dict | None = None) -> Flask:
    """Build the service.

    Args:
        settings: Overrides of the settings by name (`INSTANCE_PATH`, `DATABASE_URL`,
            `DATA_PATH`, `MODEL_DIR`, `DECISION_CUTOFF`, `MONITORING_WINDOW`, ...); the rest come
            from `CREDIT_<NAME>` environment variables or defaults (see `config.py`).

    Returns:
        The Flask application, serving the registry's champion.
    """
    config = load_settings(settings)
    registry = open_registry(config)
    engine = prepare_instance(config, registry)
    app = Flask(__name__, instance_path=str(config.instance_path))
    policy = config.policy
    champion = ChampionHolder(registry)
    findings = SqlMonitoringRepository(engine)
    context = ServiceContext(
        settings=config,
        policy=policy,
        scores=SqlScoreRepository(engine),
        champion=champion,
        outcomes=SqlOutcomeRepository(engine),
        findings=findings,
        monitor=Monitor(
            findings,
            config.monitoring_window,
            policy.cutoff,
            card=lambda: champion.current().card,
            costs=(config.cost_false_approval, config.cost_false_rejection),
        ),
    )
    attach(app, context)
    app.register_blueprint(api)
    app.register_blueprint(feedback)
    app.register_blueprint(monitoring_routes)
    register_error_handlers(app)
    return app


__all__ = ["create_app"]
