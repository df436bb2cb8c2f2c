"""Stage 07, registry: every model a version with its card, every answer naming its version.

`create_app(settings)` composes the layers: the settings and the decision policy they imply
(`config.py`, `domain/policy.py`), the database, the model registry (`registry/`) and, on
first start, training (`bootstrap.py`, `training/`), which registers a version with its model
card; the champion, verified and loaded once (`serving/champion.py`), and the routes
(`serving/`), which call the scoring service; it validates the applicant against the input
contract (`domain/`), scores the pipeline (`features/`), decides, explains a rejection
(`explanations/`) and stores the answer with its model version (`storage/`). Every error is
answered as JSON.
"""

from flask import Flask

from .bootstrap import prepare_instance
from .config import load_settings
from .registry.opening import open_registry
from .serving.api import api
from .serving.champion import ChampionHolder
from .serving.context import ServiceContext, attach
from .serving.errors import register_error_handlers
from .storage.repository import SqlScoreRepository


def create_app(settings: dict | None = None) -> Flask:
    """Build the service.

    Args:
        settings: Overrides of the settings by name (`INSTANCE_PATH`, `DATABASE_URL`,
            `DATA_PATH`, `MODEL_DIR`, `COST_FALSE_APPROVAL`, `DECISION_CUTOFF`, ...); the rest come
            from `CREDIT_<NAME>` environment variables or defaults (see `config.py`).

    Returns:
        The Flask application, serving the registry's champion.
    """
    config = load_settings(settings)
    registry = open_registry(config)
    engine = prepare_instance(config, registry)
    app = Flask(__name__, instance_path=str(config.instance_path))
    context = ServiceContext(
        settings=config,
        scores=SqlScoreRepository(engine),
        champion=ChampionHolder(registry),
    )
    attach(app, context)
    app.register_blueprint(api)
    register_error_handlers(app)
    return app


__all__ = ["create_app"]
