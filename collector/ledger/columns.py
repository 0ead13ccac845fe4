"""The columns of a ledger: one per answer of the form, titled by its label, with values
shown as people read them (choice labels, not codes; dates as dates), plus the status."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from collector.expressions import NodeSet
from collector.expressions.values import to_string
from collector.forms.keys import FormKeys
from collector.forms.model import Field, FieldType, Form, pick_text
from collector.ledger.headers import importable_fields, scoped_titles
from collector.messages import render
from collector.validation.context import RecordContext
from collector.validation.validator import plan_for

TEXT_TYPES = frozenset({FieldType.ID_NUMBER, FieldType.MOBILE, FieldType.DIVISION})
"""Digits that are no number: Excel must keep them as text (never 3.41524E+17)."""
NUMBER_TYPES = frozenset({FieldType.INTEGER, FieldType.DECIMAL, FieldType.RANGE})
FIXED_WIDTHS = {
    FieldType.ID_NUMBER: 20.0,
    FieldType.MOBILE: 13.0,
    FieldType.DIVISION: 14.0,
    FieldType.DATE: 11.0,
}


def county_label(form: Form, lang: str | None = None) -> str:
    """The county's name, from the form's division list (its one county-level row)."""
    village = FormKeys.of(form).village
    f = next((f for f in form.walk() if f.key == village), None)
    places = form.choice_list(f) if f is not None else None
    choices = places.choices if places is not None else []
    county = next((c for c in choices if c.extra.get("level") == "county"), None)
    return pick_text(county.label, lang) or county.name if county else ""


class ChoiceLabels:
    """Choice name -> label, per field, in one language."""

    def __init__(self, form: Form, lang: str | None = None):
        self.labels: dict[str, dict[str, str]] = {}
        for f in form.walk():
            choices = form.choice_list(f)
            if choices is not None:
                self.labels[f.key] = {
                    c.name: pick_text(c.label, lang) or c.name for c in choices.choices
                }

    def label(self, field_name: str, value: Any) -> Any:
        names = self.labels.get(field_name)
        if names is None or value is None:
            return value
        if isinstance(value, list):
            return "、".join(names.get(str(v), str(v)) for v in value)
        return names.get(str(value), value)


class LedgerColumns:
    def __init__(self, form: Form, lang: str | None = None):
        self.lang = lang
        self.fields: list[Field] = importable_fields(form)
        self.labels = ChoiceLabels(form, lang)
        scoped = scoped_titles(form, lang)
        self.titles = [scoped.get(f.key) or pick_text(f.label, lang) or f.name for f in self.fields]
        self.titles.append(render("ledger.column_status", lang=lang))
        self.statuses: dict[str, str] = {}
        self.plan = [
            (f.key, self.labels.labels.get(f.key), f.type == FieldType.DATE) for f in self.fields
        ]
        """(field, its choice labels or None, whether a date), per column: a ledger of
        100,000 rows asks for these five million times."""

    def kinds(self) -> list[str]:
        """Per column, for the cells of a workbook: 'text' (digits kept as text), 'date',
        'number' (numbers, or text where a draft holds something else) or 'string'."""
        kinds = []
        for f in self.fields:
            if f.type in TEXT_TYPES:
                kinds.append("text")
            elif f.type == FieldType.DATE:
                kinds.append("date")
            else:
                kinds.append("number" if f.type in NUMBER_TYPES else "string")
        return [*kinds, "string"]

    def widths(self) -> list[float]:
        """Column widths (in Excel's units, a digit each; a Chinese character takes about
        two) wide enough for the title and most values."""
        widths = []
        for f, title in zip(self.fields, self.titles, strict=False):
            fixed = FIXED_WIDTHS.get(f.type)
            labels = self.labels.labels.get(f.key, {}).values()
            longest = max([len(title), *(len(label) for label in labels)])
            widths.append(fixed or max(6.0, min(24.0, longest * 1.8 + 2)))
        return [*widths, 10.0]

    def row(self, data: dict[str, Any], status: str) -> list[Any]:
        """The row's values as people read them: labels, dates; None where empty."""
        values: list[Any] = []
        get = data.get
        for name, names, is_date in self.plan:
            value = get(name)
            if value is None:
                values.append(None)
            elif names is not None:
                if value.__class__ is list:
                    values.append("、".join(names.get(str(v), str(v)) for v in value))
                else:
                    values.append(names.get(value, value))
            elif is_date and value.__class__ is str:
                # A draft's half-typed date is shown as typed.
                with contextlib.suppress(ValueError):
                    value = dt.date.fromisoformat(value)
                values.append(value)
            else:
                values.append(value)
        if status not in self.statuses:
            self.statuses[status] = render(f"status.{status}", lang=self.lang)
        values.append(self.statuses[status])
        return values


PRINT_WIDTH = 190.0
"""Column widths (Excel's units) printed on an A4 landscape page: at the some 70 % that
fitting them one page wide takes, 10-point text prints at a readable 7 points."""
PRINT_MAX_WIDTH = 12.0
"""A printed text column wraps rather than grows beyond this."""


class PrintedColumns(LedgerColumns):
    """The ledger as it is printed and filed: a 序号 first, and what the form calculates
    from the answers (the age on the survey date) beside the first answer it is
    calculated from. The store keeps answers only, so it is calculated here, with the
    form's own expression. A ledger read back passes over both columns.

    A survey form has more answers than a page holds readably, so the ledger prints the
    first answers in form order (who, where from, where working, ...) as far as
    PRINT_WIDTH goes, then the review status; the other answers stand to the right of
    it, in the file but outside the printed area (`printed` columns are printed)."""

    def __init__(self, form: Form, lang: str | None = None):
        super().__init__(form, lang)
        self.scope = plan_for(form).scope
        names = [f.key for f in self.fields]
        self.calculated: list[tuple[int, Any, str]] = []
        """(position in the row of answers, expression, title), last position first."""
        for f in form.walk():
            expression = form.compiled.of(f).expressions.get("calculation")
            if f.type != FieldType.CALCULATE or not f.label or expression is None:
                continue
            at = min((names.index(n) + 1 for n in expression.references if n in names), default=0)
            if at:
                self.calculated.append((at, expression, pick_text(f.label, lang) or f.name))
        self.calculated.sort(key=lambda c: -c[0])
        titles, kinds = list(self.titles), super().kinds()
        widths = [
            min(w, PRINT_MAX_WIDTH) if k == "string" else w
            for w, k in zip(super().widths(), kinds, strict=True)
        ]
        for at, _, title in self.calculated:
            titles.insert(at, title)
            kinds.insert(at, "number")
            widths.insert(at, 6.0)
        titles.insert(0, render("ledger.column_number", lang=lang))
        kinds.insert(0, "number")
        widths.insert(0, 5.0)
        status = len(titles) - 1
        used, self.printed = widths[0] + widths[status], 1
        while self.printed < status and used + widths[self.printed] <= PRINT_WIDTH:
            used += widths[self.printed]
            self.printed += 1
        self.order = [*range(self.printed), status, *range(self.printed, status)]
        """Where each column comes from in a row of answers (number first, status last)."""
        self.printed += 1  # the status
        self.titles = [titles[i] for i in self.order]
        self._kinds = [kinds[i] for i in self.order]
        self._widths = [widths[i] for i in self.order]

    def kinds(self) -> list[str]:
        return self._kinds

    def widths(self) -> list[float]:
        return self._widths

    def numbered_row(self, number: int, data: dict[str, Any], status: str) -> list[Any]:
        values = self.row(data, status)
        for at, expression, _ in self.calculated:
            values.insert(at, self._calculate(expression, data))
        values.insert(0, number)
        return [values[i] for i in self.order]

    def _calculate(self, expression, data: dict[str, Any]) -> Any:
        inputs = {n: data.get(n, "") for n in expression.references}
        found = expression.evaluate(RecordContext(self.scope, inputs))
        if found.__class__ is NodeSet or found in ("", None):
            return None
        text = to_string(found)
        return int(text) if text.isdigit() else text
