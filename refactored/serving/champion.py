"""The model being served, loaded once and swapped atomically on promotion.

A request takes the current model once, at its start, and uses that object to the end: a
promotion that happens meanwhile replaces the reference for later requests only, so every
request finishes on the model it started with and can name its version.
"""

import logging
import os
import threading

from ..registry import (
    CHAMPION,
    ArtifactRejectedError,
    ModelNotFoundError,
    ModelRegistry,
    RegisteredModel,
)
from ..registry.promotion import previous_champions, promote, rollback

LOGGER = logging.getLogger(__name__)


# repays DEBT-04 Reload per request: the model is loaded once and held by the app.
class ChampionHolder:
    """Holds the served model; follows the registry's `champion` alias."""

    def __init__(self, registry: ModelRegistry):
        """Load the registry's champion.

        Raises:
            ModelNotFoundError: If no version is the champion.
            ArtifactRejectedError: If the champion's artifact fails verification.
        """
        self.registry = registry
        self._lock = threading.Lock()
        self._aliases_signature = self._signature()
        version = registry.version_of(CHAMPION)
        if version is None:
            raise ModelNotFoundError(f"no champion in the registry at {registry.folder}")
        self._current = registry.load(version)

    @property
    def version(self) -> int:
        """The version served now, as last loaded (`current` looks for a promotion first)."""
        return self._current.version

    def current(self) -> RegisteredModel:
        """The model to use for one request (a promotion in another process is picked up)."""
        if self._signature() != self._aliases_signature:
            self._follow_alias()
        return self._current

    def promote(self, version: int, by: str | None = None) -> RegisteredModel:
        """Verify and load `version`, make it the champion, and serve it from now on.

        Args:
            version: The version to serve.
            by: Who promotes it, recorded with the change.

        Raises:
            ModelNotFoundError: If the version does not exist.
            ArtifactRejectedError: If its artifact fails verification; nothing changes then.
        """
        with self._lock:
            model = self.registry.load(version)
            promote(self.registry, version, by=by)
            self._aliases_signature = self._signature()
            self._current = model
        LOGGER.info(
            "now serving model version %d, promoted by %s",
            version,
            by,
            extra={"event": "promotion", "version": version, "by": by},
        )
        return model

    def rollback(self, by: str | None = None) -> RegisteredModel:
        """Serve the previous champion again (verified and loaded before the switch).

        Args:
            by: Who rolls back, recorded with the change.

        Raises:
            ModelNotFoundError: If there is no earlier champion.
            ArtifactRejectedError: If its artifact fails verification; nothing changes then.
        """
        with self._lock:
            current = self.registry.version_of(CHAMPION)
            earlier = previous_champions(self.registry)
            if not earlier:
                raise ModelNotFoundError("there is no earlier champion to roll back to")
            model = self.registry.load(earlier[-1])
            rollback(self.registry, current, by=by)
            self._aliases_signature = self._signature()
            self._current = model
        LOGGER.info(
            "rolled back to model version %d by %s",
            model.version,
            by,
            extra={"event": "rollback", "version": model.version, "by": by},
        )
        return model

    def _follow_alias(self) -> None:
        """Load the version the alias names now; keep the current model if it is refused."""
        with self._lock:
            signature = self._signature()
            if signature == self._aliases_signature:
                return
            version = self.registry.version_of(CHAMPION)
            if version is not None and version != self._current.version:
                try:
                    self._current = self.registry.load(version)
                except (ArtifactRejectedError, ModelNotFoundError) as error:
                    LOGGER.error("kept serving version %d: %s", self._current.version, error)
            # Marked as followed only now: until the new model is in place, `current()` on
            # another thread (a request, the monitoring check) sees the change, waits for the
            # lock and gets the new model, instead of the old one.
            self._aliases_signature = signature

    def _signature(self) -> tuple[int, int, int] | None:
        """Identify the aliases file's current contents cheaply (a rewrite is a new inode)."""
        try:
            status = os.stat(self.registry.aliases_path)
        except FileNotFoundError:
            return None
        return status.st_ino, status.st_mtime_ns, status.st_size
