"""Command line: `python -m <the stage's package>.training`.

Trains on the configured data file (`CREDIT_DATA_PATH`), registers the model in the registry
(`CREDIT_MODEL_DIR`) and, with `--alias`, points `champion` or `challenger` at it.
"""

import argparse
import logging
from pathlib import Path

from ..config import load_settings
from ..registry import ALIASES
from ..registry.opening import open_registry
from .train import train_and_register


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, train, register, and print the training report.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="the data file (default: the setting)")
    parser.add_argument("--model-dir", type=Path, help="the registry folder (default: setting)")
    parser.add_argument("--seed", type=int, help="the seed (default: the setting)")
    parser.add_argument("--alias", choices=ALIASES, help="point this alias at the model")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    settings = load_settings()
    registry = open_registry(settings, arguments.model_dir)
    result = train_and_register(
        data_path=arguments.data or settings.data_path,
        registry=registry,
        policy=settings.policy,
        costs=settings.costs,
        seed=settings.seed if arguments.seed is None else arguments.seed,
    )
    if arguments.alias:
        registry.set_alias(arguments.alias, result.version)
    print(result.card["training_report"])
    print(f"registered version {result.version} in {registry.folder}", end="")
    print(f" as {arguments.alias}" if arguments.alias else " (no alias)")


if __name__ == "__main__":
    main()
