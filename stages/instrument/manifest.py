"""Read `stages/manifest.toml`: the stages in order and the catalogue of planted debts.

What can be derived from the stages is not written twice: which stage repays a debt comes
from the stages' `repays`, and the README's stage table is generated (`readme_table.py`).
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MANIFEST_PATH = Path(__file__).resolve().parent.parent / "manifest.toml"
REPOSITORY_ROOT = MANIFEST_PATH.parent.parent
FIRST_PACKAGE = "monolith"
LAST_PACKAGE = "refactored"


@dataclass(frozen=True)
class Stage:
    """One stage of the refactoring.

    Attributes:
        number: Two digits, `00` for the monolith.
        package: The importable package, for example `monolith`.
        slug: The short name used in git tags (`separated-concerns`); the folder and package
            use it with `_` for `-` (`stages/stage_02_separated_concerns/`).
        title: A one-line title.
        repays: The debt IDs this stage repays.
        changes: Files (relative to the stage folder, each by name) that differ from
            the previous stage's folder.
    """

    number: str
    package: str
    slug: str
    title: str
    repays: tuple[str, ...]
    changes: tuple[str, ...]

    @property
    def folder(self) -> Path:
        """The stage's package folder, following the project's folder rule."""
        return REPOSITORY_ROOT / Path(*self.package.split("."))

    @property
    def tag(self) -> str:
        """The git tag of this stage, for example `stage-00-monolith`."""
        return f"stage-{self.number}-{self.slug}"


@dataclass(frozen=True)
class Debt:
    """One planted debt of the catalogue.

    Attributes:
        id: The debt's ID, for example `DEBT-02`.
        name: Its name, from the literature where it has one.
        category: Its category (Bogner et al. 2021).
        literature: Where the term comes from.
        probe: The module of `stages.instrument.probes` that measures it.
        repaid_by: The package of the stage that repays it; empty while no stage does.
            Derived from the stages' `repays`, never written in the debt's table.
    """

    id: str
    name: str
    category: str
    literature: str
    probe: str
    repaid_by: str


@dataclass(frozen=True)
class Manifest:
    """The stages, in order, and the debt catalogue."""

    stages: tuple[Stage, ...]
    debts: tuple[Debt, ...]

    def stage(self, name: str) -> Stage:
        """Find a stage by its number (`00` or `0`), slug or package name.

        Args:
            name: What the user typed.

        Returns:
            The stage.

        Raises:
            KeyError: If no stage matches.
        """
        for stage in self.stages:
            numbers = {stage.number, str(int(stage.number))}
            if name in numbers or name in {stage.slug, stage.package}:
                return stage
        known = ", ".join(f"{stage.number} {stage.slug}" for stage in self.stages)
        raise KeyError(f"no stage {name!r}; known stages: {known}")

    def debt(self, debt_id: str) -> Debt:
        """Find a debt by its ID (`DEBT-02`, or `02` / `2` for short).

        Raises:
            KeyError: If no debt matches.
        """
        wanted = debt_id.upper()
        if not wanted.startswith("DEBT-"):
            wanted = f"DEBT-{int(wanted):02d}"
        for debt in self.debts:
            if debt.id == wanted:
                return debt
        raise KeyError(f"no debt {debt_id!r}")

    def predecessor(self, stage: Stage) -> Stage | None:
        """The stage before `stage`, or None for the first."""
        position = self.stages.index(stage)
        return self.stages[position - 1] if position else None

    def debt_expected_present(self, debt: Debt, stage: Stage) -> bool:
        """Whether `debt` should still be present on `stage`, by the manifest.

        A debt is present on every stage before the one that repays it and absent from that
        stage on; a debt no listed stage repays is present everywhere.
        """
        packages = [listed.package for listed in self.stages]
        if debt.repaid_by not in packages:
            return True
        return packages.index(stage.package) < packages.index(debt.repaid_by)


def parse_manifest(text: str) -> Manifest:
    """Parse the manifest's TOML text.

    Args:
        text: The content of a manifest file.

    Returns:
        The manifest.
    """
    document = tomllib.loads(text)
    stages = tuple(
        Stage(
            number=entry["number"],
            package=entry["package"],
            slug=entry["slug"],
            title=entry["title"],
            repays=tuple(entry.get("repays", ())),
            changes=tuple(entry.get("changes", ())),
        )
        for entry in document.get("stages", ())
    )
    repaid_by = {debt_id: stage.package for stage in stages for debt_id in stage.repays}
    debts = tuple(
        Debt(
            id=entry["id"],
            name=entry["name"],
            category=entry["category"],
            literature=entry["literature"],
            probe=entry["probe"],
            repaid_by=repaid_by.get(entry["id"], ""),
        )
        for entry in document.get("debts", ())
    )
    return Manifest(stages=stages, debts=debts)


@cache
def load_manifest(path: Path = MANIFEST_PATH) -> Manifest:
    """Read the manifest file (once per process and path)."""
    return parse_manifest(path.read_text())
