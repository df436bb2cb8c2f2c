"""The model registry: versioned artifacts as files, each with its model card, and aliases."""

from .errors import ArtifactRejectedError, ModelNotFoundError
from .model import RegisteredModel
from .parity import PARITY_BOUND, ParityError
from .store import ALIASES, CHALLENGER, CHAMPION, ModelRegistry

__all__ = [
    "ALIASES",
    "CHALLENGER",
    "CHAMPION",
    "PARITY_BOUND",
    "ArtifactRejectedError",
    "ModelNotFoundError",
    "ModelRegistry",
    "ParityError",
    "RegisteredModel",
]
