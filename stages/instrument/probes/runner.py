"""Run the probes of the manifest's debts against one stage."""

import importlib
import logging
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..manifest import Debt
from .context import ProbeContext
from .result import ProbeResult


def probe_function(debt: Debt) -> Callable[[ProbeContext], ProbeResult]:
    """The `probe` function of the module the manifest names for `debt`."""
    module = importlib.import_module(f"{__package__}.{debt.probe}")
    if debt.id != module.DEBT_ID:
        raise ValueError(f"probe {debt.probe} measures {module.DEBT_ID}, not {debt.id}")
    return module.probe


@contextmanager
def quiet() -> Iterator[None]:
    """Silence warnings and logged tracebacks of the stage while probes send bad input."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def run_probe(context: ProbeContext, debt: Debt) -> ProbeResult:
    """Measure one debt on the context's stage.

    Args:
        context: The stage under measurement.
        debt: The debt, from the manifest.

    Returns:
        The probe's result.
    """
    with quiet():
        return probe_function(debt)(context)
