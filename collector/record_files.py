"""Read records for validation from .jsonl, .csv and .xlsx files, one record per line or row.

Columns (or JSON keys) are named by field. Each record comes with the line or row number
where it stands, so that a problem can be found in the file. The format is told from the
content, not the extension. Files are bounded before they are read (file_bounds.py).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from collector.file_bounds import FileTooLarge, check_rows, check_size, check_workbook
from collector.forms.sheets import ZIP_MAGIC, xlsx_rows


class RecordFileError(Exception):
    """The file cannot be read as records; the message says where."""


def read_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    path = Path(path)
    try:
        check_size(path)
        data = path.read_bytes()
        if data.startswith(ZIP_MAGIC):
            check_workbook(path)
            yield from _xlsx(path, data)
            return
        text = _decode(path, data)
        check_rows(path, text.count("\n"))
    except OSError as err:
        raise RecordFileError(f"{path}: {err.strerror or err}") from err
    except zipfile.BadZipFile as err:
        raise RecordFileError(f"{path}: not a readable .xlsx workbook ({err})") from err
    except FileTooLarge as err:
        raise RecordFileError(str(err)) from None
    if text.lstrip().startswith("{"):
        yield from _jsonl(path, text)
    else:
        yield from _csv(path, text)


def _decode(path: Path, data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RecordFileError(f"{path}: not .xlsx, and not text in UTF-8 or GB18030")


def _jsonl(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise RecordFileError(f"{path}: line {number}: not JSON ({err.msg})") from err
        if not isinstance(record, dict):
            raise RecordFileError(f"{path}: line {number}: a record must be a JSON object")
        yield number, record


def _csv(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(h.strip() for h in header):
        raise RecordFileError(f"{path}: no header row naming the fields")
    names = [h.strip() for h in header]
    for number, row in enumerate(reader, start=2):
        record = {n: v.strip() for n, v in zip(names, row, strict=False) if n and v.strip()}
        if record:
            yield number, record


def _xlsx(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise RecordFileError(f"{path}: not a readable .xlsx workbook ({err})") from err
    try:
        rows = xlsx_rows(book.worksheets[0])
        _, names = next(rows, (1, []))
        if not any(names):
            raise RecordFileError(f"{path}: the first sheet has no header row naming the fields")
        for number, cells in rows:
            record = {n: v for n, v in zip(names, cells, strict=False) if n and v}
            if record:
                yield number, record
    finally:
        book.close()
