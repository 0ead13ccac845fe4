"""A process killed in the middle of saving leaves a sound store with whole records only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from collector.demo_data import SurveyRecords
from collector.storage.store import RecordFilter, Store

PASSWORD = "kill -9 proof"
BATCH = 100


def test_killed_mid_batch_loses_only_the_batch_in_progress(tmp_path, survey_form):
    Store.create(tmp_path, PASSWORD).close()
    writer = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("store_writer.py")),
            str(tmp_path),
            str(BATCH),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLLECTOR_PASSWORD": PASSWORD},
    )
    try:
        reported = [int(writer.stdout.readline()) for _ in range(3)]
        time.sleep(0.03)  # well inside the next batch, which takes longer than this
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.wait(timeout=30)
    assert reported == [BATCH, 2 * BATCH, 3 * BATCH]

    expected = {r["id_number"]: r for r in SurveyRecords(survey_form, seed=99).take(BATCH * 10)}
    with Store.open(tmp_path, PASSWORD) as store:
        assert store.integrity() == []
        rows = store.page(RecordFilter(), 0, 100_000)
        assert len(rows) % BATCH == 0 and len(rows) >= 3 * BATCH
        for row in rows:
            view = store.get(row.id)
            assert view.data == expected[row.id_number]  # whole, as it was sent
            assert [h.id for h in store.history(row.id)] == [view.head]
        count, broken = store.verify_audit()
        assert broken is None and count == len(rows) + 3  # create, 2 unlocks, a save each
