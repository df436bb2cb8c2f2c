"""Preparing an instance: the database tables, and a champion on first start.

Kept out of `serving/` so that serving never imports training. `exclusive_lock` keeps two
retrainings apart (`training/retrain.py`).
"""

import fcntl
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from .config import Settings
from .registry import CHAMPION, ModelRegistry
from .storage.engine import build_engine
from .training.train import train_and_register


# repays DEBT-11 Entanglement: create_app wires packages that hold one concern each.
def prepare_instance(settings: Settings, registry: ModelRegistry) -> Engine:
    """Create the tables if needed and make sure the registry has a champion.

    Args:
        settings: The settings (database, data path, costs, cut-off, seed).
        registry: The model registry.

    Returns:
        The database engine.
    """
    engine = build_engine(settings.database_url)
    if registry.version_of(CHAMPION) is None:
        train_first_champion(settings, registry)
    return engine


def train_first_champion(settings: Settings, registry: ModelRegistry) -> None:
    """Train and register a model on the configured data, and make it the champion."""
    result = train_and_register(
        settings.data_path, registry, settings.policy, settings.costs, settings.seed
    )
    registry.set_alias(CHAMPION, result.version)


@contextmanager
def exclusive_lock(path: Path):
    """Hold an exclusive advisory lock on `path` (created if missing) for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
