"""The served model follows the registry's `champion` alias, on every thread at once.

A promotion in another process rewrites the aliases file; the first `current()` to notice
loads the new champion. A request that asks meanwhile, on another thread (the monitoring
check calls `current()` from its own thread, stage 08 on), must wait for that load and get
the new model, not the old one: a request after a promotion serves the new champion.
Every stage from 07 (the registry) on holds its model this way.
"""

import importlib
import importlib.util
import json
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from stages.instrument.stage_list import STAGE_PACKAGES

BLOCKED_FOR = 0.2
WAIT_SECONDS = 10


def package_folder(package: str) -> Path:
    """The source folder of a stage package."""
    return Path(importlib.util.find_spec(package).submodule_search_locations[0])


# The stages whose served model follows a registry's alias (stage 07 on).
FOLLOWING = [
    package for package in STAGE_PACKAGES if (package_folder(package) / "registry").is_dir()
]


class SlowRegistry:
    """The part of `ModelRegistry` the holder uses; loading version 2 waits for `release`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.aliases_path = folder / "aliases.json"
        self.load_started = threading.Event()
        self.release = threading.Event()
        self.point_champion_at(1)

    def point_champion_at(self, version: int) -> None:
        """Rewrite the aliases file as a promotion does: a new file renamed over the old."""
        temporary = self.folder / ".aliases.json.tmp"
        temporary.write_text(json.dumps({"champion": version}))
        os.replace(temporary, self.aliases_path)

    def version_of(self, alias: str) -> int | None:
        """The version the aliases file names for `alias`."""
        return json.loads(self.aliases_path.read_text()).get(alias)

    def load(self, version: int) -> SimpleNamespace:
        """A stand-in for the loaded model; version 2 takes until `release` is set."""
        if version == 2:
            self.load_started.set()
            assert self.release.wait(WAIT_SECONDS)
        return SimpleNamespace(version=version)


@pytest.mark.parametrize("package", FOLLOWING)
def test_a_request_while_another_thread_loads_the_new_champion_gets_the_new_one(
    package: str, tmp_path: Path
):
    holder_class = importlib.import_module(f"{package}.serving.champion").ChampionHolder
    registry = SlowRegistry(tmp_path)
    holder = holder_class(registry)
    registry.point_champion_at(2)  # another process promoted version 2
    loader = threading.Thread(target=holder.current)
    loader.start()
    assert registry.load_started.wait(WAIT_SECONDS)
    served = []
    request = threading.Thread(target=lambda: served.append(holder.current().version))
    request.start()
    request.join(BLOCKED_FOR)  # the load under way holds the lock however long this is

    still_waiting = request.is_alive()
    registry.release.set()
    loader.join(WAIT_SECONDS)
    request.join(WAIT_SECONDS)

    assert served == [2]
    assert still_waiting
