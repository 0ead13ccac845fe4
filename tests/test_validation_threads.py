"""validate() called from several threads at once on the same form, as the county server's
request threads do: every record must get exactly the problems it gets alone."""

from __future__ import annotations

import copy
import random
import sys
import threading

from conftest import FORMS

from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.validation import validate

THREADS = 8
RECORDS = 2000


def _records(form, seed: int) -> list[dict]:
    """Demo records, a third of them broken in the ways ledgers are, so that the checks,
    the skip logic, the cached conditions and the survey-date handling all have work."""
    rng = random.Random(seed)
    records = []
    for record in SurveyRecords(form, seed=seed).take(RECORDS):
        record = copy.deepcopy(record)
        roll = rng.random()
        if roll < 0.08:
            record.pop(rng.choice(sorted(record)))
        elif roll < 0.16:
            record[rng.choice(sorted(record))] = rng.choice(["", "x", "99", 12, "2026-01-01"])
        elif roll < 0.22:
            record.pop("survey_date")  # today() and the ID number's age on the real date
        elif roll < 0.28:
            record["survey_date"] = rng.choice(["2020-01-01", "2031-05-05", "1990-01-01"])
        elif roll < 0.32:
            number = record["id_number"]
            record["id_number"] = number[:-2] + number[-1] + "0"
        elif roll < 0.36:
            record["employment_status"] = rng.choice(["2", "3"])
        records.append(record)
    return records


def _threaded(form, records: list[dict]) -> list:
    results: list = [None] * len(records)
    errors: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def run(first: int) -> None:
        try:
            start.wait()
            for i in range(first, len(records), THREADS):
                results[i] = validate(form, records[i])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter allows
    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors
    return results


def test_threads_validating_the_same_form_get_the_single_threaded_results():
    reference = load_form(FORMS / "outmigrant_labour.yaml")
    for seed in (99, 5):
        # A form loaded afresh: its validation plan is made while the threads race.
        form = load_form(FORMS / "outmigrant_labour.yaml")
        records = _records(form, seed)
        expected = [validate(reference, record) for record in records]
        assert any(expected) and not all(expected)
        got = _threaded(form, records)
        wrong = [(i, expected[i], got[i]) for i in range(len(records)) if got[i] != expected[i]]
        assert not wrong, f"{len(wrong)} records differ, first: {wrong[0]}"
