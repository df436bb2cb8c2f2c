"""Running a retraining from serving, in a child process (serving never imports training).

The child is `python -m <the stage's package>.training.retrain` with this application's
settings as environment variables, and only those: a `CREDIT_` variable of this process's
own environment (the admin token, say) is not inherited. It prints the gate's decision as JSON
and exits 0 when the challenger was promoted, 3 when the gate refused it; anything else is a
failed run, which leaves the champion as it was. The child's error output goes to this
process's log, not into the job's record, which the job's readers see (a traceback names the
host's folders). The background job (`jobs.py`) runs it and beats while it waits; when the
beat raises (the service is stopping), the child is terminated and the error goes on: a
retraining killed anywhere leaves the registry as it was, or a complete challenger beside it.
"""

import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import ENVIRONMENT_PREFIX, Settings, as_environment

LOGGER = logging.getLogger(__name__)

RETRAIN_MODULE = __name__.rsplit(".", 2)[0] + ".training.retrain"
PROMOTED, REFUSED = 0, 3
# The folder the stage's package is imported from: one level up per dot in this module's name.
REPOSITORY_ROOT = Path(__file__).resolve().parents[__name__.count(".")]
# A retraining of a few thousand rows takes seconds; a stuck one is killed.
TIMEOUT_SECONDS = 600
# How often the waiting parent reports that it is alive (`alive` below).
BEAT_SECONDS = 5.0


class RetrainingFailedError(RuntimeError):
    """The retraining process failed or was killed; the champion did not change."""


@dataclass(frozen=True)
class SubprocessRetrainer:
    """Runs the retraining command line for one application's settings.

    Attributes:
        settings: The application's settings.
        command: The child's command line (tests substitute one that dies midway).
    """

    settings: Settings
    command: tuple[str, ...] = field(default=(sys.executable, "-m", RETRAIN_MODULE))

    def run(
        self, alive: Callable[[], None] = lambda: None, requested_by: str | None = None
    ) -> dict:
        """Retrain, gate and maybe promote; return the gate's decision.

        Args:
            alive: Called every `BEAT_SECONDS` while the child runs (the job's heartbeat); if
                it raises, the child is terminated and the error propagates.
            requested_by: Who asked for the retraining, recorded with a promotion.

        Raises:
            RetrainingFailedError: If the child process did not finish with a decision.
        """
        inherited = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith(ENVIRONMENT_PREFIX)
        }
        environment = {**inherited, **as_environment(self.settings), "OMP_NUM_THREADS": "1"}
        deadline = time.monotonic() + TIMEOUT_SECONDS
        with tempfile.TemporaryFile("w+") as output, tempfile.TemporaryFile("w+") as errors:
            child = subprocess.Popen(
                [*self.command, *(["--requested-by", requested_by] if requested_by else [])],
                cwd=REPOSITORY_ROOT,
                env=environment,
                stdout=output,
                stderr=errors,
                text=True,
            )
            while True:
                try:
                    child.wait(timeout=BEAT_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() > deadline:
                        child.kill()
                        child.wait()
                        raise RetrainingFailedError(
                            "retraining took too long and was stopped"
                        ) from None
                    try:
                        alive()
                    except BaseException:
                        child.terminate()
                        child.wait()
                        raise
            output.seek(0)
            errors.seek(0)
            stdout, stderr = output.read(), errors.read()
        if child.returncode not in (PROMOTED, REFUSED):
            LOGGER.error("the retraining child's error output:\n%s", stderr.strip()[-4000:])
            raise RetrainingFailedError(
                f"retraining exited with status {child.returncode}; its errors are in the log"
            )
        return json.loads(stdout.strip().splitlines()[-1])
