"""Bounds on the files a user opens from outside (ledgers, record files): checked before
a reader holds any of it, so that a file made to exhaust the laptop is refused with a
message naming the limit instead of freezing the program.

A workbook is a zip, and its headers say what each part unpacks to. A part that claims
to unpack to more than `MAX_RATIO` times its packed size (one cell of 400 MB packs into a
few hundred KB; real sheets pack 5–20 times) or a workbook over `MAX_UNPACKED` is refused
from its headers alone. Then every part is unpacked once by Python's zipfile, which never
unpacks past the size a header declares and checks each part's CRC: after that pass the
headers are known to be true, so calamine (which does not bound what it inflates) reads
only what was checked. The same pass counts the sheets' rows, and stops at `MAX_ROWS`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from collector.messages import render, texts

MAX_FILE_BYTES = 200 << 20
"""A ledger of 100,000 people is some 15 MB as .xlsx and 30 MB as .csv."""
MAX_UNPACKED = 1 << 30
MAX_RATIO = 100
RATIO_FROM = 1 << 20
"""Parts smaller than this unpacked are not judged by their ratio (an empty style sheet
packs 200 times)."""
MAX_ROWS = 200_000
"""Rows a sheet or record file may have: twice the largest county's survey."""
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


class FileTooLarge(Exception):
    """`code` names the message, `params` its values (the file's name and the limit)."""

    def __init__(self, path: Path, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = {"file": Path(path).name, **params}

    def __str__(self) -> str:
        return render(self.code, self.params)


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def _too_large(path: Path, what: str, size: str, limit: str) -> FileTooLarge:
    return FileTooLarge(path, "file.too_large", what=texts(what), size=size, limit=limit)


def check_size(path: Path) -> None:
    size = Path(path).stat().st_size
    if size > MAX_FILE_BYTES:
        raise _too_large(path, "bound.size", _mb(size), _mb(MAX_FILE_BYTES))


def check_rows(path: Path, rows: int) -> None:
    """Refuse a file of more than `MAX_ROWS` rows (counted so far: a sheet's count stops
    as soon as it passes the limit)."""
    if rows > MAX_ROWS:
        raise FileTooLarge(path, "file.too_many_rows", limit=f"{MAX_ROWS:,}")


def check_workbook(path: Path) -> None:
    """Refuse an .xlsx beyond the bounds; a damaged zip raises zipfile.BadZipFile."""
    check_size(path)
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            total = sum(part.file_size for part in parts)
            if total > MAX_UNPACKED:
                raise _too_large(path, "bound.unpacked", _mb(total), _mb(MAX_UNPACKED))
            for part in parts:
                if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(
                    part.compress_size, 1
                ):
                    raise _too_large(
                        path,
                        "bound.part",
                        _mb(part.file_size),
                        f"{MAX_RATIO} × {_mb(part.compress_size)}",
                    )
            for part in parts:
                _unpack_counting(path, book, part)
    except (zlib.error, EOFError) as err:
        raise zipfile.BadZipFile(str(err)) from err


def _unpack_counting(path: Path, book: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    sheet = part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")
    rows, tail = 0, b""
    with book.open(part) as handle:
        while chunk := handle.read(1 << 20):
            if sheet:
                # A tag split across two chunks is counted once, in the joined window.
                window = tail + chunk
                rows += len(_ROW.findall(window)) - len(_ROW.findall(tail))
                tail = window[-16:]
                check_rows(path, rows)
