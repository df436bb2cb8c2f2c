"""Running a retraining from serving, in a child process (serving never imports training).

The child is `python -m refactored.training.retrain` with this application's settings as
environment variables. It prints the gate's decision as JSON and exits 0 when the challenger
was promoted, 3 when the gate refused it; anything else is a failed run, which leaves the
champion as it was.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings, as_environment

RETRAIN_MODULE = "refactored.training.retrain"
PROMOTED, REFUSED = 0, 3
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
# A retraining of a few thousand rows takes seconds; a stuck one is killed.
TIMEOUT_SECONDS = 600


class RetrainingFailedError(RuntimeError):
    """The retraining process failed or was killed; the champion did not change."""


@dataclass(frozen=True)
class SubprocessRetrainer:
    """Runs the retraining command line for one application's settings.

    Attributes:
        settings: The application's settings.
    """

    settings: Settings

    def run(self) -> dict:
        """Retrain, gate and maybe promote; return the gate's decision.

        Raises:
            RetrainingFailedError: If the child process did not finish with a decision.
        """
        environment = {**os.environ, **as_environment(self.settings), "OMP_NUM_THREADS": "1"}
        try:
            completed = subprocess.run(
                [sys.executable, "-m", RETRAIN_MODULE],
                cwd=REPOSITORY_ROOT,
                env=environment,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise RetrainingFailedError("retraining took too long and was stopped") from None
        if completed.returncode not in (PROMOTED, REFUSED):
            tail = completed.stderr.strip().splitlines()[-3:]
            raise RetrainingFailedError(
                f"retraining exited with status {completed.returncode}: {' | '.join(tail)}"
            )
        return json.loads(completed.stdout.strip().splitlines()[-1])
