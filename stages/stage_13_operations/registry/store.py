"""A registry in a folder: `versions/<n>/model.joblib` + `card.json`, and `aliases.json`.

Versions are numbered 1, 2, 3, ... and never reused: a new version claims its number by
creating its folder (`files.py`, `claim_next_version`). A version exists once its card is
written, signed (`signing.py`), last and atomically. Aliases (`champion`, `challenger`) name
versions; every change reads, changes and rewrites them atomically under one lock file
(`.aliases.lock`), so changes made by several processes at once are all kept.
"""

import io
import json
from contextlib import AbstractContextManager
from pathlib import Path

import joblib
import sklearn

from .errors import ArtifactRejectedError, ModelNotFoundError
from .files import claim_next_version, locked, registered_bytes, sha256_of, write_json_atomically
from .model import RegisteredModel
from .signing import signed_card, write_signed_card

CHAMPION = "champion"
CHALLENGER = "challenger"
ALIASES = (CHAMPION, CHALLENGER)
ARTIFACT_NAME = "model.joblib"
CARD_NAME = "card.json"
ALIASES_LOCK_NAME = ".aliases.lock"
VERSION_DIGITS = 4
# Versions are numbered 1, 2, 3, ...: a number this large names no version (nor a file name).
MAX_VERSION = 10**9


class ModelRegistry:
    """Store, describe, verify and load model versions in one folder."""

    def __init__(self, folder: Path, signing_key: bytes | None = None):
        """Use `folder` as the registry (created when the first version is registered).

        `signing_key` signs the cards `register` writes and checks those `load` reads
        (`signing.py`); without it the registry can be read, but nothing registered or loaded.
        """
        self.folder = Path(folder)
        self.signing_key = signing_key

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
        key = self._key()  # before anything is written
        version, folder = claim_next_version(self.folder / "versions", VERSION_DIGITS)
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
        write_signed_card(folder / CARD_NAME, full_card, key)
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
        """Load `version` after checking its card's signature, checksums and library versions.

        Raises:
            ModelNotFoundError: If the version does not exist.
            ArtifactRejectedError: If the card's signature, the artifact's bytes or the library
                version do not match.
        """
        card = signed_card(self.version_folder(version) / CARD_NAME, self._key(), version)
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

    def _key(self) -> bytes:
        """The signing key (a registry without one registers and loads nothing)."""
        if self.signing_key is None:
            raise ValueError("this registry has no signing key: it cannot register or load")
        return self.signing_key

    def version_folder(self, version: int) -> Path:
        """The folder of `version`, existing or not (`ModelNotFoundError` past `MAX_VERSION`)."""
        if not 0 < version < MAX_VERSION:
            raise ModelNotFoundError(f"no model version {version}")
        return self.folder / "versions" / f"{version:0{VERSION_DIGITS}d}"
