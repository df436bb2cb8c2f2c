"""The release step: what runs once before the web workers start, and never in them.

`python -m <the stage's package>.release` creates the database's tables and, on a fresh
instance, trains and registers the first champion (`bootstrap.py`), then prints what it found
as one JSON line and exits 0 (nonzero when the instance cannot be prepared). Under gunicorn,
`gunicorn_config.py` runs it in a process of its own before the workers are forked, and tells
the workers not to train: on a fresh instance each worker would otherwise train inside
`create_app`, all at once or one after the other.
"""

import argparse
import json

from .bootstrap import prepare_instance, train_first_champion
from .config import load_settings
from .registry import CHAMPION
from .registry.opening import open_registry


def main(argv: list[str] | None = None) -> None:
    """Prepare the configured instance: tables and a champion."""
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    settings = load_settings()
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    registry = open_registry(settings)
    fresh = registry.version_of(CHAMPION) is None
    engine = prepare_instance(settings, registry)
    engine.dispose()
    if registry.version_of(CHAMPION) is None:
        train_first_champion(settings, registry)
    print(json.dumps({"champion": registry.version_of(CHAMPION), "trained": fresh}))


if __name__ == "__main__":
    main()
