"""Arithmetic and comparison closures, with the cheap shapes forms use most picked out at
compile time (a field compared with a literal, a number compared with a number)."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from .compare import COMPARISONS, numbers_equal
from .compiled import Compiled, boolean_fn, constant, dynamic, number_fn
from .values import INF, NAN, string_to_number, to_boolean, to_number

MIRRORED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}
_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


def divide(x: float, y: float) -> float:
    if y == 0:
        if x == 0 or x != x:
            return NAN
        return INF if (x > 0) == (math.copysign(1.0, y) > 0) else -INF
    return x / y


def modulo(x: float, y: float) -> float:
    """XPath mod: the remainder of truncating division, like Java's %."""
    if y == 0 or x != x or y != y or math.isinf(x):
        return NAN
    if math.isinf(y):
        return x
    return math.fmod(x, y)


ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "div": divide,
    "mod": modulo,
}


def arithmetic(op: str, left: Compiled, right: Compiled) -> Compiled:
    func = ARITHMETIC[op]
    if left.is_const and right.is_const:
        return constant(func(to_number(left.value), to_number(right.value)))
    if right.is_const:
        y = to_number(right.value)
        f = left.fn

        def with_constant(ctx: Any) -> Any:
            x = f(ctx)
            if x.__class__ is not float and x.__class__ is not int:
                x = to_number(x)
            return func(x, y)

        return dynamic(with_constant, "num")
    a, b = number_fn(left), number_fn(right)
    return dynamic(lambda ctx: func(a(ctx), b(ctx)), "num")


def negate(operand: Compiled) -> Compiled:
    if operand.is_const:
        return constant(-to_number(operand.value))
    f = number_fn(operand)
    return dynamic(lambda ctx: -f(ctx), "num")


def _as_boolean(c: Compiled) -> Compiled:
    return c if c.kind == "bool" else dynamic(boolean_fn(c), "bool")


def logical(op: str, left: Compiled, right: Compiled) -> Compiled:
    is_and = op == "and"
    for known, other in ((left, right), (right, left)):
        if known.is_const:
            # XPath has no side effects, so dropping the other operand is safe.
            if to_boolean(known.value) != is_and:
                return constant(not is_and)
            return constant(to_boolean(other.value)) if other.is_const else _as_boolean(other)
    a, b = boolean_fn(left), boolean_fn(right)
    if is_and:
        return dynamic(lambda ctx: a(ctx) and b(ctx), "bool")
    return dynamic(lambda ctx: a(ctx) or b(ctx), "bool")


def comparison(op: str, left: Compiled, right: Compiled) -> Compiled:
    general = COMPARISONS[op]
    if left.is_const and right.is_const:
        return constant(general(left.value, right.value))
    if left.is_const:
        left, right, op = right, left, MIRRORED[op]
        general = COMPARISONS[op]
    if right.is_const:
        literal = right.value
        if literal.__class__ is str and op in ("=", "!="):
            return _against_text(op, left, literal)
        if literal.__class__ is float:
            return _against_number(op, left, literal)
    a, b = left.fn, right.fn
    return dynamic(lambda ctx: general(a(ctx), b(ctx)), "bool")


def _against_text(op: str, left: Compiled, literal: str) -> Compiled:
    f = left.fn
    general = COMPARISONS[op]
    if literal == "" and left.kind != "str":
        return _against_empty(op == "=", f, general)
    if op == "=":
        if left.kind == "str":
            return dynamic(lambda ctx: f(ctx) == literal, "bool")

        def equal(ctx: Any) -> bool:
            value = f(ctx)
            return value == literal if value.__class__ is str else general(value, literal)

        return dynamic(equal, "bool")
    if left.kind == "str":
        return dynamic(lambda ctx: f(ctx) != literal, "bool")

    def differ(ctx: Any) -> bool:
        value = f(ctx)
        return value != literal if value.__class__ is str else general(value, literal)

    return dynamic(differ, "bool")


_NEVER_EMPTY = frozenset({int, float, date, datetime})


def _against_empty(want: bool, f: Any, general: Any) -> Compiled:
    """`${x} = ''`, the usual test for an empty answer: a number or a date never equals ""
    (it would compare as NaN), so only text, booleans and node-sets need the general rule."""

    def is_empty(ctx: Any) -> bool:
        value = f(ctx)
        cls = value.__class__
        if cls is str:
            return (value == "") is want
        if cls in _NEVER_EMPTY:
            return not want
        return general(value, "")

    return dynamic(is_empty, "bool")


def _against_number(op: str, left: Compiled, literal: float) -> Compiled:
    f = left.fn
    general = COMPARISONS[op]
    if op in ("=", "!="):
        want = op == "="
        if left.kind == "num":

            def number_equal(ctx: Any) -> bool:
                x = f(ctx)
                return (x == literal or abs(x - literal) < 1e-12) is want

            return dynamic(number_equal, "bool")

        def test_equal(ctx: Any) -> bool:
            value = f(ctx)
            cls = value.__class__
            if cls is int or cls is float:
                return (value == literal or abs(value - literal) < 1e-12) is want
            if cls is str:
                return numbers_equal(string_to_number(value), literal) is want
            return general(value, literal)

        return dynamic(test_equal, "bool")
    order = _ORDER[op]
    if left.kind == "num":
        return dynamic(lambda ctx: order(f(ctx), literal), "bool")

    def test_order(ctx: Any) -> bool:
        value = f(ctx)
        cls = value.__class__
        if cls is int or cls is float:
            return order(value, literal)
        if cls is str:
            return order(string_to_number(value), literal)
        return general(value, literal)

    return dynamic(test_order, "bool")
