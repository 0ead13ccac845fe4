"""Read the sheets of an XLSForm file, whatever its format, keeping where each cell was.

The file's content decides how it is read, not its extension (real forms arrive as .xls
that are really .xlsx, and the other way round): a zip is .xlsx, an OLE2 container is
.xls, text with table pipes is pyxform's markdown, other text is pyxform's CSV layout.
pyxform's own readers lose row numbers of blank rows and column letters, and a county
clerk needs both to find the cell to fix, so the few lines of reading are done here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from collector.file_bounds import FileTooLarge, check_size, check_workbook

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class SheetReadError(Exception):
    """The file is not a spreadsheet, markdown or CSV form that can be read."""


class LayoutError(SheetReadError):
    """Text that is no form in pyxform's layouts; `kind` ("csv", "md") says which was tried."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass(frozen=True)
class ReaderWarning:
    """Something the spreadsheet library warned of while reading, kept to be reported as
    the program's own warning (openpyxl's go to stderr otherwise)."""

    sheet: str
    cell: str
    detail: str


@dataclass
class Row:
    number: int
    """Row number as the user sees it: spreadsheet row, or line number in a text file."""
    cells: dict[str, str]
    """Header -> non-empty cell text."""


@dataclass
class Sheet:
    name: str
    headers: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    """Header -> the column as the user sees it (a letter, or the header in text files)."""
    written: dict[str, str] = field(default_factory=dict)
    """Header -> as the author wrote it: choice filters name extra columns in their case."""
    header_row: int = 1
    rows: list[Row] = field(default_factory=list)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    """Header -> its columns, for a header written over several columns (the last is read)."""


@dataclass
class Workbook:
    path: str
    kind: str
    sheets: dict[str, Sheet]
    """Lower-cased sheet name -> sheet."""
    warnings: list[ReaderWarning] = field(default_factory=list)

    def sheet(self, name: str) -> Sheet | None:
        return self.sheets.get(name.lower())


def read_workbook(path: str | Path) -> Workbook:
    path = Path(path)
    try:
        check_size(path)
        data = path.read_bytes()
        if data.startswith(ZIP_MAGIC):
            # openpyxl unpacks whatever a part's header claims: bounded first, as ledgers.
            check_workbook(path)
    except OSError as err:
        raise SheetReadError(str(err)) from err
    except FileTooLarge as err:
        raise SheetReadError(str(err)) from None
    except zipfile.BadZipFile:
        pass  # said by the reader below, with what it could not read
    caught: list[ReaderWarning] = []
    if data.startswith(ZIP_MAGIC):
        kind, raw = "xlsx", _read_xlsx(data, caught)
    elif data.startswith(OLE2_MAGIC):
        kind, raw = "xls", _read_xls(data)
    else:
        text = _decode(data)
        if _looks_like_markdown(text):
            kind, raw = "md", _read_markdown(text)
        else:
            kind, raw = "csv", _read_csv(text)
    sheets = {name.lower(): _to_sheet(name, rows, kind) for name, rows in raw.items()}
    return Workbook(str(path), kind, sheets, caught)


PAIR_SUFFIXES = ("-survey.csv", "-choices.csv", "-settings.csv")


def csv_pair_stem(path: str | Path) -> str | None:
    """`household` for `household-survey.csv` (or its -choices, -settings files)."""
    lowered = Path(path).name.lower()
    suffix = next((s for s in PAIR_SUFFIXES if lowered.endswith(s)), None)
    return Path(path).name[: -len(suffix)] if suffix else None


def read_csv_pair(path: str | Path) -> Workbook:
    """pyxform's CSV pair: `NAME-survey.csv` beside `NAME-choices.csv` (and maybe
    `NAME-settings.csv`), each a plain table, comma or semicolon separated."""
    path = Path(path)
    stem = csv_pair_stem(path) or path.stem
    sheets: dict[str, Sheet] = {}
    for suffix in PAIR_SUFFIXES:
        part = path.with_name(stem + suffix)
        if not part.is_file():
            continue
        try:
            text = _decode(part.read_bytes())
        except OSError as err:
            raise SheetReadError(str(err)) from err
        rows = [(n, [c.strip() for c in cells]) for n, cells in _csv_lines(text)]
        name = suffix[1:].removesuffix(".csv")
        sheets[name] = _to_sheet(part.name, rows, "table")
    return Workbook(str(path.with_name(stem + PAIR_SUFFIXES[0])), "csv", sheets)


RawRows = list[tuple[int, list[str]]]
"""(row number, cell texts) of one sheet, headers first."""


def _to_sheet(name: str, rows: RawRows, kind: str) -> Sheet:
    sheet = Sheet(name)
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        return sheet
    sheet.header_row, header_cells = rows[0]
    positions: list[tuple[int, str]] = []
    for i, header in enumerate(header_cells):
        header = normalise_header(header)
        if not header:
            continue
        column = _column_label(kind, i, header)
        if header in sheet.columns:
            sheet.duplicates.setdefault(header, [sheet.columns[header]]).append(column)
        positions.append((i, header))
        sheet.headers.append(header)
        sheet.written.setdefault(header, header_cells[i].strip())
        sheet.columns.setdefault(header, column)
    for number, cells in rows[1:]:
        values = {h: cells[i] for i, h in positions if i < len(cells) and cells[i]}
        if values:
            sheet.rows.append(Row(number, values))
    return sheet


def _column_label(kind: str, index: int, header: str) -> str:
    if kind == "md":
        return header
    # openpyxl's package import takes a quarter of a second (it loads numpy when present):
    # only a form or ledger with a problem to point at pays it.
    from openpyxl.utils import get_column_letter

    # In the CSV layout the first column holds sheet names, so data starts in column B.
    return get_column_letter(index + (2 if kind == "csv" else 1))


CELL = re.compile(r"\b([A-Z]{1,3})([1-9][0-9]{0,6})\b")


def normalise_header(header: str) -> str:
    """One spelling per header: trimmed, single spaces, case folded before any '::'."""
    header = re.sub(r"\s+", " ", header.strip())
    name, sep, lang = header.partition("::")
    if not sep and ":" in header and not header.lower().startswith(("bind:", "jr:")):
        # Older forms write label:English with one colon.
        name, sep, lang = header.partition(":")
    return f"{name.strip().lower()}::{lang.strip()}" if sep else header.lower()


def cell_text(value: object) -> str:
    """A cell as the text a form author meant: 1.0 -> "1", dates as ISO, rest stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"  # as Excel shows it, and as pyxform reads it
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes, caught: list[ReaderWarning]) -> dict[str, RawRows]:
    from openpyxl import load_workbook

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises many types for a damaged file
            raise SheetReadError(f"not a readable .xlsx workbook ({err})") from err
    _keep_warnings(seen, "", caught)
    try:
        sheets = {}
        for ws in book.worksheets:
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                sheets[ws.title] = list(xlsx_rows(ws, FORM_EMPTY_RUN))
            _keep_warnings(seen, ws.title, caught)
        return sheets
    finally:
        book.close()


def _keep_warnings(seen: list, sheet: str, caught: list[ReaderWarning]) -> None:
    for w in seen:
        detail = str(w.message)
        cell = CELL.search(detail)
        caught.append(ReaderWarning(sheet, cell.group(0) if cell else "", detail))


MAX_EMPTY_RUN = 100
"""Blank rows after which a sheet is taken to have ended. Sheets formatted down to row
1,048,576 report that as their size, and reading it all takes minutes."""
FORM_EMPTY_RUN = 61
"""The same for a form's sheets, as pyxform takes it (more than 60 blank rows): a row
below such a gap is one ODK never sees, so it is not read here either."""


def xlsx_rows(ws, max_empty: int = MAX_EMPTY_RUN) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of an openpyxl read-only sheet, as wide as its header row,
    up to `max_empty` blank rows in a row."""
    header_number, header = 0, []
    for number, row in enumerate(ws.iter_rows(values_only=True, max_row=MAX_EMPTY_RUN), 1):
        header = [cell_text(v) for v in row]
        if any(header):
            header_number = number
            break
    if not header_number:
        return
    width = max(i + 1 for i, h in enumerate(header) if h)
    yield header_number, header[:width]
    empty_run = 0
    rows = ws.iter_rows(min_row=header_number + 1, max_col=width, values_only=True)
    for number, row in enumerate(rows, header_number + 1):
        cells = [cell_text(v) for v in row]
        if any(cells):
            empty_run = 0
            yield number, cells
        else:
            empty_run += 1
            if empty_run >= max_empty:
                return


def _read_xls(data: bytes) -> dict[str, RawRows]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as err:  # xlrd raises many types for a damaged file (CompDocError, ...)
        raise SheetReadError(f"not a readable .xls workbook ({err})") from err
    sheets: dict[str, RawRows] = {}
    for ws in book.sheets():
        rows: RawRows = []
        empty_run = 0
        for r in range(ws.nrows):
            if not any(c.value not in ("", None) for c in ws.row(r)):
                empty_run += 1
                if empty_run >= FORM_EMPTY_RUN and rows:
                    break
                continue
            empty_run = 0
            cells = []
            for c in ws.row(r):
                value = c.value
                if c.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                cells.append(cell_text(value))
            rows.append((r + 1, cells))
        sheets[ws.name] = rows
    return sheets


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SheetReadError("not a spreadsheet, and not text in UTF-8 or GB18030")


def _looks_like_markdown(text: str) -> bool:
    return any(line.lstrip().startswith("|") for line in text.splitlines()[:50])


_MD_SEPARATOR = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")


def _split_markdown_row(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", body)]


def _read_markdown(text: str) -> dict[str, RawRows]:
    """pyxform's layout: a row whose first cell names a sheet starts it; data rows leave it
    empty. Lines starting with # are comments."""
    return _read_sheet_column_layout(
        (n, _split_markdown_row(line))
        for n, line in enumerate(text.splitlines(), start=1)
        if line.lstrip().startswith("|") and not _MD_SEPARATOR.match(line)
    )


def _csv_lines(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells), split at commas or semicolons, whichever the file uses (Excel
    saves CSV with semicolons where the decimal mark is a comma)."""

    def split(delimiter: str) -> list[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        # line_num, not a count of rows: a quoted cell may hold line breaks.
        return [(reader.line_num, cells) for cells in reader]

    return max(
        (split(","), split(";")), key=lambda rows: sum(1 for _, cells in rows if len(cells) > 1)
    )


def _read_csv(text: str) -> dict[str, RawRows]:
    lines = _csv_lines(text)
    if sum(1 for _, cells in lines if len(cells) > 1) == 0:
        raise SheetReadError("not a spreadsheet, and not a form written as CSV or markdown")
    return _read_sheet_column_layout(((n, [c.strip() for c in cells]) for n, cells in lines), "csv")


SHEET_NAMES = frozenset({"survey", "choices", "settings", "external_choices", "entities"})


def _read_sheet_column_layout(lines, kind: str = "md") -> dict[str, RawRows]:
    sheets: dict[str, RawRows] = {}
    current: RawRows | None = None
    for number, cells in lines:
        if not cells:
            continue
        if cells[0] and not cells[0].startswith("#"):
            current = sheets.setdefault(cells[0], [])
        if current is not None and any(cells[1:]):
            current.append((number, cells[1:]))
    if not sheets or not SHEET_NAMES & {name.strip().lower() for name in sheets}:
        # A table whose first column holds data (a survey sheet saved alone, say) would
        # otherwise be read as one sheet per row.
        raise LayoutError(kind)
    return sheets
