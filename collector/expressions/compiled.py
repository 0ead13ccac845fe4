"""A compiled sub-expression: a closure over the evaluation context plus what is known
about it at compile time (constant value, result kind, whether it is a plain field read).

The compile-time facts let parents pick cheaper closures: a comparison of a field with a
literal, a boolean that needs no conversion, a constant that needs no call at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from operator import methodcaller
from typing import Any

from .values import NodeSet, to_boolean, to_number, to_string

Evaluator = Callable[[Any], Any]

# Result kinds: "bool", "num" (int or float), "str", "date", "nodeset", "any" (unknown).
_KIND_BY_CLASS = {bool: "bool", int: "num", float: "num", str: "str", NodeSet: "nodeset"}


class Compiled:
    __slots__ = ("field", "fn", "is_const", "item_dependent", "kind", "value")

    def __init__(
        self,
        fn: Evaluator,
        kind: str = "any",
        *,
        is_const: bool = False,
        value: Any = None,
        field: str | None = None,
        item_dependent: bool = False,
    ) -> None:
        self.fn = fn
        self.kind = kind
        self.is_const = is_const
        self.value = value
        self.field = field
        self.item_dependent = item_dependent


def kind_of(value: Any) -> str:
    kind = _KIND_BY_CLASS.get(value.__class__)
    if kind is not None:
        return kind
    return "date" if isinstance(value, date) else "any"


def constant(value: Any) -> Compiled:
    def fn(ctx: Any) -> Any:
        return value

    return Compiled(fn, kind_of(value), is_const=True, value=value)


def dynamic(fn: Evaluator, kind: str = "any") -> Compiled:
    return Compiled(fn, kind)


def field_read(name: str) -> Compiled:
    # methodcaller runs in C: reading a field costs one call, not a Python frame.
    return Compiled(methodcaller("value", name), "any", field=name)


def last_saved_read(name: str) -> Compiled:
    """`${last-saved#name}`: from the context's `last_saved(name)` when it has one (the
    store's answers of the record saved last on this device); empty where there is none,
    as on the county server."""

    def read(ctx: Any) -> Any:
        provider = getattr(ctx, "last_saved", None)
        return provider(name) if provider is not None else None

    return Compiled(read, "any")


def current_read() -> Compiled:
    return Compiled(methodcaller("current"), "any")


def boolean_fn(c: Compiled) -> Evaluator:
    """A closure giving XPath boolean() of c, without conversion when c is already boolean."""
    if c.kind == "bool":
        return c.fn
    f = c.fn
    return lambda ctx: to_boolean(f(ctx))


def number_fn(c: Compiled) -> Evaluator:
    if c.kind == "num":
        return c.fn
    f = c.fn
    return lambda ctx: to_number(f(ctx))


def string_fn(c: Compiled) -> Evaluator:
    if c.kind == "str":
        return c.fn
    f = c.fn

    def fn(ctx: Any) -> str:
        value = f(ctx)
        return value if value.__class__ is str else to_string(value)

    return fn
