"""A content-addressed cache of what a stage's first start trains, shared by every run.

A fresh instance (a folder holding nothing but its data file) trains its models on its first
`create_app`. Training is seeded, so the same code on the same data in the same environment
writes the same models: the cache keeps the files that training wrote, under a key that hashes
everything that can change them, and copies them into the next fresh instance with that key
instead of training again.

The key hashes:

- the package's name (pickles name the modules of their classes) and every file of its folder,
  the training code among them (`__pycache__` aside);
- every file of `credit_data/`, the repository's package the stages import;
- the bytes of the instance's data file;
- the Python version, every installed distribution's name and version, and the repository's
  git commit (the last stage records it in its model card);
- the environment variables a stage reads as settings (`CREDIT_*`, `HANDOFF_*`) and
  `PYTHONHASHSEED`.

A probe that edits the data or the code therefore misses, and trains. The instance's own
settings are only its paths, which the key leaves out: a file that records the instance's
folder (the last stage's card names its training data file) is rewritten on restore, openly,
to name the new instance's folder, whose data file has the same bytes (they are in the key).
A file that is not UTF-8 text and holds the folder's path is never stored, nor is anything
when training wrote rows into the database or changed the data file: a copy of the files
could not stand for that training.

Entries live in `instance/cache/training/` (ignored by git), or in the folder
`STAGES_TRAINING_CACHE` names; `STAGES_TRAINING_CACHE=off` turns the cache off, so the cold
path is the one measured. An entry is written into a temporary folder and renamed into place,
so processes filling the cache at once (pytest-xdist workers, `compare`'s two processes) never
see half an entry; the first rename wins. A restore checks every file's SHA-256 against the
entry first, and treats any mismatch or missing file as a miss.
"""

import contextlib
import hashlib
import importlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from flask import Flask

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_FOLDER = REPOSITORY_ROOT / "instance" / "cache" / "training"
ENVIRONMENT_VARIABLE = "STAGES_TRAINING_CACHE"
OFF = ("off", "0", "false", "no")
# Environment variables that a stage may read as a setting, by prefix, and exact names.
SETTING_PREFIXES = ("CREDIT_", "HANDOFF_")
SETTING_NAMES = ("PYTHONHASHSEED",)
# The files of a database, which training must leave empty and the cache never stores.
DATABASE_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db-journal", ".db-wal", ".db-shm")
ENTRY_FILE = "entry.json"
FILES_FOLDER = "files"
# Bump when the key's recipe or the entry's layout changes.
FORMAT = "1"
# Entries kept; the least recently used go first.
MAX_ENTRIES = 200
# A staging folder this old was left by a process that died while storing.
STALE_STAGING_SECONDS = 3600


@dataclass(frozen=True)
class Entry:
    """One stored training.

    Attributes:
        folder: The entry's folder in the cache.
        files: The SHA-256 of each stored file, by path relative to the instance folder.
        rewritten: The stored files that name the original instance's folder.
        instance_folder: The folder of the instance that trained (as text).
        trained_between: When that training started and ended (ISO 8601, UTC).
    """

    folder: Path
    files: dict[str, str]
    rewritten: tuple[str, ...]
    instance_folder: str
    trained_between: tuple[str, str]

    @classmethod
    def read(cls, folder: Path) -> "Entry":
        """Read the entry stored in `folder`."""
        document = json.loads((folder / ENTRY_FILE).read_text())
        return cls(
            folder=folder,
            files=document["files"],
            rewritten=tuple(document["rewritten"]),
            instance_folder=document["instance_folder"],
            trained_between=tuple(document["trained_between"]),
        )

    def intact(self) -> bool:
        """Whether every stored file is present with the checksum the entry recorded."""
        try:
            return all(
                sha256_of(self.folder / FILES_FOLDER / relative) == checksum
                for relative, checksum in self.files.items()
            )
        except OSError:
            return False


def cache_folder() -> Path | None:
    """The cache's folder, or None when `STAGES_TRAINING_CACHE` turns the cache off."""
    setting = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if setting.lower() in OFF:
        return None
    return Path(setting) if setting else DEFAULT_FOLDER


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_folder(package: str) -> Path | None:
    """The folder of an importable package's source, or None for a module built in memory."""
    source = getattr(importlib.import_module(package), "__file__", None)
    return Path(source).parent if source else None


def folder_digest(folder: Path) -> bytes:
    """The SHA-256 of every file of `folder` (relative path, then bytes), in order."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


@cache
def environment_fingerprint() -> str:
    """The Python version, the installed distributions and the repository's git commit."""
    distributions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    return "\n".join([sys.version, git_commit() or "no commit", *distributions])


def git_commit() -> str | None:
    """The repository's current git commit, or None outside a git checkout."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=REPOSITORY_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None


def setting_variables() -> list[str]:
    """The environment variables a stage may read as settings, as sorted `NAME=value` lines."""
    return sorted(
        f"{name}={value}"
        for name, value in os.environ.items()
        if name.startswith(SETTING_PREFIXES) or name in SETTING_NAMES
    )


def training_key(package: str, data_path: Path) -> str | None:
    """The key of a fresh instance of `package` training on the file `data_path`.

    Args:
        package: The stage's (or a copy's) package name.
        data_path: The instance's data file.

    Returns:
        A hex SHA-256, or None when the package has no source files to hash.
    """
    folder = package_folder(package)
    if folder is None:
        return None
    digest = hashlib.sha256(f"format {FORMAT}\npackage {package}\n".encode())
    digest.update(folder_digest(folder))
    digest.update(folder_digest(package_folder("credit_data")))
    digest.update(b"data\n" + hashlib.sha256(data_path.read_bytes()).digest())
    digest.update(environment_fingerprint().encode())
    digest.update("\n".join(setting_variables()).encode())
    return digest.hexdigest()


def is_database(path: Path) -> bool:
    """Whether `path` is a file of an SQLite database."""
    return path.name.endswith(DATABASE_SUFFIXES)


def database_has_rows(folder: Path) -> bool:
    """Whether any table of any SQLite database in `folder` holds a row (or cannot be read)."""
    for path in folder.rglob("*"):
        if not path.is_file() or not path.name.endswith((".db", ".sqlite", ".sqlite3")):
            continue
        try:
            with contextlib.closing(sqlite3.connect(path)) as connection:
                tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                for (table,) in tables.fetchall():
                    quoted = table.replace('"', '""')
                    if connection.execute(f'SELECT 1 FROM "{quoted}" LIMIT 1').fetchone():
                        return True
        except sqlite3.Error:
            return True
    return False


def trained_files(folder: Path, data_path: Path) -> list[Path]:
    """The files a first start wrote into `folder`: all but the data file and the database."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and path != data_path and not is_database(path)
    )


def folder_prefix(folder: Path) -> bytes:
    """How a file names something inside `folder`: its absolute path and a separator."""
    return (str(folder) + os.sep).encode()


def text_safe(folder: Path) -> bool:
    """Whether `folder`'s path can replace another inside JSON or plain text unchanged."""
    text = str(folder)
    return json.dumps(text)[1:-1] == text and text.isprintable()


class TrainingCache:
    """The cache's entries in one folder.

    Attributes:
        folder: Where the entries are.
    """

    def __init__(self, folder: Path):
        """Use the entries of `folder` (created when the first entry is stored)."""
        self.folder = folder

    def lookup(self, key: str) -> Entry | None:
        """The intact entry stored under `key`, or None."""
        folder = self.folder / key
        try:
            entry = Entry.read(folder)
        except (OSError, ValueError, KeyError):
            return None
        return entry if entry.intact() else None

    def restore(self, key: str, instance_folder: Path) -> Entry | None:
        """Copy the files of the entry `key` into a fresh instance's folder.

        Files that named the original instance's folder are rewritten to name this one.

        Returns:
            The entry restored, or None on a miss (nothing is copied then).
        """
        entry = self.lookup(key)
        if entry is None or not text_safe(instance_folder):
            return None
        old, new = entry.instance_folder + os.sep, str(instance_folder) + os.sep
        try:
            for relative in entry.files:
                target = instance_folder / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(entry.folder / FILES_FOLDER / relative, target)
                if relative in entry.rewritten:
                    target.write_text(target.read_text().replace(old, new))
        except OSError:
            for relative in entry.files:
                (instance_folder / relative).unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):
            os.utime(entry.folder / ENTRY_FILE)
        return entry

    def store(
        self,
        key: str,
        instance_folder: Path,
        data_path: Path,
        data_checksum: str,
        trained_between: tuple[datetime, datetime],
    ) -> bool:
        """Store what a first start wrote into `instance_folder`, unless a copy would lie.

        Args:
            key: The instance's training key, computed before its first start.
            instance_folder: The instance's folder, right after its first start.
            data_path: Its data file.
            data_checksum: The data file's SHA-256 before the first start.
            trained_between: When the first start began and ended.

        Returns:
            Whether an entry was stored (False also when another process stored it first).
        """
        if (
            not text_safe(instance_folder)
            or sha256_of(data_path) != data_checksum
            or database_has_rows(instance_folder)
        ):
            return False
        files = trained_files(instance_folder, data_path)
        names_folder = [
            path for path in files if folder_prefix(instance_folder) in path.read_bytes()
        ]
        if any(not is_text(path) for path in names_folder) or self.bare_folder_named(
            instance_folder, files
        ):
            return False
        staging = self.folder / f".staging-{uuid.uuid4().hex}"
        try:
            staging.mkdir(parents=True)
            for path in files:
                target = staging / FILES_FOLDER / path.relative_to(instance_folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
            document = {
                "key": key,
                "instance_folder": str(instance_folder),
                "trained_between": [moment.isoformat() for moment in trained_between],
                "files": {
                    str(path.relative_to(instance_folder)): sha256_of(
                        staging / FILES_FOLDER / path.relative_to(instance_folder)
                    )
                    for path in files
                },
                "rewritten": [str(path.relative_to(instance_folder)) for path in names_folder],
            }
            (staging / ENTRY_FILE).write_text(json.dumps(document, indent=2))
            os.rename(staging, self.folder / key)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            return False
        self.prune()
        return True

    @staticmethod
    def bare_folder_named(instance_folder: Path, files: list[Path]) -> bool:
        """Whether a file names the folder itself, not a path inside it (not rewritable)."""
        bare = str(instance_folder).encode()
        prefix = folder_prefix(instance_folder)
        return any(bare in path.read_bytes().replace(prefix, b"") for path in files)

    def prune(self, keep: int = MAX_ENTRIES) -> None:
        """Delete the least recently used entries beyond `keep`, and stale staging folders."""
        entries = []
        for folder in self.folder.iterdir():
            staging = folder.name.startswith(".staging-")
            try:
                used = (folder if staging else folder / ENTRY_FILE).stat().st_mtime
            except OSError:
                continue
            if not staging:
                entries.append((used, folder))
            elif time.time() - used > STALE_STAGING_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        for _, folder in sorted(entries, reverse=True)[keep:]:
            shutil.rmtree(folder, ignore_errors=True)


def is_text(path: Path) -> bool:
    """Whether a file's bytes are UTF-8 text."""
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def first_start(
    package: str, folder: Path, data_path: Path, start: Callable[[], Flask]
) -> tuple[Flask, str]:
    """Run a fresh instance's first start through the cache.

    Args:
        package: The instance's package.
        folder: The instance's folder, which holds nothing but `data_path`.
        data_path: The instance's data file.
        start: Builds the application (training when there are no models).

    Returns:
        The application, and what happened: `hit`, `miss` (trained and stored), `trained`
        (trained, not storable, or a module without source files to key on) or `off` (the
        cache is turned off, or `folder` is relative: a relative path in a file could not be
        told from other text, so it is never cached).
    """
    where = cache_folder()
    if where is None or not folder.is_absolute():
        return start(), "off"
    training_cache = TrainingCache(where)
    key = training_key(package, data_path)
    if key is None:
        return start(), "trained"
    if training_cache.restore(key, folder) is not None:
        return start(), "hit"
    checksum = sha256_of(data_path)
    started = datetime.now(UTC)
    application = start()
    ended = datetime.now(UTC)
    stored = training_cache.store(key, folder, data_path, checksum, (started, ended))
    return application, "miss" if stored else "trained"
