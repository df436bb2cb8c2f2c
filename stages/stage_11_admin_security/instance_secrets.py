"""Secrets an instance keeps in its own folder: random, created once, readable by its owner only.

A secret that no setting gives (a signing key, say) is generated on first use and kept in a
file of the instance folder. It is written to a private temporary file and linked into place,
so that processes starting together agree on one value and none reads a half-written one.
"""

import os
import secrets
from pathlib import Path


def instance_secret(folder: Path, name: str) -> str:
    """The instance's secret `name`, created on first use.

    Args:
        folder: The instance folder.
        name: The secret's file name in it.

    Returns:
        The secret, 64 hexadecimal characters.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        temporary = folder / f".{name}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process created it first: use theirs
        finally:
            temporary.unlink()
    return path.read_text().strip()
