"""Preparing an instance: the database table, and the model artifact on first start."""

from sqlalchemy import Engine

from .config import Settings
from .model.artifact import has_artifact
from .storage.engine import build_engine
from .training.train import train_and_save


# repays DEBT-11 Entanglement: create_app wires packages that hold one concern each.
def prepare_instance(settings: Settings) -> Engine:
    """Create the `scores` table if needed, and train the model if there is no artifact.

    Args:
        settings: The settings (database, data path, model folder, seed).

    Returns:
        The database engine.
    """
    engine = build_engine(settings.database_url)
    if not has_artifact(settings.model_dir):
        train_and_save(settings.data_path, settings.model_dir, settings.seed)
    return engine
