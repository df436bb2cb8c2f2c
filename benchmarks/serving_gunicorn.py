"""Benchmark `POST /score` under gunicorn: one worker against two, 8 concurrent clients.

`python -m benchmarks.serving_gunicorn` trains a fresh refactored instance, then for 1 and 2
sync workers starts its own gunicorn as the reliability tests do (`tests/refactored/servers.py`:
a socket opened here, so clients queue until a worker is
up), sends `REQUESTS_PER_CLIENT` requests from each of `CLIENTS` threads (a new connection per
request, as sync workers close them; the request's bytes are built once, so that the clients,
which share the 2 cores with the server, cost as little as possible), stops the server and
prints throughput, p50 and p95.
Targets (issue #15): throughput with 2 workers at least 1.6× one worker's; p95 at most 3× p50.
"""

import argparse
import json
import os
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path

from credit_data.load import applicant_payload, holdout_rows, load_dataset
from stages.instrument.instance import StageInstance, new_instance
from tests.refactored.servers import start_service

CLIENTS = 8
REQUESTS_PER_CLIENT = 150
WARM_UP_REQUESTS = 20


def score_request(body: bytes) -> bytes:
    """The bytes of one `POST /score` with `body`."""
    head = (
        "POST /score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def post_score(port: int, request: bytes) -> float:
    """Send one request on a new connection, read the answer to its end; the wall time in s."""
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=120) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    if not answer.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"POST /score answered {answer[:40]!r}")
    return time.perf_counter() - started


def load_test(port: int, request: bytes) -> dict:
    """`CLIENTS` threads, each sending `REQUESTS_PER_CLIENT` requests back to back."""
    latencies: list[float] = []
    lock = threading.Lock()

    def client() -> None:
        mine = [post_score(port, request) for _ in range(REQUESTS_PER_CLIENT)]
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    p50, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
    return {
        "requests": len(ordered),
        "throughput_per_s": len(ordered) / elapsed,
        "p50_ms": p50 * 1000,
        "p95_ms": p95 * 1000,
        "p95_over_p50": p95 / p50,
    }


def measure(instance: StageInstance, workers: int, request: bytes, folder: Path) -> dict:
    """Serve with `workers` workers, warm every worker up, load-test, stop."""
    service = start_service(instance, folder / f"workers-{workers}", workers=workers)
    try:
        for _ in range(WARM_UP_REQUESTS * workers):
            post_score(service.port, request)
        return {"workers": workers, **load_test(service.port, request)}
    finally:
        service.stop()


def main(argv: list[str] | None = None) -> None:
    """Train a fresh instance, measure one and two workers, print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--folder",
        type=Path,
        help="where the instance (and its SQLite database) lives; default: the system temp folder",
    )
    arguments = parser.parse_args(argv)
    payload = applicant_payload(holdout_rows(load_dataset()).iloc[0])
    request = score_request(json.dumps(payload).encode())
    with tempfile.TemporaryDirectory(prefix="benchmark-", dir=arguments.folder) as folder:
        instance = new_instance("refactored", Path(folder) / "instance")
        instance.create_app()
        runs = [measure(instance, workers, request, Path(folder)) for workers in (1, 2)]
    one, two = runs
    figures = {
        "clients": CLIENTS,
        "cpu_count": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        "runs": runs,
        "scaling": two["throughput_per_s"] / one["throughput_per_s"],
        "targets": {
            "scaling >= 1.6": two["throughput_per_s"] / one["throughput_per_s"] >= 1.6,
            "p95 <= 3 x p50 (2 workers)": two["p95_over_p50"] <= 3,
        },
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
