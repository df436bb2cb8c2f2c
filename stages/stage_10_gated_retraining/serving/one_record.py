"""One application, one record: a retry gets its first answer, a reused id is refused.

From the stage where outcomes come back, an `application_id` names one application: outcomes
and reviewers' decisions attach to it, so it must never name two. The database's unique index
decides (`storage/application_ids.py`), which holds across every process sharing it, and the
usual request, with new ids only, costs nothing more than its insert. When the database
refuses a request, the stored ids are read back:

- an id stored with the same applicant is the client's retry: it gets the first answer back,
  and nothing is stored twice;
- an id stored with another applicant is refused (409, naming the field), and nothing of the
  request is stored;
- the request's other applicants are stored.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from ..domain.applicant import InvalidApplicantError
from ..storage.application_ids import ApplicationIdStoredError, FirstAnswer

Answer = TypeVar("Answer")
# How many times a request is stored again when other requests store its ids meanwhile.
ATTEMPTS = 3


class ApplicationIdTakenError(Exception):
    """Application ids that already name another stored application; nothing was stored.

    Attributes:
        problems: The field of each such id (`application_id`, or
            `applicants.N.application_id` in a batch) and why it is refused.
    """

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(f"application ids already in use: {sorted(problems)}")
        self.problems = problems


def id_field(position: int, count: int) -> str:
    """The name of the `application_id` field of the applicant at `position` of `count`."""
    return f"applicants.{position}.application_id" if count > 1 else "application_id"


def refuse_repeated_ids(application_ids: Sequence[str]) -> None:
    """Refuse a batch that sends one id for two applicants.

    Raises:
        InvalidApplicantError: Naming the field of each later applicant with an earlier one's id.
    """
    if len(set(application_ids)) == len(application_ids):
        return
    first_position, problems = {}, {}
    for position, key in enumerate(application_ids):
        if key in first_position:
            earlier = first_position[key]
            problems[id_field(position, len(application_ids))] = [f"repeats applicant {earlier}'s"]
        first_position.setdefault(key, position)
    raise InvalidApplicantError(problems)


def store_once(
    answers: list[Answer],
    applicants: Sequence[dict],
    store: Callable[[list[int] | None], None],
    first_answers: Callable[[list[str]], dict[str, FirstAnswer]],
    answer_of: Callable[..., Answer],
) -> list[Answer]:
    """Store a request's applicants that are not stored yet; answer retries with their first answer.

    Args:
        answers: The request's answers, one per applicant (each with its `application_id`).
        applicants: The validated applicants, in the same order.
        store: Stores the applicants at the given positions (all of them for None) in one
            transaction; raises `ApplicationIdStoredError` if one of their ids is stored.
        first_answers: Reads the stored applicant and first answer of each stored id.
        answer_of: Builds an answer from a first answer's fields.

    Returns:
        The answers, a retried applicant's replaced by its first answer.

    Raises:
        ApplicationIdTakenError: If an id names another stored applicant; nothing is stored.
    """
    positions: list[int] | None = None
    ids = [answer.application_id for answer in answers]
    for _ in range(ATTEMPTS):
        try:
            store(positions)
            return answers
        except ApplicationIdStoredError:
            pending = range(len(ids)) if positions is None else positions
            stored = first_answers([ids[position] for position in pending])
            if not stored:
                raise
        taken = {
            id_field(position, len(ids)): ["names another application already scored"]
            for position in pending
            if ids[position] in stored and stored[ids[position]].applicant != applicants[position]
        }
        if taken:
            raise ApplicationIdTakenError(taken)
        for position in pending:
            if ids[position] in stored:
                answers[position] = answer_of(**stored[ids[position]].answer)
        positions = [position for position in pending if ids[position] not in stored]
        if not positions:
            return answers
    raise ApplicationIdTakenError(
        {
            id_field(position, len(ids)): ["being stored by another request; retry"]
            for position in positions
        }
    )
