"""Exporting ledgers: what a township clerk sees in Excel, per village, as CSV, and back."""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections import Counter

import pytest
from openpyxl import load_workbook

from collector.demo_data import SurveyRecords
from collector.ledger.errors import OperationCancelled
from collector.ledger.export import export_ledger
from collector.ledger.importer import preview_ledger
from collector.storage.store import Store
from collector.validation import validate

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
    titles = [c.value for c in sheet[2]]
    assert titles[:7] == [
        "序号",
        "姓名",
        "公民身份号码",
        "性别",
        "出生日期",
        "年龄（周岁）",
        "民族",
    ]
    # Printed: the first answers as far as an A4 page holds, then the status; the other
    # answers to the right of it, in the file but not on paper.
    printed = titles.index("审核状态") + 1
    assert 12 <= printed < len(titles) and titles[printed - 2] == "务工城市"
    assert set(titles[printed:]) >= {"务工区县", "调查人", "调查日期"}
    assert sheet["A1"].value == f"金寨县外出劳动力台账（{dt.date.today().isoformat()}）"
    edge, last = (sheet.cell(2, n).column_letter for n in (printed, len(titles)))
    assert [r.coord for r in sheet.merged_cells.ranges] == [f"A1:{edge}1"]
    assert sheet.print_area == f"'台账'!$A$1:${edge}${COUNT + 2}"
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == f"A2:{last}{COUNT + 2}"
    # Printed as a ledger: A4 landscape, one page wide, the titles on every page, numbered.
    setup = sheet.page_setup
    # fitToWidth is left out when 1, Excel's default
    assert (setup.orientation, setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == (
        "landscape",
        9,
        1,
        0,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"

    by_id = {r["id_number"]: r for r in records}
    column = {title: i for i, title in enumerate(titles)}
    for n, cells in enumerate(sheet.iter_rows(min_row=3), 1):
        assert cells[0].value == n
        number = cells[column["公民身份号码"]]
        record = by_id[number.value]
        born = dt.date.fromisoformat(record["birth_date"])
        survey = dt.date.fromisoformat(record["survey_date"])
        age = survey.year - born.year - ((survey.month, survey.day) < (born.month, born.day))
        assert cells[column["年龄（周岁）"]].value == age
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
    formula = [c for c in sheet["B"] if c.value == "=HYPERLINK(1)"]
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
        sheet = book[names[code][:28]]
        rows = list(sheet.iter_rows(min_row=3, values_only=True))
        assert len(rows) == people
        assert next(sheet.iter_rows(max_row=1, values_only=True))[0].startswith(
            f"金寨县{names[township]}{names[code]}外出劳动力台账"
        )

    # Imported back, the first village's sheet is read and the others are named, not
    # dropped without a word; each comes in by its name.
    fresh = Store.create(tmp_path / "fresh", PASSWORD)
    try:
        first = preview_ledger(fresh, survey_form, path)
        others = book.sheetnames[1:]
        assert len(first.rows) == mine[sorted(mine)[0]]
        assert any(all(n in text for n in others) for text in first.note_texts()), (
            first.note_texts()
        )
        for name in others:
            assert not preview_ledger(fresh, survey_form, path, sheet=name).notes
    finally:
        fresh.close()


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
    assert preview.ignored == ["序号", "年龄（周岁）", "审核状态"]
    assert len(preview.rows) == COUNT
    by_id = {r["id_number"]: r for r in records}
    for row in preview.rows:
        assert row.record == by_id[row.record["id_number"]]
    assert [p.code for p in preview.problems()] == ["value.form_message"]  # the =HYPERLINK name


def every_field_filled(form, count: int, seed: int = 8) -> list[dict]:
    """Records with every answer the form can hold for them: all the optional ones too,
    several choices whose labels hold 、 (电工、焊工等工业技能), places down to the county,
    a business with a loan; half of them willing to return, half giving their reasons."""
    rng = random.Random(seed)
    counties: dict[str, list[str]] = {}
    for c in form.choice_files["china-counties.csv"].choices:
        if c.extra.get("level") == "county":
            counties.setdefault(c.extra["parent_code"], []).append(c.name)
    ethnicities = [c.name for c in form.choices["ethnicity"].choices]
    records, numbers = [], set()
    for i, record in enumerate(SurveyRecords(form, seed=seed)):
        if len(records) == count:
            break
        if record["id_number"] in numbers:
            continue  # the generator draws the odd ID number twice: one person each
        numbers.add(record["id_number"])
        record |= {
            "ethnicity": rng.choice(ethnicities),
            "marital_status": rng.choice(["10", "20", "30", "40"]),
            "health": rng.choice(["1", "2", "3", "4"]),
            "work_county": rng.choice(counties.get(record["work_city"], [""])),
            "work_address": f"工业园区{i}号",
            "employer": "某某电子有限公司",
            "skills": "电焊、叉车",
            "certificates": rng.sample(["1", "2", "3", "4", "5", "6", "7", "9"], 2),
            "certificate_detail": "焊工 中级",
            "training_wish": "yes",
            "training_kinds": rng.sample(["1", "3", "4", "6", "8", "99"], 3),
            "business_wish": "yes",
            "business_industry": rng.choice("ACEFGHO"),
            "business_capital": 20.5,
            "needs_loan": "yes",
            "loan_amount": 10,
            "business_support": ["1", "2", "5"],
            "notes": "家中有老人需要照顾；春节回乡",
        }
        if not record["work_county"]:
            del record["work_county"]
        if record["return_willing"] == "2":
            record |= {"no_return_reasons": ["1", "6", "99"], "no_return_other": "照顾孙辈"}
        else:
            record["wished_industry"] = rng.choice("CEGH")
        records.append(record)
    return records


@pytest.mark.parametrize(("suffix", "count"), [(".xlsx", 10_000), (".csv", 2_000)])
def test_export_then_import_round_trips_10000_full_records(tmp_path, survey_form, suffix, count):
    records = every_field_filled(survey_form, count)
    assert all(validate(survey_form, r) == [] for r in records)
    for name in ("training_kinds", "no_return_reasons", "work_county", "business_support"):
        assert any(name in r for r in records), name
    store = Store.create(tmp_path / "store", PASSWORD)
    fresh = Store.create(tmp_path / "fresh", PASSWORD)
    try:
        store.save_all(survey_form, records, author="test")
        path = tmp_path / f"台账{suffix}"
        assert export_ledger(store, survey_form, path) == len(records)
        preview = preview_ledger(fresh, survey_form, path)
        assert [p.text() for p in preview.problems()][:5] == []
        assert preview.questions == []
        assert len(preview.rows) == len(records)
        stored = {v.data["id_number"]: v.data for v in store.iter_records()}
        assert len(stored) == len(records)
        for row in preview.rows:
            assert row.record == stored[row.record["id_number"]]
        preview_again = preview_ledger(store, survey_form, path)
        assert {p.code for p in preview_again.problems()} == {"ledger.id_exists"}
    finally:
        store.close()
        fresh.close()
