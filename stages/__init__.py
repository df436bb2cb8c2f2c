"""The refactoring stages, and the instrument that measures them.

- `manifest.toml`: the stages in order and the catalogue of planted debts (the one place to
  add a stage).
- `stage_NN_<slug>/`: the intermediate stages, each a complete package behind the façade
  `create_app(settings=None) -> Flask` (stage 00 is `monolith/`, the last is `refactored/`).
- `instrument/`: the measuring instrument: the manifest reader, fresh instances, the debt
  probes, the drift scenarios, the matrix, the stage guard and the command line
  (`python -m stages`, see `instrument/cli.py`).
"""
