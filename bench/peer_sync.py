"""Benchmark: Collector's first push against PouchDB replication of the same documents.

N survey records (20,000 by default) are pushed from a laptop's encrypted store to the
county server (a process on 127.0.0.1, SQLite file, batches of 500), and the same records,
as the JSON documents the laptop sends, are replicated by PouchDB from a local LevelDB
database to pouchdb-server on 127.0.0.1 (batch_size 500, LevelDB on disk). Prints both
times and how many times faster Collector is. Target: 3x or more.

PouchDB (pouchdb-server 4 and pouchdb-node 9) is installed with npm on the first run, into
~/.cache/collector-bench/pouchdb (or $COLLECTOR_BENCH_NODE_DIR). Where node or npm is
missing the bench says so and stops; it is not part of CI.

    python bench/peer_sync.py [--records N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from common import close, wait_for  # noqa: E402
from server_process import free_port, running_server  # noqa: E402
from sync import PASSWORD, county_server, laptop  # noqa: E402

from collector.demo_data import SurveyRecords  # noqa: E402
from collector.forms import load_form  # noqa: E402
from collector.storage import replica  # noqa: E402
from collector.sync.client import Connection, Report, Syncer  # noqa: E402

TARGET_FASTER = 3.0
BATCH = 500
PACKAGES = ("pouchdb-server@4.2.0", "pouchdb-node@9.0.0")


def node_dir() -> Path:
    return Path(
        os.environ.get("COLLECTOR_BENCH_NODE_DIR", Path.home() / ".cache/collector-bench/pouchdb")
    )


def install_pouchdb(folder: Path) -> None:
    if (folder / "node_modules" / ".bin" / "pouchdb-server").exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    print(f"installing {', '.join(PACKAGES)} into {folder} (once; a few minutes)")
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(folder), *PACKAGES],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def documents(store, path: Path) -> int:
    """The laptop's unsent revisions as PouchDB documents (the same JSON it pushes)."""
    count, after = 0, (0, "")
    with path.open("w", encoding="utf-8") as out:
        while batch := replica.unsent(store, after, 5000):
            for revision in batch:
                doc = revision.model_dump(mode="json")
                out.write(json.dumps({"_id": doc["record_id"], **doc}, ensure_ascii=False) + "\n")
            count += len(batch)
            last = batch[-1].revision
            after = (int(last.split("-")[0]), last)
    return count


def pouchdb_replication(folder: Path, docs: Path, modules: Path) -> dict:
    port = free_port()
    (folder / "server").mkdir(parents=True)
    server = subprocess.Popen(
        [
            str(modules / "node_modules" / ".bin" / "pouchdb-server"),
            "--host", "127.0.0.1", "--port", str(port),
            "--dir", str(folder / "server"), "--no-stdout-logs",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=folder / "server",
    )  # fmt: skip
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        script = ROOT / "bench" / "peer_sync.js"
        done = subprocess.run(
            ["node", str(script), str(port), str(docs), str(folder), str(BATCH)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "NODE_PATH": str(modules / "node_modules")},
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("skipped: node and npm are needed for PouchDB (not installed here)")
        if args.json:
            print(json.dumps({"skipped": "node or npm missing"}))
        return 0
    modules = node_dir()
    install_pouchdb(modules)
    form = load_form(ROOT / "forms" / "outmigrant_labour.yaml")
    records = SurveyRecords(form, seed=77).take(args.records)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = laptop(tmp / "laptop", form, records)
        docs = tmp / "docs.jsonl"
        written = documents(store, docs)
        pouch = pouchdb_replication(tmp / "pouch", docs, modules)
        db = county_server(tmp, form)
        with running_server(db, tmp / "server.log") as base:
            connection = Connection(base.removesuffix("/api/v1"))
            connection.login("county", PASSWORD)
            report = Report()
            started = time.perf_counter()
            Syncer(store, connection, batch=BATCH).push(report, lambda _: None, lambda: False)
            push_s = time.perf_counter() - started
        store.close()
    assert report.pushed == written == args.records, report
    assert pouch["held"] == args.records, pouch
    faster = pouch["replicate_s"] / push_s
    figures = {
        "records": args.records,
        "collector_push_s": round(push_s, 2),
        "pouchdb_replicate_s": round(pouch["replicate_s"], 2),
        "collector_times_faster": round(faster, 2),
        "target_times_faster_min": TARGET_FASTER,
        "target_met": faster >= TARGET_FASTER,
    }
    print(f"Collector push of {args.records:,}: {push_s:.2f} s")
    print(f"PouchDB replication of the same documents: {pouch['replicate_s']:.2f} s")
    print(
        f"Collector {faster:.2f}x faster; target {TARGET_FASTER}x: "
        f"{'met' if figures['target_met'] else 'MISSED'}"
    )
    close(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
