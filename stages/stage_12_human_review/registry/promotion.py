"""Promotion with memory: the champion's predecessors for rollback, and the gate's decisions.

The aliases file also keeps the earlier champions, newest last; the aliases and that list are
one file, rewritten atomically, so a process killed at any point leaves either the old
champion or the new one. A promotion or a rollback reads, changes and rewrites it under the
registry's lock (`ModelRegistry.aliases_changing`), so when several processes promote at once
none loses another's entry, and one that expected another champion is refused. Every change
of champion is recorded in the same file, with who made it (`champion_changes`). The gate's
decision on a version is stored beside it (`gate.json`).
"""

import json
from datetime import UTC, datetime

from .errors import ModelNotFoundError
from .files import write_json_atomically
from .store import CHAMPION, ModelRegistry

GATE_NAME = "gate.json"
PREVIOUS_CHAMPIONS = "previous_champions"
CHAMPION_CHANGES = "champion_changes"
PROMOTION, GATED_PROMOTION, ROLLBACK = "promotion", "gated promotion", "rollback"


class ChampionChangedError(ValueError):
    """The champion changed since the caller looked: look again before changing it."""

    def __init__(self, expected: int | None, found: int | None):
        super().__init__(
            f"the champion changed meanwhile (expected version {expected}, found {found}); "
            "look again before changing it"
        )


def previous_champions(registry: ModelRegistry) -> list[int]:
    """The versions that were champion before the current one, oldest first."""
    return list(registry.stored_aliases().get(PREVIOUS_CHAMPIONS, []))


def champion_changes(registry: ModelRegistry) -> list[dict]:
    """Every change of champion, oldest first: action, versions, who made it and when."""
    return list(registry.stored_aliases().get(CHAMPION_CHANGES, []))


def with_change(stored: dict, action: str, version: int, by: str | None) -> list[dict]:
    """The champion changes of `stored` plus this one, stamped now (UTC)."""
    change = {
        "action": action,
        "version": version,
        "previous": stored.get(CHAMPION),
        "by": by,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    return [*stored.get(CHAMPION_CHANGES, []), change]


def promote(
    registry: ModelRegistry,
    version: int,
    expected_champion: int | None = None,
    by: str | None = None,
    action: str = PROMOTION,
) -> int | None:
    """Make `version` the champion, remembering the current one for a rollback.

    Args:
        registry: The registry.
        version: The version to promote.
        expected_champion: The champion the caller compared `version` with; if given and the
            champion changed meanwhile, the promotion is refused.
        by: Who promotes it (the name of an admin credential), recorded with the change.
        action: `PROMOTION` by a person, or `GATED_PROMOTION` by a retraining they asked for.

    Returns:
        The previous champion, or None.

    Raises:
        ModelNotFoundError: If the version does not exist.
        ChampionChangedError: If the champion is no longer `expected_champion`.
    """
    registry.card(version)
    with registry.aliases_changing():
        stored = registry.stored_aliases()
        previous = stored.get(CHAMPION)
        if expected_champion is not None and previous != expected_champion:
            raise ChampionChangedError(expected_champion, previous)
        history = list(stored.get(PREVIOUS_CHAMPIONS, []))
        if previous is not None and previous != version:
            history.append(previous)
        changes = with_change(stored, action, version, by)
        registry.write_aliases(
            {**stored, CHAMPION: version, PREVIOUS_CHAMPIONS: history, CHAMPION_CHANGES: changes}
        )
    return previous


def rollback(registry: ModelRegistry, expected_champion: int, by: str | None = None) -> int:
    """Make the previous champion the champion again, and forget it as previous.

    Args:
        registry: The registry.
        expected_champion: The champion the caller saw; a concurrent change refuses.
        by: Who rolls back (the name of an admin credential), recorded with the change.

    Returns:
        The restored version.

    Raises:
        ModelNotFoundError: If there is no earlier champion to restore.
        ChampionChangedError: If the champion changed meanwhile.
    """
    with registry.aliases_changing():
        stored = registry.stored_aliases()
        history = list(stored.get(PREVIOUS_CHAMPIONS, []))
        if stored.get(CHAMPION) != expected_champion:
            raise ChampionChangedError(expected_champion, stored.get(CHAMPION))
        if not history:
            raise ModelNotFoundError("there is no earlier champion to roll back to")
        restored = history.pop()
        registry.card(restored)
        changes = with_change(stored, ROLLBACK, restored, by)
        registry.write_aliases(
            {**stored, CHAMPION: restored, PREVIOUS_CHAMPIONS: history, CHAMPION_CHANGES: changes}
        )
    return restored


def record_gate(registry: ModelRegistry, version: int, decision: dict) -> None:
    """Store the gate's decision and reasons beside a version (`gate.json`, atomically)."""
    write_json_atomically(registry.version_folder(version) / GATE_NAME, decision)


def gate_of(registry: ModelRegistry, version: int) -> dict | None:
    """The gate's decision on `version`, or None if it never went through the gate."""
    path = registry.version_folder(version) / GATE_NAME
    return json.loads(path.read_text()) if path.is_file() else None
