"""Small file helpers: checksums, the check of a registered file's bytes, atomic writes, locks."""

import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ArtifactRejectedError

CHUNK_BYTES = 1 << 20
# mkstemp creates files only the owner can read; a registry is read by other processes too.
READABLE_BY_ALL = 0o644


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def registered_bytes(path: Path, sha256: str, version: int) -> bytes:
    """A version's file, read once, if its bytes are those its card recorded at registration.

    The bytes returned are the bytes checked: a caller loads the model from them, never from
    the file again, so a file swapped between the check and the load is never loaded.

    Raises:
        ArtifactRejectedError: If the file is missing or its SHA-256 differs from `sha256`.
    """
    try:
        content = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != sha256:
        raise ArtifactRejectedError(
            f"model version {version}: {path} does not match the SHA-256 in its card; "
            "it was changed after registration and is not loaded"
        )
    return content


def require_registered_bytes(path: Path, sha256: str, version: int) -> None:
    """Refuse a version's file whose bytes are not those its card recorded at registration.

    Raises:
        ArtifactRejectedError: If the file is missing or its SHA-256 differs from `sha256`.
    """
    registered_bytes(path, sha256, version)


def write_json_atomically(path: Path, content: object) -> None:
    """Write JSON (indented, keys sorted) so that readers see the old file or the whole new one.

    Args:
        path: The file to write.
        content: Anything `json.dumps` accepts.
    """
    write_bytes_atomically(path, json.dumps(content, indent=2, sort_keys=True).encode())


def write_bytes_atomically(path: Path, content: bytes) -> None:
    """Write bytes so that readers see either the old file or the whole new one.

    The content goes to a temporary file in the same folder, is flushed to disk, then
    renamed over `path` (`os.replace` is atomic on POSIX and Windows).

    Args:
        path: The file to write.
        content: The file's new bytes.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, READABLE_BY_ALL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file `path` (created if missing) while the block runs.

    The lock (`fcntl.flock`) is held by every process of this host that asks for the same file,
    so a read, change and rewrite of a shared file inside the block is never interleaved with
    another process's; a process that dies releases it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as stream:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


def claim_next_version(folder: Path, digits: int) -> tuple[int, Path]:
    """Create the folder of the next free version number in `folder`; return both.

    Creating the folder claims the number: if another process created it first, the next
    number is tried, so no two registrations ever share a version.

    Args:
        folder: The folder of the versions (created if missing).
        digits: How many digits a version folder's name has (`0001`).
    """
    folder.mkdir(parents=True, exist_ok=True)
    taken = [int(path.name) for path in folder.iterdir() if path.name.isdigit()]
    version = max(taken, default=0) + 1
    while True:
        claimed = folder / f"{version:0{digits}d}"
        try:
            claimed.mkdir()
        except FileExistsError:
            version += 1
            continue
        return version, claimed
