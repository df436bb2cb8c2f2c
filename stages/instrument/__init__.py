"""The measuring instrument: manifest, instances, probes, drift scenarios, matrix and CLI.

`stages/manifest.toml` lists the stages and the debts; `python -m stages` (see `cli.py`)
lists, shows, diffs, serves, probes, compares, checks, exports and benchmarks them.
"""
