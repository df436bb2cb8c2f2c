"""`python -m stages` (also the `stages` console script): see `stages/cli.py`."""

from .cli import main

if __name__ == "__main__":
    main()
