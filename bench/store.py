"""Benchmark: the store on SQLCipher against the same code on plain SQLite, in one run.

For each engine: bulk save of N survey records (validation, revisions, audit, one
transaction per batch), a page of 100 from the middle, a name search, a pinyin search and
counts by status; then unlocking the encrypted store with its password. Prints each
figure for both engines and the SQLCipher/SQLite ratio, and the load average. Targets: bulk
save at 20,000 records/s or more on SQLCipher, within 1.2x of SQLite; page reads within
1.5x; unlock under 1 s; a page of 100 under 20 ms; a name or pinyin search under 200 ms at
100,000 records.

    python bench/store.py [--records N] [--json]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import close  # noqa: E402

from collector.demo_data import SurveyRecords  # noqa: E402
from collector.forms import load_form  # noqa: E402
from collector.storage.engine import plain_engine  # noqa: E402
from collector.storage.migrations import migrate  # noqa: E402
from collector.storage.store import STORE_FILE, RecordFilter, Store  # noqa: E402

PASSWORD = "benchmark password"
TARGETS = {
    "save_records_per_s_min": 20_000,
    "save_ratio_max": 1.2,
    "page_ratio_max": 1.5,
    "unlock_s_max": 1.0,
    "page_ms_max": 20.0,
    "search_ms_max": 200.0,
}


def timed_ms(action, repeat: int = 5) -> float:
    """Median of a few runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(store: Store, form, records: list[dict]) -> dict[str, float]:
    start = time.perf_counter()
    store.save_many(form, records, author="bench")
    save_s = time.perf_counter() - start
    middle = len(records) // 2
    surname_name = records[middle]["full_name"]
    return {
        "save_s": save_s,
        "save_records_per_s": len(records) / save_s,
        "page_ms": timed_ms(lambda: store.page(RecordFilter(), middle, 100)),
        "name_search_ms": timed_ms(lambda: store.search(surname_name[1:])),
        "pinyin_search_ms": timed_ms(lambda: store.search("zm")),
        "count_by_status_ms": timed_ms(lambda: store.count_by_status()),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    form = load_form(ROOT / "forms" / "outmigrant_labour.yaml")
    records = SurveyRecords(form, seed=5).take(args.records)

    with tempfile.TemporaryDirectory() as tmp:
        plain_dir = Path(tmp) / "plain"
        plain_dir.mkdir()
        engine = plain_engine(plain_dir / STORE_FILE)
        migrate(engine)
        plain = measure(Store(engine, plain_dir, b""), form, records)
        engine.dispose()

        cipher_dir = Path(tmp) / "cipher"
        with Store.create(cipher_dir, PASSWORD) as store:
            cipher = measure(store, form, records)
        start = time.perf_counter()
        Store.open(cipher_dir, PASSWORD).close()
        unlock_s = time.perf_counter() - start

    figures: dict[str, float | int | bool] = {"records": args.records}
    for name in plain:
        figures[f"sqlite_{name}"] = round(plain[name], 3)
        figures[f"sqlcipher_{name}"] = round(cipher[name], 3)
    figures["save_ratio"] = round(cipher["save_s"] / plain["save_s"], 2)
    figures["page_ratio"] = round(cipher["page_ms"] / plain["page_ms"], 2)
    figures["unlock_s"] = round(unlock_s, 3)
    checks = {
        "save_rate_met": cipher["save_records_per_s"] >= TARGETS["save_records_per_s_min"],
        "save_ratio_met": figures["save_ratio"] <= TARGETS["save_ratio_max"],
        "page_ratio_met": figures["page_ratio"] <= TARGETS["page_ratio_max"],
        "unlock_met": unlock_s <= TARGETS["unlock_s_max"],
        "page_met": cipher["page_ms"] <= TARGETS["page_ms_max"],
        "search_met": max(cipher["name_search_ms"], cipher["pinyin_search_ms"])
        <= TARGETS["search_ms_max"],
    }
    figures.update(TARGETS)
    figures.update(checks)

    print(f"{'figure':24} {'SQLite':>12} {'SQLCipher':>12} {'ratio':>7}")
    for name in plain:
        ratio = cipher[name] / plain[name] if plain[name] else float("nan")
        print(f"{name:24} {plain[name]:12.3f} {cipher[name]:12.3f} {ratio:7.2f}")
    print(f"unlock (scrypt + open): {unlock_s:.3f} s")
    for name, met in checks.items():
        print(f"{name[:-4]:14} {'met' if met else 'MISSED'}")
    close(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
