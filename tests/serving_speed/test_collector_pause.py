"""The batch route pauses the cyclic garbage collector only while it runs, and resumes it."""

import gc
import threading

from credit_data.load import applicant_payloads, holdout_rows, load_dataset
from refactored.serving.collector_pause import CollectorPause


def test_the_collector_resumes_after_a_batch_and_after_a_refused_one(service):
    client = service.test_client()
    applicants = applicant_payloads(holdout_rows(load_dataset()).head(3))
    assert gc.isenabled()

    accepted = client.post("/score/batch", json={"applicants": applicants})
    resumed_after_accepted = gc.isenabled()
    refused = client.post("/score/batch", json={"applicants": [{"age": "old"}]})

    assert (accepted.status_code, refused.status_code) == (200, 400)
    assert resumed_after_accepted and gc.isenabled()


def test_overlapping_pauses_resume_the_collector_only_when_the_last_ends():
    pause = CollectorPause()
    first_in, second_out = threading.Event(), threading.Event()
    seen = []

    def first() -> None:
        with pause:
            first_in.set()
            assert second_out.wait(10)
            seen.append(gc.isenabled())

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(10)
    with pause:
        seen.append(gc.isenabled())
    second_out.set()
    thread.join(10)

    assert seen == [False, False]
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    pause = CollectorPause()
    gc.disable()
    try:
        with pause:
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
