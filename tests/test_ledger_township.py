"""The ledgers townships really keep (tests/ledger_samples.py), imported row by row: every
person under their own name, every planted defect reported where it is, nothing else."""

from __future__ import annotations

import pytest
from conftest import FORMS
from ledger_samples import SURVEY_DAY, SURVEYOR, roster, township_ledger

from collector.cli import main
from collector.ledger.importer import import_ledger, preview_ledger
from collector.storage.store import RecordFilter, Store

PASSWORD = "township password"


@pytest.fixture
def store(tmp_path):
    opened = Store.create(tmp_path / "store", PASSWORD)
    yield opened
    opened.close()


def said(preview) -> dict[int, set[tuple[str, str]]]:
    found: dict[int, set[tuple[str, str]]] = {}
    for p in preview.problems():
        found.setdefault(p.row, set()).add((p.header, p.code))
    return found


def test_township_ledger_row_by_row(tmp_path, store, survey_form):
    ledger = township_ledger(tmp_path)
    preview = preview_ledger(store, survey_form, ledger.path)

    assert (preview.sheet, preview.header_row) == ("梅山镇", ledger.header_row)
    assert preview.questions == []
    for header, name in {
        "外出务工地点": "work_address", "是否有返乡意愿": "return_willing",
        "不愿返乡原因": "no_return_reasons", "从事行业": "industry", "村（社区）": "village",
    }.items():  # fmt: skip
        assert preview.mapping[header] == name, header
    assert preview.ignored == ["序号"]
    assert said(preview) == ledger.key
    records = {r.row: r.record for r in preview.rows}
    for number, expected in ledger.expected.items():
        assert records[number] == expected, number
    assert len(preview.rows) == 60  # the 合计 row and the footer are no people
    notes = preview.note_texts()
    assert notes[0] == "台账没有乡镇一列，按工作表名填为“梅山镇”"
    total, footer = sorted(ledger.passed_over)
    assert f"第 {total} 行是合计行，不是人员，未导入" in notes
    assert f"第 {footer} 行是表尾（填表人、审核人等），不是人员，未导入" in notes
    sex = next(p for p in preview.problems() if p.code == "ledger.derived_mismatch")
    assert "公民身份号码显示应为" in sex.text()

    done = import_ledger(store, survey_form, preview, author="梅山镇", valid_only=True)
    assert done.saved == len(ledger.expected)
    saved = {v.data["id_number"]: v.data for v in store.iter_records()}
    for expected in ledger.expected.values():
        if expected["id_number"] in saved:  # the first of the repeated ID keeps it
            assert saved[expected["id_number"]] == expected


@pytest.mark.parametrize("kind", ["xlsx", "xls", "csv"])
def test_roster_with_household_heads_row_by_row(tmp_path, store, survey_form, kind):
    ledger = roster(tmp_path, kind)
    defaults = {"survey_date": SURVEY_DAY, "surveyor": SURVEYOR}
    preview = preview_ledger(store, survey_form, ledger.path, defaults=defaults)

    assert preview.header_row == ledger.header_row
    if kind != "csv":  # the instructions sheet in front is passed over, and said so
        assert preview.sheet == "花名册"
        assert (
            preview.note_texts()[0]
            == "读取的是工作表“花名册”：前面的工作表（填表说明）不是人员名单"
        )
    assert preview.mapping["姓名"] == "full_name"
    assert preview.mapping["户主姓名"] == ""
    assert preview.questions == []
    assert said(preview) == ledger.key
    records = {r.row: r.record for r in preview.rows}
    assert len(records) == 30
    for number, expected in ledger.expected.items():
        assert records[number] == expected, number
    birth = next(p for p in preview.problems() if p.header == "出生年月")
    expected = records[ledger.first_row + 12]["id_number"]
    day = f"{expected[6:10]}-{expected[10:12]}-{expected[12:14]}"
    assert birth.message() == f"公民身份号码显示应为“{day}”，台账填的是“1960-01”"

    import_ledger(store, survey_form, preview, author="township", valid_only=True)
    names = sorted(v.data["full_name"] for v in store.iter_records())
    assert names == sorted(e["full_name"] for e in ledger.expected.values())


def test_two_columns_for_one_field_are_a_question(tmp_path, survey_form, monkeypatch, capsys):
    """姓名 and 名字 both name the person: the clerk is asked, and --map answers."""
    monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)
    data_dir = tmp_path / "cli-store"
    Store.create(data_dir, PASSWORD).close()
    ledger = roster(tmp_path, "csv")
    text = ledger.path.read_bytes().decode("gbk").replace("户主姓名", "名字", 1)
    ledger.path.write_bytes(text.encode("gbk"))
    base = ["--data-dir", str(data_dir), "--form", str(FORMS / "outmigrant_labour.yaml")]
    base += ["--set", f"survey_date={SURVEY_DAY}", "--set", f"surveyor={SURVEYOR}"]

    assert main(["import", *base, str(ledger.path), "--yes", "--valid-only"]) == 1
    out, err = capsys.readouterr()
    assert "列“名字”、“姓名”对应哪个字段（“姓名”（full_name））不能确定" in out
    assert "（如 --map 名字=full_name；不导入的列：--map 表头=）" in out
    assert "还有 1 处列的对应没有确定" in err
    with Store.open(data_dir, PASSWORD) as opened:
        assert sum(opened.count_by_status(RecordFilter()).values()) == 0

    answer = ["--map", "姓名=full_name", "--map", "名字="]
    assert main(["import", *base, str(ledger.path), *answer, "--yes", "--valid-only"]) == 0
    assert f"已导入 {len(ledger.expected)} 条记录" in capsys.readouterr().out
    with Store.open(data_dir, PASSWORD) as opened:
        names = {v.data["full_name"] for v in opened.iter_records()}
    assert names == {e["full_name"] for e in ledger.expected.values()}
