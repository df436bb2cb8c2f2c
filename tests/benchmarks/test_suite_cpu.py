"""The summary of a py-spy recording: every sample counted once, in its first category."""

from pathlib import Path

import pytest

from benchmarks.suite_cpu import CATEGORIES, EVERYTHING_ELSE, samples, summarise

WORKER = 'process 10:"python -m pytest -n auto";process 11:"python -u -c import sys"'
# A process whose command line holds a newline: py-spy writes it over two lines.
CHILD = 'process 12:"python -c \nimport os"'
RECORDING = "\n".join(
    [
        f"{WORKER};train_and_register (refactored/training/train.py:80);"
        "_find_and_load (<frozen importlib._bootstrap>:1) 40",
        f"{WORKER};score (monolith/app.py:50);load (joblib/numpy_pickle.py:700) 20",
        f"{WORKER};Flask.wsgi_app (flask/app.py:1479);score (api.py:9) 20",
        f"{CHILD};<module> (<string>:2);_find_and_load (<frozen importlib._bootstrap>:1) 40",
        f"{WORKER};runtestprotocol (_pytest/runner.py:1) 40",
    ]
)


@pytest.fixture
def recording(tmp_path: Path) -> Path:
    path = tmp_path / "suite.txt"
    path.write_text(RECORDING + "\n")
    return path


def test_a_stack_split_over_lines_by_a_command_line_is_read_as_one_sample(recording: Path):
    stacks = list(samples(recording))

    assert [count for _, count in stacks] == [40, 20, 20, 40, 40]
    assert "import os" in stacks[3][0]


def test_each_sample_counts_once_in_its_first_category(recording: Path):
    per_category, processes, total = summarise(recording, rate=40)

    assert total == 4.0 and processes == 3
    trainings, notebook, reloads, imports, requests = (name for name, _ in CATEGORIES)
    assert per_category[trainings] == 1.0 and per_category[imports] == 1.0
    assert per_category[reloads] == 0.5 and per_category[requests] == 0.5
    assert per_category[notebook] == 0
    assert per_category[EVERYTHING_ELSE] == 1.0
    assert sum(per_category.values()) == total
