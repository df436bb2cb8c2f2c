"""Read a stage's database from the outside (the helpers live in `stages.instrument.database`)."""

from stages.instrument.database import column_names, count_all_rows, count_rows_mentioning

__all__ = ["column_names", "count_all_rows", "count_rows_mentioning"]
