"""Exporting ledgers: what a township clerk sees in Excel, per village, as CSV, and back."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter

import pytest
from openpyxl import load_workbook

from collector.demo_data import SurveyRecords
from collector.ledger.errors import OperationCancelled
from collector.ledger.export import export_ledger
from collector.ledger.importer import preview_ledger
from collector.storage.store import Store

PASSWORD = "ledger password"
COUNT = 60


@pytest.fixture(scope="module")
def filled(tmp_path_factory, survey_form):
    """A store with 60 survey records, and the records."""
    records = SurveyRecords(survey_form, seed=3).take(COUNT)
    records[0]["full_name"] = "=HYPERLINK(1)"  # text, never a formula
    store = Store.create(tmp_path_factory.mktemp("export") / "store", PASSWORD)
    store.save_all(survey_form, records, author="test")
    yield store, records
    store.close()


def test_xlsx_ledger_as_a_clerk_reads_it(filled, survey_form, tmp_path):
    store, records = filled
    seen = []
    path = tmp_path / "台账.xlsx"
    assert export_ledger(store, survey_form, path, progress=lambda d, t: seen.append((d, t))) == 60
    assert seen[-1] == (COUNT, COUNT)
    assert not list(tmp_path.glob(".*partial"))

    sheet = load_workbook(path)["台账"]
    titles = [c.value for c in sheet[1]]
    assert titles[:6] == ["姓名", "公民身份号码", "性别", "出生日期", "民族", "联系电话"]
    assert titles[-1] == "审核状态"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(titles)).column_letter}{COUNT + 1}"

    by_id = {r["id_number"]: r for r in records}
    column = {title: i for i, title in enumerate(titles)}
    for cells in sheet.iter_rows(min_row=2):
        number = cells[column["公民身份号码"]]
        record = by_id[number.value]
        assert number.data_type == "s" and number.number_format == "@"
        born = cells[column["出生日期"]]
        assert born.value == dt.datetime.fromisoformat(record["birth_date"])
        assert born.number_format == "yyyy-mm-dd"
        assert cells[column["性别"]].value == {"1": "男", "2": "女"}[record["sex"]]
        assert cells[column["民族"]].value == "汉族"
        insurance = survey_form.choice_list(survey_form.field("social_insurance"))
        names = {c.name: c.label["zh"] for c in insurance.choices}
        wanted = "、".join(names[n] for n in record["social_insurance"])
        assert cells[column["务工地参加的社会保险"]].value == wanted
        assert cells[column["审核状态"]].value == "草稿"
        assert cells[column["外出年限（年）"]].value == record["years_away"]
    formula = [c for c in sheet["A"] if c.value == "=HYPERLINK(1)"]
    assert formula and formula[0].data_type == "s"
    assert any(e["action"] == "data.export" for e in store.audit_entries())


def test_one_sheet_per_village_of_one_township(filled, survey_form, tmp_path):
    store, records = filled
    township = records[1]["township"]
    mine = Counter(r["village"] for r in records if r["township"] == township)
    path = tmp_path / "乡镇台账.xlsx"
    count = export_ledger(store, survey_form, path, township=township, per_village=True)
    assert count == sum(mine.values())

    book = load_workbook(path, read_only=True)
    villages = survey_form.choice_files["county_divisions.csv"].choices
    names = {c.name: c.label["zh"] for c in villages}
    assert book.sheetnames == [names[v][:28] for v in sorted(mine)]
    for code, people in mine.items():
        rows = list(book[names[code][:28]].iter_rows(min_row=2, values_only=True))
        assert len(rows) == people


def test_csv_ledger(filled, survey_form, tmp_path):
    store, records = filled
    path = tmp_path / "台账.csv"
    assert export_ledger(store, survey_form, path) == COUNT
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with a BOM
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == COUNT
    assert {r["公民身份号码"] for r in rows} == {r["id_number"] for r in records}
    assert rows[0]["出生日期"].count("-") == 2


def test_cancelled_export_leaves_no_file(filled, survey_form, tmp_path):
    store, _ = filled
    path = tmp_path / "台账.xlsx"
    with pytest.raises(OperationCancelled):
        export_ledger(store, survey_form, path, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_exported_ledger_imports_back_unchanged(filled, survey_form, tmp_path):
    store, records = filled
    path = tmp_path / "台账.xlsx"
    export_ledger(store, survey_form, path)
    fresh = Store.create(tmp_path / "fresh", PASSWORD)
    try:
        preview = preview_ledger(fresh, survey_form, path)
    finally:
        fresh.close()
    assert preview.ignored == ["审核状态"]
    assert len(preview.rows) == COUNT
    by_id = {r["id_number"]: r for r in records}
    for row in preview.rows:
        assert row.record == by_id[row.record["id_number"]]
    assert [p.code for p in preview.problems()] == ["value.form_message"]  # the =HYPERLINK name
