r"""Where the test suite's CPU goes, from a py-spy recording of every process of one run.

Record a run (py-spy is not a dependency of the project: `pip install py-spy` somewhere), then
summarise it:

    py-spy record --subprocesses --rate 40 --format raw -o suite.txt \
        -- .venv/bin/python -m pytest -n auto
    .venv/bin/python -m benchmarks.suite_cpu suite.txt

Each sample counts once, in the first category of `CATEGORIES` whose pattern its stack
matches, so the shares add up to the whole run. The categories separate what the planted debts
cost (the notebook run as a process, the reloads) from the trainings the probes need and from
the rest.
"""

import argparse
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

# (name, a pattern of the folded stack); the first that matches takes the sample.
CATEGORIES: tuple[tuple[str, re.Pattern], ...] = (
    (
        "the trainings of stages 05 to 10 (cross-validation, fit, registration)",
        re.compile(r"train_and_(register|save) \("),
    ),
    (
        "the notebook, run as a process by stages 00 to 04 and their cheats",
        re.compile(r'credit_model_notebook\.py"'),
    ),
    (
        "joblib.load (stages 00 to 03 reload the binaries on every request)",
        re.compile(r";load \(joblib/numpy_pickle"),
    ),
    ("imports, in every process the suite starts", re.compile(r"_find_and_load ")),
    ("answering requests, the rest of it", re.compile(r"Flask\.wsgi_app")),
)
EVERYTHING_ELSE = "everything else: pytest, the probes' own work, fixtures, servers"
COUNT_AT_END = re.compile(r" (\d+)$")
PROCESS_ID = re.compile(r"process (\d+):")


def samples(path: Path) -> Iterator[tuple[str, int]]:
    """The folded stacks of a py-spy raw recording, each with its sample count.

    A process's command line may hold newlines, which split one stack over several lines of
    the file: lines are joined until one ends with a count.
    """
    pending = ""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            pending += line.rstrip("\n")
            found = COUNT_AT_END.search(pending)
            if found and ";" in pending:
                yield pending[: found.start()], int(found.group(1))
                pending = ""
            else:
                pending += "\\n"


def summarise(path: Path, rate: int) -> tuple[Counter, int, float]:
    """Seconds sampled per category, the number of processes and the total seconds."""
    per_category: Counter = Counter()
    processes = set()
    total = 0
    for stack, count in samples(path):
        total += count
        processes.update(PROCESS_ID.findall(stack))
        name = next((name for name, pattern in CATEGORIES if pattern.search(stack)), None)
        per_category[name or EVERYTHING_ELSE] += count / rate
    return per_category, len(processes), total / rate


def main() -> None:
    """Print the share of each category in a recording."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("recording", type=Path, help="py-spy's --format raw output")
    parser.add_argument("--rate", type=int, default=40, help="the samples per second recorded")
    arguments = parser.parse_args()
    per_category, processes, total = summarise(arguments.recording, arguments.rate)
    print(f"{total:,.0f} s sampled over {processes} processes")
    for name in [name for name, _ in CATEGORIES] + [EVERYTHING_ELSE]:
        seconds = per_category[name]
        print(f"{100 * seconds / total:5.1f} %  {seconds:7.0f} s  {name}")


if __name__ == "__main__":
    main()
