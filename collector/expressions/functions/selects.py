"""select_multiple answers: selected, count-selected, selected-at.

An answer may arrive as a list/tuple of choice names (used as is) or as the
space-separated string XForms stores.
"""

from __future__ import annotations

from typing import Any

from ..compiled import Compiled, constant, dynamic
from ..values import to_number, to_string
from .base import CallSite, FunctionSpec, pure, spec


def _choices(value: object) -> list[str] | tuple[str, ...]:
    cls = value.__class__
    if cls is list or cls is tuple:
        return value  # type: ignore[return-value]
    return to_string(value).split()


def _selected(answer: object, choice: object) -> bool:
    return to_string(choice).strip() in _choices(answer)


def _build_selected(site: CallSite) -> Compiled:
    answer, choice = site.args
    if not choice.is_const or answer.is_const:
        return pure(_selected, "bool")(site)
    name = to_string(choice.value).strip()
    f = answer.fn

    def fn(ctx: Any) -> bool:
        value = f(ctx)
        cls = value.__class__
        if cls is str:
            return value == name or name in value.split()
        if cls is list or cls is tuple:
            return name in value
        return name in _choices(value)

    return dynamic(fn, "bool")


def _count_selected(answer: object) -> int:
    return len(_choices(answer))


def _selected_at(answer: object, index: object) -> str:
    choices = _choices(answer)
    position = to_number(index)
    if not 0 <= position < len(choices):
        return ""
    return to_string(choices[int(position)])


def _build_count_selected(site: CallSite) -> Compiled:
    (answer,) = site.args
    if answer.is_const:
        return constant(_count_selected(answer.value))
    f = answer.fn

    def fn(ctx: Any) -> int:
        value = f(ctx)
        cls = value.__class__
        if cls is list or cls is tuple:
            return len(value)
        return len(_choices(value))

    return dynamic(fn, "num")


FUNCTIONS: list[FunctionSpec] = [
    spec("selected", 2, 2, _build_selected),
    spec("count-selected", 1, 1, _build_count_selected),
    spec("selected-at", 2, 2, pure(_selected_at, "str")),
]
