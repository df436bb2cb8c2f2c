"""The README's stage table, generated from the manifest between two marker comments.

`python -m stages check` fails when the committed table differs from the generated one;
`python -m stages check --fix` rewrites it.
"""

from .manifest import REPOSITORY_ROOT, Manifest, Stage

BEGIN_MARKER = (
    "<!-- stages table: generated from stages/manifest.toml by `python -m stages check --fix` -->"
)
END_MARKER = "<!-- end of the stages table -->"
HEADER = "| number | stage | title | repays | git tag |\n|---|---|---|---|---|\n"


def stage_row(stage: Stage) -> str:
    """One table row: number, the package linked to its README, title, debts repaid, tag."""
    folder = stage.folder.relative_to(REPOSITORY_ROOT).as_posix()
    package = f"[`{stage.package}`]({folder}/README.md)"
    repays = ", ".join(stage.repays) or "—"
    return f"| {stage.number} | {package} | {stage.title} | {repays} | `{stage.tag}` |\n"


def generated_table(manifest: Manifest) -> str:
    """The table, markers included, for the manifest's stages in order."""
    rows = "".join(stage_row(stage) for stage in manifest.stages)
    return f"{BEGIN_MARKER}\n{HEADER}{rows}{END_MARKER}"


def committed_table(readme: str) -> str | None:
    """The table between the markers in `readme`, markers included; None without markers."""
    start, end = readme.find(BEGIN_MARKER), readme.find(END_MARKER)
    if start < 0 or end < start:
        return None
    return readme[start : end + len(END_MARKER)]


def with_generated_table(manifest: Manifest, readme: str) -> str:
    """`readme` with the text between the markers replaced by the generated table.

    Raises:
        ValueError: If the README has no markers.
    """
    committed = committed_table(readme)
    if committed is None:
        raise ValueError(f"the README has no stage table markers ({BEGIN_MARKER!r})")
    return readme.replace(committed, generated_table(manifest), 1)
