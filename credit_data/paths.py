"""Where the project's data files live."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
RAW_PATH = DATA_DIR / "raw" / "germancredit.csv"
DATASET_PATH = DATA_DIR / "german_credit.csv"
