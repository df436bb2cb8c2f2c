"""The tour's last step: measure every debt on every stage and print the matrix.

`python -m stages.instrument.tour` runs it after the live part;
`python -m stages.instrument.tour_matrix` runs it alone. It is `python -m stages compare`,
with a heading and a progress line per probe.
"""

import time

from .manifest import load_manifest
from .matrix import LEGEND, measure, render


def show_matrix() -> None:
    """Measure every debt on every stage of the manifest and print the matrix."""
    manifest = load_manifest()
    stages, debts = list(manifest.stages), list(manifest.debts)
    print(
        f"\n== The matrix: {len(debts)} debts measured on {len(stages)} stages, each in a fresh "
        "instance (progress below) ==",
        flush=True,
    )
    started = time.monotonic()
    reports = measure(manifest, stages, debts, progress=lambda line: print(f"  {line}", flush=True))
    print(f"\nmeasured in {time.monotonic() - started:.0f} s\n")
    print(render(reports, debts, manifest))
    print("\n" + LEGEND)


if __name__ == "__main__":
    show_matrix()
