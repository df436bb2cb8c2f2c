"""Serve one stage on localhost with Flask's development server.

`python -m stages.instrument.serve monolith --port 5000` (or `python -m stages serve 00`)
keeps its state in `instance/<package>/` unless given another instance folder. A working
folder (`python -m stages serve exercises/configuration`) is served from a copy of its code
under the package name its content decides (`working_folder.py`), in
`instance/exercises/<package>/`: each version of the code gets its own instance.
"""

import argparse
import tempfile
from pathlib import Path

from .instance import new_instance
from .manifest import load_manifest
from .working_folder import import_working_folder, is_working_folder

DEFAULT_PORT = 5000
INSTANCE_ROOT = Path("instance")


def serve(stage_name: str, port: int = DEFAULT_PORT, instance: Path | None = None) -> None:
    """Build the stage's app on an instance folder and serve it until interrupted.

    Args:
        stage_name: The stage's number, slug or package, or a working folder.
        port: The port on localhost.
        instance: The instance folder; `instance/<package>` when None.
    """
    try:
        package = load_manifest().stage(stage_name).package
    except KeyError:
        if not is_working_folder(stage_name):
            raise
        with tempfile.TemporaryDirectory(prefix="serve-exercise-") as root:
            package = import_working_folder(Path(stage_name), Path(root))
            folder = instance or INSTANCE_ROOT / "exercises" / package
            new_instance(package, folder).create_app().run(host="127.0.0.1", port=port)
        return
    folder = instance or INSTANCE_ROOT / package
    app = new_instance(package, folder).create_app()
    app.run(host="127.0.0.1", port=port)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line of `serve`."""
    parser.add_argument(
        "stage", help="the stage: number (00), slug or package; or a working folder"
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="the port on localhost")
    parser.add_argument("--instance", type=Path, help="the instance folder (instance/<stage>)")


def main(argv: list[str] | None = None) -> None:
    """Command line: serve one stage.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    add_arguments(parser)
    arguments = parser.parse_args(argv)
    serve(arguments.stage, arguments.port, arguments.instance)


if __name__ == "__main__":
    main()
