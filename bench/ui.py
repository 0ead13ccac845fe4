"""Benchmark: the desktop program's screens over a store of 100,000 records, offscreen.

Three figures with targets: opening the record list (page built, counts, first page
painted) under 1 s; applying a filter (a village, then a status) under 200 ms; typing
into a field of the survey form with its validation shown under 16 ms a keystroke (p95
over an ID number typed key by key). Baselines measured in the same run: the store calls
the list makes (counts and a first page) and one `validate` of the record, so the UI's
own share shows. Scrolling to the last row (a page from the far end) is reported too.

The store is built once with save_many and kept in the temp folder for later runs.

    python bench/ui.py [--records N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from collector.demo_data import SurveyRecords  # noqa: E402
from collector.storage.store import RecordFilter, Store  # noqa: E402
from collector.ui.entry import EntryPage  # noqa: E402
from collector.ui.record_list import PAGE, RecordListPage  # noqa: E402
from collector.ui.session import Session, survey_form  # noqa: E402
from collector.validation import validate  # noqa: E402
from collector.workflow import Status  # noqa: E402

PASSWORD = "benchmark password"
TARGETS = {"open_list_ms_max": 1000.0, "filter_ms_max": 200.0, "keystroke_p95_ms_max": 16.0}


def cached_store(form, count: int) -> Path:
    data_dir = Path(tempfile.gettempdir()) / f"collector-bench-ui-{count}"
    done = data_dir / "complete"
    if not done.exists():
        if data_dir.exists():
            for child in data_dir.iterdir():
                child.unlink()
        print(f"building a store of {count} records in {data_dir} (once)…", flush=True)
        with Store.create(data_dir, PASSWORD) as store:
            store.save_many(form, SurveyRecords(form, seed=5).take(count), author="bench")
        done.touch()
    return data_dir


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def painted(app: QApplication) -> None:
    app.processEvents()


def bench_list(app, session) -> dict[str, float]:
    store = session.store
    start = time.perf_counter()
    store.count_by_status(RecordFilter())
    store.page(RecordFilter(), 0, PAGE)
    baseline_ms = ms_since(start)

    start = time.perf_counter()
    page = RecordListPage(session)
    page.resize(1200, 800)
    page.show()
    page.reload()
    painted(app)
    open_ms = ms_since(start)

    village = page.village.itemData(page.village.count() // 2)
    start = time.perf_counter()
    page.village.setCurrentIndex(page.village.findData(village))
    painted(app)
    village_ms = ms_since(start)
    start = time.perf_counter()
    page.status.setCurrentIndex(page.status.findData(Status.DRAFT.value))
    painted(app)
    status_ms = ms_since(start)

    page.village.setCurrentIndex(0)
    page.status.setCurrentIndex(0)
    painted(app)
    start = time.perf_counter()
    page.table.scrollToBottom()
    painted(app)
    scroll_ms = ms_since(start)
    page.close()
    return {
        "store_calls_baseline_ms": baseline_ms,
        "open_list_ms": open_ms,
        "filter_village_ms": village_ms,
        "filter_status_ms": status_ms,
        "filter_ms": max(village_ms, status_ms),
        "scroll_to_last_row_ms": scroll_ms,
    }


def bench_typing(app, session, record) -> dict[str, float]:
    form = session.form
    validate_times = []
    for _ in range(50):
        start = time.perf_counter()
        validate(form, record)
        validate_times.append(ms_since(start))
    entry = EntryPage(session)
    entry.resize(1000, 800)
    entry.show()
    entry.new_record()
    painted(app)
    field = entry.rows["id_number"].editor.edit
    field.setFocus()
    times = []
    for _ in range(5):
        field.clear()
        for char in record["id_number"]:
            start = time.perf_counter()
            QTest.keyClick(field, char)
            painted(app)
            times.append(ms_since(start))
    shown = entry.rows["birth_date"].editor.value() == record["birth_date"]
    entry.autosave.stop()
    entry.close()
    times.sort()
    return {
        "validate_baseline_ms": statistics.median(validate_times),
        "keystroke_median_ms": statistics.median(times),
        "keystroke_p95_ms": times[int(len(times) * 0.95) - 1],
        "keystroke_max_ms": times[-1],
        "keystrokes": len(times),
        "birth_date_filled": shown,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    form = survey_form()
    data_dir = cached_store(form, args.records)
    session = Session(data_dir, form)
    session.attach(Store.open(data_dir, PASSWORD))
    record = SurveyRecords(form, seed=99).take(1)[0]
    try:
        figures: dict[str, float | int | bool] = {"records": args.records}
        for name, value in {
            **bench_list(app, session),
            **bench_typing(app, session, record),
        }.items():
            figures[name] = round(value, 2) if isinstance(value, float) else value
    finally:
        session.detach()
    checks = {
        "open_list_met": figures["open_list_ms"] <= TARGETS["open_list_ms_max"],
        "filter_met": figures["filter_ms"] <= TARGETS["filter_ms_max"],
        "keystroke_met": figures["keystroke_p95_ms"] <= TARGETS["keystroke_p95_ms_max"],
    }
    figures.update(TARGETS)
    figures.update(checks)
    for name, value in figures.items():
        if name not in checks and name not in TARGETS:
            print(f"{name:28} {value}")
    for name, met in checks.items():
        print(f"{name[:-4]:14} {'met' if met else 'MISSED'}")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
