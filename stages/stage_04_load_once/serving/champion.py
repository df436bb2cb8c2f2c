"""The served model: the binaries and the note, loaded once and held by the application."""

import os

from ..model.handoff import HandoffModels, load_handoff_models


# repays DEBT-04 Reload per request: the model is loaded once and held by the app.
class ChampionHolder:
    """Holds the binaries and the note the application serves.

    They are read from the model folder when the application is built, and again only when a
    retraining has replaced them; requests use the objects in memory.
    """

    def __init__(self, model_dir: os.PathLike):
        """Load the binaries and the note from `model_dir`."""
        self.model_dir = model_dir
        self._models = load_handoff_models(model_dir)

    def current(self) -> HandoffModels:
        """The binaries and the note being served."""
        return self._models

    def reload(self) -> HandoffModels:
        """Read the model folder again (after a retraining) and serve what it holds now."""
        self._models = load_handoff_models(self.model_dir)
        return self._models
