"""What expressions see of one record, or of one repeat instance inside it.

Record data is flat per repeat level (groups hold no data): `{"name": ..., "posts":
[{"post_name": ...}, ...]}`. A reference resolves as ODK resolves it: inside a repeat
instance, a field of the same instance or of an enclosing level gives its value; a field
of a repeat below the current level gives the node-set of its values in every instance.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from collector.expressions import NodeSet


class FormScope:
    """Facts of a form that every context of its records shares."""

    def __init__(
        self,
        repeat_paths: Mapping[str, tuple[str, ...]],
        items: Mapping[str, Sequence[Mapping[str, str]]],
        labels: Mapping[str, Mapping[str, str]],
    ):
        self.repeat_paths = repeat_paths
        """Field name -> the repeats it sits in, outermost first; () at the top level."""
        self.items = items
        """Choice list name -> items as mappings, for instance('list') lookups."""
        self.labels = labels
        """Field name -> choice name -> label, for jr:choice-name()."""


class RecordContext:
    __slots__ = (
        "_current",
        "_now",
        "data",
        "last_saved",
        "parent",
        "path",
        "pos",
        "repeats",
        "scope",
        "today",
    )

    def __init__(
        self,
        scope: FormScope,
        data: dict[str, Any],
        *,
        parent: RecordContext | None = None,
        path: tuple[str, ...] = (),
        pos: int = 1,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
        last_saved: Callable[[str], Any] | None = None,
    ):
        self.scope = scope
        self.data = data
        self.parent = parent
        self.path = path
        self.pos = pos
        self.repeats: dict[str, list[RecordContext]] = {}
        self._current: Any = None
        if parent is not None:
            self.today, self._now = parent.today, parent._now
            self.last_saved = parent.last_saved
        else:
            self.last_saved = last_saved
            """`${last-saved#name}`: the device's last saved answer (None: always empty)."""
            self._now = now
            self.today = today or self.now.date()

    @property
    def now(self) -> dt.datetime:
        # Asked for only by forms that call now(): not worth a clock read per record.
        if self._now is None:
            self._now = dt.datetime.now().astimezone()
        return self._now

    def set_today(self, day: dt.date) -> None:
        """The survey date, known only once the record's answers are read, for every level."""
        self.today = day
        for instances in self.repeats.values():
            for inst in instances:
                inst.set_today(day)

    def child(self, repeat: str, data: dict[str, Any], pos: int) -> RecordContext:
        ctx = RecordContext(self.scope, data, parent=self, path=(*self.path, repeat), pos=pos)
        self.repeats.setdefault(repeat, []).append(ctx)
        return ctx

    def value(self, name: str) -> Any:
        data = self.data
        if name in data:
            return data[name]
        # An empty answer reads as "" (not None) so that comparisons take their fast path.
        target = self.scope.repeat_paths.get(name)
        if target is None:
            return ""
        ctx = self
        while ctx.path != target[: len(ctx.path)]:
            ctx = ctx.parent  # the root's path () is a prefix of every path
        if ctx.path == target:
            return ctx.data.get(name, "")
        instances = ctx.instances(target[len(ctx.path) :])
        return NodeSet([inst.data.get(name, "") for inst in instances])

    def instances(self, repeats: tuple[str, ...]) -> list[RecordContext]:
        """The instances of a repeat nested `repeats` levels below this context."""
        found = [self]
        for repeat in repeats:
            found = [inst for ctx in found for inst in ctx.repeats.get(repeat, ())]
        return found

    def set_current(self, value: Any) -> None:
        self._current = value

    def current(self) -> Any:
        return self._current

    def position(self) -> int:
        return self.pos

    def indexed_value(self, field_name: str, repeat: str, index: int) -> Any:
        root = self
        while root.parent is not None:
            root = root.parent
        path = self.scope.repeat_paths.get(field_name, ())
        if repeat not in path:
            return None
        instances = root.instances(path[: path.index(repeat) + 1])
        if 1 <= index <= len(instances):
            return instances[index - 1].value(field_name)
        return None

    def instance(self, instance_id: str) -> Sequence[Mapping[str, str]]:
        return self.scope.items.get(instance_id, ())

    def choice_label(self, field_name: str, value: str) -> str:
        return self.scope.labels.get(field_name, {}).get(value, "")
