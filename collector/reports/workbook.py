"""The report as an Excel workbook, ready to print and hand in: a sheet per table (and the
job matches if given), each under a title naming the county and the survey round, with
bold bordered headers, a 合计 row (and a 合计 column where a table counts by several
columns), whole numbers with thousands separators and shares to one decimal, columns as
wide as their text, A4 fitted one page wide with the header row on every page."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from collector.ledger.export import SHEET_NAME_BAD
from collector.ledger.files import written_whole
from collector.messages import render
from collector.reports.tables import Report

HEADER_ROW = 3
"""Row (from 0) of the column titles: under the title, the subtitle and a blank row."""
MAX_WIDTH = 40
TITLE_SCALE = 1.4
"""Width of the title's text in column units per character unit (14 against 11 points)."""


def _width(value: Any) -> int:
    """Columns a text takes: a Chinese character two, others one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def _counts(frame: pd.DataFrame) -> list[str]:
    """The columns that count people (whole numbers), which a 合计 adds up."""
    return [c for c in frame.columns[1:] if pd.api.types.is_integer_dtype(frame[c])]


def with_totals(frame: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The table with a 合计 row under it when it counts people (a share column's total
    is 100), and a 合计 column when it counts by several columns and has none."""
    total = render("report.total", lang=lang)
    share = render("report.share", lang=lang)
    counts = _counts(frame)
    if not counts or frame.empty:
        return frame
    frame = frame.copy()
    if len(counts) > 1 and total not in frame.columns:
        frame[total] = frame[counts].sum(axis=1)
        counts.append(total)
    row: dict[str, Any] = {c: None for c in frame.columns}
    row[frame.columns[0]] = total
    for c in counts:
        row[c] = int(frame[c].sum())
    if share in frame.columns:
        row[share] = 100.0 if row[counts[0]] else 0.0
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True)


class _Formats:
    def __init__(self, book):
        cell = {"border": 1, "valign": "vcenter"}
        self.title = book.add_format({"bold": True, "font_size": 14, "align": "center"})
        self.subtitle = book.add_format({"font_size": 10, "align": "center"})
        self.header = book.add_format(
            cell | {"bold": True, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}
        )
        self.text = book.add_format(cell)
        self.whole = book.add_format(cell | {"num_format": "#,##0"})
        self.decimal = book.add_format(cell | {"num_format": "#,##0.0"})
        total = {"bold": True, "top": 2}
        self.total_text = book.add_format(cell | total)
        self.total_whole = book.add_format(cell | total | {"num_format": "#,##0"})
        self.total_decimal = book.add_format(cell | total | {"num_format": "#,##0.0"})


def _write_sheet(book, formats: _Formats, name: str, frame: pd.DataFrame, heading, totals):
    """One table: `heading` is (title, subtitle) or None (a plain table from row 0);
    `totals` whether its last row is a 合计 row."""
    ws = book.add_worksheet(name)
    top = HEADER_ROW if heading else 0
    width = max(len(frame.columns), 1)
    if heading:
        title, subtitle = heading
        ws.set_row(0, 24)
        ws.merge_range(0, 0, 0, width - 1, title, formats.title)
        ws.merge_range(1, 0, 1, width - 1, subtitle, formats.subtitle)
    ws.set_row(top, 30)
    ws.write_row(top, 0, [str(c) for c in frame.columns], formats.header)
    last = len(frame) - 1
    wholes = [pd.api.types.is_integer_dtype(frame.iloc[:, c]) for c in range(len(frame.columns))]
    for r, values in enumerate(frame.itertuples(index=False), top + 1):
        total = totals and r - top - 1 == last
        for c, value in enumerate(values):
            if value is None or (isinstance(value, float) and pd.isna(value)):
                ws.write_blank(r, c, None, formats.total_text if total else formats.text)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                whole = wholes[c] or isinstance(value, int)
                fmt = (
                    (formats.total_whole if whole else formats.total_decimal)
                    if total
                    else (formats.whole if whole else formats.decimal)
                )
                ws.write_number(r, c, value, fmt)
            else:
                ws.write_string(r, c, str(value), formats.total_text if total else formats.text)
    widths = [
        min(MAX_WIDTH, max(8, 2 + max([_width(column), *map(_width, frame.iloc[:, c].dropna())])))
        for c, column in enumerate(frame.columns)
    ]
    if heading:  # the title (14 points) fits across the table: its columns widen evenly
        short = _width(heading[0]) * TITLE_SCALE - sum(widths)
        widths = [w + max(0.0, short) / len(widths) for w in widths]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.freeze_panes(top + 1, 0)
    if not heading and len(frame.columns):
        ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(top)
    ws.center_horizontally()
    ws.set_footer("&C&P / &N")


def write_frames(path: str | Path, sheets: list[tuple[str, pd.DataFrame]]) -> None:
    """Sheets of plain tables: bold frozen header, filters, columns as wide as their text."""
    with written_whole(path) as partial:
        book = xlsxwriter.Workbook(str(partial))
        formats = _Formats(book)
        try:
            for title, frame in sheets:
                name = SHEET_NAME_BAD.sub("_", title)[:31]
                _write_sheet(book, formats, name, frame, None, False)
        finally:
            book.close()


def write_report_xlsx(
    report: Report,
    path: str | Path,
    *,
    matches: pd.DataFrame | None = None,
    lang: str | None = None,
) -> None:
    title = report.heading(lang)
    made = report.made.strftime("%Y-%m-%d %H:%M")
    with written_whole(path) as partial:
        book = xlsxwriter.Workbook(str(partial))
        formats = _Formats(book)
        try:
            for table in report.tables:
                frame = with_totals(table.frame, lang)
                params = {
                    "table": table.title(lang),
                    "scope": report.scope,
                    "people": report.people,
                    "made": made,
                }
                subtitle = render("report.sheet_subtitle", params, lang)
                name = SHEET_NAME_BAD.sub("_", table.title(lang))[:31]
                totals = frame is not table.frame
                _write_sheet(book, formats, name, frame, (title, subtitle), totals)
            if matches is not None:
                name = SHEET_NAME_BAD.sub("_", render("match.title", lang=lang))[:31]
                _write_sheet(book, formats, name, matches, None, False)
        finally:
            book.close()
