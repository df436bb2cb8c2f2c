"""Opening the registry the settings name, with the key that signs its cards."""

from pathlib import Path
from typing import TYPE_CHECKING

from .signing import registry_key
from .store import ModelRegistry

if TYPE_CHECKING:
    from ..config import Settings


def open_registry(settings: "Settings", folder: Path | None = None) -> ModelRegistry:
    """The registry in `folder` (default: the settings' `MODEL_DIR`), with its signing key.

    The key is `REGISTRY_KEY`, else the instance's own (`signing.py`, `registry_key`).
    """
    key = registry_key(settings.registry_key, settings.instance_path)
    return ModelRegistry(folder or settings.model_dir, key)
