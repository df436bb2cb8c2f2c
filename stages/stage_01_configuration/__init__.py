"""Stage 00, the monolith: the credit-scoring service as it was first shipped."""

from .app import create_app

__all__ = ["create_app"]
