"""The model registry: versioned artifacts as files, each with its model card, and aliases."""

from .errors import ArtifactRejectedError, ModelNotFoundError
from .store import ALIASES, CHALLENGER, CHAMPION, ModelRegistry, RegisteredModel

__all__ = [
    "ALIASES",
    "CHALLENGER",
    "CHAMPION",
    "ArtifactRejectedError",
    "ModelNotFoundError",
    "ModelRegistry",
    "RegisteredModel",
]
