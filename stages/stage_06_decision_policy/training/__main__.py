"""Command line: `python -m <the stage's package>.training`.

Trains on the configured data file (`CREDIT_DATA_PATH`) and writes the model folder's one
artifact and its training report (`CREDIT_MODEL_DIR`), replacing the ones there.
"""

import argparse
import logging
from pathlib import Path

from ..config import load_settings
from .train import train_and_save


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, train, save, and print the training report.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="the data file (default: the setting)")
    parser.add_argument("--model-dir", type=Path, help="the model folder (default: setting)")
    parser.add_argument("--seed", type=int, help="the seed (default: the setting)")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    settings = load_settings()
    result = train_and_save(
        data_path=arguments.data or settings.data_path,
        model_dir=arguments.model_dir or settings.model_dir,
        policy=settings.policy,
        costs=settings.costs,
        seed=settings.seed if arguments.seed is None else arguments.seed,
    )
    print(result.report["training_report"])
    print(f"wrote {result.path}")


if __name__ == "__main__":
    main()
