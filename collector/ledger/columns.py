"""The columns of a ledger: one per answer of the form, titled by its label, with values
shown as people read them (choice labels, not codes; dates as dates), plus the status."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from collector.forms.model import Field, FieldType, Form, pick_text
from collector.ledger.headers import importable_fields, scoped_titles
from collector.messages import render

TEXT_TYPES = frozenset({FieldType.ID_NUMBER, FieldType.MOBILE, FieldType.DIVISION})
"""Digits that are no number: Excel must keep them as text (never 3.41524E+17)."""
NUMBER_TYPES = frozenset({FieldType.INTEGER, FieldType.DECIMAL, FieldType.RANGE})
FIXED_WIDTHS = {
    FieldType.ID_NUMBER: 20.0,
    FieldType.MOBILE: 13.0,
    FieldType.DIVISION: 14.0,
    FieldType.DATE: 11.0,
}


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
