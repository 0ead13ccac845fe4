"""A throw-away PostgreSQL cluster for the tests of the server's production path.

Started with the machine's own binaries (Debian's postgresql package; `.ci/run` installs
it), on 127.0.0.1 and a free port, in a temporary folder, and stopped afterwards. As root
it runs as the `postgres` user, since PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class NoPostgres(Exception):
    """PostgreSQL's binaries are not on this machine, or its cluster did not start."""


def binaries() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not candidates:
        raise NoPostgres("pg_ctl not found (apt-get install postgresql)")
    return Path(candidates[-1]).parent


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser") is None:
        raise NoPostgres("running as root without runuser to drop to the postgres user")
    return ["runuser", "-u", "postgres", "--", *command]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def cluster() -> Iterator[str]:
    """Yields the URL of a fresh empty database; stops and removes the cluster after."""
    bin_dir = binaries()
    folder = Path(tempfile.mkdtemp(prefix="collector-pg-"))
    data = folder / "data"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()

    def run(*args: str) -> None:
        done = subprocess.run(_as_owner(list(args)), capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise NoPostgres(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    try:
        run(
            str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "collector", "-E", "UTF8"
        )
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        )
        try:
            run(
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "collector",
                "county",
            )
            yield f"postgresql+psycopg://collector@127.0.0.1:{port}/county"
        finally:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
