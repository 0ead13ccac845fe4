"""The `collector` command as a user runs it: forms check, validate, exit codes, messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import DATA, FORMS, ROOT, write_xlsx

from collector.cli import main
from collector.demo_data import SurveyRecords

SURVEY = FORMS / "outmigrant_labour.yaml"


def test_forms_check_prints_a_summary(capsys):
    assert main(["forms", "check", str(SURVEY), str(FORMS / "enterprise_demand.yaml")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].startswith("outmigrant_labour.yaml：表单“外出劳动力资源信息采集表”")
    assert "语言：zh, en" in out[0]


def test_forms_check_fails_on_a_broken_form_with_its_place(tmp_path, capsys):
    bad = write_xlsx(tmp_path / "bad.xlsx", {"survey": [["type", "name"], ["texte", "a"]]})
    assert main(["forms", "check", str(SURVEY), str(bad)]) == 2
    captured = capsys.readouterr()
    assert "bad.xlsx，工作表 survey，第 2 行，A 列：不认识的题型“texte”" in captured.err
    assert "Traceback" not in captured.err


def write_jsonl(path, records):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", "utf-8")
    return path


@pytest.fixture
def records(survey_form):
    return SurveyRecords(survey_form, seed=5).take(4)


def test_validate_all_valid_exits_0(tmp_path, records, capsys):
    data = write_jsonl(tmp_path / "ok.jsonl", records)
    assert main(["validate", "--form", str(SURVEY), str(data)]) == 0
    assert "全部 4 条记录有效" in capsys.readouterr().out


def test_validate_reports_problems_per_record(tmp_path, records, capsys):
    records[2]["phone"] = "123"
    records[3]["full_name"] = ""
    data = write_jsonl(tmp_path / "some.jsonl", records)
    assert main(["validate", "--form", str(SURVEY), str(data)]) == 1
    out = capsys.readouterr().out
    assert "第 3 行的记录有 1 个问题" in out
    assert "phone  手机号应为以1开头的11位数字，现为“123”" in out
    assert "第 4 行的记录有 1 个问题" in out
    assert "4 条记录中有 2 条无效" in out


def test_validate_json_output_in_english(tmp_path, records, capsys):
    records[1]["phone"] = "123"
    data = write_jsonl(tmp_path / "some.jsonl", records)
    assert main(["--lang", "en", "validate", "--json", "--form", str(SURVEY), str(data)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "row": 2,
            "problems": [
                {
                    "field": "phone",
                    "code": "mobile.invalid",
                    "message": "A mobile number has 11 digits starting with 1, not '123'",
                }
            ],
        }
    ]


def test_validate_csv_and_xlsx(tmp_path, records, capsys):
    fields = sorted({k for r in records for k in r})
    cells = [[" ".join(r[f]) if isinstance(r.get(f), list) else r.get(f, "") for f in fields]
             for r in records]  # fmt: skip
    cells[1][fields.index("education")] = "99"
    xlsx = write_xlsx(tmp_path / "ledger.xlsx", {"Sheet1": [fields, *cells]})
    assert main(["validate", "--form", str(SURVEY), str(xlsx)]) == 1
    assert "第 3 行的记录有 1 个问题" in capsys.readouterr().out
    csv_path = tmp_path / "ledger.csv"
    import csv

    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([fields, *cells])
    assert main(["validate", "--form", str(SURVEY), str(csv_path)]) == 1
    assert "education" in capsys.readouterr().out


def test_validate_unreadable_data_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"full_name": "张三"}\n{not json\n', encoding="utf-8")
    assert main(["validate", "--form", str(SURVEY), str(bad)]) == 2
    assert "line 2" in capsys.readouterr().err
    assert main(["validate", "--form", str(SURVEY), str(tmp_path / "missing.csv")]) == 2
    broken_form = tmp_path / "form.xlsx"
    broken_form.write_bytes(b"not a form")
    assert main(["validate", "--form", str(broken_form), str(DATA / "household.yaml")]) == 2


def test_installed_command_runs(tmp_path):
    """The entry point a user types, in a real process."""
    exe = ROOT / ".venv" / "bin" / "collector"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "collector.cli"]
    done = subprocess.run(
        [*command, "forms", "check", str(SURVEY)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "外出劳动力资源信息采集表" in done.stdout


def test_without_a_display_the_window_commands_say_so(tmp_path):
    exe = ROOT / ".venv" / "bin" / "collector"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "collector.cli"]
    unset = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    for args in (["demo"], ["app", "--data-dir", str(tmp_path)], ["--lang", "en", "demo"]):
        done = subprocess.run(
            [*command, *args], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 2, done.stderr  # not Qt's abort (134)
        assert "./scripts/run.sh demo --check" in done.stderr
    assert "has no display" in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing made on the way
