"""Writes the example files README's commands use (run from the repository's root:
`.venv/bin/python examples/make_examples.py`). The records are synthetic, made by
collector.demo_data; the ledger is the program's own export of them, then roughed up the
way township ledgers come: a title row, a blank row, ID numbers with spaces, full-width
digits and a wrong check digit, a phone number too short, a birth month as "1990.5", a
name left out, a person entered twice."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from xlsxwriter import Workbook

from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.ledger.export import export_ledger
from collector.storage.store import Store

HERE = Path(__file__).resolve().parent
FORM = HERE.parent / "forms" / "outmigrant_labour.yaml"
COUNT = 6
TOWNSHIP = "341524100"  # 梅山镇 of 金寨县 (resources/divisions/jinzhai-341524.csv)
VILLAGES = ("341524100001", "341524100002")  # 青山社区, 红村社区
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def wrong_check_digit(number: str) -> str:
    return number[:-1] + ("1" if number[-1] != "1" else "2")


def write_records(records: list[dict]) -> None:
    columns = list(dict.fromkeys(key for record in records for key in record))
    cells = [[_cell(record.get(column)) for column in columns] for record in records]
    with (HERE / "records.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(cells)
    # The spreadsheet holds two mistakes for `validate` to find.
    cells[1][columns.index("id_number")] = wrong_check_digit(records[1]["id_number"])
    cells[3][columns.index("phone")] = records[3]["phone"][:7]
    book = Workbook(str(HERE / "records.xlsx"))
    sheet = book.add_worksheet("records")
    for number, row in enumerate([columns, *cells]):
        sheet.write_row(number, 0, row)
    book.close()


def _cell(value) -> str:
    return " ".join(value) if isinstance(value, list) else "" if value is None else str(value)


def write_ledger(records: list[dict]) -> None:
    form = load_form(FORM)
    path = HERE / "梅山镇台账.xlsx"
    with (
        tempfile.TemporaryDirectory() as folder,
        Store.create(Path(folder) / "store", "example-password") as store,
    ):
        store.save_many(form, records, author="example")
        export_ledger(store, form, path)
    book = load_workbook(path)
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    column = {header: headers.index(header) + 1 for header in headers}

    def set_cell(row: int, header: str, value) -> None:
        name = next(h for h in headers if h and h.startswith(header))
        sheet.cell(row, column[name]).value = value

    def text(row: int, header: str) -> str:
        name = next(h for h in headers if h and h.startswith(header))
        return str(sheet.cell(row, column[name]).value)

    id_number = text(2, "公民身份号码")
    set_cell(2, "公民身份号码", f"{id_number[:6]} {id_number[6:14]} {id_number[14:]}")
    set_cell(3, "公民身份号码", text(3, "公民身份号码").translate(FULL_WIDTH))
    born = text(4, "公民身份号码")
    set_cell(4, "出生日期", f"{born[6:10]}.{int(born[10:12])}")
    set_cell(4, "公民身份号码", wrong_check_digit(born))
    set_cell(5, "联系电话", text(5, "联系电话")[:8])
    set_cell(6, "姓名", None)
    twin = [cell.value for cell in sheet[2]]
    sheet.append(twin)  # the first person again, as a second cadre entered them
    sheet.insert_rows(1, 2)
    sheet.cell(1, 1, "梅山镇外出务工人员台账（2026年下半年）")
    book.save(path)


def main() -> None:
    made = SurveyRecords(load_form(FORM), seed=13).take(COUNT)
    records = [
        record | {"township": TOWNSHIP, "village": VILLAGES[number % len(VILLAGES)]}
        for number, record in enumerate(made)
    ]
    write_records(records)
    write_ledger(records)


if __name__ == "__main__":
    main()
