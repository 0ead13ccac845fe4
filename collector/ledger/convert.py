"""Ledger cells to the answers a record holds.

What township ledgers hold, and what becomes of it:
- ID numbers: as text with spaces, full-width digits or a lower-case x, with Excel's
  leading apostrophe, or as a number. A whole number is exact and taken; a number Excel
  stored in floating point (3.41524E+17) has lost its last digits, which is reported, not
  guessed (`ledger.id_rounded`).
- mobile numbers: as numbers, with +86, spaces or dashes.
- dates: date cells, Excel serial numbers (32994), text such as 1990-05-03, 1990/5/3,
  1990.5, 1990年5月, 1990年5月3日, 19900503 or 199005. A date without its day is taken as
  the 1st, except for a date the form derives from the ID number (birth date): there the
  derived day is kept when year and month agree.
- choices: the name (code), the label in any language, a code whose leading zeros Excel
  dropped (1 for 01), common spellings (男性, 有/无, √/×), and place names with or
  without their 村委会/居委会 suffix; a village name shared by two townships is told
  apart by the row's township. Several choices of a multiple select are split at 、 , ;
  / and spaces.
- numbers: with thousands separators, full-width digits and units (5000元, 3年).

What cannot be converted is passed on as written, so that validation names the problem
with the value the user typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from openpyxl.utils.datetime import from_excel

from collector.expressions import NodeSet
from collector.expressions.values import to_string
from collector.forms.model import ChoiceList, Field, FieldType, Form
from collector.forms.sheets import cell_text
from collector.ledger.headers import header_key, importable_fields
from collector.validation import Problem
from collector.validation.context import RecordContext
from collector.validation.domain import FULL_WIDTH, normalise_id, normalise_mobile
from collector.validation.validator import plan_for

VALUE_SYNONYMS = {
    "男性": "男",
    "女性": "女",
    "有": "是",
    "无": "否",
    "y": "是",
    "n": "否",
    "√": "是",
    "✓": "是",
    "×": "否",
}
"""Spellings ledgers use -> the label a choice list has."""

PLACE_SUFFIXES = (
    ("村民委员会", "村"),
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", ""),
    ("村委会", "村"),
    ("居委会", ""),
    ("村", ""),
    ("社区", ""),
)
"""Suffixes of place names, longest first, with what a short form keeps of them."""
MULTI_SEPARATORS = re.compile(r"[、,，;；/／\s]+")
SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+?\d+$", re.IGNORECASE)
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*(?:月\s*|[./\-]\s*)?(?:(\d{1,2})\s*日?)?$"
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
NUMBER_NOISE = re.compile(r"[,，\s]|[元年人个万月岁]+$")
CHOICE_FILTER_PARENT = re.compile(r"(\w+)\s*=\s*\$\{(\w+)\}")
YEAR_RANGE = (1900, 2100)


class Unconvertible(ValueError):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


def _place_keys(text: str) -> list[str]:
    """A place name and its short forms: 青山社区居委会 -> 青山社区, 青山; 长河村委会 -> 长河村,
    长河 (ledgers write villages every way)."""
    key = header_key(text)
    keys = [key]
    for suffix, kept in PLACE_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            base = key[: -len(suffix)]
            keys += [base + kept, base]
            break
    return keys


class ChoiceLookup:
    """Choice names of one list by name, label and the spellings above."""

    def __init__(self, f: Field, choices: ChoiceList):
        self.names = {c.name: c for c in choices.choices}
        self.width = max((len(n) for n in self.names if n.isdigit()), default=0)
        self.by_label: dict[str, list] = {}
        for c in choices.choices:
            for label in {*c.label.values(), c.name}:
                for key in dict.fromkeys(_place_keys(label)):
                    self.by_label.setdefault(key, []).append(c)
        parent = CHOICE_FILTER_PARENT.search(f.choice_filter)
        self.parent = parent.groups() if parent else None
        """(extra column, field) when the list is filtered by an earlier answer."""
        self.known: dict[tuple[str, Any], str | None] = {}
        """What each text seen so far resolved to: a ledger repeats the same few labels."""

    def name_of(self, text: str, record: dict[str, Any]) -> str | None:
        key = (text, record.get(self.parent[1]) if self.parent else None)
        if key not in self.known:
            self.known[key] = self._resolve(text, record)
        return self.known[key]

    def _resolve(self, text: str, record: dict[str, Any]) -> str | None:
        if text in self.names:
            return text
        if text.isdigit() and self.width and text.zfill(self.width) in self.names:
            return text.zfill(self.width)
        keys = _place_keys(text)
        found = next((self.by_label[k] for k in keys if k in self.by_label), None)
        key = keys[0]
        if not found and key in VALUE_SYNONYMS:
            found = self.by_label.get(VALUE_SYNONYMS[key])
        if found and len(found) > 1 and self.parent:
            column, field_name = self.parent
            found = [c for c in found if c.extra.get(column) == record.get(field_name)]
        unique = {c.name for c in found or ()}
        return unique.pop() if len(unique) == 1 else None


def to_date(value: Any) -> tuple[dt.date, bool] | None:
    """(date, whether the day was given) of a cell, or None if it is no date."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        if YEAR_RANGE[0] <= value < YEAR_RANGE[1] and not float(value).is_integer():
            return to_date(repr(float(value)))  # 1990.5 typed into a number cell
        if float(value).is_integer() and value > 10_000_000:
            return to_date(str(int(value)))
        if 0 < value < 2_958_466:  # Excel's serials run up to 9999-12-31
            return from_excel(value).date(), True
        return None
    text = str(value).translate(FULL_WIDTH).strip()
    if text.isdigit() and len(text) == 5:
        return to_date(int(text))
    match = DATE_TEXT.match(text) or COMPACT_DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month), int(day or 1)), day is not None
    except ValueError:
        return None


class PartialDate(str):
    """An ISO date whose day the ledger did not give (1990.5 -> 1990-05-01)."""


def _date_text(value: Any) -> str:
    found = to_date(value)
    if found is None:
        return cell_text(value)
    day, complete = found
    return day.isoformat() if complete else PartialDate(day.isoformat())


def _id_number(value: Any) -> str:
    if isinstance(value, float):
        if value >= 1e15:
            raise Unconvertible("ledger.id_rounded", value=f"{value:.6g}")
        value = int(value)
    text = normalise_id(str(value).lstrip("'"))
    if SCIENTIFIC.match(text):
        raise Unconvertible("ledger.id_rounded", value=text)
    return text


def _number(value: Any, whole: bool) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if whole and float(value).is_integer() else value
    text = NUMBER_NOISE.sub("", str(value).translate(FULL_WIDTH))
    try:
        number = float(text)
    except ValueError:
        return cell_text(value)
    return int(number) if whole and number.is_integer() else number


def _whole_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell_text(value).translate(FULL_WIDTH)


class RowConverter:
    """Converts the cells of a row, field by field, in form order (a village after its
    township, which tells apart villages of the same name)."""

    def __init__(self, form: Form):
        self.form = form
        self.fields = importable_fields(form)
        self.lookups = {
            f.key: ChoiceLookup(f, cl)
            for f in self.fields
            if f.is_select and (cl := form.choice_list(f)) is not None
        }
        plan = plan_for(form)
        self.scope = plan.scope
        self.derived = [
            (f, expression)
            for f in self.fields
            if f.read_only and (expression := form.compiled.of(f).expressions.get("calculation"))
        ]

        self.steps = [(f.key, self._step(f)) for f in self.fields]

    def convert(self, cells: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """Answers from field name -> cell value; problems of conversion itself."""
        record: dict[str, Any] = {}
        problems: list[Problem] = []
        partial_dates: set[str] = set()
        for name, step in self.steps:
            value = cells.get(name)
            if value is None or value == "":
                continue
            try:
                converted = step(value, record)
            except Unconvertible as err:
                problems.append(Problem(name, err.code, err.params))
                continue
            if converted.__class__ is PartialDate:
                partial_dates.add(name)
            if converted != "":
                record[name] = str(converted) if converted.__class__ is PartialDate else converted
        self._derive(record, partial_dates)
        return record, problems

    def _step(self, f: Field) -> Callable[[Any, dict[str, Any]], Any]:
        """The conversion of one field's cells (chosen once, called per row)."""
        kind = f.type
        if kind == FieldType.ID_NUMBER:
            return lambda value, record: _id_number(value)
        if kind == FieldType.MOBILE:
            return lambda value, record: normalise_mobile(_whole_text(value))
        if kind == FieldType.DATE:
            return lambda value, record: _date_text(value)
        if kind in (FieldType.INTEGER, FieldType.DECIMAL):
            whole = kind == FieldType.INTEGER
            return lambda value, record: _number(value, whole)
        lookup = self.lookups.get(f.key)
        if lookup is None:
            if kind == FieldType.DIVISION:
                return lambda value, record: _whole_text(value)
            return lambda value, record: (
                value.strip() if value.__class__ is str else cell_text(value)
            )
        if f.is_multi_select:

            def choices(value: Any, record: dict[str, Any]) -> list[str]:
                parts = [p for p in MULTI_SEPARATORS.split(_whole_text(value)) if p]
                return [lookup.name_of(p, record) or p for p in parts]

            return choices
        names = lookup.names

        def choice(value: Any, record: dict[str, Any]) -> str:
            text = value.strip() if value.__class__ is str else _whole_text(value)
            return text if text in names else lookup.name_of(text, record) or text

        return choice

    def _derive(self, record: dict[str, Any], partial_dates: set[str]) -> None:
        """Fill what the form derives (sex and birth date from the ID number) where the
        ledger left it out or gave it less precisely; a contradiction stays for
        validation to report."""
        for f, expression in self.derived:
            if f.key in record and f.key not in partial_dates:
                continue  # given in full: validation says whether it agrees
            inputs = {n: record.get(n) for n in expression.references}
            if not all(isinstance(v, str) for v in inputs.values()):
                continue
            found = expression.evaluate(RecordContext(self.scope, inputs))
            if found.__class__ is NodeSet or found in ("", None):
                continue
            expected = to_string(found)
            given = record.get(f.key)
            if given is None or expected[:7] == given[:7]:
                record[f.key] = expected
