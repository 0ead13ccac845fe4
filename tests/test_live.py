"""The entry screen's view of a half-typed record (collector.validation.live), the readable
changes between revisions (collector.changes) and the UI's extra store reads."""

from __future__ import annotations

import datetime as dt

import pytest

from collector.changes import changes, shown
from collector.demo_data import SurveyRecords
from collector.storage.store import Store
from collector.storage.ui_queries import records_with_id_number
from collector.validation import validate
from collector.validation.live import allowed_choices, defaults, look

SURVEY_DAY = dt.date(2026, 11, 2)


@pytest.fixture
def record(survey_form):
    return SurveyRecords(survey_form, seed=3).take(1)[0]


def test_id_number_fills_sex_birth_date_and_age(survey_form, record):
    typed = {k: v for k, v in record.items() if k not in ("sex", "birth_date")}
    seen = look(survey_form, typed, survey_date=SURVEY_DAY)
    assert seen.calculated["sex"] == record["sex"]
    assert seen.calculated["birth_date"] == record["birth_date"]
    assert int(seen.calculated["age"]) >= 16
    assert seen.answers["birth_date"] == record["birth_date"]
    assert seen.problems == validate(survey_form, seen.answers, survey_date=SURVEY_DAY) == []


def test_partial_id_number_fills_nothing(survey_form):
    seen = look(survey_form, {"id_number": "34152419"}, survey_date=SURVEY_DAY)
    assert seen.calculated["sex"] == "" and "sex" not in seen.answers
    assert "id_number" in {p.field for p in seen.problems}


def test_skip_logic_hides_groups_and_names_answers_to_clear(survey_form, record):
    record["employment_status"] = "8"
    seen = look(survey_form, record, survey_date=SURVEY_DAY)
    assert seen.relevant["job"] is False and seen.relevant["work_city"] is False
    assert seen.relevant["return_home"] is False and seen.relevant["full_name"] is True
    assert {"work_city", "return_willing", "business_wish"} <= set(seen.irrelevant_answers)
    assert "work_city" not in seen.answers
    assert not [p for p in seen.problems if p.code == "value.not_relevant"]


def test_cascading_choices_follow_the_township(survey_form, record):
    villages = allowed_choices(survey_form, "village", {"township": record["township"]})
    assert record["village"] in villages
    assert all(v.startswith(record["township"]) for v in villages)
    assert allowed_choices(survey_form, "village", {}) == []
    assert allowed_choices(survey_form, "education", {}) is None


def test_defaults_of_a_new_record(survey_form):
    assert defaults(survey_form, today=SURVEY_DAY) == {"survey_date": "2026-11-02"}


def test_changes_read_as_labels_in_form_order(survey_form, record):
    newer = {**record, "employment_status": "2", "trade": "木工"}
    found = changes(survey_form, record, newer, "zh")
    assert [c.field for c in found] == ["employment_status", "trade"]
    assert found[0].label == "就业状态" and found[0].old == "外出务工"
    assert shown(survey_form, "certificates", ["none"], "zh") != "none"
    assert [c.field for c in changes(survey_form, None, {"trade": "木工"})] == ["trade"]


def test_records_with_id_number(tmp_path, survey_form, record):
    with Store.create(tmp_path / "s", "pw") as store:
        saved = store.save(survey_form, record, author="t")
        number = record["id_number"]
        assert records_with_id_number(store, number) == [saved.record_id]
        assert records_with_id_number(store, number, besides=saved.record_id) == []
        assert records_with_id_number(store, "") == []
