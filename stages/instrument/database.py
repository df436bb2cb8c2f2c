"""Read a stage's database from the outside, whatever its schema (used by probes and tests)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, String, Text, cast, create_engine, func, inspect, or_, select
from sqlalchemy import column as sql_column
from sqlalchemy import table as sql_table


@contextmanager
def connected(database_url: str) -> Iterator[Connection]:
    """Open one connection to the database, and dispose of its engine afterwards.

    Args:
        database_url: The stage's database.

    Yields:
        The connection; `inspect(connection)` lists the tables and columns.
    """
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def count_matching_rows(connection: Connection, table_name: str, names: list[str], match) -> int:
    """Count the rows of one table where `match(column)` holds for any of the named columns."""
    target = sql_table(table_name, *[sql_column(name) for name in names])
    condition = or_(*[match(target.c[name]) for name in names])
    return connection.execute(
        select(func.count()).select_from(target).where(condition)
    ).scalar_one()


def count_rows_mentioning(database_url: str, value: str) -> int:
    """Count the rows, over every table, that hold `value` in one of their text columns.

    Args:
        database_url: The stage's database.
        value: The value to look for, for example an application id.

    Returns:
        The number of matching rows, summed over tables.
    """
    with connected(database_url) as connection:
        inspector = inspect(connection)
        total = 0
        for table_name in inspector.get_table_names():
            text_columns = [
                column["name"]
                for column in inspector.get_columns(table_name)
                if isinstance(column["type"], String | Text)
            ]
            if text_columns:
                total += count_matching_rows(
                    connection, table_name, text_columns, lambda column: column == value
                )
        return total


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
    with connected(database_url) as connection:
        inspector = inspect(connection)
        return sum(
            count_matching_rows(
                connection,
                table_name,
                [column["name"] for column in inspector.get_columns(table_name)],
                lambda column: cast(column, String).contains(value),
            )
            for table_name in inspector.get_table_names()
        )


def table_row_counts(database_url: str) -> dict[str, int]:
    """Return each table's number of rows."""
    with connected(database_url) as connection:
        return {
            name: connection.execute(select(func.count()).select_from(sql_table(name))).scalar_one()
            for name in inspect(connection).get_table_names()
        }


def count_all_rows(database_url: str) -> int:
    """Count the rows of every table of the database."""
    return sum(table_row_counts(database_url).values())


def column_names(database_url: str) -> dict[str, list[str]]:
    """Return each table's column names."""
    with connected(database_url) as connection:
        inspector = inspect(connection)
        return {
            name: [column["name"] for column in inspector.get_columns(name)]
            for name in inspector.get_table_names()
        }
