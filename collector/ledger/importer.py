"""Import a ledger: a preview of every row's problems first, then all rows or none.

`preview_ledger` reads and converts every row and validates it against the form, and
lists each problem with its row number, column and message; it writes nothing. Rows whose
ID number a record in the store already has are flagged (`ledger.id_exists`) and never
imported twice; an ID number twice in the ledger is a problem of its second row.
`import_ledger` then saves, in one transaction (Store.save_all), either every row (refused
while any row other than those flagged has a problem) or, when the user chose so, only
the rows without problems. A cancel before the transaction leaves the store untouched.
Columns the preview could not map for certain (`Preview.questions`) must be answered
first: nothing is imported while one is open.

Rows that are no person are passed over and said so (`Preview.notes`): a 合计 / 小计 / 总计
row under the table, and a footer such as 填表人：… or 审核人：…. A ledger without a
township column takes the township its sheet, the title above the table or the file
(梅山镇台账.xlsx) is named after, and says so; failing that, each row's village gives it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from collector.forms.model import Form, pick_text
from collector.forms.roles import Role, roles_of
from collector.forms.sheets import cell_text
from collector.ledger.columns import ChoiceLabels
from collector.ledger.convert import RowConverter, place_keys
from collector.ledger.errors import (
    CancelCheck,
    LedgerError,
    OperationCancelled,
    Progress,
    never_cancelled,
    no_progress,
)
from collector.ledger.headers import HeaderIndex, Mapping, Question, importable_fields, map_columns
from collector.ledger.reading import open_ledger
from collector.messages import render
from collector.storage.store import Store
from collector.validation import validate

PROGRESS_EVERY = 500
TOTAL_ROW = re.compile(r"^(合计|小计|总计|共计|总数|累计)")
FOOTER_ROW = re.compile(
    r"^(填表人|填报人|制表人|审核人|负责人|经办人|填表日期|填报日期|制表日期|单位)[:：]"
)
DERIVED_FROM = "ledger.derived_mismatch"


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
    questions: list[Question] = field(default_factory=list)
    """Columns mapped to no field until the user says which (see headers.map_columns)."""
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """What the preview decided for the user (message code, its values): the sheet it
    chose, the township it took from the sheet, the rows it passed over."""

    def note_texts(self, lang: str | None = None) -> list[str]:
        return [render(code, params, lang) for code, params in self.notes]

    def question_texts(self, form: Form, lang: str | None = None) -> list[tuple[str, str]]:
        """Per open question: its text, and an example answer (header=field)."""
        labels = {f.key: pick_text(f.label, lang) or f.name for f in form.walk()}
        return [
            (
                render(
                    "ledger.question",
                    {
                        "headers": "、".join(f"“{h}”" for h in q.headers),
                        "fields": "、".join(f"“{labels.get(n, n)}”（{n}）" for n in q.fields),
                    },
                    lang,
                ),
                f"{q.headers[0]}={q.fields[0]}",
            )
            for q in self.questions
        ]

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
    index = HeaderIndex(form)
    rows: list[RowResult] = []
    with open_ledger(path, index.score, sheet) as ledger:
        chosen, questions = map_columns(form, ledger.headers, mapping)
        columns = _Columns(form, ledger.headers, chosen)
        converter = RowConverter(form, columns.titles)
        notes: list[tuple[str, dict[str, Any]]] = []
        if ledger.passed_over:
            notes.append(
                (
                    "ledger.sheet_chosen",
                    {"sheet": ledger.name, "others": "、".join(ledger.passed_over)},
                )
            )
        if ledger.also:
            notes.append(
                ("ledger.more_sheets", {"sheet": ledger.name, "others": "、".join(ledger.also)})
            )
        defaults = defaults or {}
        if _township_field(form) not in columns.index:
            defaults = _township_default(form, converter, ledger, Path(path), defaults, notes)
        seen: dict[str, int] = {}
        id_field = _id_field(form)
        id_at = columns.index.get(id_field or "")
        explain = _Explainer(form, converter)
        for number, values in ledger.rows:
            cells = columns.cells(values)
            if all(v is None or v == "" for v in cells.values()):
                continue  # a blank row, or one holding only its 序号
            skipped = _not_a_person(values, id_at)
            if skipped:
                notes.append((skipped, {"row": number}))
                continue
            for name, value in defaults.items():
                if cells.get(name) is None or cells.get(name) == "":
                    cells[name] = value
            record, problems = converter.convert(cells)
            if not record and not problems:
                continue  # cells of spaces only
            # A cell that could not be converted is reported once, not again by validation.
            unconverted = {p.field for p in problems}
            found = problems + [p for p in validate(form, record) if p.field not in unconverted]
            result = RowResult(
                number,
                record,
                [columns.problem(number, *explain(p)) for p in found],
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
            Path(path).name,
            ledger.name,
            ledger.header_row,
            chosen,
            columns.ignored,
            rows,
            questions,
            notes,
        )


def _not_a_person(values: list[Any], id_at: int | None) -> str | None:
    """'ledger.total_row' for a 合计 / 小计 row, 'ledger.footer_row' for 填表人：… under the
    table; None for a row of a person (one with an ID number always is)."""
    if id_at is not None and id_at < len(values) and len(cell_text(values[id_at])) >= 15:
        return None
    for value in values:
        if isinstance(value, str):
            text = "".join(value.split())
            if TOTAL_ROW.match(text):
                return "ledger.total_row"
            if FOOTER_ROW.match(text):
                return "ledger.footer_row"
    return None


def _township_field(form: Form) -> str:
    return form.settings.get("township_field") or roles_of(form).key(Role.TOWNSHIP) or "township"


def _township_default(
    form: Form,
    converter: RowConverter,
    ledger,
    path: Path,
    defaults: dict[str, Any],
    notes: list[tuple[str, dict[str, Any]]],
) -> dict[str, Any]:
    """The defaults, with the township a sheet (梅山镇), the title above the table or the
    file is named after, for a ledger without a township column: it tells apart villages
    of the same name, and a village of another township is reported, not moved."""
    name = _township_field(form)
    lookup = converter.lookups.get(name)
    if lookup is None or name in defaults:
        return defaults
    for source, texts in (
        ("sheet", [ledger.name]),
        ("title", ledger.above),
        ("file", [path.stem]),
    ):
        found = {
            code
            for text in texts
            for code, choice in lookup.names.items()
            for label in choice.label.values()
            if place_keys(label)[0] in text
        }
        if len(found) == 1:
            code = found.pop()
            label = pick_text(lookup.names[code].label) or code
            notes.append((f"ledger.township_from_{source}", {"township": label}))
            return {**defaults, name: code}
    return defaults


class _Explainer:
    """A derived answer that contradicts the one it derives from, said as people read
    it: 公民身份号码显示应为“女”，台账填的是“男” (not the codes 2 and 1)."""

    def __init__(self, form: Form, converter: RowConverter):
        labels = {f.key: pick_text(f.label) or f.name for f in form.walk()}
        self.sources = {
            f.key: "、".join(labels.get(n, n) for n in expression.references)
            for f, expression in converter.derived
        }
        self.choices = ChoiceLabels(form)
        self.year_month = converter.year_month

    def __call__(self, problem) -> tuple[str, str, dict[str, Any]]:
        name, params = problem.field, problem.params
        if problem.code != "value.calculation_mismatch" or name not in self.sources:
            return problem.field, problem.code, params
        value = self.choices.label(name, params.get("value"))
        if name in self.year_month:  # as the clerk typed it: 1960年1月, not 1960-01-01
            value = str(value)[:7]
        shown = {
            "source": self.sources[name],
            "expected": self.choices.label(name, params.get("expected")),
            "value": value,
        }
        return name, DERIVED_FROM, shown


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
    if preview.questions:
        raise LedgerError("ledger.open_questions", count=len(preview.questions))
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
