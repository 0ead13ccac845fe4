"""A real county server process on 127.0.0.1, for the tests that talk to one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    db: str, log_path: Path, port: int | None = None, options: tuple[str, ...] = ()
) -> Iterator[str]:
    """Start `collector-server run` on `db`; yields the API's base URL."""
    port = port or free_port()
    command = [sys.executable, "-m", "collector.server.cli", "--db", db, "run", "--port", str(port)]
    command += options
    # The log goes to a file: a pipe nobody reads fills up and stops the server.
    with log_path.open("a") as log:
        process = subprocess.Popen(
            command, env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT, cwd=ROOT
        )
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            wait_until_up(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_until_up(base: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(f"{base}/health", timeout=1).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the server did not start; see {log_path}")
