"""Read a stage's database from the outside, whatever its schema (used by probes and tests)."""

from sqlalchemy import String, Text, cast, create_engine, func, inspect, or_, select, table
from sqlalchemy import column as sql_column


def count_rows_mentioning(database_url: str, value: str) -> int:
    """Count the rows, over every table, that hold `value` in one of their text columns.

    Args:
        database_url: The stage's database.
        value: The value to look for, for example an application id.

    Returns:
        The number of matching rows, summed over tables.
    """
    engine = create_engine(database_url)
    try:
        inspector = inspect(engine)
        total = 0
        with engine.connect() as connection:
            for table_name in inspector.get_table_names():
                text_columns = [
                    column["name"]
                    for column in inspector.get_columns(table_name)
                    if isinstance(column["type"], String | Text)
                ]
                if not text_columns:
                    continue
                target = table(table_name, *[sql_column(name) for name in text_columns])
                condition = or_(*[target.c[name] == value for name in text_columns])
                total += connection.execute(
                    select(func.count()).select_from(target).where(condition)
                ).scalar_one()
        return total
    finally:
        engine.dispose()


def count_all_rows(database_url: str) -> int:
    """Count the rows of every table of the database."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return sum(
                connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in inspect(engine).get_table_names()
            )
    finally:
        engine.dispose()


def column_names(database_url: str) -> dict[str, list[str]]:
    """Return each table's column names."""
    engine = create_engine(database_url)
    try:
        inspector = inspect(engine)
        return {
            name: [column["name"] for column in inspector.get_columns(name)]
            for name in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def count_rows_containing(database_url: str, value: str) -> int:
    """Count the rows, over every table, with a text column that contains `value`.

    Unlike `count_rows_mentioning`, this finds a value inside a longer text too, for example
    a field of an applicant stored as a JSON document. Every column is read as text.

    Args:
        database_url: The stage's database.
        value: The text to look for.

    Returns:
        The number of matching rows, summed over tables.
    """
    engine = create_engine(database_url)
    try:
        inspector = inspect(engine)
        total = 0
        with engine.connect() as connection:
            for table_name in inspector.get_table_names():
                names = [column["name"] for column in inspector.get_columns(table_name)]
                target = table(table_name, *[sql_column(name) for name in names])
                condition = or_(*[cast(target.c[name], String).contains(value) for name in names])
                total += connection.execute(
                    select(func.count()).select_from(target).where(condition)
                ).scalar_one()
        return total
    finally:
        engine.dispose()


def table_row_counts(database_url: str) -> dict[str, int]:
    """Return each table's number of rows."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return {
                name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
                for name in inspect(engine).get_table_names()
            }
    finally:
        engine.dispose()
