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
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from collector.file_bounds import FileTooLarge, check_rows, check_size, check_workbook
from collector.forms.sheets import MAX_EMPTY_RUN, OLE2_MAGIC, ZIP_MAGIC, cell_text
from collector.ledger.errors import LedgerError

HEADER_SCAN = 12
"""Non-empty rows searched for the header row."""
PEOPLE_FIELDS = 3
"""Fields a header row names in a sheet that is a table of people."""

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
    above: list[str] = field(default_factory=list)
    """Texts above the header row (a title such as 梅山镇外出务工人员台账)."""
    passed_over: list[str] = field(default_factory=list)
    """Sheets before this one that are no table of people."""
    score: int = 0
    """How many fields its header row names."""
    also: list[str] = field(default_factory=list)
    """Sheets after this one that are tables of people too, not read."""


@contextmanager
def open_ledger(
    path: str | Path, score: Callable[[list[str]], int], sheet: str | None = None
) -> Iterator[LedgerSheet]:
    """The ledger's sheet (the named one, else the first that is a table of people) with
    its header row found by `score` (how many fields a row of titles names)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as err:
        raise LedgerError("ledger.unreadable", file=path.name, detail=err.strerror) from err
    workbook = magic.startswith((ZIP_MAGIC, OLE2_MAGIC))
    try:
        opened = _open_workbook(path, magic) if workbook else _open_csv(path)
    except FileTooLarge as err:
        raise LedgerError(err.code, **err.params) from None
    if not workbook:
        name, rows, size = opened
        yield _find_header(name, rows, score, size)
        return
    book, names = opened
    try:
        yield _choose_sheet(path, book, names, score, sheet)
    finally:
        book.close()


def _open_workbook(path: Path, magic: bytes):
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
        book.close()
        raise LedgerError("ledger.unreadable", file=path.name, detail="no sheets")
    return book, names


def _choose_sheet(path: Path, book, names: list[str], score, sheet: str | None) -> LedgerSheet:
    if sheet is not None and sheet not in names:
        raise LedgerError("ledger.no_sheet", file=path.name, sheet=sheet, sheets="、".join(names))
    best: LedgerSheet | None = None
    for i, name in enumerate([sheet] if sheet else names):
        try:
            found = _header_of(book, name, score)
        except LedgerError:
            if sheet:
                raise
            continue
        found.passed_over = names[:i]
        if found.score >= PEOPLE_FIELDS:
            if not sheet:
                # A workbook of one sheet per village: the others are not read, and say so.
                found.also = [n for n in names[i + 1 :] if _people_list(book, n, score)]
            return found
        if best is None or found.score > best.score:
            best = found
    if best is None:
        raise LedgerError("ledger.no_table", file=path.name, sheets="、".join(names))
    return best


def _header_of(book, name: str, score) -> LedgerSheet:
    ws = book.get_sheet_by_name(name)
    rows = ((n, list(cells)) for n, cells in enumerate(ws.iter_rows(), 1))
    return _find_header(ws.name, rows, score, ws.height)


def _people_list(book, name: str, score) -> bool:
    try:
        return _header_of(book, name, score).score >= PEOPLE_FIELDS
    except LedgerError:
        return False


def _open_csv(path: Path) -> tuple[str, Iterator[RawRow], int]:
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
    return path.stem, ((n, list(cells)) for n, cells in rows), lines


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _find_header(name: str, rows: Iterator[RawRow], score, size: int) -> LedgerSheet:
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
    above = [text for _, cells in scanned[:at] for c in cells if (text := cell_text(c))]
    rest = _data_rows(chain(scanned[at + 1 :], rows))
    return LedgerSheet(name, header_row, titles[:width], rest, size, above, [], max(scores))


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
