"""Importing township ledgers: header detection, mapping, value conversion, the preview
of every problem, all-or-nothing import, and what cannot be read."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from conftest import write_xlsx
from openpyxl import load_workbook

from collector.cli import main
from collector.demo_data import SurveyRecords, make_id_number
from collector.ledger.errors import LedgerError, OperationCancelled
from collector.ledger.headers import Question, load_mapping, map_columns, save_mapping
from collector.ledger.importer import import_ledger, preview_ledger
from collector.storage.store import RecordFilter, Store

PASSWORD = "ledger password"


def id_ending_in_x(birth: dt.date) -> str:
    return next(
        number
        for seq in range(2, 999, 2)
        if (number := make_id_number("341524", birth, seq)).endswith("X")
    )


ID_SPACED = make_id_number("341524", dt.date(1990, 5, 14), 11)  # male
ID_WIDE = make_id_number("341524", dt.date(1985, 10, 3), 24)  # female
ID_APOSTROPHE = make_id_number("341524", dt.date(1978, 3, 9), 36)  # female
ID_LOWER_X = id_ending_in_x(dt.date(1995, 7, 1))
ID_STORED = make_id_number("341524", dt.date(1980, 1, 20), 51)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")

TITLES_TOP = [
    "序号", "姓名", "身份信息", None, None, "民族", "联系电话", "户籍地址", None, "文化程度",
    "就业与收入", None, None, None, None, None, "持证情况", "培训意愿", "创业意向", "调查日期",
    "调查人",
]  # fmt: skip
TITLES = [
    None, None, "身份证号码", "性别", "出生年月", None, None, "乡镇", "村", None, "就业状态",
    "行业", "职业", "工种", "月收入", "家庭住址", None, None, None, None, None,
]  # fmt: skip
SURVEY_DAY = "2026-11-02"


def row(n, name, id_number, sex, birth, ethnicity, phone, village, education, **more):
    values = {
        "industry": "制造业", "occupation": "生产制造及有关人员", "trade": "电焊工",
        "income": "5000～7999元", "certificates": "无", "training": "否", "business": "否",
        "day": "2026.11.2",
    } | more  # fmt: skip
    return [
        n, name, id_number, sex, birth, ethnicity, phone, "梅山镇", village, education,
        "本地务工", values["industry"], values["occupation"], values["trade"],
        values["income"], "青山组", values["certificates"], values["training"],
        values["business"], values["day"], "李明",
    ]  # fmt: skip


@pytest.fixture
def messy_ledger(tmp_path):
    """A township's ledger as they come: a merged title row, two header rows with merged
    group titles and cells merged down, blank rows, a row with only its number, ID
    numbers every way, and a column the form does not know (家庭住址)."""
    wide = ID_WIDE.translate(FULL_WIDTH)
    rows = [
        ["梅山镇外出务工人员台账（2026年下半年）"],
        TITLES_TOP,
        TITLES,
        row(1, "张三", f"{ID_SPACED[:6]} {ID_SPACED[6:14]} {ID_SPACED[14:]}  ", "男", "1990.5",
            1, 13905641234, "青山社区", "初中"),
        [],
        row(2, "李四", wide, "女", dt.datetime(1985, 10, 3), "回族", "139 0564 1235",
            "红村社区居委会", "普通高中", industry="C", occupation=6, trade="厨师", income=3,
            business="×", day=dt.datetime(2026, 11, 2)),
        row(3, "王五", int(ID_STORED), "男", 29240, "汉族", "13905641237", "青山社区", "初中"),
        [4],
        [],
        row(5, "赵六", "'" + ID_APOSTROPHE, "男性", "1978年3月", "汉族", "+86 13905641236",
            "长河村", "高中"),
        row(6, "钱七", ID_LOWER_X.lower(), None, None, "汉族", "1390564123", "青山社区",
            "大学本科", day="2026年11月2日"),
        row(7, "孙八", ID_SPACED, "男", None, "汉族", "13905641238", "青山社区", "初中"),
        row(8, "周九", None, None, None, "汉族", "13905641239", "青山社区", "初中"),
    ]  # fmt: skip
    path = write_xlsx(tmp_path / "梅山镇台账.xlsx", {"台账": rows, "说明": [["填表说明"]]})
    book = load_workbook(path)
    sheet = book["台账"]
    for merged in ("A1:U1", "A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3", "H2:I2", "J2:J3"):
        sheet.merge_cells(merged)
    for merged in ("K2:P2", "Q2:Q3", "R2:R3", "S2:S3", "T2:T3", "U2:U3"):
        sheet.merge_cells(merged)
    book.save(path)
    return path


@pytest.fixture
def store(tmp_path, survey_form):
    """A store that already holds one person (周九's ID number is filled in below)."""
    opened = Store.create(tmp_path / "store", PASSWORD)
    existing = SurveyRecords(survey_form, seed=5).record()
    opened.save_all(survey_form, [existing], author="earlier")
    opened.existing_number = existing["id_number"]
    yield opened
    opened.close()


def expected_records() -> dict[int, dict]:
    common = {
        "township": "341524100", "education": "70", "employment_status": "2",
        "industry": "C", "occupation": "6", "trade": "电焊工", "monthly_income": "3",
        "certificates": ["none"], "training_wish": "no", "business_wish": "no",
        "survey_date": SURVEY_DAY, "surveyor": "李明",
    }  # fmt: skip
    return {
        4: common
        | {
            "full_name": "张三", "id_number": ID_SPACED, "sex": "1", "birth_date": "1990-05-14",
            "ethnicity": "01", "phone": "13905641234", "village": "341524100001",
        },
        6: common
        | {
            "full_name": "李四", "id_number": ID_WIDE, "sex": "2", "birth_date": "1985-10-03",
            "ethnicity": "03", "phone": "13905641235", "village": "341524100002",
            "education": "61", "trade": "厨师",
        },
        7: common
        | {
            "full_name": "王五", "sex": "1", "birth_date": "1980-01-20", "ethnicity": "01",
            "phone": "13905641237", "village": "341524100001",
        },
        10: common
        | {
            "full_name": "赵六", "id_number": ID_APOSTROPHE, "sex": "1",
            "birth_date": "1978-03-09", "ethnicity": "01", "phone": "13905641236",
            "village": "341524214205", "education": "高中",
        },
        11: common
        | {
            "full_name": "钱七", "id_number": ID_LOWER_X, "sex": "1" if int(ID_LOWER_X[16]) % 2
            else "2", "birth_date": "1995-07-01", "ethnicity": "01", "phone": "1390564123",
            "village": "341524100001", "education": "20",
        },
        12: common
        | {
            "full_name": "孙八", "id_number": ID_SPACED, "sex": "1", "birth_date": "1990-05-14",
            "ethnicity": "01", "phone": "13905641238", "village": "341524100001",
        },
    }  # fmt: skip


def fill_existing(path, number: str) -> None:
    book = load_workbook(path)
    book["台账"]["C13"] = number
    book.save(path)


def test_messy_ledger_every_value_and_every_problem(messy_ledger, store, survey_form):
    fill_existing(messy_ledger, store.existing_number)
    preview = preview_ledger(store, survey_form, messy_ledger)

    assert (preview.sheet, preview.header_row) == ("台账", 3)
    assert preview.mapping["身份证号码"] == "id_number"
    assert preview.mapping["姓名"] == "full_name"  # merged down from the row above
    assert preview.ignored == ["序号", "家庭住址"]
    # Blank rows and the row holding only its number (8) are no records.
    assert [r.row for r in preview.rows] == [4, 6, 7, 10, 11, 12, 13]

    records = {r.row: r.record for r in preview.rows}
    for number, expected in expected_records().items():
        assert records[number] == expected, number

    problems = sorted((p.row, p.column, p.code, tuple(sorted(p.params.items())))
                      for p in preview.problems())  # fmt: skip
    assert problems == [
        (7, "C", "ledger.id_rounded", (("value", "3.41524e+17"),)),
        (
            10,
            "D",
            "ledger.derived_mismatch",
            (("expected", "女"), ("source", "公民身份号码"), ("value", "男")),
        ),
        (10, "I", "value.choice_filtered_out", (("value", "341524214205"),)),
        (10, "J", "value.not_a_choice", (("value", "高中"),)),
        (11, "G", "mobile.invalid", (("value", "1390564123"),)),
        (12, "C", "ledger.id_repeated", (("first_row", 4),)),
        (13, "C", "ledger.id_exists", ()),
    ]
    rounded = next(p for p in preview.problems() if p.row == 7)
    assert rounded.text() == (
        "第 7 行，C 列（身份证号码）：Excel 把身份证号存成了数字（3.41524e+17），"
        "后几位已经丢失；请把这一列设为文本格式后重新录入"
    )
    assert [r.row for r in preview.valid] == [4, 6]
    assert [r.row for r in preview.existing] == [13]
    sex = next(p for p in preview.problems() if p.row == 10)
    assert sex.message() == "公民身份号码显示应为“女”，台账填的是“男”"


def test_import_is_all_or_nothing_and_never_duplicates(messy_ledger, store, survey_form):
    fill_existing(messy_ledger, store.existing_number)
    preview = preview_ledger(store, survey_form, messy_ledger)

    with pytest.raises(LedgerError) as refused:
        import_ledger(store, survey_form, preview, author="township")
    assert refused.value.code == "ledger.has_problems"
    assert refused.value.params == {"rows": 4}
    assert sum(store.count_by_status().values()) == 1

    done = import_ledger(store, survey_form, preview, author="township", valid_only=True)
    assert (done.saved, done.existing, done.invalid) == (2, 1, 4)
    saved = {v.data["full_name"]: v.data for v in store.iter_records()}
    expected = expected_records()
    assert saved["张三"] == expected[4]
    assert saved["李四"] == expected[6]
    assert len(saved) == 3

    again = preview_ledger(store, survey_form, messy_ledger)
    assert {r.row for r in again.existing} == {4, 6, 12, 13}


def test_cancelled_import_writes_nothing(messy_ledger, store, survey_form):
    preview = preview_ledger(store, survey_form, messy_ledger)
    with pytest.raises(OperationCancelled):
        import_ledger(
            store, survey_form, preview, author="t", valid_only=True, cancelled=lambda: True
        )
    assert sum(store.count_by_status().values()) == 1
    with pytest.raises(OperationCancelled):
        preview_ledger(store, survey_form, messy_ledger, cancelled=lambda: True)


def test_wrong_sheet_names_the_sheets_there(messy_ledger, store, survey_form):
    with pytest.raises(LedgerError) as err:
        preview_ledger(store, survey_form, messy_ledger, sheet="Sheet1")
    assert err.value.code == "ledger.no_sheet"
    assert err.value.params["sheets"] == "台账、说明"
    with pytest.raises(LedgerError) as err:
        preview_ledger(store, survey_form, messy_ledger, sheet="说明")
    assert err.value.code == "ledger.no_header"


@pytest.mark.parametrize(
    "content",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "zip"],
    ids=["binary", "zip-not-xlsx"],
)
def test_a_file_that_is_no_spreadsheet(tmp_path, store, survey_form, content):
    path = tmp_path / "台账.xlsx"
    if content == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(content)
    with pytest.raises(LedgerError) as err:
        preview_ledger(store, survey_form, path)
    assert err.value.code == "ledger.unreadable"
    assert "台账.xlsx" in err.value.text()


def test_csv_in_gb18030_with_a_changed_and_saved_mapping(tmp_path, store, survey_form):
    person = SurveyRecords(survey_form, seed=9).record()
    text = (
        "身份证号,名字,手机号码,所在乡镇,所在村,学历,备用\n"
        f"{person['id_number']},{person['full_name']},{person['phone']},"
        f"{person['township']},{person['village']},大学本科,x\n"
        ",,,,,初中,\n"  # only a column that is left out: no record
    )
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode("gb18030"))
    preview = preview_ledger(
        store,
        survey_form,
        path,
        mapping={"备用": "notes", "学历": ""},
        defaults={"surveyor": "王五"},
    )
    assert len(preview.rows) == 1
    assert preview.mapping == {
        "身份证号": "id_number", "名字": "full_name", "手机号码": "phone",
        "所在乡镇": "township", "所在村": "village", "学历": "", "备用": "notes",
    }  # fmt: skip
    record = preview.rows[0].record
    assert (record["notes"], record["surveyor"]) == ("x", "王五")
    assert "education" not in record
    assert record["id_number"] == person["id_number"]
    assert record["birth_date"] == person["birth_date"]  # derived from the ID number

    with pytest.raises(LedgerError) as err:
        preview_ledger(store, survey_form, path, mapping={"备用": "remarks"})
    assert (err.value.code, err.value.params) == ("ledger.unknown_field", {"field": "remarks"})

    saved = tmp_path / "mapping.json"
    save_mapping(saved, preview.mapping)
    assert load_mapping(saved) == preview.mapping
    saved.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError):
        load_mapping(saved)


def test_headers_by_label_synonym_and_notes(survey_form):
    headers = ["公民身份号码", "身份证号码（18位）", "手机号码*", "户籍所在村（社区）", "Full name",
               "外出年限(年)", "不认识的列"]  # fmt: skip
    mapping, questions = map_columns(survey_form, headers)
    assert mapping == {
        "公民身份号码": "",  # two columns name the ID number equally well: a question
        "身份证号码（18位）": "",
        "手机号码*": "phone",
        "户籍所在村（社区）": "village",
        "Full name": "full_name",
        "外出年限(年)": "years_away",
        "不认识的列": "",
    }
    assert questions == [Question(("公民身份号码", "身份证号码（18位）"), ("id_number",))]
    answered, questions = map_columns(survey_form, headers, {"身份证号码（18位）": "id_number"})
    assert (answered["公民身份号码"], answered["身份证号码（18位）"], questions) == (
        "",
        "id_number",
        [],
    )


def test_cli_previews_then_imports(messy_ledger, tmp_path, survey_form, monkeypatch, capsys):
    from conftest import FORMS

    monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)
    data_dir = tmp_path / "cli-store"
    Store.create(data_dir, PASSWORD).close()
    base = ["--data-dir", str(data_dir), "--form", str(FORMS / "outmigrant_labour.yaml")]

    assert main(["import", *base, str(messy_ledger)]) == 1
    out = capsys.readouterr().out
    assert "第 11 行，G 列（联系电话）：手机号应为以1开头的11位数字" in out
    assert "共 7 行：2 行没有问题，5 行有问题" in out

    assert main(["import", *base, str(messy_ledger), "--yes"]) == 1
    assert "有 5 行存在问题" in capsys.readouterr().err
    assert main(["import", *base, str(messy_ledger), "--yes", "--valid-only"]) == 0
    assert "已导入 2 条记录" in capsys.readouterr().out
    with Store.open(data_dir, PASSWORD) as opened:
        assert sum(opened.count_by_status(RecordFilter()).values()) == 2

    assert main(["import", *base, str(tmp_path / "missing.xlsx")]) == 2
    assert "missing.xlsx" in capsys.readouterr().err


def test_old_excel_format(store, survey_form):
    from conftest import DATA

    preview = preview_ledger(store, survey_form, DATA / "ledger-mabu.xls")
    assert (preview.sheet, preview.header_row, preview.ignored) == ("花名册", 2, ["序号"])
    first, second = (r.record for r in preview.rows)
    assert first == {
        "full_name": "刘强", "id_number": "341524198802090137", "sex": "1",
        "birth_date": "1988-02-09", "phone": "13856001234", "township": "341524101",
        "village": "341524101209", "education": "70",
    }  # fmt: skip
    assert (second["birth_date"], second["phone"], second["village"]) == (
        "1992-12-01",
        "13856001235",
        "341524101209",
    )
