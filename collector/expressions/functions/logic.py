"""Booleans and choices: true, false, not, boolean, boolean-from-string, if, coalesce,
checklist, weighted-checklist."""

from __future__ import annotations

from ..compiled import Compiled, boolean_fn, dynamic
from ..values import node_values, to_boolean, to_number, to_string
from .base import CallSite, apply_pure, pure, spec


def _not(value: object) -> bool:
    return not to_boolean(value)


def _boolean_from_string(value: object) -> bool:
    text = to_string(value)
    return text == "true" or text == "1"


def _build_if(site: CallSite) -> Compiled:
    condition, yes, no = site.args
    if condition.is_const:
        return yes if to_boolean(condition.value) else no
    test, a, b = boolean_fn(condition), yes.fn, no.fn
    kind = yes.kind if yes.kind == no.kind else "any"
    return dynamic(lambda ctx: a(ctx) if test(ctx) else b(ctx), kind)


def _coalesce(*values: object) -> object:
    for value in values:
        if to_string(value) != "":
            return value
    return ""


def _within(count: float, low: object, high: object) -> bool:
    minimum, maximum = to_number(low), to_number(high)
    # -1 (any negative) means "no limit" on that side.
    return (minimum < 0 or count >= minimum) and (maximum < 0 or count <= maximum)


def _checklist(low: object, high: object, *values: object) -> bool:
    trues = sum(1 for value in values for node in node_values(value) if to_boolean(node))
    return _within(trues, low, high)


def _weighted_checklist(low: object, high: object, *pairs: object) -> bool:
    total = 0.0
    for value, weight in zip(pairs[::2], pairs[1::2], strict=True):
        for node, node_weight in zip(node_values(value), node_values(weight), strict=False):
            if to_boolean(node):
                total += to_number(node_weight)
    return _within(total, low, high)


def _build_weighted_checklist(site: CallSite) -> Compiled:
    if len(site.args) % 2:
        raise site.error("wrong_arity")
    return apply_pure(_weighted_checklist, site.args, "bool")


def _true() -> bool:
    return True


def _false() -> bool:
    return False


FUNCTIONS = [
    spec("true", 0, 0, pure(_true, "bool")),
    spec("false", 0, 0, pure(_false, "bool")),
    spec("not", 1, 1, pure(_not, "bool")),
    spec("boolean", 1, 1, pure(to_boolean, "bool")),
    spec("boolean-from-string", 1, 1, pure(_boolean_from_string, "bool")),
    spec("if", 3, 3, _build_if),
    spec("coalesce", 2, None, pure(_coalesce)),
    spec("checklist", 2, None, pure(_checklist, "bool")),
    spec("weighted-checklist", 2, None, _build_weighted_checklist),
]
