"""Gated retraining: a challenger on the training data plus labelled outcomes, then the gate.

`python -m <the stage's package>.training.retrain` (what `POST /admin/retrain` runs, in a
process of its own so that serving never imports training):

1. read the labelled outcomes and validate each with the input contract; leave out those of
   the data file's applicants, keep the newest `recent_rows` aside as the recent window, and
   learn from no applicant of that window (`outcome_data.py`);
2. train a challenger exactly as the first model was trained, on the file's training split
   plus the other labelled outcomes, register it and point `challenger` at it (the card's
   lineage lists which outcome rows it learnt from);
3. compare champion and challenger pair by pair on the fixed holdout and the recent window,
   and the challenger with the first champion on the holdout (AUC, cost, Brier score);
4. pass the comparisons through the gate (`gate.py`); store the decision and reasons beside
   the version (`gate.json`); promote only if it passed.

Registration writes the card last, the gate decision and the aliases are each one atomic
rename, and a lock keeps two retrainings apart: a process killed anywhere leaves the registry
as it was, or a complete challenger beside it.
"""

import argparse
import json
import logging
from datetime import UTC, datetime

import numpy as np

from credit_data.codebook import TARGET

from ..bootstrap import exclusive_lock
from ..config import Settings, load_settings
from ..features.columns import INPUT_FEATURES
from ..registry import CHALLENGER, CHAMPION, ModelRegistry
from ..registry.opening import open_registry
from ..registry.promotion import (
    GATED_PROMOTION,
    ChampionChangedError,
    previous_champions,
    promote,
    record_gate,
)
from ..storage.engine import build_engine
from ..storage.outcomes import SqlOutcomeRepository
from .candidates import CANDIDATES, Candidate
from .data import take_snapshot
from .evaluate import quality_metrics
from .gate import gate_decision, paired_comparison
from .outcome_data import prepare_outcomes, validate
from .train import train_and_register

LOGGER = logging.getLogger(__name__)
LOCK_NAME = ".retrain.lock"


def retrain(
    settings: Settings,
    registry: ModelRegistry,
    recent_rows: int | None = None,
    candidates: tuple[Candidate, ...] = CANDIDATES,
    requested_by: str | None = None,
) -> dict:
    """Train a challenger on the data file plus labelled outcomes, gate it, maybe promote it.

    Args:
        settings: The settings (data, database, costs, cut-off, seed, window size).
        registry: The model registry.
        recent_rows: How many newest labelled rows to keep aside for the comparison; the
            monitoring window when None.
        candidates: The classifiers to compare, simplest first (as in first training).
        requested_by: Who asked for the retraining, recorded with the decision and with a
            promotion.

    Returns:
        The gate decision, with the versions, the metrics and what was promoted.
    """
    costs = {
        "cost_false_approval": settings.cost_false_approval,
        "cost_false_rejection": settings.cost_false_rejection,
    }
    policy = settings.policy
    with exclusive_lock(registry.folder / LOCK_NAME):
        snapshot, engine = take_snapshot(settings.data_path), build_engine(settings.database_url)
        prepared = prepare_outcomes(
            SqlOutcomeRepository(engine).labelled_rows(),
            settings.monitoring_window if recent_rows is None else recent_rows,
            snapshot.valid,
        )
        engine.dispose()
        champion = registry.load(registry.version_of(CHAMPION))
        result = train_and_register(
            settings.data_path,
            registry,
            policy,
            costs,
            settings.seed,
            candidates,
            outcomes=prepared.training,
        )
        registry.set_alias(CHALLENGER, result.version)
        training_labels = np.concatenate(
            [snapshot.training[TARGET].to_numpy(), prepared.training.rows[TARGET].to_numpy()]
        )
        windows = {"holdout": snapshot.holdout}
        if len(prepared.recent):
            windows["recent"] = prepared.recent
        pipelines = {"champion": champion.pipeline, "challenger": result.pipeline}
        # The first champion, against which the challenger is compared on the holdout too.
        reference_version = (previous_champions(registry) or [champion.version])[0]
        reference = None
        if reference_version != champion.version:
            reference = registry.load(reference_version).pipeline
        metrics, comparisons = {}, {}
        for window, rows in windows.items():
            defaulted = rows[TARGET].to_numpy()
            scored = {
                name: pipeline.predict_proba(rows[list(INPUT_FEATURES)])[:, 1]
                for name, pipeline in pipelines.items()
            }
            for name, probabilities in scored.items():
                figures = quality_metrics(defaulted, probabilities, policy, costs)
                metrics.setdefault(name, {})[window] = figures
            paired = (policy.cutoff, costs, settings.seed)
            comparisons[window] = paired_comparison(
                defaulted, scored["champion"], scored["challenger"], *paired
            )
            if window == "holdout" and reference is not None:
                comparisons["reference"] = paired_comparison(
                    defaulted,
                    reference.predict_proba(rows[list(INPUT_FEATURES)])[:, 1],
                    scored["challenger"],
                    *paired,
                )
        validation = validate(snapshot.summary(), prepared, training_labels)
        decision = gate_decision(comparisons, validation)
        record = {
            **decision,
            "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "challenger_version": result.version,
            "champion_version": champion.version,
            "reference_version": reference_version,
            "metrics": metrics,
            "comparisons": comparisons,
            "validation": validation,
            "outcome_rows": prepared.training.lineage["rows"],
            "recent_window_rows": len(prepared.recent),
            "requested_by": requested_by,
        }
        if decision["promote"]:
            try:
                # Gated against this champion: promoted only if it is still the champion.
                promote(registry, result.version, champion.version, requested_by, GATED_PROMOTION)
                LOGGER.info("version %d promoted to champion", result.version)
            except ChampionChangedError as error:
                record = {**record, "promote": False, "reasons": [*record["reasons"], str(error)]}
        if not record["promote"]:
            LOGGER.warning("version %d not promoted: %s", result.version, record["reasons"])
        record_gate(registry, result.version, record)
        return record


def main(argv: list[str] | None = None) -> None:
    """Retrain with the configured settings and print the gate's decision as JSON.

    Exits with status 0 when the challenger was promoted and 3 when the gate refused it.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recent-rows", type=int, help="labelled rows kept aside for comparison")
    parser.add_argument("--requested-by", help="who asks for it, recorded with a promotion")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    settings = load_settings()
    record = retrain(
        settings,
        open_registry(settings),
        arguments.recent_rows,
        requested_by=arguments.requested_by or "command line",
    )
    print(json.dumps(record, sort_keys=True))
    raise SystemExit(0 if record["promote"] else REFUSED_STATUS)


REFUSED_STATUS = 3

if __name__ == "__main__":
    main()
