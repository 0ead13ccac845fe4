"""Benchmark: validate generated survey records against the shipped survey form, one core.

Prints records/s and, as the baseline measured in the same run, the rate of a JSON round
trip of the same records (the least any code that reads every answer must pay), with the
ratio of the two, and the load average (the machine is shared). Targets: >= 50,000
records/s, and at most 2x the JSON round trip's time.

    python bench/validate.py [--records N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import close  # noqa: E402

from collector.demo_data import SurveyRecords  # noqa: E402
from collector.forms import load_form  # noqa: E402
from collector.validation import validate  # noqa: E402

TARGET_PER_S = 50_000
TARGET_RATIO = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--json", action="store_true", help="end with one JSON line of figures")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says

    form = load_form(ROOT / "forms" / "outmigrant_labour.yaml")
    records = SurveyRecords(form, seed=7).take(args.records)
    # One record in twenty carries a typo in its ID number, as real ledgers do.
    for record in records[::20]:
        record["id_number"] = record["id_number"][:-2] + record["id_number"][-1] + "0"

    start = time.perf_counter()
    for record in records:
        json.loads(json.dumps(record, ensure_ascii=False))
    baseline_s = time.perf_counter() - start

    start = time.perf_counter()
    invalid = sum(1 for record in records if validate(form, record))
    validate_s = time.perf_counter() - start

    rate = args.records / validate_s
    ratio = validate_s / baseline_s
    figures = {
        "records": args.records,
        "invalid_records": invalid,
        "validate_records_per_s": round(rate),
        "baseline_json_roundtrip_records_per_s": round(args.records / baseline_s),
        "validate_to_baseline_time_ratio": round(ratio, 2),
        "target_records_per_s": TARGET_PER_S,
        "target_ratio_max": TARGET_RATIO,
        "rate_met": rate >= TARGET_PER_S,
        "ratio_met": ratio <= TARGET_RATIO,
    }
    print(f"validated {args.records} records in {validate_s:.2f} s: {rate:,.0f} records/s")
    print(f"baseline JSON round trip: {args.records / baseline_s:,.0f} records/s ({ratio:.2f}x)")
    said = {True: "met", False: "MISSED"}
    print(f"target {TARGET_PER_S:,}/s: {said[figures['rate_met']]}")
    print(f"target <= {TARGET_RATIO}x the round trip: {said[figures['ratio_met']]}")
    close(figures, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
