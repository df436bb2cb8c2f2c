"""The served model: the fitted pipeline and its report, loaded once and held by the application."""

import os

from ..model.artifact import TrainedModel, load_model


# repays DEBT-04 Reload per request: the model is loaded once and held by the app.
class ChampionHolder:
    """Holds the pipeline the application serves, with its training report.

    They are read from the model folder when the application is built, and again only when a
    retraining has replaced them; requests use the objects in memory.
    """

    def __init__(self, model_dir: os.PathLike):
        """Load the pipeline and its report from `model_dir`."""
        self.model_dir = model_dir
        self._model = load_model(model_dir)

    def current(self) -> TrainedModel:
        """The pipeline and report being served."""
        return self._model

    def reload(self) -> TrainedModel:
        """Read the model folder again (after a retraining) and serve what it holds now."""
        self._model = load_model(self.model_dir)
        return self._model
