"""Promotions from several processes at once: every earlier champion is kept for a rollback.

The aliases file is read, changed and rewritten under the registry's lock file; without it,
two processes promoting at once overwrite each other's history entries.
"""

import json
import multiprocessing
from pathlib import Path

import pytest

from refactored.registry import CHAMPION, ModelRegistry
from refactored.registry.promotion import ChampionChangedError, previous_champions, promote
from tests.refactored.conftest import TEST_REGISTRY_KEY

PROMOTIONS_PER_PROCESS = 200


def registry_with_versions(folder: Path, count: int) -> ModelRegistry:
    """A registry whose versions 1..count exist (a card each; promotion reads nothing else)."""
    registry = ModelRegistry(folder, TEST_REGISTRY_KEY)
    for version in range(1, count + 1):
        version_folder = registry.version_folder(version)
        version_folder.mkdir(parents=True)
        (version_folder / "card.json").write_text(json.dumps({"version": version}))
    return registry


def promote_each(folder: str, versions: list[int], start) -> None:
    """Wait for the start, then promote each version in turn (runs in a child process)."""
    registry = ModelRegistry(Path(folder), TEST_REGISTRY_KEY)
    start.wait()
    for version in versions:
        promote(registry, version)


def test_two_processes_promoting_at_once_keep_every_earlier_champion(tmp_path):
    total = 2 * PROMOTIONS_PER_PROCESS
    registry = registry_with_versions(tmp_path, total + 1)
    promote(registry, total + 1)
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    halves = [
        list(range(1, PROMOTIONS_PER_PROCESS + 1)),
        list(range(PROMOTIONS_PER_PROCESS + 1, total + 1)),
    ]
    workers = [
        context.Process(target=promote_each, args=(str(tmp_path), half, start)) for half in halves
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(timeout=300)

    assert [worker.exitcode for worker in workers] == [0, 0]
    history = previous_champions(registry)
    assert len(history) == total
    assert sorted([*history, registry.version_of(CHAMPION)]) == list(range(1, total + 2))


def test_a_promotion_gated_against_another_champion_is_refused(tmp_path):
    registry = registry_with_versions(tmp_path, 3)
    promote(registry, 1)
    promote(registry, 2)  # a person promotes version 2 while a challenger was gated against 1

    with pytest.raises(ChampionChangedError, match="expected version 1, found 2"):
        promote(registry, 3, expected_champion=1)

    assert registry.version_of(CHAMPION) == 2
    assert previous_champions(registry) == [1]
