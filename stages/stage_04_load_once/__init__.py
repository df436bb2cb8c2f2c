"""The credit-scoring service, each concern of the monolith's `app.py` in its own layer.

`create_app(settings)` composes them: the settings (`config.py`), the database and the
binaries on first start (`bootstrap.py`), the binaries and the note loaded once and held for
the application (`serving/champion.py`), and the routes (`serving/`), which call the scoring
service; it validates the applicant against the input contract (`domain/`), then calls the
model adapter (`model/`), which calls the hand-written preprocessing (`features/`), and the
repository (`storage/`). Every error is answered as JSON (`serving/errors.py`).
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
            `DATA_PATH`, `MODEL_DIR`, `DECISION_CUTOFF`, `MAX_SCORE_BYTES`); the rest come
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
