"""Run by test_store_crash.py as a separate process that is killed while it saves.

Saves generated survey records in batches into the store named by argv, printing the
number of records saved after each committed batch.
"""

import os
import sys
from pathlib import Path

from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    data_dir, batch = Path(sys.argv[1]), int(sys.argv[2])
    form = load_form(ROOT / "forms" / "outmigrant_labour.yaml")
    store = Store.open(data_dir, os.environ["COLLECTOR_PASSWORD"])
    records = SurveyRecords(form, seed=99).take(batch * 1000)
    saved = 0
    for start in range(0, len(records), batch):
        saved += store.save_many(form, records[start : start + batch], author="李明", batch=batch)
        print(saved, flush=True)


if __name__ == "__main__":
    main()
