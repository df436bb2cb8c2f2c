"""The model registry: versioned artifacts as files, each with its model card, and aliases."""

from .errors import ArtifactRejectedError, ModelNotFoundError
from .model import RegisteredModel
from .store import ALIASES, CHALLENGER, CHAMPION, ModelRegistry

__all__ = [
    "ALIASES",
    "CHALLENGER",
    "CHAMPION",
    "ArtifactRejectedError",
    "ModelNotFoundError",
    "ModelRegistry",
    "RegisteredModel",
]
