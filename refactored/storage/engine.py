"""The database engine: SQLite tuned for several writer processes, or any other URL.

SQLite gets write-ahead logging (readers do not block the writer) and a busy timeout (a writer
waits for the lock instead of failing at once); see docs/reference/FIGURES.md for what each
costs without the other. Both are set per connection, in a connect listener.
"""

from pathlib import Path

from sqlalchemy import Engine, create_engine, event, make_url

from .orm import Base

BUSY_TIMEOUT_MILLISECONDS = 5_000


def build_engine(database_url: str) -> Engine:
    """Create the engine and the tables.

    Args:
        database_url: A SQLAlchemy URL: `sqlite:///path/to/file.db`, `postgresql://...`.

    Returns:
        The engine; for SQLite, its folder is created if missing.
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", configure_sqlite_connection)
    Base.metadata.create_all(engine)
    return engine


def configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    """Turn on write-ahead logging and a busy timeout for one new SQLite connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MILLISECONDS}")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()
