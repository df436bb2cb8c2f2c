"""Command line: score a CSV file of applicants with the champion.

`python -m <the stage's package>.serving.score_file applicants.csv scores.csv` writes one line
per valid applicant; invalid rows go to `scores.csv.rejected.json` with their problems.
"""

import argparse
import json
from pathlib import Path

import pandas as pd

from credit_data.codebook import APPLICATION_ID

from ..config import load_settings
from ..registry import CHAMPION
from ..registry.opening import open_registry
from .batch import score_table


def main(argv: list[str] | None = None) -> None:
    """Score the input file and write the scores (and the rejected rows, if any).

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input", type=Path, help="a CSV file with the applicant fields")
    parser.add_argument("output", type=Path, help="where to write the scores (CSV)")
    parser.add_argument("--model-dir", type=Path, help="the registry folder (default: setting)")
    arguments = parser.parse_args(argv)

    settings = load_settings()
    registry = open_registry(settings, arguments.model_dir)
    model = registry.load(registry.version_of(CHAMPION))
    table = pd.read_csv(arguments.input, dtype={APPLICATION_ID: str}, keep_default_na=False)
    result = score_table(table, model, settings.policy)
    result.scores.to_csv(arguments.output, index=False)
    if result.rejected:
        rejected_path = arguments.output.with_name(arguments.output.name + ".rejected.json")
        rejected_path.write_text(json.dumps(result.rejected, indent=2))
        print(f"{len(result.rejected)} invalid rows listed in {rejected_path}")
    print(f"scored {len(result.scores)} applicants with model version {model.version}")


if __name__ == "__main__":
    main()
