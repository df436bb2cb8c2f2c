"""The database engine and the tables."""

import os

from sqlalchemy import Engine, create_engine, make_url

from .orm import Base


def build_engine(database_url: str) -> Engine:
    """Create the engine and the tables that are missing.

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
        Base.metadata.create_all(connection)
    return engine
