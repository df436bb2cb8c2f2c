"""The database engine and the `scores` table."""

import os

from sqlalchemy import Engine, create_engine, make_url, text


def build_engine(database_url: str) -> Engine:
    """Create the engine and the `scores` table if it is missing.

    Args:
        database_url: A SQLAlchemy URL; for a SQLite file, its folder is created if missing.

    Returns:
        The engine.
    """
    engine = create_engine(database_url)
    database_file = make_url(database_url).database
    if database_file:
        os.makedirs(os.path.dirname(os.path.abspath(database_file)), exist_ok=True)
    with engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TABLE IF NOT EXISTS scores ("
                " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                " application_id TEXT,"
                " probability_default REAL,"
                " decision TEXT,"
                " scored_at TEXT,"
                " reasons TEXT,"
                " model_version INTEGER)"
            )
        )
    return engine
