"""The credit-scoring service: `create_app` builds the one Flask application of `app.py`."""

from .app import create_app

__all__ = ["create_app"]
