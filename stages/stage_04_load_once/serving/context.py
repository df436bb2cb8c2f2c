"""What the routes need, built once per application and kept in `app.extensions`."""

from dataclasses import dataclass

from flask import Flask, current_app

from ..config import Settings
from ..storage.repository import SqlScoreRepository
from .champion import ChampionHolder

EXTENSION_KEY = "credit_scoring"


@dataclass(frozen=True)
class ServiceContext:
    """The application's collaborators.

    Attributes:
        settings: The settings in force.
        scores: Where scored applications are stored.
        champion: The binaries and the note being served, loaded once.
    """

    settings: Settings
    scores: SqlScoreRepository
    champion: ChampionHolder


def attach(app: Flask, context: ServiceContext) -> None:
    """Make `context` available to the application's requests."""
    app.extensions[EXTENSION_KEY] = context


def service() -> ServiceContext:
    """The context of the application handling the current request."""
    return current_app.extensions[EXTENSION_KEY]
