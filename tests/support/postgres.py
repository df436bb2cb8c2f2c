"""A throw-away PostgreSQL cluster for a test session: `initdb` and `pg_ctl` in a temporary folder.

The server is Debian's (`apt-get install -y postgresql`; `make postgres` installs it). It
refuses to run as root, so when the tests run as root the cluster belongs to `nobody`. It
listens on 127.0.0.1 on a free port, trusts local connections (nothing else can reach it),
and trades durability for speed (`fsync=off`): it lives for one session and is removed after.
"""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg

SUPERUSER = "postgres"
UNPRIVILEGED_USER = "nobody"
INSTALL_HINT = "install the server: `apt-get install -y postgresql` (`make postgres`)"
SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c max_connections=200"
)


class PostgresMissingError(RuntimeError):
    """PostgreSQL's server programs are not installed."""


def server_programs() -> Path:
    """The folder holding `initdb`, `pg_ctl` and `postgres`.

    Raises:
        PostgresMissingError: If no PostgreSQL server is installed.
    """
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if candidates:
        return Path(candidates[-1]).parent
    raise PostgresMissingError(f"PostgreSQL's initdb was not found: {INSTALL_HINT}")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class PostgresCluster:
    """A running throw-away cluster.

    Attributes:
        folder: Its temporary folder (data directory, socket and log).
        port: The TCP port it listens on.
        programs: The folder of the server programs.
    """

    folder: Path
    port: int
    programs: Path

    def url(self, database: str) -> str:
        """The SQLAlchemy URL of one database of the cluster."""
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "test") -> str:
        """Create a new, empty database and return its SQLAlchemy URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self._dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop the database at `url`, closing the connections still open to it."""
        name = url.rpartition("/")[2]
        with psycopg.connect(self._dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _dsn(self, database: str) -> str:
        return f"host=127.0.0.1 port={self.port} user={SUPERUSER} dbname={database}"

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        pg_ctl = str(self.programs / "pg_ctl")
        run_as_owner([pg_ctl, "-D", str(self.data), "-m", "immediate", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def data(self) -> Path:
        """The data directory."""
        return self.folder / "data"


def run_as_owner(command: list[str]) -> subprocess.CompletedProcess:
    """Run a server program as the cluster's owner (`nobody` when we are root)."""
    as_root = os.geteuid() == 0
    completed = subprocess.run(
        command,
        user=UNPRIVILEGED_USER if as_root else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd="/",
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stdout}\n{completed.stderr}")
    return completed


def start_cluster() -> PostgresCluster:
    """Create a cluster in a new temporary folder and start it (`pg_ctl -w` waits until ready).

    Raises:
        PostgresMissingError: If PostgreSQL is not installed.
    """
    programs = server_programs()
    # Not below pytest's temporary folder: its parents are private to root, and the server
    # runs as `nobody`.
    folder = Path(tempfile.mkdtemp(prefix="credit-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user=UNPRIVILEGED_USER)
    cluster = PostgresCluster(folder=folder, port=free_port(), programs=programs)
    run_as_owner(
        [
            str(programs / "initdb"),
            "-D",
            str(cluster.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--no-sync",
            "--encoding=UTF8",
            "--locale=C",
        ]
    )
    options = f"-p {cluster.port} -k {folder} {SERVER_OPTIONS}"
    run_as_owner(
        [
            str(programs / "pg_ctl"),
            "-D",
            str(cluster.data),
            "-l",
            str(folder / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ]
    )
    return cluster
