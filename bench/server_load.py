"""Benchmark: 50 laptops pushing to the county server on PostgreSQL at once.

A throw-away PostgreSQL cluster; the server as its own process on 127.0.0.1. Each of N
laptops (threads, 50 by default) pushes 2,000 new records in batches of 200 (gzip, as the
sync client sends them), as fast as the server answers. Prints records/s and p50/p95
batch latency, and checks that the server then holds exactly N x 2,000 records: none
lost, none doubled. (Latency is reported, not targeted: at saturation a batch waits for
the batches of the other laptops ahead of it, so p95 is about laptops x batch / rate.)
The baseline, in the same run: the same records bulk-inserted into a
second database directly (`ServerStore.put_many`, no HTTP, no checks).

    python bench/server_load.py [--laptops 50] [--records 2000] [--batch 200] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from postgres import cluster  # noqa: E402
from server_process import running_server  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from collector.demo_data import SurveyRecords  # noqa: E402
from collector.forms import load_form  # noqa: E402
from collector.forms.textform import dump_text_form  # noqa: E402
from collector.revisions import revision_content, revision_id  # noqa: E402
from collector.server.cli import main as server_cli  # noqa: E402
from collector.server.db import prepare  # noqa: E402
from collector.server.repository import ServerStore  # noqa: E402
from collector.sync.client import Connection  # noqa: E402
from collector.wire import WireRevision  # noqa: E402
from collector.workflow import Role  # noqa: E402

PASSWORD = "bench-password"


def prepared(url: str, form) -> ServerStore:
    divisions = ROOT / "resources" / "divisions" / "jinzhai-341524.csv"
    assert server_cli(["--db", url, "division", "import", str(divisions)]) == 0
    server = ServerStore(prepare(url))
    server.publish_form(form.id, form.version, "bench", dump_text_form(form), "bench")
    return server


def revisions_of(form, laptops: int, per_laptop: int) -> list[list[WireRevision]]:
    made = iter(SurveyRecords(form, seed=99))
    work = []
    for laptop in range(laptops):
        mine = []
        for n in range(per_laptop):
            data = next(made)
            record_id = f"l{laptop}-r{n}"
            content = revision_content(record_id, data, "submitted")
            mine.append(
                WireRevision(
                    record_id=record_id, revision=revision_id(None, content), parent=None,
                    form_id=form.id, form_version=form.version, village=data["village"],
                    status="submitted", data=data, author=f"cadre{laptop}",
                    created_at="2026-12-01T08:00:00.000+00:00",
                )
            )  # fmt: skip
        work.append(mine)
    return work


def baseline(url: str, form, work) -> float:
    server = prepared(url, form)
    items = [
        {"id": r.record_id, "form_id": r.form_id, "form_version": r.form_version,
         "village": r.village, "data": r.data, "status": "submitted"}
        for mine in work for r in mine
    ]  # fmt: skip
    started = time.perf_counter()
    for start in range(0, len(items), 5000):
        server.put_many(items[start : start + 5000], author="bench")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--laptops", type=int, default=50)
    parser.add_argument("--records", type=int, default=2000, help="records per laptop")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    form = load_form(ROOT / "forms" / "outmigrant_labour.yaml")
    work = revisions_of(form, args.laptops, args.records)
    total = args.laptops * args.records
    figures: dict[str, object] = {"laptops": args.laptops, "records": total}
    with cluster() as url:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE baseline"))
        admin.dispose()
        baseline_s = baseline(url.rsplit("/", 1)[0] + "/baseline", form, work)
        figures["baseline_records_per_s"] = round(total / baseline_s)
        print(f"baseline: bulk insert {total:,} records in {baseline_s:.1f} s")

        server = prepared(url, form)
        server.add_account("county", Role.COUNTY, "341524", PASSWORD)
        latencies: list[float] = []
        failures: list[str] = []
        lock = threading.Lock()
        log = Path(tempfile.gettempdir()) / "collector-server-load.log"
        with running_server(url, log, options=("--workers", str(args.workers))) as api:
            connections = []
            for _ in range(args.laptops):
                connection = Connection(api.removesuffix("/api/v1"), backoff=0.2)
                connection.login("county", PASSWORD)
                connections.append(connection)

            def laptop(number: int) -> None:
                mine = work[number]
                for start in range(0, len(mine), args.batch):
                    began = time.perf_counter()
                    try:
                        answer = connections[number].push(mine[start : start + args.batch])
                        bad = [o for o in answer.outcomes if o.outcome != "accepted"]
                        if bad:
                            raise RuntimeError(f"{bad[0].outcome}: {bad[0].message}")
                    except Exception as err:  # every failure is counted and printed
                        with lock:
                            failures.append(str(err))
                    with lock:
                        latencies.append((time.perf_counter() - began) * 1000)

            threads = [threading.Thread(target=laptop, args=(n,)) for n in range(args.laptops)]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        with server.engine.connect() as conn:
            held = conn.execute(text("SELECT count(*), count(DISTINCT id) FROM records")).one()
    latencies.sort()
    figures |= {
        "push_s": round(elapsed, 1),
        "records_per_s": round(total / elapsed),
        "ratio_to_baseline": round(figures["baseline_records_per_s"] / (total / elapsed), 2),
        "batch_p50_ms": round(statistics.median(latencies)),
        "batch_p95_ms": round(latencies[int(len(latencies) * 0.95)]),
        "failures": len(failures),
        "server_records": held[0],
        "server_distinct_records": held[1],
    }
    met = {
        "exactly_all": held[0] == held[1] == total,
        "no_failures": not failures,
    }
    for failure in failures[:5]:
        print("failure:", failure)
    print(
        f"{args.laptops} laptops pushed {total:,} records in {elapsed:.1f} s: "
        f"{figures['records_per_s']:,} records/s ({figures['ratio_to_baseline']}x slower than "
        f"the bulk insert); batch p50 {figures['batch_p50_ms']} ms, "
        f"p95 {figures['batch_p95_ms']} ms; server holds {held[0]:,} records, {held[1]:,} distinct"
    )
    for name, ok in met.items():
        print(f"{name}: {'met' if ok else 'MISSED'}")
    if args.json:
        targets = {"server_records": total, "failures": 0}
        print(json.dumps(figures | {"targets": targets, "met": met}))
    return 0 if all(met.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
