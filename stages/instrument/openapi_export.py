"""Write (or check) each stage's committed OpenAPI document, `<stage folder>/openapi.json`.

The document is what the stage serves at `GET /openapi.json`, fetched from a fresh instance
(trained through the training cache), so the committed file is never edited by hand:

    python -m stages.instrument.openapi_export           # rewrite every stage's file
    python -m stages.instrument.openapi_export --check   # exit 1 if any file is out of date

Stages without an input contract (00 to 02) have no schema and no document.
"""

import argparse
import importlib
import sys
import tempfile
from pathlib import Path

from .instance import new_instance
from .stage_list import STAGE_PACKAGES

DOCUMENT_NAME = "openapi.json"
OPENAPI_PATH = "/openapi.json"


def stage_folder(package: str) -> Path:
    """The folder of a stage package."""
    return Path(importlib.import_module(package).__file__).parent


def stages_with_contract() -> list[str]:
    """The stage packages that publish a document: those with a `serving/openapi.py`."""
    return [
        package
        for package in STAGE_PACKAGES
        if (stage_folder(package) / "serving" / "openapi.py").is_file()
    ]


def served_document(package: str, folder: Path) -> str:
    """The document a fresh instance of `package` serves, as text.

    Raises:
        RuntimeError: When the stage does not answer 200.
    """
    app = new_instance(package, folder).create_app()
    response = app.test_client().get(OPENAPI_PATH)
    if response.status_code != 200:
        raise RuntimeError(f"{package}: GET {OPENAPI_PATH} answered {response.status_code}")
    return response.get_data(as_text=True)


def export(packages: list[str], check: bool) -> list[str]:
    """Write each stage's document, or only compare it with the committed one.

    Args:
        packages: The stage packages.
        check: Compare only; write nothing.

    Returns:
        The committed files that differed from what the stage serves (rewritten unless
        `check`).
    """
    stale = []
    with tempfile.TemporaryDirectory(prefix="openapi-export-") as scratch:
        for package in packages:
            text = served_document(package, Path(scratch) / package)
            path = stage_folder(package) / DOCUMENT_NAME
            if not path.is_file() or path.read_text() != text:
                stale.append(str(path))
                if not check:
                    path.write_text(text)
    return stale


def main(argv: list[str] | None = None) -> int:
    """Run the command line; 0 when every file is up to date (or was written)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")
    parser.add_argument("--stage", action="append", help="only this stage package")
    arguments = parser.parse_args(argv)
    packages = arguments.stage or stages_with_contract()
    stale = export(packages, arguments.check)
    for path in stale:
        print(f"{'out of date' if arguments.check else 'written'}: {path}")
    if not stale:
        print(f"up to date: {len(packages)} documents")
    return 1 if stale and arguments.check else 0


if __name__ == "__main__":
    sys.exit(main())
