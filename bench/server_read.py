"""Benchmark: 50 concurrent clients reading from the county server on PostgreSQL.

A throw-away PostgreSQL cluster holds N survey records (100,000 by default) across the
villages of 金寨县; the server runs as its own process on 127.0.0.1. Each client logs in
as a township or the county account and, for a fixed time, pages through records and asks
for counts by division and status. As the baseline, the same clients first call
/api/v1/health (HTTP and the app, no database) for the same time. Prints requests/s and
p50/p95 latency of both, and the load average. Target: p95 under 200 ms for the database
reads.

    python bench/server_read.py [--records N] [--clients 50] [--seconds 20] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from common import close, wait_for  # noqa: E402
from postgres import cluster  # noqa: E402

from collector.demo_data import SurveyRecords  # noqa: E402
from collector.forms import load_form  # noqa: E402
from collector.forms.textform import dump_text_form  # noqa: E402
from collector.server.db import prepare  # noqa: E402
from collector.server.repository import ServerStore  # noqa: E402
from collector.workflow import Role  # noqa: E402

PASSWORD = "bench-password"
TARGET_P95_MS = 200.0
COUNTY = "341524"


def seed(url: str, count: int) -> list[str]:
    store = ServerStore(prepare(url))
    rows = []
    divisions = ROOT / "resources" / "divisions" / "jinzhai-341524.csv"
    for line in divisions.read_text(encoding="utf-8-sig").splitlines()[1:]:
        code, name, parent, level = line.split(",")
        rows.append({"code": code, "name": name, "parent": parent, "level": level})
    store.import_divisions(rows)
    townships = [r["code"] for r in rows if r["level"] == "township"]
    villages = [r["code"] for r in rows if r["level"] == "village"]
    store.add_account("county", Role.COUNTY, COUNTY, PASSWORD)
    for code in townships:
        store.add_account(f"t{code}", Role.TOWNSHIP, code, PASSWORD)
    form = load_form(ROOT / "forms" / "outmigrant_labour.yaml")
    store.publish_form(form.id, form.version, "bench", dump_text_form(form), "bench")
    generator = SurveyRecords(form, seed=11)
    for start in range(0, count, 5000):
        batch = []
        for i in range(start, min(count, start + 5000)):
            village = villages[i % len(villages)]
            batch.append(
                {
                    "id": f"r{i:07d}",
                    "form_id": form.id,
                    "form_version": form.version,
                    "village": village,
                    "data": generator.record() | {"village": village, "township": village[:9]},
                }
            )
        store.put_many(batch, author="bench")
    # A server that has run a while has been vacuumed by autovacuum; a freshly loaded one
    # has not, and PostgreSQL could not answer counts from the index alone.
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    store.engine.dispose()
    return townships


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One client's keep-alive connection and token. Plain http.client rather than
    requests: the clients share the machine's two cores with the server, and the less
    CPU a client spends per request, the more the figures are the server's."""

    def __init__(self, port: int, name: str):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body = json.dumps({"username": name, "password": PASSWORD})
        answer = self.request("POST", "/api/v1/token", body, {"Content-Type": "application/json"})
        self.headers = {"Authorization": f"Bearer {json.loads(answer)['access_token']}"}

    def request(self, method: str, path: str, body=None, headers=None) -> bytes:
        self.connection.request(method, path, body=body, headers=headers or self.headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status}")
        return data


def logged_in(port: int, accounts: list[str], clients: int) -> list[Client]:
    """Every client logs in before any timing: a login costs a deliberate scrypt (~50 ms
    of server CPU), which is not what this benchmark measures."""
    return [Client(port, accounts[n % len(accounts)]) for n in range(clients)]


def run_clients(clients: list[Client], seconds: float, baseline: bool):
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        me = clients[number]
        rng = random.Random(number)
        mine: list[float] = []
        failed = 0
        while time.perf_counter() < deadline:
            if baseline:
                path = "/api/v1/health"
            elif rng.random() < 0.7:
                path = f"/api/v1/records?offset={rng.randrange(0, 2000)}&limit=100"
            else:
                path = f"/api/v1/stats?by={rng.choice(['village', 'township'])}"
            start = time.perf_counter()
            try:
                me.request("GET", path)
            except (RuntimeError, OSError):
                failed += 1
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(len(clients))]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(len(latencies) * 0.95)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    with cluster() as url:
        start = time.perf_counter()
        townships = seed(url, args.records)
        seed_s = time.perf_counter() - start
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "collector.server.cli",
                "--db",
                url,
                "run",
                "--port",
                str(port),
                "--workers",
                str(args.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ},
        )
        base = f"http://127.0.0.1:{port}/api/v1"
        try:
            wait_for(f"{base}/health")
            accounts = ["county"] + [f"t{code}" for code in townships]
            clients = logged_in(port, accounts, args.clients)
            baseline = run_clients(clients, args.seconds / 2, baseline=True)
            reads = run_clients(clients, args.seconds, baseline=False)
        finally:
            server.terminate()
            server.wait(timeout=30)

    figures = {
        "records": args.records,
        "clients": args.clients,
        "seed_s": round(seed_s, 1),
        "reads_requests_per_s": round(reads["requests_per_s"], 1),
        "reads_p50_ms": round(reads["p50_ms"], 1),
        "reads_p95_ms": round(reads["p95_ms"], 1),
        "reads_errors": reads["errors"],
        "baseline_health_requests_per_s": round(baseline["requests_per_s"], 1),
        "baseline_health_p95_ms": round(baseline["p95_ms"], 1),
        "p95_to_baseline_ratio": round(reads["p95_ms"] / baseline["p95_ms"], 2),
        "target_p95_ms": TARGET_P95_MS,
        "target_met": reads["p95_ms"] < TARGET_P95_MS and reads["errors"] == 0,
    }
    print(f"seeded {args.records} records in {seed_s:.1f} s")
    print(
        f"baseline /health: {baseline['requests_per_s']:.0f} req/s, p95 {baseline['p95_ms']:.0f} ms"
    )
    print(
        f"reads (pages, stats): {reads['requests_per_s']:.0f} req/s, p50 {reads['p50_ms']:.0f} ms, "
        f"p95 {reads['p95_ms']:.0f} ms, errors {reads['errors']}"
    )
    print(f"target p95 < {TARGET_P95_MS:.0f} ms: {'met' if figures['target_met'] else 'MISSED'}")
    close(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
