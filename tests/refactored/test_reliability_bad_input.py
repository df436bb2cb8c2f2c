"""Reliability: bad input never gives a 5xx, and nothing is stored for a rejected request."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine

from credit_data.load import applicant_payload, load_dataset
from refactored.storage.repository import SqlScoreRepository
from tests.refactored.bad_inputs import bad_requests
from tests.refactored.conftest import build_app, copy_instance, empty_database

VALID = applicant_payload(load_dataset().iloc[0])
CORPUS = bad_requests(VALID)


@pytest.fixture(scope="module")
def shared_service(request, trained_instance, tmp_path_factory, database):
    """One service and its repository per database for the module (these tests only add rows)."""
    url = empty_database(request, database)
    instance = copy_instance(trained_instance, tmp_path_factory.mktemp("bad-input"), url)
    app = build_app(instance)
    return app.test_client(), SqlScoreRepository(create_engine(instance.database_url))


def test_the_corpus_has_at_least_150_cases():
    assert len(CORPUS) >= 150
    assert len({case.name for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=[case.name for case in CORPUS])
def test_a_bad_request_gets_a_4xx_json_answer_and_stores_nothing(shared_service, case):
    client, repository = shared_service
    before = repository.count()

    response = client.post("/score", **case.post)

    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert response.is_json
    assert repository.count() == before


# A mutation: one field replaced by any JSON value, or removed, or an extra field added.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=5,
)
mutations = st.one_of(
    st.tuples(st.just("replace"), st.sampled_from(sorted(VALID)), json_values),
    st.tuples(st.just("remove"), st.sampled_from(sorted(VALID)), st.none()),
    st.tuples(st.just("add"), st.text(min_size=1, max_size=10), json_values),
)


@settings(
    max_examples=500,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(mutations, min_size=1, max_size=4))
def test_generated_payloads_never_get_a_5xx_and_only_accepted_ones_are_stored(
    shared_service, changes
):
    client, repository = shared_service
    payload = dict(VALID)
    for action, name, value in changes:
        if action == "remove":
            payload.pop(name, None)
        else:
            payload[name] = value
    before = repository.count()

    response = client.post("/score", data=json.dumps(payload), content_type="application/json")

    assert response.status_code < 500
    stored = repository.count() - before
    assert stored == (1 if response.status_code == 200 else 0)
