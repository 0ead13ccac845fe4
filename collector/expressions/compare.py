"""``=`` / ``!=`` and ``< <= > >=`` with XPath 1.0 rules, ODK's date handling and node-sets.

Equality compares as booleans if either side is a boolean, else as numbers if either
side is a number (with JavaRosa's 1e-12 tolerance, so 6.1 - 7.8 = -1.7), else as dates
if either side is a date, else as strings. Relational operators compare numbers, or
dates when a side is a date. A node-set compares true if any of its nodes does.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date

from .values import NodeSet, date_numbers, looks_like_date, to_boolean, to_number, to_string

_EQUAL_TOLERANCE = 1e-12


def numbers_equal(x: float, y: float) -> bool:
    return x == y or abs(x - y) < _EQUAL_TOLERANCE


def _scalars_equal(a: object, b: object) -> bool:
    ca, cb = a.__class__, b.__class__
    if ca is str and cb is str:
        return a == b
    if ca is bool or cb is bool:
        return to_boolean(a) == to_boolean(b)
    if ca is int or ca is float or cb is int or cb is float:
        return numbers_equal(to_number(a), to_number(b))
    if isinstance(a, date) or isinstance(b, date):
        return numbers_equal(*date_numbers(a, b))
    return to_string(a) == to_string(b)


def equals(a: object, b: object) -> bool:
    if a.__class__ is NodeSet or b.__class__ is NodeSet:
        return _nodeset_equals(a, b)
    return _scalars_equal(a, b)


def not_equals(a: object, b: object) -> bool:
    if a.__class__ is NodeSet or b.__class__ is NodeSet:
        return _nodeset_differs(a, b)
    return not _scalars_equal(a, b)


def _nodeset_equals(a: object, b: object) -> bool:
    if a.__class__ is bool or b.__class__ is bool:
        return to_boolean(a) == to_boolean(b)
    left = a.values if a.__class__ is NodeSet else (a,)  # type: ignore[attr-defined]
    right = b.values if b.__class__ is NodeSet else (b,)  # type: ignore[attr-defined]
    return any(_scalars_equal(x, y) for x in left for y in right)


def _nodeset_differs(a: object, b: object) -> bool:
    if a.__class__ is bool or b.__class__ is bool:
        return to_boolean(a) != to_boolean(b)
    left = a.values if a.__class__ is NodeSet else (a,)  # type: ignore[attr-defined]
    right = b.values if b.__class__ is NodeSet else (b,)  # type: ignore[attr-defined]
    return any(not _scalars_equal(x, y) for x in left for y in right)


def _scalar_order(op: Callable[[object, object], bool], a: object, b: object) -> bool:
    if looks_like_date(a) or looks_like_date(b):
        return op(*date_numbers(a, b))
    return op(to_number(a), to_number(b))


_NUMBER_CLASSES = (int, float)


def _make_relational(op: Callable[[object, object], bool]) -> Callable[[object, object], bool]:
    def relational(a: object, b: object) -> bool:
        if a.__class__ in _NUMBER_CLASSES and b.__class__ in _NUMBER_CLASSES:
            return op(a, b)  # the usual case, `. <= ${age} - 16`; NaN compares false here too
        if a.__class__ is NodeSet or b.__class__ is NodeSet:
            left = a.values if a.__class__ is NodeSet else (a,)  # type: ignore[attr-defined]
            right = b.values if b.__class__ is NodeSet else (b,)  # type: ignore[attr-defined]
            return any(_scalar_order(op, x, y) for x in left for y in right)
        return _scalar_order(op, a, b)

    return relational


less = _make_relational(operator.lt)
less_equal = _make_relational(operator.le)
greater = _make_relational(operator.gt)
greater_equal = _make_relational(operator.ge)

COMPARISONS: dict[str, Callable[[object, object], bool]] = {
    "=": equals,
    "!=": not_equals,
    "<": less,
    "<=": less_equal,
    ">": greater,
    ">=": greater_equal,
}
