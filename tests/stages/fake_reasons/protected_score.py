"""A stand-in stage: reasons made the `protected_score` way (see the package)."""

from flask import Flask

from . import build_app


def create_app(settings: dict | None = None) -> Flask:
    """The stand-in stage; `settings` are accepted and ignored."""
    return build_app("protected_score")
