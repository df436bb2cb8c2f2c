"""One application id, one stored application: the database refuses a second, and says the first.

`scored_applications.application_id` is unique (`orm.py`), so the database itself decides
when two requests, in one process or several, send the same id: the second insert fails and
its transaction stores nothing. `first_answers` then reads what was stored, and answered, for
those ids, so that the caller can tell a client's retry from a reused id
(`serving/one_record.py`).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from .orm import ScoredApplication

# Ids looked up per query: well below the bound-parameter limits of SQLite and PostgreSQL.
LOOKUP_CHUNK = 1_000


class ApplicationIdStoredError(Exception):
    """The database refused a batch: one of its application ids is stored already."""


@dataclass(frozen=True)
class FirstAnswer:
    """What was stored for an application id, and what its request was answered.

    Attributes:
        applicant: The stored input, as validated.
        answer: The answer's fields: `application_id`, `decision`, `model_version`,
            `probability_default`, `reasons` and `request_id`.
    """

    applicant: dict
    answer: dict


@contextmanager
def refusing_stored_ids() -> Iterator[None]:
    """Turn the unique index's refusal into `ApplicationIdStoredError` (after the rollback).

    Raises:
        ApplicationIdStoredError: If the block's insert broke a unique constraint.
    """
    try:
        yield
    except IntegrityError as error:
        raise ApplicationIdStoredError(str(error.orig)) from error


def first_answers(engine: Engine, application_ids: Sequence[str]) -> dict[str, FirstAnswer]:
    """The stored application and first answer of each id in `application_ids` that is stored.

    Args:
        engine: The scores database.
        application_ids: The ids to look up.

    Returns:
        The first answer per stored id; ids never stored are left out.
    """
    table = ScoredApplication.__table__.c
    answer_columns = (
        table.application_id,
        table.decision,
        table.model_version,
        table.probability_default,
        table.reasons,
        table.request_id,
    )
    found = {}
    with engine.connect() as connection:
        for start in range(0, len(application_ids), LOOKUP_CHUNK):
            chunk = list(application_ids[start : start + LOOKUP_CHUNK])
            query = select(table.applicant, *answer_columns).where(table.application_id.in_(chunk))
            for row in connection.execute(query).mappings():
                answer = {column.name: row[column.name] for column in answer_columns}
                found[row["application_id"]] = FirstAnswer(row["applicant"], answer)
    return found
