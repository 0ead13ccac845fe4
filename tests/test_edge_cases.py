"""Edge cases a review found in forms, validation, the store and the CLI, kept fixed."""

from __future__ import annotations

import stat
import subprocess

import pytest
from conftest import ROOT, write_xlsx

from collector.cli import main
from collector.demo_data import SurveyRecords
from collector.forms import FormError, load_form
from collector.forms.export import write_xlsform
from collector.storage.store import STORE_FILE, Store
from collector.validation import validate
from collector.workflow import Role, Status, WorkflowError

CITY_FORM = """
id: places
fields:
  - {name: province, type: select_one, choices: provinces, label: {zh: 省}}
  - {name: city, type: select_one, choices: cities, label: {zh: 市}, choice_filter: "%s"}
choices:
  provinces:
    - {name: ah, label: {zh: 安徽}}
    - {name: js, label: {zh: 江苏}}
  cities:
    - {name: hf, label: {zh: 合肥}, %s: ah}
    - {name: nj, label: {zh: 南京}, %s: js}
"""


@pytest.mark.parametrize(
    ("column", "choice_filter"),
    [("prov", "prov = ${ province }"), ("Province", "Province = ${province}")],
)
def test_cascading_filters_follow_each_record(tmp_path, column, choice_filter):
    path = tmp_path / "places.yaml"
    path.write_text(CITY_FORM % (choice_filter, column, column), encoding="utf-8")
    form = load_form(path)
    assert validate(form, {"province": "ah", "city": "hf"}) == []
    assert validate(form, {"province": "js", "city": "nj"}) == []
    assert [p.code for p in validate(form, {"province": "js", "city": "hf"})] == [
        "value.choice_filtered_out"
    ]
    # The same through an XLSForm, whose headers keep the author's case for filters.
    xlsx = tmp_path / "places.xlsx"
    write_xlsform(form, xlsx)
    again = load_form(xlsx)
    assert validate(again, {"province": "js", "city": "nj"}) == []


def test_choice_file_saved_by_chinese_excel(tmp_path):
    (tmp_path / "towns.csv").write_bytes("name,label\n1,梅山镇\n2,麻埠镇\n".encode("gb18030"))
    path = tmp_path / "f.yaml"
    path.write_text(
        "id: f\nfields:\n  - {name: town, type: select_one_from_file, choice_file: towns.csv}\n",
        encoding="utf-8",
    )
    form = load_form(path)
    assert [c.label["zh"] for c in form.choice_files["towns.csv"].choices] == ["梅山镇", "麻埠镇"]


def test_an_expression_that_cannot_run_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(
        "id: f\nfields:\n  - {name: a, type: text}\n"
        "  - {name: h, type: calculate, calculation: \"digest(${a}, 'NOPE')\"}\n",
        encoding="utf-8",
    )
    assert [p.code for p in validate(load_form(path), {"a": "x"})] == ["value.expression_failed"]


def test_bad_parameters_and_empty_and_broken_forms(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(
        "id: f\nfields:\n  - {name: n, type: id_number, parameters: {age_min: abc}}\n", "utf-8"
    )
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert caught.value.codes == ["form.bad_parameters"]
    empty = write_xlsx(tmp_path / "empty.xlsx", {"survey": [["type", "name", "label"]]})
    with pytest.raises(FormError) as caught:
        load_form(empty)
    assert caught.value.codes == ["form.no_fields"]
    settings = tmp_path / "s.yaml"
    settings.write_text("id: s\nsettings: [1]\nfields:\n  - {name: a, type: text}\n", "utf-8")
    with pytest.raises(FormError) as caught:
        load_form(settings)
    assert caught.value.codes == ["form.bad_text_form"]
    truncated = tmp_path / "t.xls"
    truncated.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(FormError) as caught:
        load_form(truncated)
    assert caught.value.codes == ["form.unreadable"]


def test_a_blank_first_row_does_not_hide_columns(tmp_path):
    path = write_xlsx(
        tmp_path / "f.xlsx", {"survey": [[], ["type", "name", "label"], ["text", "a", "甲"]]}
    )
    assert [f.name for f in load_form(path).walk()] == ["a"]


def test_text_starting_with_equals_survives_export(tmp_path, survey_form):
    path = tmp_path / "f.yaml"
    path.write_text(
        "id: f\nfields:\n  - {name: a, type: note, label: {zh: '=== 基本信息 ==='}}\n", "utf-8"
    )
    xlsx = tmp_path / "f.xlsx"
    write_xlsform(load_form(path), xlsx)
    assert load_form(xlsx).field("a").label == {"zh": "=== 基本信息 ==="}


def test_repeat_answers_behind_an_irrelevant_group_are_reported(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(
        "id: f\nfields:\n  - {name: a, type: text}\n"
        "  - name: g\n    type: group\n    relevant: \"${a} = '1'\"\n    fields:\n"
        "      - {name: r, type: repeat, fields: [{name: x, type: text}]}\n",
        encoding="utf-8",
    )
    problems = validate(load_form(path), {"a": "2", "r": [{"x": "foo"}]})
    assert [(p.field, p.code) for p in problems] == [("r", "value.not_relevant")]


def test_no_approval_of_a_record_with_problems(tmp_path, survey_form):
    record = SurveyRecords(survey_form, seed=2).record()
    with Store.create(tmp_path, "a password") as store:
        rid = store.save(survey_form, record, author="李明").record_id
        store.move(rid, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
        store.save(
            survey_form, record | {"phone": "123"}, author="乡镇", role=Role.TOWNSHIP, record_id=rid
        )
        with pytest.raises(WorkflowError) as caught:
            store.move(rid, Status.APPROVED, role=Role.TOWNSHIP, actor="乡镇")
        assert caught.value.code == "workflow.has_problems"


def test_store_files_are_private(tmp_path):
    Store.create(tmp_path / "s", "a password").close()
    for name in (STORE_FILE, "keys.json"):
        assert stat.S_IMODE((tmp_path / "s" / name).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "s").stat().st_mode) == 0o700


def test_recovery_keys_are_never_overwritten_or_exposed(tmp_path, capsys):
    private, public = tmp_path / "county.pem", tmp_path / "county.pub"
    assert main(["keys", "new", "--private", str(private), "--public", str(public)]) == 0
    first = private.read_bytes()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert main(["keys", "new", "--private", str(private), "--public", str(tmp_path / "x")]) == 2
    assert private.read_bytes() == first
    assert "已存在" in capsys.readouterr().err
    same = str(tmp_path / "k.pem")
    assert main(["keys", "new", "--private", same, "--public", same]) == 2


def test_cli_mistakes_are_messages(tmp_path):
    exe = ROOT / ".venv" / "bin" / "collector"
    form = str(ROOT / "forms" / "enterprise_demand.yaml")
    for args in (
        ["forms", "export", form, str(tmp_path / "missing" / "x.xlsx")],
        ["forms", "export", form, str(tmp_path)],
        [
            "init",
            "--data-dir",
            str(tmp_path / "s"),
            "--recovery-public-key",
            str(tmp_path / "no.pem"),
        ],
    ):
        done = subprocess.run(
            [str(exe), *args],
            capture_output=True,
            text=True,
            env={"COLLECTOR_PASSWORD": "a password", "PATH": "/usr/bin:/bin"},
            timeout=60,
        )
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr and done.stderr.strip(), args
