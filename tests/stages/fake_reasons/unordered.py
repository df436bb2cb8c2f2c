"""A stand-in stage whose reasons are made the `unordered` way (see the package's docstring)."""

from flask import Flask

from . import build_app


def create_app(settings: dict | None = None) -> Flask:
    """The stand-in stage; `settings` are accepted and ignored."""
    return build_app("unordered")
