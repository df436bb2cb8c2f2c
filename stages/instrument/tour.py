"""The tour: the monolith served live, the last stage under the same abuse, then the matrix.

Run with `make tour` (or `python -m stages.instrument.tour`). Everything happens in a
temporary instance folder, over real HTTP, and every figure printed is measured during the run.
The matrix's diagonal (`tour_steps.py`) is measured in two background processes from the
start, beside the live part.
"""

import argparse
import json
import re
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from credit_data.load import applicant_payload, holdout_rows, load_dataset

from .instance import new_instance, scratch_folder
from .manifest import load_manifest
from .replay.server import new_admin_token, served_stage
from .replay.service import HttpService
from .tour_steps import show_steps, steps_in_background

MONOLITH_DIR = Path(__file__).resolve().parents[2] / "monolith"
SAMPLE_SIZE = 6
SHUFFLE_SEED = 7
# A retraining job is followed by holding each answer up to this long, this many times.
JOB_WAIT_SECONDS = 20
JOB_FOLLOW_LIMIT = 15


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


def bad_input(row: pd.Series) -> dict:
    """A request with a typo in one field name and an impossible age."""
    payload = applicant_payload(row)
    payload["checking_acount"] = payload.pop("checking_account")
    payload["age"] = -5
    return payload


def shuffle_labels(data_path: Path) -> None:
    """Shuffle the `defaulted` column of the instance's training data file in place (seeded)."""
    shuffled = pd.read_csv(data_path, dtype=str, keep_default_na=False)
    labels = shuffled["defaulted"].to_numpy()
    shuffled["defaulted"] = np.random.default_rng(SHUFFLE_SEED).permutation(labels)
    shuffled.to_csv(data_path, index=False, lineterminator="\n")


def holdout_auc(service: HttpService, holdout: pd.DataFrame) -> float:
    """The AUC of the probabilities the service answers for the holdout."""
    probabilities = []
    for _, row in holdout.iterrows():
        status, body = service.post("/score", applicant_payload(row))
        if status != 200:
            raise RuntimeError(f"/score answered {status} for {row['application_id']}")
        probabilities.append(body["probability_default"])
    return roc_auc_score(holdout["defaulted"], probabilities)


def finished_job(admin: HttpService, location: str | None) -> dict:
    """Follow a retraining job's `Location` until it has finished; its last answer."""
    if not location:
        return {}
    for _ in range(JOB_FOLLOW_LIMIT):
        status, body = admin.get(f"{location}?wait={JOB_WAIT_SECONDS}")
        if status != 202:
            return body or {}
    return {"state": "still running"}


def show_last_stage(holdout: pd.DataFrame, folder: Path) -> None:
    """Serve the last stage with an admin token and repeat the monolith's abuse on it."""
    stage = load_manifest().stages[-1]
    print_heading(f"6. The last stage, {stage.package}, served live: the same abuse")
    instance = new_instance(stage.package, folder / stage.package)
    with served_stage(stage.package, instance.folder, new_admin_token()) as admin:
        anonymous = HttpService(admin.base_url)
        status, body = anonymous.post("/score", bad_input(holdout.iloc[0]))
        print(f"the same bad input:                     {status} {json.dumps(body)[:160]}")
        served_auc = holdout_auc(anonymous, holdout)
        shuffle_labels(instance.data_path)
        status, _ = anonymous.post("/admin/retrain", {})
        print(f"POST /admin/retrain without the token:  {status}")
        status, body = admin.post("/admin/retrain", {})
        print(f"POST /admin/retrain on shuffled labels: {status} (a retraining job starts)")
        job = finished_job(admin, (body or {}).get("location"))
        reasons = "; ".join(job.get("reasons", [])) or "—"
        print(f"GET {(body or {}).get('location')}: {job.get('state')}")
        print(f"  the gate's reasons: {reasons[:300]}")
        print(
            f"served AUC before / after:              {served_auc:.4f} / "
            f"{holdout_auc(anonymous, holdout):.4f}   (the champion kept serving)"
        )


def print_heading(title: str) -> None:
    """Print a section heading."""
    print(f"\n== {title} ==")


def parser() -> argparse.ArgumentParser:
    """The tour's command line."""
    top = argparse.ArgumentParser(prog="python -m stages.instrument.tour", description=__doc__)
    top.add_argument(
        "--stages",
        nargs="+",
        metavar="STAGE",
        help="measure only these stages' steps of the matrix (number, slug or package); "
        "the live part is the same",
    )
    return top


def main(argv: list[str] | None = None) -> None:
    """Run the tour.

    Args:
        argv: Command-line arguments; `sys.argv[1:]` when None.
    """
    arguments = parser().parse_args(argv)
    data = load_dataset()
    holdout = holdout_rows(data)
    manifest = load_manifest()
    selected = None
    if arguments.stages:
        try:
            selected = [manifest.stage(name) for name in arguments.stages]
        except KeyError as error:
            parser().error(error.args[0])
    with (
        steps_in_background(manifest, selected) as steps,
        tempfile.TemporaryDirectory(prefix="tour-", dir=scratch_folder()) as folder,
    ):
        instance = new_instance("monolith", Path(folder) / "monolith")
        print_heading("1. Training the monolith (the data scientists' notebook) and serving it")
        started = time.monotonic()
        # Trained here, never copied from the training cache: this step shows the training.
        token = new_admin_token()
        with served_stage("monolith", instance.folder, token, cached=False) as monolith:
            base_url = monolith.base_url
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

            status, body = HttpService(base_url).post("/score", bad_input(holdout.iloc[0]))
            print(
                f"\nbad input (a typo in `checking_account`, age -5): {status} "
                f"{json.dumps(body)[:120] if body else '(no JSON body)'}   (DEBT-05)"
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
            shuffle_labels(instance.data_path)
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

        print("\nThe monolith's server was stopped.")
        print_heading("5. The planted-debt inventory (monolith/README.md has how to observe each)")
        for debt_id, name, places in debt_inventory(MONOLITH_DIR):
            print(f"{debt_id}  {name:<40} {places}")
        show_last_stage(holdout, Path(folder))
        print("\nThe last stage's server was stopped.")
        show_steps(manifest, steps, selected)
    print_next_steps(manifest)


def print_next_steps(manifest) -> None:
    """Tell a student how to walk the stages, and which command shows what."""
    first, last = manifest.stages[0], manifest.stages[-1]
    print_heading("Next: walk the stages in order, one repayment at a time")
    debts, stages = len(manifest.debts), len(manifest.stages)
    print(f"1. {first.package}/README.md: the {debts} debts and their `# DEBT-NN` markers.")
    print(f"2. python -m stages list: the {stages} stages, what each repays and why.")
    print("3. For each stage N from 01: read its README (the change request, Wrong, Right),")
    print("   then `python -m stages diff N-1 N` (the repayment and nothing else) and")
    print("   `grep -rn '# repays DEBT-' <its folder>` (where each repaid debt went).")
    print("4. python -m stages compare: the whole matrix, measured now; make report: the same")
    print("   as HTML, with side-by-side diffs;")
    print(f"   python -m stages replay {last.number} --scenario concept: a drift scenario as a")
    print("   lender lives through it, with the alerts the stage raises.")
    print("5. make test: the same behavioural tests on every stage.")


if __name__ == "__main__":
    main()
