"""Serve one stage on localhost with Flask's development server.

`python -m stages.serve monolith --port 5000` keeps its state in `instance/monolith/`.
"""

import argparse
from pathlib import Path

from .instance import new_instance
from .stage_list import STAGE_PACKAGES

DEFAULT_PORT = 5000
INSTANCE_ROOT = Path("instance")


def main(argv: list[str] | None = None) -> None:
    """Command line: build the stage's app on an instance folder and serve it.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("stage", choices=STAGE_PACKAGES, help="the stage package to serve")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="the port on localhost")
    parser.add_argument("--instance", type=Path, help="the instance folder (instance/<stage>)")
    arguments = parser.parse_args(argv)
    folder = arguments.instance or INSTANCE_ROOT / arguments.stage
    app = new_instance(arguments.stage, folder).create_app()
    app.run(host="127.0.0.1", port=arguments.port)


if __name__ == "__main__":
    main()
