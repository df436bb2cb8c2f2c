"""The stage's settings: one object, read from environment variables with defaults.

Every setting has a default that works from any working directory, an environment variable
(`CREDIT_<NAME>`) and a key that `create_app(settings)` may override (`<NAME>`).
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from credit_data.paths import DATASET_PATH

ENVIRONMENT_PREFIX = "CREDIT_"
PACKAGE_FOLDER = Path(__file__).resolve().parent
# This file is `stages/<stage folder>/config.py`: the repository root is two folders up.
REPOSITORY_ROOT = PACKAGE_FOLDER.parent.parent
DEFAULT_INSTANCE_PATH = REPOSITORY_ROOT / "instance" / PACKAGE_FOLDER.name
DEFAULT_SEED = 42
# One applicant is about 700 bytes of JSON.
DEFAULT_MAX_SCORE_BYTES = 16 * 1024
# DEBT-09 Fixed threshold: 0.5 ignores the 5:1 cost of approving a bad applicant.
DEFAULT_DECISION_CUTOFF = 0.5


# repays DEBT-10 Configuration debt: every path and URL is a setting, read once per app.
@dataclass(frozen=True)
class Settings:
    """Everything the stage needs to know about its environment.

    Attributes:
        instance_path: The folder the stage writes into.
        database_url: The SQLAlchemy URL of the scores database.
        data_path: The training data file.
        model_dir: The folder of the model artifact.
        decision_cutoff: Applicants with P(default) at or above it are rejected.
        max_score_bytes: The largest body `POST /score` accepts.
        seed: The seed of every random choice in training.
    """

    instance_path: Path
    database_url: str
    data_path: Path
    model_dir: Path
    decision_cutoff: float = DEFAULT_DECISION_CUTOFF
    max_score_bytes: int = DEFAULT_MAX_SCORE_BYTES
    seed: int = DEFAULT_SEED


def load_settings(
    overrides: Mapping[str, object] | None = None, environ: Mapping[str, str] = os.environ
) -> Settings:
    """Build the settings: defaults, then environment variables, then `overrides`.

    Args:
        overrides: Settings by upper-case name (`DATABASE_URL`, `MODEL_DIR`, ...), as given
            to `create_app`.
        environ: The environment to read `CREDIT_<NAME>` variables from.

    Returns:
        The settings.
    """
    overrides = dict(overrides or {})

    def lookup(name: str, default: object) -> object:
        if name in overrides:
            return overrides[name]
        return environ.get(ENVIRONMENT_PREFIX + name, default)

    instance_path = Path(str(lookup("INSTANCE_PATH", DEFAULT_INSTANCE_PATH))).resolve()
    return Settings(
        instance_path=instance_path,
        database_url=str(lookup("DATABASE_URL", f"sqlite:///{instance_path / 'scores.db'}")),
        data_path=Path(str(lookup("DATA_PATH", DATASET_PATH))).resolve(),
        model_dir=Path(str(lookup("MODEL_DIR", instance_path / "models"))).resolve(),
        decision_cutoff=float(lookup("DECISION_CUTOFF", DEFAULT_DECISION_CUTOFF)),
        max_score_bytes=int(lookup("MAX_SCORE_BYTES", DEFAULT_MAX_SCORE_BYTES)),
        seed=int(lookup("SEED", DEFAULT_SEED)),
    )
