"""Stages that alert without watching their data: the monitoring probe must find DEBT-08.

Each is the honest fake stage (`__init__.py`) with its alert check replaced:
- `every_batch`: one new alert after every scored batch;
- `scenario_ids`: an alert whenever an application id names a shift (as the replay's ids
  once did: `prior-3-0042`);
- `fixed_batch`: one alert once `ALERT_AT_BATCH` batches have been scored, whatever they held.
"""

from types import ModuleType

from flask import Flask

from . import make_app

SHIFT_WORDS = ("prior", "covariate", "concept")
ALERT_AT_BATCH = 4


def every_batch_check(state: dict) -> None:
    """One alert per scored batch."""
    state["alerts"] |= {f"alert after batch {n}" for n in range(state["batches"])}


def scenario_ids_check(state: dict) -> None:
    """An alert when a scored id names a shift."""
    if any(word in row["application_id"] for row in state["scored"] for word in SHIFT_WORDS):
        state["alerts"].add("the ids say there is a shift")


def fixed_batch_check(state: dict) -> None:
    """One alert from the `ALERT_AT_BATCH`-th batch on."""
    if state["batches"] >= ALERT_AT_BATCH:
        state["alerts"].add("it is time for an alert")


CHECKS = {
    "every_batch": every_batch_check,
    "scenario_ids": scenario_ids_check,
    "fixed_batch": fixed_batch_check,
}


def cheat_module(name: str) -> ModuleType:
    """A module named `cheat_<name>` whose `create_app` builds the cheat stage `name`."""
    module = ModuleType(f"cheat_{name}", f"The cheat stage {name}.")

    def create_app(settings: dict | None = None) -> Flask:
        return make_app(settings, CHECKS[name])

    module.create_app = create_app
    return module
