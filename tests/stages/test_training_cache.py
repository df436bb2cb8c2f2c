"""The training cache: a hit is what training would have written, and anything else misses.

The first test compares, on every stage, a hit with a training done with the cache off (the
probes' pristine instance, which trains with the cache off, copied); the others point the cache
at a temporary folder of their own and start fake instances.
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from flask import Flask

from stages.instrument import cache
from stages.instrument.instance import StageInstance, new_instance
from stages.instrument.probes.artifacts import default_probabilities, load_models
from stages.instrument.probes.context import ProbeContext
from stages.instrument.probes.package_copy import copy_package
from stages.instrument.scoring import score_rows

COMPARED_ROWS = 20


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch) -> Path:
    """An empty cache folder, the one every first start of the test uses."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(folder))
    return folder


def served(instance: StageInstance, holdout: pd.DataFrame) -> np.ndarray:
    """The instance's answers for the first holdout applicants."""
    client = instance.create_app().test_client()
    return score_rows(client, holdout.head(COMPARED_ROWS), opaque_ids=True).probabilities


def model_probabilities(instance: StageInstance, holdout: pd.DataFrame) -> dict:
    """Each model file's P(default) on the raw holdout (None when it needs prepared input)."""
    return {
        str(path.relative_to(instance.folder)): default_probabilities(model, holdout)
        for path, model in load_models(instance.folder)
    }


def trained_with_the_cache_off(context: ProbeContext, folder: Path) -> tuple[StageInstance, str]:
    """A copy of the context's pristine instance, which `create_app(cached=False)` trained.

    A stage whose files name their own folder is not copied (`ProbeContext.trained_copy`):
    it is trained again with the cache off, in `folder`.

    Returns:
        The instance and how its models came to be (`uncached`).
    """
    context.pristine()
    if context.cache["template"] is None:
        cold = new_instance(context.stage.package, folder)
        return cold, cold.start(cached=False)[1]
    return context.trained_copy("cache-check"), "uncached"


@pytest.mark.slow
def test_a_hit_answers_exactly_as_a_training_with_the_cache_off(
    stage_context: ProbeContext, holdout: pd.DataFrame, tmp_path: Path, monkeypatch
):
    package = stage_context.stage.package
    if cache.cache_folder() is None:
        # The run turned the cache off: fill a cache of this test's own with one training.
        monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(tmp_path / "cache"))
        new_instance(package, tmp_path / "first").start()
    # Otherwise the session's instance of the stage filled the run's cache (or hit it).
    hit = new_instance(package, tmp_path / "hit")
    _, hit_status = hit.start()
    cold, cold_status = trained_with_the_cache_off(stage_context, tmp_path / "cold")

    assert (hit_status, cold_status) == ("hit", "uncached")
    np.testing.assert_array_equal(served(hit, holdout), served(cold, holdout))
    hit_models, cold_models = model_probabilities(hit, holdout), model_probabilities(cold, holdout)
    assert hit_models.keys() == cold_models.keys() and hit_models
    for name, probabilities in hit_models.items():
        if probabilities is None:
            assert cold_models[name] is None, name
        else:
            np.testing.assert_array_equal(probabilities, cold_models[name], err_msg=name)


def test_a_hit_names_its_own_folder_where_the_training_named_its_own(
    cache_folder: Path, tmp_path: Path
):
    def start(folder: Path) -> Flask:
        (folder / "models").mkdir(exist_ok=True)
        (folder / "models" / "card.json").write_text(f'{{"data": "{folder}/german_credit.csv"}}')
        return Flask("fake")

    statuses = first_starts(tmp_path, start)
    second = fresh(tmp_path / "instance-1")

    assert statuses == ["miss", "hit"]
    assert (second.model_dir / "card.json").read_text() == (
        f'{{"data": "{second.folder}/german_credit.csv"}}'
    )


def fresh(folder: Path) -> StageInstance:
    """A fresh instance of the monolith (its package only names the key; nothing starts it)."""
    return new_instance("monolith", folder)


def writing(files: dict[str, bytes]):
    """A fake first start that writes `files` (relative path: bytes) into the instance."""

    def start(folder: Path) -> Flask:
        for relative, content in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(content)
        return Flask("fake")

    return start


def first_starts(tmp_path: Path, start, count: int = 2) -> list[str]:
    """The statuses of `count` fresh instances' first starts with the fake `start`."""
    statuses = []
    for number in range(count):
        instance = fresh(tmp_path / f"instance-{number}")
        folder = instance.folder
        status = cache.first_start(
            "monolith", folder, instance.data_path, lambda f=folder: start(f)
        )
        statuses.append(status[1])
    return statuses


def test_the_same_training_in_another_folder_hits(cache_folder: Path, tmp_path: Path):
    assert first_starts(tmp_path, writing({"models/model.bin": b"\x00\x01"})) == ["miss", "hit"]


def test_a_binary_file_naming_its_folder_is_never_stored(cache_folder: Path, tmp_path: Path):
    def start(folder: Path) -> Flask:
        return writing({"models/model.bin": b"\xff\xfe" + str(folder).encode() + b"/x"})(folder)

    assert first_starts(tmp_path, start) == ["trained", "trained"]


def test_a_file_naming_the_folder_itself_is_never_stored(cache_folder: Path, tmp_path: Path):
    def start(folder: Path) -> Flask:
        return writing({"models/note.txt": str(folder).encode()})(folder)

    assert first_starts(tmp_path, start) == ["trained", "trained"]


def test_a_training_that_writes_database_rows_is_never_stored(cache_folder: Path, tmp_path: Path):
    def start(folder: Path) -> Flask:
        with sqlite3.connect(folder / "scores.db") as connection:
            connection.execute("CREATE TABLE models (name TEXT)")
            connection.execute("INSERT INTO models VALUES ('champion')")
        return writing({"models/model.bin": b"\x00"})(folder)

    assert first_starts(tmp_path, start) == ["trained", "trained"]


def test_empty_database_tables_do_not_prevent_storing(cache_folder: Path, tmp_path: Path):
    def start(folder: Path) -> Flask:
        with sqlite3.connect(folder / "scores.db") as connection:
            connection.execute("CREATE TABLE IF NOT EXISTS scores (id INTEGER)")
        return writing({"models/model.bin": b"\x00"})(folder)

    assert first_starts(tmp_path, start) == ["miss", "hit"]


def test_a_training_that_changes_its_data_file_is_never_stored(cache_folder: Path, tmp_path: Path):
    def start(folder: Path) -> Flask:
        with (folder / "german_credit.csv").open("a") as data:
            data.write("\n")
        return writing({"models/model.bin": b"\x00"})(folder)

    assert first_starts(tmp_path, start) == ["trained", "trained"]


def test_a_changed_data_file_misses(cache_folder: Path, tmp_path: Path, dataset: pd.DataFrame):
    first, changed = fresh(tmp_path / "first"), fresh(tmp_path / "changed")
    dataset.head(999).to_csv(changed.data_path, index=False, lineterminator="\n")

    assert cache.training_key("monolith", first.data_path) != cache.training_key(
        "monolith", changed.data_path
    )


def test_a_one_line_change_to_the_code_misses(tmp_path: Path):
    data = fresh(tmp_path / "instance").data_path
    variant = copy_package(
        Path(__file__).resolve().parents[2] / "monolith",
        tmp_path / "packages",
        "monolith_cache_variant",
        {"__init__.py": lambda text: text + "\n# one more line\n"},
    )
    same = copy_package(
        Path(__file__).resolve().parents[2] / "monolith", tmp_path / "same", "monolith_cache_same"
    )

    assert cache.training_key(variant, data) != cache.training_key(same, data)
    assert cache.training_key("monolith", data) != cache.training_key(same, data)


def test_a_setting_from_the_environment_misses(tmp_path: Path, monkeypatch):
    data = fresh(tmp_path / "instance").data_path
    before = cache.training_key("monolith", data)
    monkeypatch.setenv("CREDIT_SEED", "8")

    assert cache.training_key("monolith", data) != before


def test_the_key_leaves_the_instance_folder_out(tmp_path: Path):
    first, second = fresh(tmp_path / "first"), fresh(tmp_path / "second")

    assert cache.training_key("monolith", first.data_path) == cache.training_key(
        "monolith", second.data_path
    )


def test_a_damaged_entry_misses(cache_folder: Path, tmp_path: Path):
    first_starts(tmp_path / "fill", writing({"models/model.bin": b"\x00\x01"}), count=1)
    (stored,) = cache_folder.glob("*/files/models/model.bin")
    stored.write_bytes(b"\x00\x02")

    assert first_starts(tmp_path / "again", writing({"models/model.bin": b"\x00\x01"}), 1) == [
        "trained"
    ]


def test_a_second_process_storing_the_same_entry_leaves_one_entry(
    cache_folder: Path, tmp_path: Path
):
    instance = fresh(tmp_path / "instance")
    writing({"models/model.bin": b"\x00"})(instance.folder)
    training_cache = cache.TrainingCache(cache_folder)
    checksum = cache.sha256_of(instance.data_path)
    moments = (datetime.now(UTC), datetime.now(UTC))
    stores = [
        training_cache.store("key", instance.folder, instance.data_path, checksum, moments)
        for _ in range(2)
    ]

    assert stores == [True, False]
    assert [path.name for path in cache_folder.iterdir()] == ["key"]


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, "off")

    assert first_starts(tmp_path, writing({"models/model.bin": b"\x00"})) == ["off", "off"]


def test_the_default_cache_lives_in_the_ignored_instance_folder(monkeypatch):
    monkeypatch.delenv(cache.ENVIRONMENT_VARIABLE, raising=False)

    assert cache.cache_folder() == cache.REPOSITORY_ROOT / "instance" / "cache" / "training"
    assert "instance/" in (cache.REPOSITORY_ROOT / ".gitignore").read_text().splitlines()


def test_an_instance_in_a_relative_folder_never_uses_the_cache(
    cache_folder: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    instance = fresh(Path("relative"))
    start = writing({"models/model.bin": b"\x00"})

    status = cache.first_start(
        "monolith", instance.folder, instance.data_path, lambda: start(instance.folder)
    )

    assert status[1] == "off" and not cache_folder.exists()
