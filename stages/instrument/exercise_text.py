"""The text of an exercise's `EXERCISE.md`, taken from the reference stage and the probes.

Nothing is written twice: the change request and the smell are the reference stage's README
sections, what a probe observes is its row in the probes' README, the files to look at are
the reference stage's `changes` in the manifest, and the last hint is the reference stage's
"repayment" section. The hints go from least to most help.
"""

from pathlib import Path

from .manifest import REPOSITORY_ROOT, Debt, Manifest, Stage

PROBES_README = REPOSITORY_ROOT / "stages" / "instrument" / "probes" / "README.md"


def readme_section(text: str, title: str) -> str:
    """The body of the first Markdown section whose heading starts with `title`.

    Headings inside fenced code blocks are not headings. The section ends at the next
    heading of the same level or higher.

    Args:
        text: A README's text.
        title: The heading's start, for example `The change request`.

    Returns:
        The section's body, stripped; empty when there is no such section.
    """
    body, level, fenced = [], 0, False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        hashes = len(line) - len(line.lstrip("#"))
        is_heading = not fenced and hashes and line[hashes : hashes + 1] == " "
        if is_heading and level and hashes <= level:
            break
        if level:
            body.append(line)
        elif is_heading and line[hashes + 1 :].startswith(title):
            level = hashes
    return "\n".join(body).strip()


def probe_row(debt: Debt, readme: Path = PROBES_README) -> tuple[str, str]:
    """What the debt's probe observes and when it decides the debt present (its table row)."""
    for line in readme.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] == debt.id:
            return cells[1], cells[2]
    return "(see the probe's module)", "(see the probe's module)"


def kept_debts(manifest: Manifest, base: Stage, repaid: tuple[str, ...]) -> list[Debt]:
    """The debts already repaid on `base`, which the working folder must keep repaid."""
    return [
        debt
        for debt in manifest.debts
        if debt.id not in repaid and not manifest.debt_expected_present(debt, base)
    ]


def exercise_markdown(
    manifest: Manifest, base: Stage, reference: Stage, golden_kept: bool, folder: str
) -> str:
    """The `EXERCISE.md` of the step from `base` to `reference`.

    Args:
        manifest: The manifest.
        base: The stage copied into the working folder.
        reference: The stage that repays the exercise's debts.
        golden_kept: Whether the reference stage keeps its predecessor's golden master.
        folder: The working folder as the student types it in commands.

    Returns:
        The Markdown text.
    """
    readme = (reference.folder / "README.md").read_text()
    debts = [manifest.debt(debt_id) for debt_id in reference.repays]
    names = ", ".join(f"{debt.id} ({debt.name})" for debt in debts)
    kept = kept_debts(manifest, base, reference.repays)
    lines = [
        f"# Exercise {base.number} → {reference.number}: repay {names}",
        "",
        f"This folder is a copy of stage {base.number} (`{base.package}`), a runnable stage "
        f"package. Change it until the probes find {names} repaid, as stage "
        f"{reference.number} (`{reference.package}`) does.",
        "",
        "## The change request",
        "",
        readme_section(readme, "The change request"),
        "",
        "## The smell",
        "",
        "Paths below name the stage's files; here they are the same files in this folder.",
        "",
        readme_section(readme, "The smell"),
        "",
        "## Done means",
        "",
        *[f"- the probe `{debt.probe}` finds {debt.id} absent;" for debt in debts],
        *[f"- the probe `{debt.probe}` still finds {debt.id} absent;" for debt in kept],
        "- the HTTP contract still holds (health, answers, ids, one cut-off, one row per score);",
        (
            "- the 200 holdout answers equal the golden master "
            f"(`tests/golden/`, the file that pins `{reference.package}`)."
            if golden_kept
            else "- the holdout answers may change: this step changes them on purpose "
            "(stage " + reference.number + " approves its own golden master)."
        ),
        "",
        "`grade` measures the code; it does not read this file, the folder's name or any comment.",
        "",
        "## Hints (read one at a time)",
        "",
    ]
    for number, debt in enumerate(debts, start=1):
        observes, present_when = probe_row(debt)
        lines += [
            f"{number}. What the probe of {debt.id} observes: {observes}. "
            f"It finds the debt present when: {present_when}.",
        ]
    changes = ", ".join(f"`{name}`" for name in reference.changes if name != "README.md")
    lines += [
        f"{len(debts) + 1}. The reference stage adds, removes or edits: {changes}.",
        f"{len(debts) + 2}. How the reference stage repays it:",
        "",
        readme_section(readme, "The repayment"),
        "",
        "## Commands",
        "",
        "```sh",
        f"python -m stages grade {folder}            # the verdict; --json for instructors",
        f"python -m stages serve {folder}            # serve your version on localhost",
        f"python -m stages diff {base.number} {folder}          # what you changed",
        f"python -m stages diff {reference.number} {folder}          # against the reference",
        "```",
        "",
    ]
    return "\n".join(lines)
