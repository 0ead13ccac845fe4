"""Benchmark: export survey records to an .xlsx ledger and import them back with validation.

Each measured step runs in a fresh process (spawned, so that no memory of the set-up is
inherited), and reports its own peak resident set size (`resource.getrusage` ru_maxrss:
the most memory the process ever held, Python and native libraries alike):
- export: the store's records -> ledger .xlsx (collector.ledger.export, XlsxWriter);
- baseline: the same export done the plain way, openpyxl's write-only mode (with lxml):
  the same records read from the store and turned into the same rows (numbered, with the
  age), appended without title, cell formats, frozen header, filters or print settings;
- import: the ledger -> preview (read, map, convert, validate every row, look up existing
  ID numbers) -> one-transaction save of the rows without problems into a fresh store
  (which validates them again).
Targets: export and import each under 60 s, peak memory under 1 GiB.

    python bench/excel.py [--records N] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "benchmark password"
TARGET_S = 60.0
TARGET_RSS_MIB = 1024.0
FORM = ROOT / "forms" / "outmigrant_labour.yaml"


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def set_up(work: str, count: int) -> dict:
    from collector.demo_data import SurveyRecords
    from collector.forms import load_form
    from collector.storage.store import Store

    form = load_form(FORM)
    with Store.create(Path(work) / "source", PASSWORD) as store:
        store.save_many(form, SurveyRecords(form, seed=7).take(count), author="bench")
    return {}


def export(work: str, count: int) -> dict:
    from collector.forms import load_form
    from collector.ledger.export import export_ledger
    from collector.storage.store import Store

    form = load_form(FORM)
    with Store.open(Path(work) / "source", PASSWORD) as store:
        start, cpu = time.perf_counter(), time.process_time()
        written = export_ledger(store, form, Path(work) / "ledger.xlsx")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = (Path(work) / "ledger.xlsx").stat().st_size
    return {"rows": written, "s": seconds, "cpu": cpu, "rss": peak_rss_mib(), "mib": size / 2**20}


def baseline(work: str, count: int) -> dict:
    from openpyxl import LXML, Workbook

    from collector.forms import load_form
    from collector.ledger.columns import PrintedColumns
    from collector.storage.store import Store

    form = load_form(FORM)
    columns = PrintedColumns(form)
    with Store.open(Path(work) / "source", PASSWORD) as store:
        start = time.perf_counter()
        book = Workbook(write_only=True)
        sheet = book.create_sheet("台账")
        sheet.append(columns.titles)
        rows = 0
        for view in store.iter_records():
            rows += 1
            sheet.append(columns.numbered_row(rows, view.data, view.status))
        book.save(Path(work) / "baseline.xlsx")
    return {"rows": rows, "s": time.perf_counter() - start, "lxml": LXML}


def import_back(work: str, count: int) -> dict:
    from collector.forms import load_form
    from collector.ledger.importer import import_ledger, preview_ledger
    from collector.storage.store import Store

    form = load_form(FORM)
    with Store.create(Path(work) / "target", PASSWORD) as store:
        start, cpu = time.perf_counter(), time.process_time()
        preview = preview_ledger(store, form, Path(work) / "ledger.xlsx")
        previewed = time.perf_counter()
        done = import_ledger(store, form, preview, author="bench", valid_only=True)
        end = time.perf_counter()
    return {
        "rows": len(preview.rows),
        "saved": done.saved,
        "with_problems": len(preview.invalid),
        "preview_s": previewed - start,
        "save_s": end - previewed,
        "s": end - start,
        "cpu": time.process_time() - cpu,
        "rss": peak_rss_mib(),
    }


def _child(step, work: str, count: int, out) -> None:
    out.put(step(work, count))


def in_child(step, work: str, count: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_child, args=(step, work, count, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    n = args.records
    load = round(os.getloadavg()[0], 2)  # a shared machine: other work slows every figure
    with tempfile.TemporaryDirectory() as work:
        start = time.perf_counter()
        in_child(set_up, work, n)
        print(f"set-up: {n:,} records saved in {time.perf_counter() - start:.0f} s (not timed)")
        out = in_child(export, work, n)
        base = in_child(baseline, work, n)
        back = in_child(import_back, work, n)
    figures = {
        "records": n,
        "export_s": round(out["s"], 2),
        "export_rows_per_s": round(out["rows"] / out["s"]),
        "export_cpu_s": round(out["cpu"], 2),
        "export_peak_rss_mib": round(out["rss"]),
        "ledger_file_mib": round(out["mib"], 1),
        "baseline_openpyxl_write_only_s": round(base["s"], 2),
        "baseline_openpyxl_rows_per_s": round(base["rows"] / base["s"]),
        "baseline_openpyxl_lxml": base["lxml"],
        "export_to_baseline_time_ratio": round(out["s"] / base["s"], 2),
        "import_s": round(back["s"], 2),
        "import_preview_s": round(back["preview_s"], 2),
        "import_save_s": round(back["save_s"], 2),
        "import_rows_per_s": round(back["rows"] / back["s"]),
        "import_cpu_s": round(back["cpu"], 2),
        "import_peak_rss_mib": round(back["rss"]),
        "import_rows_with_problems": back["with_problems"],
        "import_rows_saved": back["saved"],
        "load_average_1min_at_start": load,
        "target_s_max": TARGET_S,
        "target_peak_rss_mib_max": TARGET_RSS_MIB,
        "export_target_met": out["s"] < TARGET_S,
        "import_target_met": back["s"] < TARGET_S,
        "memory_target_met": max(out["rss"], back["rss"]) < TARGET_RSS_MIB,
    }
    print(
        f"export: {out['rows']:,} rows in {out['s']:.1f} s ({figures['export_rows_per_s']:,}"
        f" rows/s; CPU {out['cpu']:.1f} s), peak RSS {out['rss']:.0f} MiB, file"
        f" {out['mib']:.1f} MiB"
    )
    print(
        f"baseline openpyxl write-only (lxml={base['lxml']}): {base['s']:.1f} s "
        f"({figures['baseline_openpyxl_rows_per_s']:,} rows/s); export/baseline time "
        f"{figures['export_to_baseline_time_ratio']}"
    )
    print(
        f"import: {back['rows']:,} rows in {back['s']:.1f} s ({figures['import_rows_per_s']:,}"
        f" rows/s; preview {back['preview_s']:.1f} s, save {back['save_s']:.1f} s; CPU"
        f" {back['cpu']:.1f} s), "
        f"peak RSS {back['rss']:.0f} MiB; {back['with_problems']} rows with problems "
        f"(duplicate ID numbers of the generator), {back['saved']:,} saved"
    )
    print(f"load average (1 min) at start: {load} on {os.cpu_count()} cores")
    for name in ("export_target_met", "import_target_met", "memory_target_met"):
        print(f"{name[:-11]:7} target: {'met' if figures[name] else 'MISSED'}")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
