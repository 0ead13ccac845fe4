"""Export ledgers (台账) of the county, a township or a village, as .xlsx or .csv.

The workbook is written by XlsxWriter in constant-memory mode, row by row from the
store's streaming reader, so that 100,000 records never sit in memory as cells. Column titles are
the form's labels; the header row is frozen and carries filters; ID and phone numbers are
text cells, dates date cells, choices their labels; with `per_village` every village gets
its own sheet. The file appears only when complete: it is written beside its final name
and moved there, so a cancel or a failure leaves no half-written ledger. Every export is
written to the audit log.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlsxwriter

from collector.forms.model import Form
from collector.ledger.columns import ChoiceLabels, LedgerColumns
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
    columns = LedgerColumns(form, lang)
    places = ChoiceLabels(form, lang)
    village_field = form.settings.get("village_field", "village")
    order = ids_by_village(store, form.id, villages)
    total = len(order)
    views = records_by_id(store, [rid for _, rid in order])

    def title(code: str) -> str:
        return places.label(village_field, code) or render("ledger.no_village", lang=lang)

    counter = _Counter(total, progress, cancelled)
    with written_whole(path) as partial:
        if path.suffix.lower() == ".csv":
            _write_csv(partial, columns, views, counter)
        else:
            _write_xlsx(partial, columns, views, counter, title if per_village else None, lang)
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


class _Sheet:
    """One sheet of the ledger: header, widths, frozen header row and filters."""

    def __init__(self, book, title: str, columns: LedgerColumns, formats: dict[str, Any]):
        self.ws = book.add_worksheet(title)
        self.writers = [_cell_writer(self.ws, kind, formats.get(kind)) for kind in columns.kinds()]
        self.rows = 0
        for i, width in enumerate(columns.widths()):
            self.ws.set_column(i, i, width)
        self.ws.set_row(0, 32)
        self.ws.write_row(0, 0, columns.titles, formats["header"])
        self.ws.freeze_panes(1, 0)
        # Printed: A4 landscape, grid lines, the titles on every page.
        self.ws.hide_gridlines(0)
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.repeat_rows(0)

    def append(self, values: list[Any]) -> None:
        self.rows += 1
        row = self.rows
        for col, (write, value) in enumerate(zip(self.writers, values, strict=True)):
            if value is not None and value != "":
                write(row, col, value)

    def finish(self) -> None:
        self.ws.autofilter(0, 0, self.rows, len(self.writers) - 1)


def _cell_writer(ws, kind: str, fmt):
    """A cell writer per column: text cells never become numbers or formulas."""
    if kind == "date":

        def date_or_text(row: int, col: int, value: Any) -> None:
            if isinstance(value, dt.date):
                ws.write_datetime(row, col, value, fmt)
            else:
                ws.write_string(row, col, str(value))

        return date_or_text
    if kind == "text":
        return lambda row, col, value: ws.write_string(row, col, str(value), fmt)
    if kind == "string":
        return lambda row, col, value: ws.write_string(
            row, col, value if value.__class__ is str else str(value)
        )

    def number_or_text(row: int, col: int, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            ws.write_number(row, col, value)
        else:
            ws.write_string(row, col, str(value))

    return number_or_text


def _write_xlsx(path, columns, views, counter, sheet_title, lang) -> None:
    """`sheet_title(village code)` names a sheet per village; None puts all on one."""
    # XlsxWriter in constant-memory mode writes each row as it comes, in less time than
    # openpyxl's write-only mode with lxml (bench/excel.py measures both), and never
    # takes text starting with '=' for a formula.
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    formats = {
        "header": book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "text_wrap": True, "valign": "vcenter"}
        ),
        "text": book.add_format({"num_format": "@"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd", "align": "left"}),
    }
    taken: set[str] = set()
    sheet, village = None, None
    try:
        for view in views:
            if sheet is None or (sheet_title and view.village != village):
                if sheet is not None:
                    sheet.finish()
                village = view.village
                name = (
                    sheet_title(village) if sheet_title else render("ledger.sheet_title", lang=lang)
                )
                sheet = _Sheet(book, _sheet_name(name, taken), columns, formats)
            sheet.append(columns.row(view.data, view.status))
            counter.step()
        if sheet is None:  # nothing to export: still a ledger, with its header
            sheet = _Sheet(book, render("ledger.sheet_title", lang=lang), columns, formats)
        sheet.finish()
    finally:
        book.close()
