"""The tour: the monolith served live and measured, then every debt on every stage (the matrix).

Run with `make tour` (or `python -m stages.instrument.tour`). Everything happens in a
temporary instance folder, over real HTTP, and every figure printed is measured during the run.
"""

import json
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from credit_data.load import applicant_payload, holdout_rows, load_dataset

from .instance import new_instance
from .tour_matrix import show_matrix

MONOLITH_DIR = Path(__file__).resolve().parents[2] / "monolith"
STARTUP_TIMEOUT_SECONDS = 120
SAMPLE_SIZE = 6
SHUFFLE_SEED = 7


def free_port() -> int:
    """Ask the operating system for a free port on localhost."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request_json(url: str, payload: dict | None = None) -> tuple[int, dict]:
    """Send a GET (no payload) or a JSON POST and return the status and the decoded body.

    Args:
        url: The full URL.
        payload: The JSON body to POST; None for a GET.

    Returns:
        The HTTP status code and the JSON body (empty when the body is not JSON).
    """
    data = None if payload is None else json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"} if payload is not None else {}
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


@contextmanager
def running_server(package: str, instance_folder: Path, port: int):
    """Start `python -m stages.instrument.serve` for `package` and stop it on exit.

    Args:
        package: The stage package.
        instance_folder: The instance folder the server uses.
        port: The port on localhost.

    Yields:
        The server's base URL, once `GET /health` answers 200.

    Raises:
        RuntimeError: If the server exits or does not answer in time.
    """
    command = [
        sys.executable,
        "-m",
        "stages.instrument.serve",
        package,
        "--port",
        str(port),
        "--instance",
        str(instance_folder),
    ]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the server exited: {server.stderr.read().decode()[-2000:]}")
            try:
                if request_json(f"{base_url}/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer /health in time")
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)


def score_over_http(base_url: str, rows: pd.DataFrame) -> np.ndarray:
    """Score every row through `POST /score` and return the probabilities of default."""
    probabilities = []
    for _, row in rows.iterrows():
        status, body = request_json(f"{base_url}/score", applicant_payload(row))
        if status != 200:
            raise RuntimeError(f"/score answered {status} for {row['application_id']}")
        probabilities.append(body["probability_default"])
    return np.asarray(probabilities)


def debt_inventory(package_dir: Path) -> list[tuple[str, str, str]]:
    """List the planted debts: ID, name (from the stage README) and where the markers are.

    Args:
        package_dir: The stage's package folder.

    Returns:
        One (ID, name, places) triple per debt ID, in ID order.
    """
    names = dict(
        re.findall(
            r"^\| (DEBT-\d\d) \| ([^|]+?) \|",
            (package_dir / "README.md").read_text(),
            flags=re.MULTILINE,
        )
    )
    places: dict[str, list[str]] = {}
    for path in sorted(package_dir.rglob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for debt_id in re.findall(r"# (DEBT-\d\d) ", line):
                places.setdefault(debt_id, []).append(f"{path.relative_to(package_dir)}:{number}")
    return [
        (debt_id, names.get(debt_id, "?"), ", ".join(places[debt_id])) for debt_id in sorted(places)
    ]


def print_heading(title: str) -> None:
    """Print a section heading."""
    print(f"\n== {title} ==")


def main() -> None:
    """Run the tour."""
    data = load_dataset()
    holdout = holdout_rows(data)
    with tempfile.TemporaryDirectory(prefix="tour-") as folder:
        instance = new_instance("monolith", Path(folder) / "monolith")
        print_heading("1. Training the monolith (the data scientists' notebook) and serving it")
        started = time.monotonic()
        with running_server("monolith", instance.folder, free_port()) as base_url:
            print(f"serving on {base_url} after {time.monotonic() - started:.1f} s")

            print_heading("2. Scoring sample applicants over HTTP")
            print(
                f"{'application':<12} {'purpose as typed':<36} {'decision':<8} "
                f"{'P(default)':>10}  actual"
            )
            for _, row in holdout.head(SAMPLE_SIZE).iterrows():
                _, body = request_json(f"{base_url}/score", applicant_payload(row))
                outcome = "defaulted" if row["defaulted"] else "repaid"
                print(
                    f"{body['application_id']:<12} {row['purpose_text'][:36]:<36} "
                    f"{body['decision']:<8} {body['probability_default']:>10.3f}  {outcome}"
                )

            print_heading("3. Measuring the debts on the 200 holdout applicants")
            note = json.loads((instance.model_dir / "handoff_note.json").read_text())
            notebook = pd.read_csv(instance.model_dir / "holdout_predictions.csv")
            served = score_over_http(base_url, holdout)
            served_auc = roc_auc_score(holdout["defaulted"], served)
            difference = np.abs(served - notebook["probability_default"].to_numpy())
            print(f"AUC reported in the handoff note:       {note['test_auc']:.4f}")
            print(f"AUC of the answers served by /score:    {served_auc:.4f}   (DEBT-02, DEBT-03)")
            print(
                f"largest |p_notebook - p_served|:        {difference.max():.3f}   "
                f"({(difference > 0.05).sum()} of 200 differ by more than 0.05)"
            )
            print(
                f"rejected at the 0.5 cut-off:            served {(served >= 0.5).mean():.0%}, "
                f"notebook {(notebook['probability_default'] >= 0.5).mean():.0%}, "
                f"actual bad rate {holdout['defaulted'].mean():.0%}"
            )

            print_heading("4. Retraining through POST /retrain on label-shuffled data")
            shuffled = pd.read_csv(instance.data_path, dtype=str, keep_default_na=False)
            labels = shuffled["defaulted"].to_numpy()
            shuffled["defaulted"] = np.random.default_rng(SHUFFLE_SEED).permutation(labels)
            shuffled.to_csv(instance.data_path, index=False, lineterminator="\n")
            status, body = request_json(f"{base_url}/retrain", {})
            retrained_auc = roc_auc_score(holdout["defaulted"], score_over_http(base_url, holdout))
            print(f"POST /retrain without credentials:      {status} {body}   (DEBT-13)")
            print(
                f"AUC the new note reports:               {body.get('test_auc', float('nan')):.4f}"
                "   (DEBT-12: a model of shuffled labels, scored on a holdout it has seen)"
            )
            print(
                f"served AUC before / after:              {served_auc:.4f} / {retrained_auc:.4f}"
                "   (DEBT-07: no gate, no rollback)"
            )

    print_heading("5. The planted-debt inventory (monolith/README.md has how to observe each)")
    for debt_id, name, places in debt_inventory(MONOLITH_DIR):
        print(f"{debt_id}  {name:<40} {places}")
    print("\nThe server was stopped.")

    show_matrix()
    print("\nNext: read monolith/README.md, `python -m stages --help`, then run `make test`.")


if __name__ == "__main__":
    main()
