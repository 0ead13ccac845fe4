"""What real files hold beside the form: stray cells, doubled headers, the spreadsheet
library's warnings, pyxform's CSV pair, and files in no layout at all."""

from __future__ import annotations

import pytest
from conftest import SHARED, write_xlsx
from form_md import md_form, md_problems

from collector.cli import main as cli
from collector.forms import FormError, load_form

CORPUS = SHARED / "xlsform-corpus"


def test_a_row_with_no_type_and_no_name_is_skipped_with_a_warning(tmp_path):
    form = md_form(
        tmp_path,
        """
        | survey |
        | | type | name | label | required |
        | | text | a    | A     |          |
        | |      |      |       | yes      |
        | | text | b    | B     |          |
        """,
    )
    assert [f.name for f in form.walk()] == ["a", "b"]
    [warning] = form.warnings
    assert (warning.code, warning.location.row) == ("form.row_without_type", 5)
    assert "required" in warning.text("en")


def test_a_row_with_a_name_but_no_type_is_still_an_error(tmp_path):
    problems = md_problems(
        tmp_path,
        """
        | survey |
        | | type | name | label |
        | |      | a    | A     |
        """,
    )
    assert [p.code for p in problems] == ["form.missing_type"]


def test_several_label_columns_are_a_warning_naming_them(tmp_path):
    path = write_xlsx(
        tmp_path / "f.xlsx",
        {"survey": [["type", "name", "label", "hint", "Label"], ["text", "a", "甲", "", "乙"]]},
    )
    form = load_form(path)
    [warning] = form.warnings
    assert warning.code == "form.duplicate_columns"
    assert warning.message.params["columns"] == "C、E"
    assert "C、E" in warning.text() and "survey" in warning.text()
    assert form.field("a").label == {"default": "乙"}  # the column the warning says is read


def test_the_spreadsheet_librarys_warnings_become_the_programs_own(tmp_path, capfd):
    path = tmp_path / "dates.xlsx"
    write_xlsx(path, {"survey": [["type", "name", "label", "default"], ["date", "d", "D", 9e7]]})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["survey"]["D2"].number_format = "yyyy-mm-dd"  # a date beyond what Excel can hold
    book.save(path)
    assert cli(["forms", "check", str(path)]) == 0
    err = capfd.readouterr().err
    assert "Warning" not in err and "openpyxl" not in err
    assert "dates.xlsx，工作表 survey，第 2 行，D 列：读取表格时的提示" in err


PAIR_SURVEY = """type;name;label::Chinese (zh);choice_filter
select_one towns;town;乡镇;
select_one villages;village;村;town = ${town}
integer;age;年龄;
"""
PAIR_CHOICES = """list_name;name;label::Chinese (zh);town
towns;t1;梅山镇;
villages;v1;红石村;t1
villages;v2;桂花村;t1
"""


@pytest.mark.parametrize("delimiter", [";", ","])
def test_a_pyxform_csv_pair_loads(tmp_path, capsys, delimiter):
    survey, choices = tmp_path / "家庭-survey.csv", tmp_path / "家庭-choices.csv"
    survey.write_text(PAIR_SURVEY.replace(";", delimiter), encoding="utf-8")
    choices.write_text(PAIR_CHOICES.replace(";", delimiter), encoding="gb18030")
    form = load_form(survey)
    assert [f.name for f in form.walk()] == ["town", "village", "age"]
    assert [c.name for c in form.choices["villages"].choices] == ["v1", "v2"]
    assert form.field("village").choice_filter == "town = ${town}"
    assert load_form(choices) == form  # either file named
    assert cli(["forms", "check", str(survey), str(choices)]) == 0
    assert capsys.readouterr().out.count("家庭-survey.csv") == 1  # both named: one form


def test_a_pair_problem_names_the_file_and_cell(tmp_path):
    (tmp_path / "x-survey.csv").write_text("type;name;label\nselect_one nope;a;A\n", "utf-8")
    (tmp_path / "x-choices.csv").write_text("list_name;name;label\nyes;1;是\n", "utf-8")
    with pytest.raises(FormError) as caught:
        load_form(tmp_path / "x-survey.csv")
    [problem] = caught.value.problems
    assert problem.code == "form.missing_choice_list"
    assert (problem.location.sheet, problem.location.row) == ("x-survey.csv", 2)


def test_a_table_in_no_layout_gets_one_short_message_saying_the_layout(tmp_path):
    rows = "".join(f"text;q{i};问题 {i}\n" for i in range(400))
    path = tmp_path / "survey.csv"
    path.write_text("type;name;label\n" + rows, encoding="utf-8")
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert caught.value.codes == ["form.bad_layout_csv"]
    text = caught.value.text("en")
    assert len(text) < 400 and "NAME-survey.csv" in text and "q17" not in text


def test_no_form_in_the_corpus_prints_a_raw_warning(capfd):
    for path in sorted(CORPUS.iterdir()):
        cli(["forms", "check", str(path)])
        err = capfd.readouterr().err
        assert "Warning" not in err and "warn(" not in err, path.name
        assert max(len(line) for line in [*err.splitlines(), ""]) < 1000, path.name


@pytest.mark.parametrize(("gap", "names"), [(60, ["a", "b"]), (61, ["a"])])
def test_rows_beyond_a_gap_pyxform_stops_at_are_not_read_either(tmp_path, gap, names):
    from pyxform.xls2json_backends import definition_to_dict, get_definition_data

    rows = [["type", "name", "label"], ["text", "a", "A"]]
    rows += [[None, None, None]] * gap + [["text", "b", "B"]]
    path = write_xlsx(tmp_path / "gap.xlsx", {"survey": rows})
    seen_by_pyxform = definition_to_dict(get_definition_data(path)).survey
    assert [r.get("name") for r in seen_by_pyxform if r] == names
    assert [f.name for f in load_form(path).walk()] == names
