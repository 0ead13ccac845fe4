"""Loading forms: both formats give one model, export round-trips, broken forms are named."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, FORMS, write_xlsx

from collector.forms import FieldType, FormError, load_form
from collector.forms.export import write_xlsform
from collector.forms.model import ConflictPolicy
from collector.forms.textform import dump_text_form


def test_text_form_and_xlsform_give_the_same_model():
    from_yaml = load_form(DATA / "household.yaml")
    from_md = load_form(DATA / "household.md")
    assert from_md == from_yaml
    # The equality is not vacuous: the model holds what both files say.
    members = from_yaml.field("members")
    assert members.type == FieldType.REPEAT
    assert [f.name for f in members.children] == [
        "member_name",
        "member_age",
        "works_away",
        "skills",
    ]
    age = from_yaml.field("member_age")
    assert age.constraint_message == {"zh": "年龄应在0至120岁之间", "en": "Age must be 0 to 120"}
    assert age.conflict_policy == ConflictPolicy.LATEST
    assert from_md.field("skills").relevant == "${works_away} = 'yes'"  # smart quotes folded
    assert from_md.field("village").required == "true()"
    assert from_md.title == {"zh": "家庭成员登记", "en": "Household members"}


def test_models_differ_when_the_forms_differ(tmp_path):
    changed = tmp_path / "household.yaml"
    changed.write_text(
        (DATA / "household.yaml").read_text(encoding="utf-8").replace("<= 120", "<= 110"),
        encoding="utf-8",
    )
    assert load_form(changed) != load_form(DATA / "household.yaml")


@pytest.mark.parametrize("name", ["outmigrant_labour.yaml", "enterprise_demand.yaml"])
def test_shipped_forms_round_trip_through_xlsform_and_text(tmp_path, name):
    form = load_form(FORMS / name)
    xlsx = tmp_path / "form.xlsx"
    write_xlsform(form, xlsx)
    assert load_form(xlsx) == form
    text = tmp_path / "form.yaml"
    text.write_text(dump_text_form(form), encoding="utf-8")
    assert load_form(text) == form


def test_shipped_survey_form_has_what_the_county_asks(survey_form):
    names = {f.name for f in survey_form.walk()}
    for wanted in [
        "full_name", "id_number", "sex", "birth_date", "phone", "township", "village",
        "education", "work_province", "work_city", "industry", "occupation",
        "monthly_income", "years_away", "housing", "return_willing", "return_timing",
        "return_plan", "expected_pay", "skills", "certificates", "training_wish",
        "business_wish", "business_capital", "needs_loan", "notes",
    ]:  # fmt: skip
        assert wanted in names
    assert survey_form.field("id_number").type == FieldType.ID_NUMBER
    assert survey_form.field("phone").type == FieldType.MOBILE
    assert survey_form.field("id_number").conflict_policy == ConflictPolicy.MANUAL
    assert set(survey_form.languages()) == {"zh", "en"}
    for f in survey_form.walk():
        if f.type not in (FieldType.CALCULATE,):
            assert f.label.get("zh") and f.label.get("en"), f.name
        if f.constraint:
            assert f.constraint_message.get("zh"), f.name
    # The cascading village list comes from the county's division file.
    villages = survey_form.choice_list(survey_form.field("village"))
    assert len(villages.choices) > 200


def test_enterprise_form_has_a_repeat_of_posts(enterprise_form):
    posts = enterprise_form.field("posts")
    assert posts.type == FieldType.REPEAT
    assert {"headcount", "pay_min", "pay_max"} <= {f.name for f in posts.children}


def test_loading_does_not_depend_on_the_extension(tmp_path):
    xlsx = tmp_path / "form.xlsx"
    write_xlsform(load_form(DATA / "household.yaml"), xlsx)
    wrong = tmp_path / "form.xls"
    shutil.copy(xlsx, wrong)
    md_as_txt = tmp_path / "form.txt"
    shutil.copy(DATA / "household.md", md_as_txt)
    yaml_as_json = tmp_path / "form.json"
    shutil.copy(DATA / "household.yaml", yaml_as_json)
    reference = load_form(DATA / "household.yaml")
    for path in (wrong, md_as_txt, yaml_as_json):
        assert load_form(path) == reference


# --- broken forms: every problem named with file, sheet, row and column ---------------------

SURVEY_HEADER = ["type", "name", "label", "relevant", "constraint", "calculation"]


def broken(tmp_path, survey_rows, choices=None, settings=None):
    sheets = {"survey": [SURVEY_HEADER, *survey_rows]}
    if choices is not None:
        sheets["choices"] = [["list_name", "name", "label"], *choices]
    if settings is not None:
        sheets["settings"] = settings
    return write_xlsx(tmp_path / "broken.xlsx", sheets)


def problems_of(path) -> list:
    with pytest.raises(FormError) as caught:
        load_form(path)
    return caught.value.problems


@pytest.mark.parametrize(
    ("rows", "choices", "code", "row", "column"),
    [
        ([["text", "a", "A"], ["texte", "b", "B"]], None, "form.unknown_type", 3, "A"),
        ([["select_one colours", "a", "A"]], [], "form.missing_choice_list", 2, "A"),
        ([["text", "a", "A"], ["integer", "a", "A again"]], None, "form.duplicate_name", 3, "B"),
        ([["text", "a", "A", "${nope} = 1"]], None, "form.unknown_reference", 2, "D"),
        ([["integer", "a", "A", "", ". > > 3"]], None, "form.expression_syntax", 2, "E"),
        ([["integer", "a", "A", "", "frobnicate(.)"]], None, "form.unknown_function", 2, "E"),
        (
            [
                ["calculate", "x", "", "", "", "${y} + 1"],
                ["calculate", "y", "", "", "", "${x} * 2"],
            ],
            None,
            "form.circular_calculation",
            2,
            "F",
        ),
        ([["begin group", "g", "G"], ["text", "a", "A"]], None, "form.unclosed_group", 2, "A"),
        ([["text", "a", "A"], ["end group", "", ""]], None, "form.unmatched_end", 3, "A"),
        ([["begin repeat", "r", "R"], ["end group", "", ""]], None, "form.mismatched_end", 3, "A"),
        ([["text", "", "A"]], None, "form.missing_name", 2, "B"),
        ([["text", "1a", "A"]], None, "form.bad_name", 2, "B"),
        ([["select_one", "a", "A"]], None, "form.missing_list_name", 2, "A"),
    ],
)
def test_broken_xlsform_names_the_cell(tmp_path, rows, choices, code, row, column):
    problems = problems_of(broken(tmp_path, rows, choices))
    assert [p.code for p in problems] == [code]
    where = problems[0].location
    assert (where.file, where.sheet, where.row, where.column) == (
        "broken.xlsx",
        "survey",
        row,
        column,
    )
    text = problems[0].text()
    assert f"第 {row} 行" in text and f"{column} 列" in text and "broken.xlsx" in text


def test_every_problem_of_a_form_is_reported_at_once(tmp_path):
    rows = [["texte", "a", "A"], ["text", "b", "B", "${zz} = 1"], ["text", "b", "B"]]
    codes = {p.code for p in problems_of(broken(tmp_path, rows))}
    assert codes == {"form.unknown_type", "form.unknown_reference", "form.duplicate_name"}


def test_duplicate_choice_and_empty_list(tmp_path):
    choices = [["colours", "red", "Red"], ["colours", "red", "Red again"]]
    problems = problems_of(broken(tmp_path, [["select_one colours", "a", "A"]], choices))
    assert [(p.code, p.location.sheet, p.location.row) for p in problems] == [
        ("form.duplicate_choice", "choices", 3)
    ]


def test_duplicate_choices_allowed_when_the_settings_say_so(tmp_path):
    choices = [["colours", "red", "Red"], ["colours", "red", "Red again"]]
    settings = [["allow_choice_duplicates"], ["yes"]]
    form = load_form(broken(tmp_path, [["select_one colours", "a", "A"]], choices, settings))
    assert len(form.choices["colours"].choices) == 2


def test_missing_columns_and_missing_survey_sheet(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", {"survey": [["label"], ["A"]]})
    assert [p.code for p in problems_of(path)] == ["form.missing_column"] * 2
    path = write_xlsx(tmp_path / "g.xlsx", {"Sheet1": [["a"]], "Sheet2": [["b"]]})
    problems = problems_of(path)
    assert problems[0].code == "form.not_a_form"
    assert "Sheet1" in problems[0].text()


def test_files_that_are_no_form_at_all(tmp_path):
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04 this is not really a zip file")
    assert problems_of(garbage)[0].code == "form.unreadable"
    missing = tmp_path / "missing.xlsx"
    assert problems_of(missing)[0].code == "form.unreadable"
    binary = tmp_path / "binary.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert problems_of(binary)[0].code == "form.unreadable"


def test_text_form_errors_name_the_line_and_key(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "id: bad\nfields:\n  - name: a\n    type: text\n  - name: b\n    type: integr\n"
        "  - name: c\n    type: text\n    lable: {zh: 丙}\n",
        encoding="utf-8",
    )
    problems = problems_of(path)
    assert [(p.code, p.location.row, p.location.column) for p in problems] == [
        ("form.unknown_type", 6, "type"),
        ("form.bad_text_form", 9, "lable"),
    ]


def test_text_form_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("id: bad\nfields:\n  - name: a\n    type: [text\n", encoding="utf-8")
    problems = problems_of(path)
    assert problems[0].code == "form.bad_text_form"
    assert problems[0].location.row >= 4


def test_messages_in_english(tmp_path):
    problems = problems_of(broken(tmp_path, [["texte", "a", "A"]]))
    assert (
        problems[0].text("en")
        == "broken.xlsx, sheet survey, row 2, column A: Unknown question type 'texte'"
    )


def test_pyxform_csv_layout_gives_the_same_model(tmp_path):
    """pyxform's CSV variant: sheet names in the first column, rows beside them."""
    import csv

    lines = [
        line
        for line in (DATA / "household.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("|")
    ]
    path = tmp_path / "household.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for line in lines:
            writer.writerow([c.strip() for c in line.strip().strip("|").split("|")])
    assert load_form(path) == load_form(DATA / "household.yaml")
