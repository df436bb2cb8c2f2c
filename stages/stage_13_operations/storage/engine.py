"""The database engine: SQLite tuned for several writer processes, or PostgreSQL.

SQLite gets write-ahead logging (readers do not block the writer) and a busy timeout (a writer
waits for the lock instead of failing at once); see docs/reference/FIGURES.md for what each
costs without the other. Both are set per connection, in a connect listener.

PostgreSQL (`postgresql://...`, driven by psycopg 3: `pip install .[postgres]`) serves several
processes and hosts at once. Creating the tables is one transaction holding an advisory lock,
so service processes starting together on several hosts take turns: the first creates the
tables, the others find them.
"""

from pathlib import Path

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text

from .orm import Base

BUSY_TIMEOUT_MILLISECONDS = 5_000
# The key of the PostgreSQL advisory lock held while the tables are created (any fixed number
# that no other code of the database uses; this one spells "credit" in ASCII).
SCHEMA_LOCK_KEY = 0x637265646974
POSTGRESQL_DRIVER = "postgresql+psycopg"


def parse_database_url(database_url: str) -> URL:
    """Parse a database URL; a plain `postgresql://` URL gets the psycopg 3 driver.

    SQLAlchemy's default PostgreSQL driver is psycopg2, which this project does not install.
    """
    url = make_url(database_url)
    if url.drivername == "postgresql":
        url = url.set(drivername=POSTGRESQL_DRIVER)
    return url


def build_engine(database_url: str) -> Engine:
    """Create the engine and the tables.

    Args:
        database_url: A SQLAlchemy URL: `sqlite:///path/to/file.db`,
            `postgresql://user@host:port/database`.

    Returns:
        The engine; for SQLite, its folder is created if missing.
    """
    url = parse_database_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).resolve().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=backend != "sqlite")
    if backend == "sqlite":
        event.listen(engine, "connect", configure_sqlite_connection)
    with engine.begin() as connection:
        create_tables(connection)
    return engine


def create_tables(connection: Connection) -> None:
    """Create the missing tables in the connection's transaction.

    On PostgreSQL the transaction first takes an advisory lock, released at its end: two
    processes creating the same table at once would otherwise collide in the catalogue
    (`duplicate key value violates unique constraint "pg_type_typname_nsp_index"`). On SQLite
    the processes of one host take turns under the instance's lock file (`bootstrap.py`).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK_KEY})
    Base.metadata.create_all(connection)


def configure_sqlite_connection(dbapi_connection, _connection_record) -> None:
    """Turn on write-ahead logging and a busy timeout for one new SQLite connection."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MILLISECONDS}")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()
