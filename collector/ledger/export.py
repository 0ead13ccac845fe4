"""Export ledgers (台账) of the county, a township or a village, as .xlsx or .csv.

The workbook is written by XlsxWriter in constant-memory mode, row by row from the
store's streaming reader, so that 100,000 records never sit in memory as cells. Column titles are
the form's labels; the header row is frozen and carries filters; ID and phone numbers are
text cells, dates date cells, choices their labels; with `per_village` every village gets
its own sheet. It prints as a ledger to be filed: a title naming the county, township and
village and the day, a 序号 column, the age, A4 landscape one page wide, the header row
on every page, page numbers. The file appears only when complete: it is written beside
its final name and moved there, so a cancel or a failure leaves no half-written ledger.
Every export is written to the audit log.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlsxwriter

from collector.forms.keys import FormKeys
from collector.forms.model import Form
from collector.ledger.columns import ChoiceLabels, LedgerColumns, PrintedColumns, county_label
from collector.ledger.errors import (
    CancelCheck,
    OperationCancelled,
    Progress,
    never_cancelled,
    no_progress,
)
from collector.ledger.files import written_whole
from collector.messages import render
from collector.storage.ledger_queries import ids_by_village, records_by_id
from collector.storage.store import RecordFilter, Store

PROGRESS_EVERY = 500
HEADER_ROW = 1
"""Row (from 0) of the column titles, under the printed title."""
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def select_villages(
    store: Store, form: Form, township: str | None = None, village: str | None = None
) -> dict[str, int]:
    """Village code -> number of records, of the county or of one township or village."""
    counts = store.progress_by_village(RecordFilter(form_id=form.id))
    return {
        code: sum(by_status.values())
        for code, by_status in sorted(counts.items())
        if (village is None or code == village) and (township is None or code.startswith(township))
    }


def export_ledger(
    store: Store,
    form: Form,
    path: str | Path,
    *,
    township: str | None = None,
    village: str | None = None,
    per_village: bool = False,
    lang: str | None = None,
    actor: str = "user",
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> int:
    """Write the ledger to `path` (.csv by its suffix, else .xlsx); returns the count."""
    path = Path(path)
    villages = select_villages(store, form, township, village)
    places = ChoiceLabels(form, lang)
    village_field = FormKeys.of(form).village
    order = ids_by_village(store, form.id, villages)
    total = len(order)
    views = records_by_id(store, [rid for _, rid in order])

    def title(code: str) -> str:
        return places.label(village_field, code) or render("ledger.no_village", lang=lang)

    counter = _Counter(total, progress, cancelled)
    with written_whole(path) as partial:
        if path.suffix.lower() == ".csv":
            _write_csv(partial, LedgerColumns(form, lang), views, counter)
        else:
            heading = _Heading(form, lang, township=None if village else township)
            sheet_title = title if per_village else None
            _write_xlsx(partial, PrintedColumns(form, lang), views, counter, sheet_title, heading)
    scope = village or township or "county"
    store.log_export(actor, f"ledger {scope} {path.suffix.lstrip('.') or 'xlsx'}", counter.done)
    progress(counter.done, total)
    return counter.done


class _Counter:
    def __init__(self, total: int, progress: Progress, cancelled: CancelCheck):
        self.done, self.total = 0, total
        self.progress, self.cancelled = progress, cancelled

    def step(self) -> None:
        if self.cancelled():
            raise OperationCancelled()
        self.done += 1
        if self.done % PROGRESS_EVERY == 0:
            self.progress(self.done, self.total)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a cell that Excel or LibreOffice would run as a formula starts (OWASP CSV injection)."""


def _inert(value: Any) -> Any:
    """Text a spreadsheet would take for a formula (a name typed as `=HYPERLINK(…)` or
    `@SUM(…)`) behind an apostrophe, so that it opens as the text it is. The .xlsx export
    needs none of this: it writes every text cell as a string."""
    if value.__class__ is str and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _write_csv(path: Path, columns: LedgerColumns, views, counter: _Counter) -> None:
    # UTF-8 with a byte order mark: what Excel on a Chinese Windows opens without mojibake.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle)
        out.writerow([_inert(title) for title in columns.titles])
        for view in views:
            out.writerow([_inert(value) for value in columns.row(view.data, view.status)])
            counter.step()


def _sheet_name(title: str, taken: set[str]) -> str:
    base = SHEET_NAME_BAD.sub("_", title)[:28] or "-"
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}~{n}"
    taken.add(name.lower())
    return name


class _Heading:
    """The title printed above a sheet: the county, the township and the village it
    holds (金寨县梅山镇青山社区居委会外出劳动力台账) and the day it was made."""

    def __init__(self, form: Form, lang: str | None, township: str | None):
        self.places = ChoiceLabels(form, lang)
        self.village_field = FormKeys.of(form).village
        self.county, self.township, self.lang = county_label(form, lang), township, lang
        self.day = dt.date.today()

    def text(self, village: str | None) -> str:
        """The title of a sheet holding `village` only (None: the township or county)."""
        codes = [village[:9], village] if village else [self.township] if self.township else []
        place = self.county + "".join(
            str(self.places.label(self.village_field, code) or "") for code in codes
        )
        params = {"place": place, "day": self.day.isoformat()}
        return render("ledger.print_title", params, self.lang)


class _Sheet:
    """One sheet of the ledger: title, header, widths, frozen header row, filters, and
    how it prints."""

    def __init__(self, book, name: str, columns, formats: dict[str, Any], title: str):
        self.ws = book.add_worksheet(name)
        kinds = columns.kinds()
        self.writers = [_cell_writer(self.ws, kind, formats[kind]) for kind in kinds]
        self.printed = columns.printed
        self.blank = formats["string"]
        self.rows = HEADER_ROW
        for i, width in enumerate(columns.widths()):
            self.ws.set_column(i, i, width)
        self.ws.set_row(0, 30)
        self.ws.merge_range(0, 0, 0, self.printed - 1, title, formats["title"])
        self.ws.set_row(HEADER_ROW, 45)
        for col, text in enumerate(columns.titles):
            fmt = formats["header"] if col < self.printed else formats["header_unprinted"]
            self.ws.write_string(HEADER_ROW, col, text, fmt)
        self.ws.freeze_panes(HEADER_ROW + 1, 0)
        # Printed: A4 landscape, one page wide, the header row on every page, numbered.
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
        self.ws.center_horizontally()
        self.ws.fit_to_pages(1, 0)
        self.ws.repeat_rows(HEADER_ROW)
        self.ws.set_footer(formats["footer"])

    def append(self, values: list[Any]) -> None:
        self.rows += 1
        row = self.rows
        for col, (write, value) in enumerate(zip(self.writers, values, strict=True)):
            if value is not None and value != "":
                write(row, col, value)
            elif col < self.printed:  # ruled like the rest of the printed ledger
                self.ws.write_blank(row, col, None, self.blank)

    def finish(self) -> None:
        self.ws.autofilter(HEADER_ROW, 0, self.rows, len(self.writers) - 1)
        self.ws.print_area(0, 0, self.rows, self.printed - 1)


def _cell_writer(ws, kind: str, fmt):
    """A cell writer per column: text cells never become numbers or formulas."""
    if kind == "date":

        def date_or_text(row: int, col: int, value: Any) -> None:
            if isinstance(value, dt.date):
                ws.write_datetime(row, col, value, fmt)
            else:
                ws.write_string(row, col, str(value), fmt)

        return date_or_text
    if kind in ("text", "string"):
        return lambda row, col, value: ws.write_string(
            row, col, value if value.__class__ is str else str(value), fmt
        )

    def number_or_text(row: int, col: int, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    return number_or_text


def _formats(book, lang: str | None) -> dict[str, Any]:
    cell = {"border": 1, "valign": "vcenter", "font_size": 10}
    return {
        "title": book.add_format({"bold": True, "font_size": 16, "align": "center"}),
        "header": book.add_format(
            cell | {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "align": "center"}
        ),
        # Answers beyond the printed columns: in the file, not on paper.
        "header_unprinted": book.add_format(
            cell | {"bold": True, "bg_color": "#EDEDED", "text_wrap": True, "align": "center"}
        ),
        "text": book.add_format(cell | {"num_format": "@"}),
        "date": book.add_format(cell | {"num_format": "yyyy-mm-dd", "align": "left"}),
        "number": book.add_format(cell),
        "string": book.add_format(cell | {"shrink": True}),  # long labels, one line
        "footer": render("ledger.print_footer", lang=lang),
    }


def _write_xlsx(path, columns: PrintedColumns, views, counter, sheet_title, heading) -> None:
    """`sheet_title(village code)` names a sheet per village; None puts all on one."""
    # XlsxWriter in constant-memory mode writes each row as it comes, in less time than
    # openpyxl's write-only mode with lxml (bench/excel.py measures both), and never
    # takes text starting with '=' for a formula.
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    formats = _formats(book, heading.lang)
    taken: set[str] = set()
    sheet, village, number = None, None, 0
    try:
        for view in views:
            if sheet is None or (sheet_title and view.village != village):
                if sheet is not None:
                    sheet.finish()
                village, number = view.village, 0
                if sheet_title:
                    name, title = sheet_title(village), heading.text(village)
                else:
                    name, title = (
                        render("ledger.sheet_title", lang=heading.lang),
                        heading.text(None),
                    )
                sheet = _Sheet(book, _sheet_name(name, taken), columns, formats, title)
            number += 1
            sheet.append(columns.numbered_row(number, view.data, view.status))
            counter.step()
        if sheet is None:  # nothing to export: still a ledger, with its header
            name = render("ledger.sheet_title", lang=heading.lang)
            sheet = _Sheet(book, name, columns, formats, heading.text(None))
        sheet.finish()
    finally:
        book.close()
