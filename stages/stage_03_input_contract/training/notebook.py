"""Running the data scientists' notebook, which writes the binaries into the model folder."""

import os
import subprocess
import sys
from pathlib import Path

from ..config import Settings

NOTEBOOK_PATH = Path(__file__).resolve().parent.parent / "handoff" / "credit_model_notebook.py"


def run_handoff_notebook(settings: Settings) -> None:
    """Run the notebook on the configured data file; it writes into the model folder."""
    # DEBT-01 Just a binary: the service cannot train; it runs the exported notebook as is.
    environment = {
        **os.environ,
        "HANDOFF_DATA_PATH": str(settings.data_path),
        "HANDOFF_OUTPUT_DIR": str(settings.model_dir),
    }
    subprocess.run(
        [sys.executable, NOTEBOOK_PATH], env=environment, check=True, capture_output=True
    )
