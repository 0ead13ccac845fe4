"""The report as an Excel workbook: a sheet per table, and the job matches if given."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from collector.ledger.export import SHEET_NAME_BAD
from collector.ledger.files import written_whole
from collector.messages import render
from collector.reports.tables import Report


def write_frames(path: str | Path, sheets: list[tuple[str, pd.DataFrame]]) -> None:
    """Sheets of plain tables: bold frozen header, filters, columns as wide as their text."""
    with written_whole(path) as partial, pd.ExcelWriter(partial, engine="xlsxwriter") as writer:
        for title, frame in sheets:
            name = SHEET_NAME_BAD.sub("_", title)[:31]
            frame.to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            sheet = writer.sheets[name]
            if len(frame.columns):
                sheet.autofilter(0, 0, len(frame), len(frame.columns) - 1)
            for i, column in enumerate(frame.columns):
                longest = max([len(str(column)), *(len(str(v)) for v in frame[column])])
                sheet.set_column(i, i, min(40, longest * 2 + 2))


def write_report_xlsx(
    report: Report,
    path: str | Path,
    *,
    matches: pd.DataFrame | None = None,
    lang: str | None = None,
) -> None:
    sheets = [(t.title(lang), t.frame) for t in report.tables]
    if matches is not None:
        sheets.append((render("match.title", lang=lang), matches))
    write_frames(path, sheets)
