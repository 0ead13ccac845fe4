"""Record validation against the shipped forms: every problem at once, each one named."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import DATA

from collector.demo_data import SurveyRecords, make_id_number
from collector.forms import load_form
from collector.validation import validate
from collector.validation.domain import check_id_number, is_division_code, is_mobile

SURVEY_DAY = dt.date(2026, 11, 2)


@pytest.fixture
def record(survey_form):
    return SurveyRecords(survey_form, seed=3, survey_date=SURVEY_DAY).record()


def codes(problems):
    return [(p.field, p.code) for p in problems]


def test_generated_records_are_valid(survey_form):
    for record in SurveyRecords(survey_form, seed=11, survey_date=SURVEY_DAY).take(300):
        assert validate(survey_form, record) == [], record


def test_an_empty_record_reports_every_required_field(survey_form):
    problems = validate(survey_form, {}, survey_date=SURVEY_DAY)
    required = {p.field for p in problems if p.code == "value.required"}
    assert {
        "full_name",
        "id_number",
        "phone",
        "township",
        "village",
        "employment_status",
    } <= required
    # Fields behind skip logic are not asked for when their condition does not hold.
    assert "expected_pay" not in required


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"full_name": ""}, [("full_name", "value.required")]),
        ({"phone": "1380013800"}, [("phone", "mobile.invalid")]),
        ({"phone": "23800138000"}, [("phone", "mobile.invalid")]),
        ({"years_away": "三年"}, [("years_away", "value.not_integer")]),
        ({"education": "99"}, [("education", "value.not_a_choice")]),
        ({"ethnicity": 1}, [("ethnicity", "value.not_a_choice")]),
        ({"survey_date": "2026-13-01"}, [("survey_date", "value.not_date")]),
        ({"nickname": "小张"}, [("nickname", "value.unknown_field")]),
    ],
)
def test_single_problems(survey_form, record, change, expected):
    record.update(change)
    assert codes(validate(survey_form, record)) == expected


def test_id_number_problems(survey_form, record):
    good = record["id_number"]
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    cases = {
        wrong_check: "id.checksum",
        good[:10]: "id.format",
        make_id_number("341524", dt.date(1990, 1, 1), 5)[:12] + "32" + "0051": "id.checksum",
        make_id_number("999999", dt.date(1990, 1, 1), 5): "id.region",
    }
    bad_date = "341524" + "19900230" + "005"
    cases[bad_date + _check_digit(bad_date)] = "id.birth_date"
    for number, code in cases.items():
        record["id_number"] = number
        found = [p.code for p in validate(survey_form, record) if p.field == "id_number"]
        assert found == [code], number


def _check_digit(body: str) -> str:
    from stdnum.cn import ric

    return ric.calc_check_digit(body + "0")


def test_age_is_checked_on_the_survey_date(survey_form, record):
    too_young = make_id_number("341524", dt.date(2012, 3, 1), 7)
    record.update(id_number=too_young, sex="1" if int(too_young[16]) % 2 else "2")
    record["birth_date"] = "2012-03-01"
    problems = [p for p in validate(survey_form, record) if p.field == "id_number"]
    assert [p.code for p in problems] == ["id.age"]
    assert problems[0].params["age"] == 14
    assert "14 岁" in problems[0].message() and "16-65" in problems[0].message()
    # The same person is 16 when surveyed four years later.
    record["survey_date"] = "2028-03-02"
    assert [p for p in validate(survey_form, record) if p.field == "id_number"] == []


def test_old_region_code_of_a_person_born_before_it_changed_is_accepted():
    # 金寨县 became 341524 in 1999; people born before who got an ID later carry the new code.
    facts = check_id_number(make_id_number("341524", dt.date(1980, 6, 1), 12))
    assert facts.birth_date == dt.date(1980, 6, 1)
    assert facts.sex == "2"
    assert check_id_number(make_id_number("342426", dt.date(1980, 6, 1), 11).lower()).sex == "1"


def test_derived_fields_must_match_the_id_number(survey_form, record):
    record["sex"] = "2" if record["sex"] == "1" else "1"
    record["birth_date"] = "1970-01-01"
    problems = validate(survey_form, record)
    assert codes(problems) == [
        ("sex", "value.calculation_mismatch"),
        ("birth_date", "value.calculation_mismatch"),
    ]


def test_cascading_select_rejects_a_village_of_another_township(survey_form, record):
    other = next(
        c.name
        for c in survey_form.choice_files["county_divisions.csv"].choices
        if c.extra.get("level") == "village" and c.extra.get("parent_code") != record["township"]
    )
    record["village"] = other
    assert codes(validate(survey_form, record)) == [("village", "value.choice_filtered_out")]


def test_answers_behind_skip_logic_are_reported(survey_form, record):
    record["return_willing"] = "2"
    record["no_return_reasons"] = ["1"]
    record["return_timing"] = "1"
    record.pop("return_plan", None)
    record.pop("expected_pay", None)
    record.pop("county_enterprise", None)
    assert codes(validate(survey_form, record)) == [("return_timing", "value.not_relevant")]


def test_constraint_message_of_the_form_in_both_languages(survey_form, record):
    record.update(return_willing="1", return_plan="1", return_timing="1", expected_pay=500)
    record["county_enterprise"] = "yes"
    problems = validate(survey_form, record)
    assert codes(problems) == [("expected_pay", "value.form_message")]
    field = survey_form.field("expected_pay")
    assert problems[0].message() == field.constraint_message["zh"]
    assert problems[0].message("en") == field.constraint_message["en"]


def test_every_problem_at_once(survey_form, record):
    record.update(full_name="", phone="123", education="99", years_away=-1)
    found = {p.field for p in validate(survey_form, record)}
    assert found == {"full_name", "phone", "education", "years_away"}


def test_multi_select_exclusive_none(survey_form, record):
    record["certificates"] = ["none", "1"]
    assert ("certificates", "value.form_message") in codes(validate(survey_form, record))
    record["certificates"] = "none"  # a space-separated string, as CSV gives it
    assert validate(survey_form, record) == []


def test_record_from_csv_text_validates_like_typed_json(survey_form, record):
    as_text = {k: " ".join(v) if isinstance(v, list) else str(v) for k, v in record.items()}
    assert validate(survey_form, as_text) == []


def test_repeat_entries_are_checked_with_their_position(enterprise_form):
    post = {"post_name": "电焊工", "headcount": 3, "pay_min": 5000, "pay_max": 8000}
    bad = dict(post, pay_max=4000)
    problems = validate(enterprise_form, {"posts": [post, bad]}, survey_date=SURVEY_DAY)
    assert ("posts[2].pay_max", "value.form_message") in codes(problems)
    assert not [p for p in problems if p.field.startswith("posts[1].pay")]
    problems = validate(enterprise_form, {"posts": "电焊工"}, survey_date=SURVEY_DAY)
    assert ("posts", "value.repeat_not_list") in codes(problems)


def test_repeat_context_and_calculations():
    form = load_form(DATA / "household.yaml")
    record = {
        "head_name": "王伟",
        "township": "341524100",
        "village": "341524100001",
        "members": [
            {"member_name": "王伟", "member_age": 40, "works_away": "yes", "skills": ["weld"]},
            {"member_name": "王小", "member_age": 10, "works_away": "no"},
        ],
    }
    problems = validate(form, record)
    # The second member is 10: whether they work away is not asked.
    assert codes(problems) == [("members[2].works_away", "value.not_relevant")]
    record["members"][1].pop("works_away")
    record["members"][0]["member_age"] = 130
    assert codes(validate(form, record)) == [("members[1].member_age", "value.form_message")]


def test_domain_checks():
    assert is_mobile("138 0013 8000") and is_mobile("+86 13800138000")
    assert not is_mobile("12800138000")
    assert is_division_code("341524100201") and is_division_code("341524000000")
    assert not is_division_code("991524100201")
    assert not is_division_code("34152410020")


def test_problem_messages_in_english(survey_form, record):
    record["phone"] = "12345"
    problem = validate(survey_form, record)[0]
    assert problem.message("en") == "A mobile number has 11 digits starting with 1, not '12345'"
    assert problem.message() == "手机号应为以1开头的11位数字，现为“12345”"


def test_division_code_fields(tmp_path):
    path = tmp_path / "places.yaml"
    path.write_text(
        "id: places\nfields:\n  - {name: home, type: division, label: {zh: 户籍地}}\n",
        encoding="utf-8",
    )
    form = load_form(path)
    assert validate(form, {"home": "341524100201"}) == []
    assert codes(validate(form, {"home": "3415241002"})) == [("home", "division.invalid")]
    assert codes(validate(form, {"home": "991524100201"})) == [("home", "division.invalid")]


def test_a_wrong_id_number_is_reported_once_not_again_through_derived_fields(survey_form, record):
    good = record["id_number"]
    record["id_number"] = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert codes(validate(survey_form, record)) == [("id_number", "id.checksum")]


@pytest.mark.parametrize(
    ("survey_date", "age"),
    [("2026-11-01", "41"), ("2026-11-02", "42"), ("2026-11-03", "42"), ("2027-11-01", "42")],
)
def test_age_is_completed_years_on_the_survey_date(survey_form, survey_date, age):
    """The day before the 42nd birthday is 41, the birthday itself 42 (dividing days by
    365.25 once made a birthday a year short, and a valid record invalid)."""
    from collector.validation.live import look

    answers = {"id_number": "341524198411027704", "survey_date": survey_date}
    assert look(survey_form, answers).calculated["age"] == age
