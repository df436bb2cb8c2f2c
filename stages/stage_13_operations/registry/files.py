"""Small file helpers: checksums, the check of a registered file's bytes, atomic writes."""

import hashlib
import json
import os
import tempfile
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


def require_registered_bytes(path: Path, sha256: str, version: int) -> None:
    """Refuse a version's file whose bytes are not those its card recorded at registration.

    Raises:
        ArtifactRejectedError: If the file is missing or its SHA-256 differs from `sha256`.
    """
    if not path.is_file() or sha256_of(path) != sha256:
        raise ArtifactRejectedError(
            f"model version {version}: {path} does not match the SHA-256 in its card; "
            "it was changed after registration and is not loaded"
        )


def write_json_atomically(path: Path, content: object) -> None:
    """Write JSON so that readers see either the old file or the whole new one.

    The content goes to a temporary file in the same folder, is flushed to disk, then
    renamed over `path` (`os.replace` is atomic on POSIX and Windows).

    Args:
        path: The file to write.
        content: Anything `json.dumps` accepts.
    """
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as stream:
            json.dump(content, stream, indent=2, sort_keys=True)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, READABLE_BY_ALL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
