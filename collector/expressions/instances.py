"""Lookups in secondary instances: ``instance('list')/root/item[predicate]/column`` and
``pulldata()``.

Inside a predicate, bare names are the item's columns while ``${x}``, ``current()`` and
absolute paths still read the form; ``ItemScope`` is the context a predicate runs in.
Choice lists can hold thousands of items, so a predicate of the shape
``column = <expression that does not read the item>`` (alone or as the first operand
of ``and``) is answered from a per-column index instead of a scan.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .values import NodeSet, to_boolean, to_string

Item = Mapping[str, Any]
# per list: the list itself (to detect reuse of its id), its length, column -> index
_ListEntry = tuple[Sequence[Item], int, dict[str, dict[str, list[Item]] | None]]
Predicate = Callable[[Any], Any]
_MAX_CACHED_LISTS = 64


class ItemScope:
    """The context of a predicate: the form context plus the item under test."""

    __slots__ = ("item", "outer", "pos")

    def __init__(self, outer: Any) -> None:
        # Nested lookups still read the form, never the enclosing item.
        self.outer = outer.outer if isinstance(outer, ItemScope) else outer
        self.item: Item | None = None
        self.pos = 0

    @property
    def today(self) -> Any:
        return self.outer.today

    @property
    def now(self) -> Any:
        return self.outer.now

    def value(self, name: str) -> Any:
        return self.outer.value(name)

    def current(self) -> Any:
        return self.outer.current()

    def position(self) -> int:
        return self.pos

    def indexed_value(self, field: str, repeat: str, index: int) -> Any:
        return self.outer.indexed_value(field, repeat, index)

    def instance(self, instance_id: str) -> Sequence[Item]:
        return self.outer.instance(instance_id)

    def choice_label(self, field: str, value: str) -> str:
        return self.outer.choice_label(field, value)

    def __getattr__(self, name: str) -> Any:
        # Optional context extras (such as itext) pass through; "outer" itself never does.
        if name == "outer":
            raise AttributeError(name)
        return getattr(self.outer, name)


class ColumnIndex:
    """column text -> items, per item list, rebuilt when the context hands over another list."""

    def __init__(self) -> None:
        self._lists: dict[int, _ListEntry] = {}

    def lookup(self, items: Sequence[Item], column: str, key: str) -> list[Item] | None:
        """Items whose column equals key, or None when the column cannot be indexed."""
        entry = self._lists.get(id(items))
        if entry is None or entry[0] is not items or entry[1] != len(items):
            if len(self._lists) >= _MAX_CACHED_LISTS:
                self._lists.clear()
            entry = (items, len(items), {})
            self._lists[id(items)] = entry
        columns = entry[2]
        if column not in columns:
            columns[column] = _build_index(items, column)
        index = columns[column]
        if index is None:
            return None
        return index.get(key, [])


def _build_index(items: Sequence[Item], column: str) -> dict[str, list[Item]] | None:
    index: dict[str, list[Item]] = {}
    for item in items:
        value = item.get(column)
        if value is None:
            value = ""
        elif value.__class__ is not str:
            return None  # typed cells compare as numbers, which a text index cannot answer
        index.setdefault(value, []).append(item)
    return index


def filter_items(scope: ItemScope, items: Sequence[Item], predicate: Predicate) -> list[Item]:
    kept = []
    for pos, item in enumerate(items, 1):
        scope.item, scope.pos = item, pos
        result = predicate(scope)
        cls = result.__class__
        if cls is bool:
            if result:
                kept.append(item)
        elif cls is int or cls is float:
            if result == pos:  # [3] means [position() = 3]
                kept.append(item)
        elif to_boolean(result):
            kept.append(item)
    return kept


class IndexedPredicate:
    """A first predicate ``column = key`` (+ an optional rest) that can use ColumnIndex."""

    def __init__(self, column: str, key: Predicate, whole: Predicate, exact: bool) -> None:
        self.column = column
        self.key = key
        self.whole = whole
        self.exact = exact  # the predicate is just the equality: no need to re-test
        self.index = ColumnIndex()

    def apply(self, scope: ItemScope, items: Sequence[Item]) -> list[Item]:
        key = self.key(scope)
        if key is None:
            key = ""
        if key.__class__ is str:
            found = self.index.lookup(items, self.column, key)
            if found is not None:
                return found if self.exact else filter_items(scope, found, self.whole)
        return filter_items(scope, items, self.whole)


def select_items(
    ctx: Any,
    instance_id: str,
    first: IndexedPredicate | None,
    predicates: Sequence[Predicate],
) -> list[Item]:
    """The items that pass the predicates; may be the context's own sequence: do not mutate."""
    items: Sequence[Item] = ctx.instance(instance_id)
    if first is None and not predicates:
        return items
    scope = ItemScope(ctx)
    if first is not None:
        items = first.apply(scope, items)
    for predicate in predicates:
        items = filter_items(scope, items, predicate)
    return items


def column_values(items: Sequence[Item], column: str | None) -> NodeSet:
    if column is None:
        return NodeSet(items)
    return NodeSet(value for item in items if (value := item.get(column)) is not None)


def pull_value(
    index: ColumnIndex, items: Sequence[Item], column: str, key_column: str, key: Any
) -> str:
    """pulldata(): column of the first item whose key_column equals key, else ""."""
    wanted = to_string(key)
    found = index.lookup(items, key_column, wanted)
    if found is None:
        found = [item for item in items if to_string(item.get(key_column)) == wanted]
    return to_string(found[0].get(column)) if found else ""
