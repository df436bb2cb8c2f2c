"""Preparing an instance: the database table, and the binaries on first start."""

from sqlalchemy import Engine

from .config import Settings
from .model.handoff import has_binaries
from .storage.engine import build_engine
from .training.notebook import run_handoff_notebook


# repays DEBT-11 Entanglement: create_app wires packages that hold one concern each.
def prepare_instance(settings: Settings) -> Engine:
    """Create the `scores` table if needed, and run the notebook if there are no binaries.

    Args:
        settings: The settings (database, data path, model folder).

    Returns:
        The database engine.
    """
    engine = build_engine(settings.database_url)
    if not has_binaries(settings.model_dir):
        run_handoff_notebook(settings)
    return engine
