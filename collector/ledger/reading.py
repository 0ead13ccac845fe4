"""Open a ledger sheet (.xlsx, .xls or .csv) and find its header row.

Township ledgers rarely start with their headers: a title row merged across the sheet
("××镇外出务工人员台账"), a date line, or two header rows (a merged group title over the
field titles) come first. The header row is the one among the first rows whose cells name
the most form fields; a column blank there takes the nearest title above it, which is
where a cell merged down over two header rows keeps its text. Cells keep their types
(numbers, dates), because converting an ID number or a date needs to know what Excel
stored. Rows stream: a 100,000-row ledger is never held as cells.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from collector.file_bounds import FileTooLarge, check_rows, check_size, check_workbook
from collector.forms.sheets import MAX_EMPTY_RUN, OLE2_MAGIC, ZIP_MAGIC, cell_text
from collector.ledger.errors import LedgerError

HEADER_SCAN = 12
"""Non-empty rows searched for the header row."""

RawRow = tuple[int, list[Any]]
"""(row number as the user sees it, cell values)."""


@dataclass
class LedgerSheet:
    name: str
    header_row: int
    headers: list[str]
    """Title of each column, by position ('' where there is none)."""
    rows: Iterator[RawRow]
    """The data rows below the header, blank rows left out."""
    size: int = 0
    """Rows the sheet says it has (0 when unknown), for progress."""


@contextmanager
def open_ledger(
    path: str | Path, score: Callable[[list[str]], int], sheet: str | None = None
) -> Iterator[LedgerSheet]:
    """The ledger's sheet (the named one, else the first) with its header row found by
    `score` (how many fields a row of titles names)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as err:
        raise LedgerError("ledger.unreadable", file=path.name, detail=err.strerror) from err
    try:
        if magic.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            opened = _open_workbook(path, sheet, magic)
        else:
            opened = _open_csv(path)
    except FileTooLarge as err:
        raise LedgerError(err.code, **err.params) from None
    name, rows, close, size = opened
    try:
        found = _find_header(name, rows, score)
        found.size = size
        yield found
    finally:
        close()


Opened = tuple[str, Iterator[RawRow], Callable[[], None], int]


def _open_workbook(path: Path, sheet: str | None, magic: bytes) -> Opened:
    """.xlsx, .xls (and .ods) through calamine: it reads a 100,000-row sheet some twenty
    times faster than openpyxl's read-only mode, which would take minutes. Like Excel it
    reads numbers as floating point, so an 18-digit ID number stored as a number arrives
    with its last digits lost, as Excel itself keeps only 15 (reported, see convert).
    Calamine reads a whole sheet at once, so the file's bounds are checked first."""
    from python_calamine import CalamineWorkbook

    try:
        if magic.startswith(ZIP_MAGIC):
            check_workbook(path)
        else:  # .xls holds at most 65,536 rows a sheet
            check_size(path)
    except zipfile.BadZipFile as err:
        raise LedgerError("ledger.unreadable", file=path.name, detail=str(err)) from err
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as err:  # calamine raises its own types for a file that is no workbook
        raise LedgerError("ledger.unreadable", file=path.name, detail=str(err)) from err
    names = book.sheet_names
    if not names:
        raise LedgerError("ledger.unreadable", file=path.name, detail="no sheets")
    if sheet is not None and sheet not in names:
        raise LedgerError("ledger.no_sheet", file=path.name, sheet=sheet, sheets="、".join(names))
    ws = book.get_sheet_by_name(sheet or names[0])
    rows = ((n, list(cells)) for n, cells in enumerate(ws.iter_rows(), 1))
    return ws.name, rows, book.close, ws.height


def _open_csv(path: Path) -> Opened:
    check_size(path)
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise LedgerError("ledger.unreadable", file=path.name, detail="binary")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerError("ledger.unreadable", file=path.name, detail="encoding")
    lines = text.count("\n")
    check_rows(path, lines)
    rows = enumerate(csv.reader(io.StringIO(text)), 1)
    return path.stem, ((n, list(cells)) for n, cells in rows), lambda: None, lines


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _find_header(name: str, rows: Iterator[RawRow], score) -> LedgerSheet:
    scanned: list[RawRow] = []
    for number, cells in rows:
        if not _blank(cells):
            scanned.append((number, cells))
            if len(scanned) == HEADER_SCAN:
                break
    scores = [score([cell_text(c) for c in cells]) for _, cells in scanned]
    if not scores or max(scores) == 0:
        raise LedgerError("ledger.no_header", sheet=name)
    at = scores.index(max(scores))
    header_row, header = scanned[at]
    titles = [cell_text(c) for c in header]
    for i, title in enumerate(titles):
        above = (cell_text(cells[i]) for _, cells in reversed(scanned[:at]) if i < len(cells))
        titles[i] = title or next((t for t in above if t), "")
    width = max(i + 1 for i, t in enumerate(titles) if t)
    return LedgerSheet(name, header_row, titles[:width], _data_rows(chain(scanned[at + 1 :], rows)))


def _data_rows(rows: Iterator[RawRow]) -> Iterator[RawRow]:
    empty_run = 0
    for number, cells in rows:
        if _blank(cells):
            empty_run += 1
            # Sheets formatted down to row 1,048,576 report that as their size.
            if empty_run >= MAX_EMPTY_RUN:
                return
            continue
        empty_run = 0
        yield number, cells
