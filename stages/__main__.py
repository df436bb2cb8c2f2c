"""`python -m stages` (also the `stages` console script): see `stages/instrument/cli.py`."""

from .instrument.cli import main

if __name__ == "__main__":
    main()
