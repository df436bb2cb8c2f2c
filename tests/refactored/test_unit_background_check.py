"""Unit: the monitoring thread runs the check when asked, logs its failures and stops cleanly."""

import logging
import threading

import pytest

from refactored.serving.background_check import THREAD_NAME, BackgroundChecker, stop_all

TIMEOUT = 10.0
# How long a thread is shown to stay blocked while a check it must wait for runs (any length
# would do: it stays blocked until the check is released).
BLOCKED_FOR = 0.2


class RecordingCheck:
    """A check that records the threads it ran on and how many ran at once."""

    def __init__(self, fail: bool = False):
        self.fail = fail
        self.threads: list[str] = []
        self.running = 0
        self.most_at_once = 0
        self.guard = threading.Lock()
        self.release = threading.Event()
        self.release.set()
        self.started = threading.Event()

    def __call__(self) -> int:
        """Record this run, wait until released, then fail or answer 0 alerts."""
        with self.guard:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            self.threads.append(threading.current_thread().name)
        self.started.set()
        try:
            assert self.release.wait(TIMEOUT)
            if self.fail:
                raise RuntimeError("the findings table is gone")
            return 0
        finally:
            with self.guard:
                self.running -= 1


@pytest.fixture
def stopped_after():
    """Stop every checker the test started, whatever happens."""
    yield
    stop_all()


def test_a_requested_check_runs_on_the_monitoring_thread(stopped_after):
    check = RecordingCheck()
    checker = BackgroundChecker(check)

    checker.request_check()

    assert checker.wait_idle(TIMEOUT)
    assert checker.running
    assert check.threads and set(check.threads) == {THREAD_NAME}


def test_no_thread_starts_before_the_first_request(stopped_after):
    checker = BackgroundChecker(RecordingCheck())

    assert not checker.running


def test_a_failing_check_is_logged_and_the_thread_keeps_checking(stopped_after, caplog):
    check = RecordingCheck(fail=True)
    checker = BackgroundChecker(check)

    with caplog.at_level(logging.ERROR, logger="refactored.serving.background_check"):
        checker.request_check()
        assert checker.wait_idle(TIMEOUT)
        checker.request_check()
        assert checker.wait_idle(TIMEOUT)

    assert len(check.threads) == 2
    failures = [record for record in caplog.records if "monitoring check failed" in record.message]
    assert len(failures) == 2 and all(record.exc_info for record in failures)


def test_a_read_waits_for_the_check_under_way_and_never_runs_beside_it(stopped_after):
    check = RecordingCheck()
    checker = BackgroundChecker(check)
    check.release.clear()
    checker.request_check()
    assert check.started.wait(TIMEOUT)
    reader = threading.Thread(target=checker.check_now, name="reader")

    reader.start()
    reader.join(BLOCKED_FOR)  # the check under way holds it however long this is
    waited = reader.is_alive() and check.threads == [THREAD_NAME]
    check.release.set()
    reader.join(TIMEOUT)

    assert waited and not reader.is_alive()
    assert check.threads == [THREAD_NAME, "reader"]
    assert check.most_at_once == 1


def test_a_check_now_failure_reaches_the_caller():
    checker = BackgroundChecker(RecordingCheck(fail=True))

    with pytest.raises(RuntimeError, match="findings table"):
        checker.check_now()


def test_stop_waits_for_the_check_under_way_and_leaves_no_thread():
    check = RecordingCheck()
    checker = BackgroundChecker(check)
    check.release.clear()
    checker.request_check()
    assert check.started.wait(TIMEOUT)
    stopped: list[bool] = []
    stopper = threading.Thread(target=lambda: stopped.append(checker.stop(TIMEOUT)))

    stopper.start()
    stopper.join(BLOCKED_FOR)  # the check under way holds it however long this is
    waited = stopper.is_alive()
    check.release.set()
    stopper.join(TIMEOUT)

    assert waited and stopped == [True] and check.running == 0
    assert not checker.running


def test_after_stop_a_request_starts_nothing():
    check = RecordingCheck()
    checker = BackgroundChecker(check)
    checker.request_check()
    assert checker.stop(TIMEOUT)
    runs = len(check.threads)

    checker.request_check()

    assert not checker.running and len(check.threads) == runs


def test_stop_all_stops_every_running_checker():
    checkers = [BackgroundChecker(RecordingCheck()) for _ in range(3)]
    for checker in checkers:
        checker.request_check()

    stop_all(TIMEOUT)

    assert not any(checker.running for checker in checkers)
