"""The database's part of readiness: one cheap query on the scores table, with a short timeout.

The timeout is the query's own (SQLite's busy timeout), so a database that is locked or slow
makes readiness answer 503 in a fraction of a second instead of holding the probe that asked
as long as a scoring request would wait.
"""

from sqlalchemy import Connection, Engine, select

from .orm import ScoredApplication

READINESS_TIMEOUT_MILLISECONDS = 500
# What a connection waits otherwise: the driver's default (`sqlite3.connect`'s 5 s timeout).
BUSY_TIMEOUT_MILLISECONDS = 5_000


def check_database(engine: Engine, timeout_ms: int = READINESS_TIMEOUT_MILLISECONDS) -> None:
    """Read one row id of the scores table, giving up after `timeout_ms`.

    Args:
        engine: The scores database's engine (its pooled connections are the ones checked).
        timeout_ms: How long the query may wait for the database.

    Raises:
        sqlalchemy.exc.SQLAlchemyError: If the database cannot answer the query in time.
    """
    with engine.connect() as connection:
        set_timeout(connection, timeout_ms)
        try:
            connection.execute(select(ScoredApplication.id).limit(1)).all()
        finally:
            if connection.dialect.name == "sqlite":
                set_timeout(connection, BUSY_TIMEOUT_MILLISECONDS)


def set_timeout(connection: Connection, timeout_ms: int) -> None:
    """Limit how long the connection's next statements wait (on SQLite)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(timeout_ms)}")
