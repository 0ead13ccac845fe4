"""Functions that read the form beyond their arguments: current, position, indexed-repeat,
once, pulldata, jr:choice-name, jr:itext."""

from __future__ import annotations

import math
import re
from operator import methodcaller
from typing import Any

from ..compiled import Compiled, current_read, dynamic, string_fn
from ..instances import ColumnIndex, pull_value
from ..syntax import Path, Ref
from ..values import to_number, to_string
from .base import CallSite, FunctionSpec, spec

_FIELD_TEXT = re.compile(r"\s*(?:\$\{\s*([^}\s]+)\s*\}|/?(?:[^/\s]+/)*([^/\s]+))\s*\Z")


def field_name_of(node: object) -> str | None:
    """The field a ``${x}`` or a path names, for functions that take a field itself."""
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Path) and node.steps and node.steps[-1].axis == "child":
        return node.steps[-1].name
    return None


def field_name_in_text(text: str) -> str:
    """jr:choice-name's second argument: '${x}' as XLSForm writes it or '/data/x' as XForms."""
    match = _FIELD_TEXT.match(text)
    if not match:
        return text
    return match.group(1) or match.group(2)


def _build_current(site: CallSite) -> Compiled:
    site.flags.add("uses_current")
    return current_read()


def _is_parent_path(node: object) -> bool:
    return (
        isinstance(node, Path)
        and node.base == "context"
        and any(step.axis == "parent" for step in node.steps)
        and all(step.axis != "child" for step in node.steps)
    )


def _build_position(site: CallSite) -> Compiled:
    if site.nodes and not _is_parent_path(site.nodes[0]):
        raise site.error("unsupported", "position(...)")
    return dynamic(methodcaller("position"), "num")


def _build_indexed_repeat(site: CallSite) -> Compiled:
    if len(site.args) > 3:
        raise site.error("unsupported", "indexed-repeat with nested repeats")
    names = [field_name_of(node) for node in site.nodes[:2]]
    for name, node in zip(names, site.nodes[:2], strict=True):
        if name is None:
            raise site.error("bad_reference", getattr(node, "name", "indexed-repeat"), node.pos)
    field, repeat = names
    index_fn = site.args[2].fn

    def fn(ctx: Any) -> Any:
        index = to_number(index_fn(ctx))
        if math.isnan(index) or math.isinf(index):
            return None
        return ctx.indexed_value(field, repeat, int(index))

    return dynamic(fn)


def _build_once(site: CallSite) -> Compiled:
    site.flags.add("uses_current")
    (arg,) = site.args
    f = arg.fn

    def fn(ctx: Any) -> Any:
        value = ctx.current()
        if value is None or value == "" or to_string(value) == "":
            return f(ctx)
        return value

    return dynamic(fn)


def _build_pulldata(site: CallSite) -> Compiled:
    instance_id, column, key_column = (string_fn(arg) for arg in site.args[:3])
    key = site.args[3].fn
    index = ColumnIndex()

    def fn(ctx: Any) -> str:
        items = ctx.instance(instance_id(ctx))
        return pull_value(index, items, column(ctx), key_column(ctx), key(ctx))

    return dynamic(fn, "str")


def _build_choice_name(site: CallSite) -> Compiled:
    value, field = site.args
    value_fn = string_fn(value)
    if field.is_const:
        name = field_name_in_text(to_string(field.value))
        site.references.add(name)
        return dynamic(lambda ctx: ctx.choice_label(name, value_fn(ctx)), "str")
    field_fn = string_fn(field)
    return dynamic(
        lambda ctx: ctx.choice_label(field_name_in_text(field_fn(ctx)), value_fn(ctx)), "str"
    )


def _build_itext(site: CallSite) -> Compiled:
    text_id = string_fn(site.args[0])

    def fn(ctx: Any) -> str:
        key = text_id(ctx)
        lookup = getattr(ctx, "itext", None)
        return lookup(key) if lookup is not None else key

    return dynamic(fn, "str")


def _build_instance_alone(site: CallSite) -> Compiled:
    raise site.error("unsupported", "instance() without /root/item")


FUNCTIONS: list[FunctionSpec] = [
    spec("current", 0, 0, _build_current),
    spec("position", 0, 1, _build_position),
    spec("indexed-repeat", 3, 7, _build_indexed_repeat),
    spec("once", 1, 1, _build_once),
    spec("pulldata", 4, 4, _build_pulldata),
    spec("jr:choice-name", 2, 2, _build_choice_name),
    spec("jr:itext", 1, 1, _build_itext),
    spec("instance", 1, 1, _build_instance_alone),
]
