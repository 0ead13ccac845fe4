"""Answers as a person reads them, and what changed between two revisions of a record.

A reviewer reads "就业状态：外出务工 → 本地务工", not `employment_status: 1 → 2`: choice names
become their labels, fields are named by their labels and come in form order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from collector.forms.model import Form, pick_text


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: str
    new: str


def shown(form: Form, name: str, value: Any, lang: str | None = None) -> str:
    """An answer as text: choice labels for selects, items joined by "、"."""
    if value is None or value == "" or value == []:
        return ""
    try:
        f = form.field(name)
    except KeyError:
        return str(value)
    choice_list = form.choice_list(f) if f.is_select else None
    if choice_list is None:
        return str(value)
    labels = {c.name: pick_text(c.label, lang) or c.name for c in choice_list.choices}
    names = value if isinstance(value, list | tuple) else str(value).split()
    return "、".join(labels.get(str(n), str(n)) for n in names)


def label_of(form: Form, name: str, lang: str | None = None) -> str:
    try:
        return pick_text(form.field(name).label, lang) or name
    except KeyError:
        return name


def changes(
    form: Form, older: Mapping[str, Any] | None, newer: Mapping[str, Any], lang: str | None = None
) -> list[Change]:
    """Fields whose answer differs, in form order (unknown fields last)."""
    older = older or {}
    names = [f.key for f in form.walk() if f.holds_answer]
    names += sorted((older.keys() | newer.keys()) - set(names))
    return [
        Change(
            name,
            label_of(form, name, lang),
            shown(form, name, older.get(name), lang),
            shown(form, name, newer.get(name), lang),
        )
        for name in names
        if _comparable(older.get(name)) != _comparable(newer.get(name))
    ]


def _comparable(value: Any) -> Any:
    if value in (None, "", [], ()):
        return None
    return tuple(value) if isinstance(value, list) else str(value)
