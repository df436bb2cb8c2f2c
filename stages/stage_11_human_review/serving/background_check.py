"""The monitoring check off the request path: one daemon thread per application runs it.

A scoring request stores its predictions and asks for a check (`request_check`); the thread
wakes and runs `Monitor.check()`. A monitoring read runs the owed check itself first
(`check_now`), under the lock the thread holds while checking, so it never reads a stale log
and no window is checked twice by one process (several processes are safe already: the
database stores each window once). A failure in the thread is logged, and the next request
asks again.

The thread starts with the first request for a check, so an application that never scores
starts none. `stop()` ends it (waiting for a check under way) before its engine is disposed;
every checker still running is stopped at interpreter exit.
"""

import atexit
import logging
import threading
from collections.abc import Callable

LOGGER = logging.getLogger(__name__)
STOP_TIMEOUT_SECONDS = 30.0
THREAD_NAME = "monitoring-check"
# The checkers whose thread is running, stopped at interpreter exit (`stop_all`).
_RUNNING: set["BackgroundChecker"] = set()
_RUNNING_LOCK = threading.Lock()


class BackgroundChecker:
    """Runs a check on a daemon thread when asked, and on the caller's thread when needed.

    Attributes:
        lock: Held while the check runs, on either thread.
    """

    def __init__(self, check: Callable[[], object]):
        """Run `check` (for example `Monitor.check`) when asked."""
        self._check = check
        self.lock = threading.Lock()
        self._state = threading.Condition()
        self._requested = 0
        self._done = 0
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """Whether the thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def request_check(self) -> None:
        """Ask the thread for a check (starting it if needed) and return at once."""
        with self._state:
            if self._stopping:
                return
            self._requested += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=THREAD_NAME, daemon=True)
                with _RUNNING_LOCK:
                    _RUNNING.add(self)
                self._thread.start()
            self._state.notify_all()

    def check_now(self) -> None:
        """Run the check on this thread, after any check under way (errors propagate)."""
        with self.lock:
            self._check()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until every requested check has run; False if `timeout` seconds passed first."""
        with self._state:
            return self._state.wait_for(
                lambda: self._done >= self._requested or self._stopping, timeout
            )

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> bool:
        """Stop the thread: no new check starts; a check under way finishes first.

        Returns:
            Whether the thread has ended (True when it never started).
        """
        with self._state:
            self._stopping = True
            thread = self._thread
            self._state.notify_all()
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                LOGGER.error("the monitoring check thread did not stop within %s s", timeout)
                return False
        with _RUNNING_LOCK:
            _RUNNING.discard(self)
        return True

    def _run(self) -> None:
        """The thread: wait for a request, run the check, until stopped."""
        while True:
            with self._state:
                self._state.wait_for(lambda: self._stopping or self._requested > self._done)
                if self._stopping:
                    return
                target = self._requested
            try:
                self.check_now()
            except Exception:
                LOGGER.exception("monitoring check failed; the scored requests are stored")
            with self._state:
                self._done = target
                self._state.notify_all()


def stop_all(timeout: float = STOP_TIMEOUT_SECONDS) -> None:
    """Stop every running checker of this process (at exit, or before engines are disposed)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for checker in running:
        checker.stop(timeout)


atexit.register(stop_all)
