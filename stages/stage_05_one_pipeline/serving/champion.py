"""The served model: the fitted pipeline, loaded once and held by the application."""

import os

from ..model.artifact import load_pipeline


# repays DEBT-04 Reload per request: the model is loaded once and held by the app.
class ChampionHolder:
    """Holds the pipeline the application serves.

    It is read from the model folder when the application is built, and again only when a
    retraining has replaced it; requests use the object in memory.
    """

    def __init__(self, model_dir: os.PathLike):
        """Load the pipeline from `model_dir`."""
        self.model_dir = model_dir
        self._pipeline = load_pipeline(model_dir)

    def current(self) -> object:
        """The pipeline being served."""
        return self._pipeline

    def reload(self) -> object:
        """Read the model folder again (after a retraining) and serve what it holds now."""
        self._pipeline = load_pipeline(self.model_dir)
        return self._pipeline
