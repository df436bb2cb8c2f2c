"""Where a model comes from: library versions and the code that trained it."""

import hashlib
import platform
import subprocess
from importlib.metadata import version
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
LIBRARIES = ("scikit-learn", "numpy", "pandas", "scipy", "joblib")


def library_versions() -> dict[str, str]:
    """The Python version and the versions of the libraries the artifact depends on."""
    return {"python": platform.python_version(), **{name: version(name) for name in LIBRARIES}}


def code_version() -> dict[str, str | None]:
    """The git commit (when run from a checkout) and a hash of the stage's source files.

    The source hash identifies the code even with uncommitted changes or outside git.
    """
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    return {"git_commit": git_commit(), "source_sha256": digest.hexdigest()}


def git_commit() -> str | None:
    """The current git commit of the stage's checkout, or None outside git."""
    try:
        completed = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=PACKAGE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return completed.stdout.strip() or None
