"""A registry in a folder: `versions/<n>/model.joblib` + `card.json`, and `aliases.json`.

Versions are numbered 1, 2, 3, ... and never reused: a new version claims its number by
creating its folder, which fails if another process got there first. A version exists once its
card is written (last, atomically). Aliases (`champion`, `challenger`) name versions and are
rewritten atomically, so a reader never sees half a file; every change reads, changes and
rewrites them under one lock file (`.aliases.lock`), so changes made by several processes at
once are all kept.
"""

import io
import json
from contextlib import AbstractContextManager
from pathlib import Path

import joblib
import sklearn

from .errors import ArtifactRejectedError, ModelNotFoundError
from .files import locked, registered_bytes, sha256_of, write_json_atomically
from .model import RegisteredModel

CHAMPION = "champion"
CHALLENGER = "challenger"
ALIASES = (CHAMPION, CHALLENGER)
ARTIFACT_NAME = "model.joblib"
CARD_NAME = "card.json"
ALIASES_LOCK_NAME = ".aliases.lock"
VERSION_DIGITS = 4


class ModelRegistry:
    """Store, describe, verify and load model versions in one folder."""

    def __init__(self, folder: Path):
        """Use `folder` as the registry (created when the first version is registered)."""
        self.folder = Path(folder)

    @property
    def aliases_path(self) -> Path:
        """The file that maps aliases to versions."""
        return self.folder / "aliases.json"

    def versions(self) -> list[int]:
        """The complete versions (those with a card), in increasing order."""
        folder = self.folder / "versions"
        if not folder.is_dir():
            return []
        return sorted(
            int(path.name)
            for path in folder.iterdir()
            if path.name.isdigit() and (path / CARD_NAME).is_file()
        )

    def register(
        self, pipeline: object, card: dict, attachments: dict[str, str] | None = None
    ) -> int:
        """Save a fitted pipeline, its card and text attachments as a new version.

        The artifact's checksum, size and scikit-learn version are added to the card here,
        from the file as written.

        Args:
            pipeline: The fitted pipeline.
            card: The model card without its `version` and `artifact`.
            attachments: Extra text files for the version folder, by file name (for example
                the training report and the holdout predictions).

        Returns:
            The new version number.
        """
        version, folder = self._claim_next_version()
        for name, content in (attachments or {}).items():
            (folder / name).write_text(content)
        artifact = folder / ARTIFACT_NAME
        joblib.dump(pipeline, artifact)
        full_card = {
            **card,
            "version": version,
            "artifact": {
                "file": ARTIFACT_NAME,
                "sha256": sha256_of(artifact),
                "size_bytes": artifact.stat().st_size,
                "scikit_learn_version": sklearn.__version__,
            },
        }
        write_json_atomically(folder / CARD_NAME, full_card)
        return version

    def card(self, version: int) -> dict:
        """The card of `version`.

        Raises:
            ModelNotFoundError: If the version does not exist.
        """
        path = self.version_folder(version) / CARD_NAME
        if not path.is_file():
            raise ModelNotFoundError(f"no model version {version}")
        return json.loads(path.read_text())

    def load(self, version: int) -> RegisteredModel:
        """Load `version` after checking its checksums and library versions.

        Raises:
            ModelNotFoundError: If the version does not exist.
            ArtifactRejectedError: If the artifact's bytes or library version do not match its card.
        """
        card = self.card(version)
        artifact = self.version_folder(version) / card["artifact"]["file"]
        expected = card["artifact"]
        if expected["scikit_learn_version"] != sklearn.__version__:
            raise ArtifactRejectedError(
                f"model version {version} was built with scikit-learn "
                f"{expected['scikit_learn_version']}, this process runs {sklearn.__version__}: "
                "retrain it with this version"
            )
        # The pipeline is unpickled from the very bytes whose checksum was verified.
        pipeline = joblib.load(io.BytesIO(registered_bytes(artifact, expected["sha256"], version)))
        return RegisteredModel(version=version, pipeline=pipeline, card=card)

    def aliases(self) -> dict[str, int | None]:
        """Every alias and the version it names (None when unset)."""
        stored = self.stored_aliases()
        return {alias: stored.get(alias) for alias in ALIASES}

    def stored_aliases(self) -> dict:
        """The aliases file's whole content (aliases and the earlier champions)."""
        if not self.aliases_path.is_file():
            return {}
        return json.loads(self.aliases_path.read_text())

    def aliases_changing(self) -> AbstractContextManager[None]:
        """The lock to hold while reading, changing and rewriting the aliases file."""
        return locked(self.folder / ALIASES_LOCK_NAME)

    def write_aliases(self, content: dict) -> None:
        """Rewrite the aliases file atomically; call it inside `aliases_changing()`."""
        write_json_atomically(self.aliases_path, content)

    def version_of(self, alias: str) -> int | None:
        """The version `alias` names, or None."""
        return self.aliases()[alias]

    def set_alias(self, alias: str, version: int | None) -> None:
        """Point `alias` at `version` (None clears it), rewriting the aliases file atomically.

        Raises:
            ModelNotFoundError: If the version does not exist.
            ValueError: If the alias is unknown.
        """
        if alias not in ALIASES:
            raise ValueError(f"unknown alias {alias!r}; use one of {ALIASES}")
        if version is not None:
            self.card(version)
        with self.aliases_changing():
            self.write_aliases({**self.stored_aliases(), alias: version})

    def version_folder(self, version: int) -> Path:
        """The folder of `version` (whether or not it exists)."""
        return self.folder / "versions" / f"{version:0{VERSION_DIGITS}d}"

    def _claim_next_version(self) -> tuple[int, Path]:
        """Create the folder of the next free version number and return both."""
        (self.folder / "versions").mkdir(parents=True, exist_ok=True)
        taken = [
            int(path.name) for path in (self.folder / "versions").iterdir() if path.name.isdigit()
        ]
        version = max(taken, default=0) + 1
        while True:
            folder = self.version_folder(version)
            try:
                folder.mkdir()
            except FileExistsError:
                version += 1
                continue
            return version, folder
