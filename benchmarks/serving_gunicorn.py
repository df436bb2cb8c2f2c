"""Benchmark `POST /score` under gunicorn: one worker against two, 8 concurrent clients.

`python -m benchmarks.serving_gunicorn` trains a fresh refactored instance, then for 1 and 2
sync workers starts its own gunicorn as the reliability tests do (`tests/refactored/servers.py`:
a socket opened here, so clients queue until a worker is
up), sends `REQUESTS_PER_CLIENT` requests from each of `CLIENTS` threads (a new connection per
request, as sync workers close them; the request's bytes are built once, so that the clients,
which share the 2 cores with the server, cost as little as possible), stops the server and
prints throughput, p50 and p95.

Every accepted request is one SQLite commit, and a commit waits for the disk to flush the
write-ahead log while it holds the database's only write lock: on a disk, two workers queue
for that flush, whatever the cores. So the benchmark measures twice, each time with a new
database: in RAM (`/dev/shm`, where a flush costs nothing), which shows whether the service
itself scales onto the second core, and on disk (the system temp folder, or `--folder`),
which shows what one SQLite file's flushes allow. For each run it also reads the CPU time the
server (gunicorn's master and workers, from `/proc`) and the clients (this process) spent per
request. Targets (issue #15), judged on the run in RAM: throughput with 2 workers at least
1.6× one worker's; p95 at most 3× p50.
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
# Where a database is in RAM: a flush to it costs nothing.
RAM_FOLDER = Path("/dev/shm")


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


def process_tree_cpu_seconds(pid: int) -> float | None:
    """The CPU time (user and system) of process `pid` and its children, from `/proc`.

    Returns:
        Seconds, or None where `/proc` cannot be read (not Linux).
    """
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        names = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return None
    total = 0.0
    for name in names:
        try:
            # After the command's closing parenthesis: state, parent pid, ..., utime, stime.
            fields = Path(f"/proc/{name}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def own_cpu_seconds() -> float:
    """The CPU time (user and system) of this process, every client thread included."""
    times = os.times()
    return times.user + times.system


def measure(instance: StageInstance, workers: int, request: bytes, folder: Path) -> dict:
    """Serve from a new SQLite database in `folder` with `workers` workers; load-test; stop."""
    database_url = f"sqlite:///{folder / f'scores-{workers}-workers.db'}"
    # The per-client volume limit is the service's policy, not its capacity: off here.
    service = start_service(
        instance,
        folder / f"workers-{workers}",
        workers=workers,
        DATABASE_URL=database_url,
        SCORING_ROWS_PER_MINUTE="0",
    )
    try:
        for _ in range(WARM_UP_REQUESTS * workers):
            post_score(service.port, request)
        server_before, clients_before = (
            process_tree_cpu_seconds(service.process.pid),
            own_cpu_seconds(),
        )
        figures = load_test(service.port, request)
        server_after, clients_after = (
            process_tree_cpu_seconds(service.process.pid),
            own_cpu_seconds(),
        )
    finally:
        service.stop()
    requests = figures["requests"]
    server_ms = (
        None
        if server_before is None or server_after is None
        else (server_after - server_before) / requests * 1000
    )
    return {
        "workers": workers,
        **figures,
        "server_cpu_ms_per_request": server_ms,
        "clients_cpu_ms_per_request": (clients_after - clients_before) / requests * 1000,
    }


def compare_workers(instance: StageInstance, request: bytes, folder: Path) -> dict:
    """One worker, then two, each on a new database in `folder`; the ratio and the targets."""
    folder.mkdir(parents=True, exist_ok=True)
    one, two = (measure(instance, workers, request, folder) for workers in (1, 2))
    scaling = two["throughput_per_s"] / one["throughput_per_s"]
    return {
        "database_folder": str(folder),
        "runs": [one, two],
        "scaling": scaling,
        "targets": {
            "scaling >= 1.6": scaling >= 1.6,
            "p95 <= 3 x p50 (2 workers)": two["p95_over_p50"] <= 3,
        },
    }


def main(argv: list[str] | None = None) -> None:
    """Train a fresh instance; measure one and two workers in RAM and on disk; print JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--folder",
        type=Path,
        help="where the instance and the on-disk databases live; default: the system temp folder",
    )
    arguments = parser.parse_args(argv)
    if not RAM_FOLDER.is_dir():
        parser.error(f"{RAM_FOLDER} is missing: the run in RAM needs it (Linux)")
    # Without an id: each request is a new application (one id sent again is a retry).
    payload = applicant_payload(holdout_rows(load_dataset()).iloc[0])
    del payload["application_id"]
    request = score_request(json.dumps(payload).encode())
    with (
        tempfile.TemporaryDirectory(prefix="benchmark-", dir=arguments.folder) as folder,
        tempfile.TemporaryDirectory(prefix="benchmark-", dir=RAM_FOLDER) as in_ram,
    ):
        instance = new_instance("refactored", Path(folder) / "instance")
        instance.create_app()
        placements = {
            "database_in_ram": compare_workers(instance, request, Path(in_ram)),
            "database_on_disk": compare_workers(instance, request, Path(folder) / "on-disk"),
        }
    figures = {
        "clients": CLIENTS,
        "cpu_count": os.cpu_count(),
        "load_average_after": os.getloadavg(),
        **placements,
        "targets (database in RAM)": placements["database_in_ram"]["targets"],
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
