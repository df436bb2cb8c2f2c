"""Many rows, given column by column, inserted with one `executemany` of the driver.

SQLAlchemy's `connection.execute(insert(table), rows)` serialises each JSON value with the
standard library and processes each parameter of each row in Python: most of a 10,000-row
batch's storage time. Here a JSON column's values are serialised by orjson, a value shared by
every row is processed once by its column's type, and the rows go to the driver as they are,
through the insert SQLAlchemy compiled for the engine's dialect (cached per dialect).
"""

import weakref

import orjson
from sqlalchemy import JSON, Column, Connection, Dialect, Table, insert
from sqlalchemy.engine.interfaces import Compiled

# Per dialect (for as long as its engine lives): (table, columns) -> the compiled insert.
_COMPILED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def insert_columns(
    connection: Connection, table: Table, columns: dict[str, list], shared: dict[str, object]
) -> None:
    """Insert one row per entry of the `columns` lists, each row also holding `shared`.

    Args:
        connection: The connection, in the caller's transaction.
        table: The table.
        columns: Column name to its values, one per row (lists of equal length).
        shared: Column name to the value every row has.
    """
    dialect = connection.dialect
    count = len(next(iter(columns.values())))
    values = {name: driver_values(dialect, table.c[name], given) for name, given in columns.items()}
    for name, value in shared.items():
        values[name] = driver_values(dialect, table.c[name], [value]) * count
    compiled = compiled_insert(dialect, table, tuple(values))
    if compiled.positional:
        rows = list(zip(*(values[name] for name in compiled.positiontup), strict=True))
    else:
        rows = [dict(zip(values, row, strict=True)) for row in zip(*values.values(), strict=True)]
    connection.exec_driver_sql(str(compiled), rows)


def driver_values(dialect: Dialect, column: Column, values: list) -> list:
    """`values` of `column` as its type hands them to the driver (JSON as orjson's text)."""
    if isinstance(column.type, JSON):
        return [orjson.dumps(value).decode() for value in values]
    process = column.type.dialect_impl(dialect).bind_processor(dialect)
    return values if process is None else [process(value) for value in values]


def compiled_insert(dialect: Dialect, table: Table, names: tuple[str, ...]) -> Compiled:
    """The insert of one row of `names` into `table`, compiled once per dialect."""
    cache = _COMPILED.setdefault(dialect, {})
    key = (table.name, names)
    if key not in cache:
        cache[key] = insert(table).compile(dialect=dialect, column_keys=list(names))
    return cache[key]
