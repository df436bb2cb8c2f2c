"""Make a stage's SQLite database unusable for the connections it holds open, then whole again.

Overwriting the file's magic string (its first 16 bytes, `SQLite format 3`) makes a read fail
with "file is not a database", but only for a connection that reads page 1 from the file
again: a connection keeps its page cache while nothing was committed since its last
transaction, and in write-ahead-log mode page 1 may come from the log. So the probe first
commits a change of its own (the header's `user_version`, put back afterwards) and checkpoints
the log into the file, truncating it: every open connection of the stage then reads page 1
again, from the file. Restoring writes the magic string back and commits once more, so that a
connection that cached the broken page reads it again. Checked on the stages' pooled
connections, in rollback-journal mode (stages 00 to 13) and in WAL mode (the last stage).
"""

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MAGIC_BYTES = 16


@contextmanager
def unusable(path: Path) -> Iterator[None]:
    """Inside the block, every connection to the SQLite file `path` fails; afterwards it works.

    Args:
        path: The database file (it must exist).

    Yields:
        Nothing; the database is unusable until the block ends.
    """
    commit_user_version(path, step=1, checkpoint=True)
    with open(path, "r+b") as stream:
        magic = stream.read(MAGIC_BYTES)
        stream.seek(0)
        stream.write(b"\0" * MAGIC_BYTES)
    try:
        yield
    finally:
        with open(path, "r+b") as stream:
            stream.write(magic)
        commit_user_version(path, step=-1)


def commit_user_version(path: Path, step: int, checkpoint: bool = False) -> None:
    """Move the header's `user_version` by `step` in a transaction of the probe's own.

    Args:
        path: The database file.
        step: What to add to `user_version`.
        checkpoint: Whether to copy the write-ahead log into the file and truncate it after.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA user_version = {int(version) + step}")
        if checkpoint:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    finally:
        connection.close()


def sqlite_file(database_url: str) -> Path:
    """The file of an `sqlite:///` URL (the only kind a probe's instance uses)."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        raise ValueError(f"not an SQLite file URL: {database_url}")
    return Path(database_url.removeprefix(prefix))
