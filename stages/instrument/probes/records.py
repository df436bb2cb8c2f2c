"""Read what a stage recorded about its model: JSON files, `GET /model`, holdout predictions."""

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
from flask.testing import FlaskClient

MODEL_ROUTE = "/model"


def json_documents(folder: Path, client: FlaskClient | None = None) -> list[tuple[str, object]]:
    """Every JSON document the stage offers about its model: files below `folder`, `/model`.

    Args:
        folder: The instance folder.
        client: A test client; when given, `GET /model` is asked too.

    Returns:
        (source, document) pairs.
    """
    documents = []
    for path in sorted(folder.rglob("*.json")):
        try:
            documents.append((str(path.relative_to(folder)), json.loads(path.read_text())))
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
    if client is not None:
        response = client.get(MODEL_ROUTE)
        if response.status_code == 200 and response.is_json:
            documents.append((f"GET {MODEL_ROUTE}", response.get_json()))
    return documents


def walk(document: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Yield (dotted key path, value) for every leaf and branch of a JSON document."""
    if isinstance(document, dict):
        for key, value in document.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, value
            yield from walk(value, child)
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from walk(value, f"{path}[{index}]")


def find_number(documents: list[tuple[str, object]], word: str) -> tuple[str, float] | None:
    """The first number stored under a key containing `word` (case-insensitive).

    Returns:
        (source and key, value), or None.
    """
    for source, document in documents:
        for key, value in walk(document):
            last = key.rsplit(".", 1)[-1].lower()
            if word in last and isinstance(value, int | float) and not isinstance(value, bool):
                return f"{source}: {key}", float(value)
    return None


def holdout_prediction_files(
    folder: Path, application_ids: list[str]
) -> list[tuple[str, pd.Series]]:
    """Probabilities the training code wrote for the holdout, from CSV files below `folder`.

    A file counts when it has an `application_id` column covering every holdout id and a
    column whose name mentions a probability.

    Returns:
        (file name, series) per such file, each series indexed like `application_ids`.
    """
    found = []
    for path in sorted(folder.rglob("*.csv")):
        try:
            table = pd.read_csv(path, dtype={"application_id": str})
        except (ValueError, UnicodeDecodeError):
            continue
        columns = [column for column in table.columns if "prob" in column.lower()]
        if "application_id" not in table or not columns:
            continue
        indexed = table.drop_duplicates("application_id").set_index("application_id")
        if set(application_ids) <= set(indexed.index):
            series = indexed.loc[application_ids, columns[0]]
            found.append((str(path.relative_to(folder)), series.astype(float)))
    return found
