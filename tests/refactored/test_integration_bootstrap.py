"""Integration: preparing an instance on first start, and settings given to `create_app`."""

import threading

import pytest

from refactored.registry import ModelNotFoundError
from stages.instrument.instance import new_instance
from tests.refactored.conftest import build_app, keyed_registry


def test_two_processes_starting_a_fresh_instance_at_once_train_one_champion(tmp_path):
    instance = new_instance("refactored", tmp_path / "fresh")
    errors = []

    def start():
        try:
            build_app(instance)
        except Exception as error:
            errors.append(error)

    starters = [threading.Thread(target=start) for _ in range(2)]
    for starter in starters:
        starter.start()
    for starter in starters:
        starter.join(timeout=120)

    registry = keyed_registry(instance)
    assert errors == []
    assert registry.versions() == [1]
    assert registry.version_of("champion") == 1


def test_a_configured_cutoff_replaces_the_cost_matrix_cutoff(instance, valid_payload):
    # Without a review band, so that the cut-off alone decides.
    strict = build_app(instance, DECISION_CUTOFF=0.01, REVIEW_BAND=0).test_client()
    lenient = build_app(instance, DECISION_CUTOFF=0.99, REVIEW_BAND=0).test_client()

    strictly = {**valid_payload, "application_id": "strict"}
    leniently = {**valid_payload, "application_id": "lenient"}

    assert strict.post("/score", json=strictly).get_json()["decision"] == "reject"
    assert lenient.post("/score", json=leniently).get_json()["decision"] == "approve"


def test_a_service_without_a_champion_and_without_first_start_training_refuses_to_start(
    tmp_path,
):
    instance = new_instance("refactored", tmp_path / "empty")

    with pytest.raises(ModelNotFoundError, match="no champion"):
        build_app(instance, TRAIN_ON_FIRST_START=False)
