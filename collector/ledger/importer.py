"""Import a ledger: a preview of every row's problems first, then all rows or none.

`preview_ledger` reads and converts every row and validates it against the form, and
lists each problem with its row number, column and message; it writes nothing. Rows whose
ID number a record in the store already has are flagged (`ledger.id_exists`) and never
imported twice; an ID number twice in the ledger is a problem of its second row.
`import_ledger` then saves, in one transaction (Store.save_all), either every row (refused
while any row other than those flagged has a problem) or, when the user chose so, only
the rows without problems. A cancel before the transaction leaves the store untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from collector.forms.model import Form, pick_text
from collector.forms.roles import Role, roles_of
from collector.ledger.convert import RowConverter
from collector.ledger.errors import (
    CancelCheck,
    LedgerError,
    OperationCancelled,
    Progress,
    never_cancelled,
    no_progress,
)
from collector.ledger.headers import HeaderIndex, Mapping, guess_mapping, importable_fields
from collector.ledger.reading import open_ledger
from collector.messages import render
from collector.storage.store import Store
from collector.validation import validate

PROGRESS_EVERY = 500


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    """The column letter, or '' when the form's field has no column in the ledger."""
    header: str
    """The ledger's title of that column, else the field's label."""
    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def message(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def text(self, lang: str | None = None) -> str:
        where = {"row": self.row, "column": self.column or "-", "header": self.header}
        return render("ledger.problem_at", {**where, "message": self.message(lang)}, lang)


@dataclass
class RowResult:
    row: int
    record: dict[str, Any]
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        """Its ID number is in the store already: flagged, never imported again."""
        return any(p.code == "ledger.id_exists" for p in self.problems)


@dataclass
class Preview:
    file: str
    sheet: str
    header_row: int
    mapping: Mapping
    ignored: list[str]
    """Headers of columns that are not imported."""
    rows: list[RowResult]

    @property
    def valid(self) -> list[RowResult]:
        return [r for r in self.rows if not r.problems]

    @property
    def existing(self) -> list[RowResult]:
        return [r for r in self.rows if r.exists]

    @property
    def invalid(self) -> list[RowResult]:
        return [r for r in self.rows if r.problems and not r.exists]

    def problems(self) -> Iterator[RowProblem]:
        for row in self.rows:
            yield from row.problems


class _Columns:
    """Where each field's answers stand in the sheet."""

    def __init__(self, form: Form, headers: list[str], mapping: Mapping):
        self.index: dict[str, int] = {}
        self.titles: dict[str, str] = {}
        self.ignored: list[str] = []
        for i, header in enumerate(headers):
            name = mapping.get(header, "")
            if name and name not in self.index:
                self.index[name] = i
                self.titles[name] = header
            elif header:
                self.ignored.append(header)
        self.labels = {f.key: pick_text(f.label) or f.name for f in form.walk()}

    def cells(self, values: list[Any]) -> dict[str, Any]:
        return {n: values[i] for n, i in self.index.items() if i < len(values)}

    def problem(self, row: int, path: str, code: str, params: dict[str, Any]) -> RowProblem:
        name = path.split(".")[0].split("[")[0]
        i = self.index.get(name)
        column = "" if i is None else get_column_letter(i + 1)
        header = self.titles.get(name) or self.labels.get(name, name)
        return RowProblem(row, column, header, name, code, params)


def preview_ledger(
    store: Store,
    form: Form,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: Mapping | None = None,
    defaults: dict[str, Any] | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> Preview:
    """Every row of the ledger converted and checked; nothing is written.

    `mapping` (header -> field) overrides the guess for the headers it names; `defaults`
    fill fields the ledger leaves empty (the survey date of a whole ledger, say)."""
    known = {f.key for f in importable_fields(form)}
    for name in [*(mapping or {}).values(), *(defaults or {})]:
        if name and name not in known:
            raise LedgerError("ledger.unknown_field", field=name)
    converter = RowConverter(form)
    index = HeaderIndex(form)
    rows: list[RowResult] = []
    with open_ledger(path, index.score, sheet) as ledger:
        chosen = guess_mapping(form, ledger.headers, mapping)
        columns = _Columns(form, ledger.headers, chosen)
        seen: dict[str, int] = {}
        id_field = _id_field(form)
        for number, values in ledger.rows:
            cells = columns.cells(values)
            if all(v is None or v == "" for v in cells.values()):
                continue  # a blank row, or one holding only its 序号
            for name, value in (defaults or {}).items():
                if cells.get(name) is None or cells.get(name) == "":
                    cells[name] = value
            record, problems = converter.convert(cells)
            if not record and not problems:
                continue  # cells of spaces only
            # A cell that could not be converted is reported once, not again by validation.
            unconverted = {p.field for p in problems}
            found = problems + [p for p in validate(form, record) if p.field not in unconverted]
            result = RowResult(
                number, record, [columns.problem(number, p.field, p.code, p.params) for p in found]
            )
            _check_repeated(result, id_field, seen, columns)
            rows.append(result)
            if cancelled():
                raise OperationCancelled()
            if len(rows) % PROGRESS_EVERY == 0:
                progress(number, max(ledger.size, number))
        _flag_existing(store, form, rows, columns)
        progress(len(rows), len(rows))
        return Preview(
            Path(path).name, ledger.name, ledger.header_row, chosen, columns.ignored, rows
        )


def _id_field(form: Form) -> str | None:
    return roles_of(form).key(Role.ID_NUMBER)


def _check_repeated(result: RowResult, name: str | None, seen: dict[str, int], columns) -> None:
    number = result.record.get(name) if name else None
    if not number:
        return
    first = seen.setdefault(number, result.row)
    if first != result.row:
        result.problems.append(
            columns.problem(result.row, name, "ledger.id_repeated", {"first_row": first})
        )


def _flag_existing(store: Store, form: Form, rows: list[RowResult], columns) -> None:
    name = _id_field(form)
    if name is None:
        return
    existing = store.existing_id_numbers(r.record.get(name, "") for r in rows)
    for row in rows:
        if row.record.get(name) in existing:
            row.problems.append(columns.problem(row.row, name, "ledger.id_exists", {}))


@dataclass(frozen=True)
class Imported:
    saved: int
    existing: int
    """Rows left out because their ID number is in the store already."""
    invalid: int
    """Rows with problems left out (only when the user chose the valid rows)."""


def import_ledger(
    store: Store,
    form: Form,
    preview: Preview,
    *,
    author: str,
    valid_only: bool = False,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> Imported:
    """Save the previewed rows in one transaction: all of them (refused while any has a
    problem), or with `valid_only` those without problems. Rows already in the store are
    never saved again."""
    invalid = preview.invalid
    if invalid and not valid_only:
        raise LedgerError("ledger.has_problems", rows=len(invalid))
    chosen = preview.valid
    total = len(chosen)

    def records() -> Iterator[dict[str, Any]]:
        # Store.save_all takes the whole list before its transaction begins, so a cancel
        # raised here leaves nothing written; after that the transaction runs to its end
        # and has no steps to report (the desktop program shows it as busy).
        for row in chosen:
            if cancelled():
                raise OperationCancelled()
            yield row.record

    progress(0, total)
    # The chosen rows are those the preview validated without a problem.
    checked = [[] for _ in chosen]
    saved = store.save_all(form, records(), author=author, problems=checked) if chosen else 0
    progress(total, total)
    return Imported(saved, len(preview.existing), len(invalid) if valid_only else 0)
