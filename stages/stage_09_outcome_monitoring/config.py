"""The stage's settings: one object, read from environment variables with defaults.

Every setting has a default that works from any working directory, an environment variable
(`CREDIT_<NAME>`) and a key that `create_app(settings)` may override (`<NAME>`).
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from credit_data.codebook import COST_FALSE_APPROVAL, COST_FALSE_REJECTION
from credit_data.paths import DATASET_PATH

from .domain.policy import DecisionPolicy, build_policy, optional_rate

ENVIRONMENT_PREFIX = "CREDIT_"
PACKAGE_FOLDER = Path(__file__).resolve().parent
# This file is `stages/<stage folder>/config.py`: the repository root is two folders up.
REPOSITORY_ROOT = PACKAGE_FOLDER.parent.parent
DEFAULT_INSTANCE_PATH = REPOSITORY_ROOT / "instance" / PACKAGE_FOLDER.name
DEFAULT_SEED = 42
# One applicant is about 700 bytes of JSON; a batch of 10,000 about 7 MB.
DEFAULT_MAX_SCORE_BYTES = 16 * 1024
DEFAULT_MAX_BATCH_BYTES = 32 * 1024 * 1024
# Monitoring windows by count: PSI on fewer than about 500 rows is mostly noise (FIGURES.md).
DEFAULT_MONITORING_WINDOW = 500


# repays DEBT-10 Configuration debt: every path and URL is a setting, read once per app.
@dataclass(frozen=True)
class Settings:
    """Everything the stage needs to know about its environment.

    Attributes:
        instance_path: The folder the stage writes into.
        database_url: The SQLAlchemy URL of the scores database.
        data_path: The training data file.
        model_dir: The model registry's folder.
        cost_false_approval: The cost of approving an applicant who defaults.
        cost_false_rejection: The cost of rejecting an applicant who would have repaid.
        decision_cutoff: An explicitly configured cut-off on P(default); when None, the
            cut-off follows from the two costs.
        population_bad_rate: The lender's bad rate, where it differs from the training
            sample's; the cost cut-off then applies to prior-corrected probabilities.
        max_score_bytes: The largest body `POST /score` accepts.
        max_batch_bytes: The largest body `POST /score/batch` accepts.
        seed: The seed of every random choice in training.
        registry_key: The key signing the registry's cards; None: the instance's random key.
        monitoring_window: The number of logged predictions in one monitoring window.
    """

    instance_path: Path
    database_url: str
    data_path: Path
    model_dir: Path
    cost_false_approval: float = COST_FALSE_APPROVAL
    cost_false_rejection: float = COST_FALSE_REJECTION
    decision_cutoff: float | None = None
    population_bad_rate: float | None = None
    max_score_bytes: int = DEFAULT_MAX_SCORE_BYTES
    max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES
    seed: int = DEFAULT_SEED
    registry_key: str | None = field(default=None, repr=False)
    monitoring_window: int = DEFAULT_MONITORING_WINDOW

    @property
    def costs(self) -> dict[str, float]:
        """The cost matrix: `cost_false_approval` and `cost_false_rejection`."""
        return {
            "cost_false_approval": self.cost_false_approval,
            "cost_false_rejection": self.cost_false_rejection,
        }

    @property
    def policy(self) -> DecisionPolicy:
        """The one decision policy of the stage: the cut-off, from these settings.

        Serving and training both take it from here, so they cannot disagree about it.
        """
        return build_policy(
            self.cost_false_approval,
            self.cost_false_rejection,
            self.decision_cutoff,
            population_bad_rate=self.population_bad_rate,
        )


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

    def lookup(name: str, default: object = None) -> object:
        if name in overrides:
            return overrides[name]
        return environ.get(ENVIRONMENT_PREFIX + name, default)

    instance_path = Path(str(lookup("INSTANCE_PATH", DEFAULT_INSTANCE_PATH))).resolve()
    cutoff = lookup("DECISION_CUTOFF")
    return Settings(
        instance_path=instance_path,
        database_url=str(lookup("DATABASE_URL", f"sqlite:///{instance_path / 'scores.db'}")),
        data_path=Path(str(lookup("DATA_PATH", DATASET_PATH))).resolve(),
        model_dir=Path(str(lookup("MODEL_DIR", instance_path / "models"))).resolve(),
        cost_false_approval=float(lookup("COST_FALSE_APPROVAL", COST_FALSE_APPROVAL)),
        cost_false_rejection=float(lookup("COST_FALSE_REJECTION", COST_FALSE_REJECTION)),
        decision_cutoff=None if cutoff in (None, "") else float(cutoff),
        population_bad_rate=optional_rate("POPULATION_BAD_RATE", lookup("POPULATION_BAD_RATE")),
        max_score_bytes=int(lookup("MAX_SCORE_BYTES", DEFAULT_MAX_SCORE_BYTES)),
        max_batch_bytes=int(lookup("MAX_BATCH_BYTES", DEFAULT_MAX_BATCH_BYTES)),
        seed=int(lookup("SEED", DEFAULT_SEED)),
        registry_key=str(lookup("REGISTRY_KEY")) if lookup("REGISTRY_KEY") else None,
        monitoring_window=int(lookup("MONITORING_WINDOW", DEFAULT_MONITORING_WINDOW)),
    )
