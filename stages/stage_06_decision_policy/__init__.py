"""Stage 06, decision policy: the cut-off from the costs, reasons, no protected attributes.

`create_app(settings)` composes the layers: the settings and the decision policy they imply
(`config.py`, `domain/policy.py`), the database and, on first start, training (`bootstrap.py`,
`training/`: the holdout split off first, calibrated candidates cross-validated on the
training rows, the simplest close to the best fitted), the artifact and its training report
(`model/`), loaded once and held for the application (`serving/champion.py`), and the routes
(`serving/`), which call the scoring service; it validates the applicant against the input
contract (`domain/`), scores the pipeline (`features/`), decides, explains a rejection
(`explanations/`) and stores the answer (`storage/`). Every error is answered as JSON.
"""

from flask import Flask

from .bootstrap import prepare_instance
from .config import load_settings
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
        The Flask application.
    """
    config = load_settings(settings)
    engine = prepare_instance(config)
    app = Flask(__name__, instance_path=str(config.instance_path))
    context = ServiceContext(
        settings=config,
        scores=SqlScoreRepository(engine),
        champion=ChampionHolder(config.model_dir),
    )
    attach(app, context)
    app.register_blueprint(api)
    register_error_handlers(app)
    return app


__all__ = ["create_app"]
