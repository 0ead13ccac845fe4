"""What an expression reads while it runs: the protocol, and a dict-backed implementation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Protocol, runtime_checkable

from .values import NodeSet


@runtime_checkable
class EvalContext(Protocol):
    """The view of one record that an expression evaluates against.

    ``today`` and ``now`` are attributes so that a whole validation run sees one survey
    date (``now`` must be timezone-aware). Values may be None (an empty answer), str,
    int, float, bool, date, datetime, a list/tuple of choice names (select_multiple) or
    a NodeSet (a field inside a repeat read from outside it).

    Optional: a context may also offer ``itext(text_id) -> str`` for ``jr:itext()``;
    without it ``jr:itext`` returns the id; and ``last_saved(name)`` for
    ``${last-saved#name}``, which is empty without it.
    """

    today: date
    now: datetime

    def value(self, name: str) -> Any:
        """``${name}`` (or a path ending in ``name``) seen from the current position."""

    def current(self) -> Any:
        """``.``: the value of the field being checked or calculated."""

    def position(self) -> int:
        """1-based index of the current repeat instance, for ``position(..)``."""

    def indexed_value(self, field: str, repeat: str, index: int) -> Any:
        """``indexed-repeat(${field}, ${repeat}, index)``; index is 1-based."""

    def instance(self, instance_id: str) -> Sequence[Mapping[str, str]]:
        """Items of a secondary instance (a choice list: name, label, filter columns).

        The engine indexes the sequence it gets by identity, so return the same,
        unchanging sequence object for the same list.
        """

    def choice_label(self, field: str, value: str) -> str:
        """Label of choice ``value`` of select field ``field``, for ``jr:choice-name``."""


class MappingContext:
    """An EvalContext over plain dicts, for tests, previews and simple callers.

    data            field name -> value (a NodeSet for fields inside a repeat)
    current         the value of ``.``
    today, now      default to the current local date and time
    instances       instance id -> list of item mappings
    choice_labels   field name -> {choice name -> label}
    position        1-based repeat position returned by ``position(..)``
    indexed         (field, repeat) -> sequence of values, for ``indexed-repeat``;
                    without an entry, a NodeSet in ``data[field]`` is used
    last_saved      field name -> the answer saved last time, for ``${last-saved#name}``
    """

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        current: Any = None,
        today: date | None = None,
        now: datetime | None = None,
        instances: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
        choice_labels: Mapping[str, Mapping[str, str]] | None = None,
        position: int = 1,
        indexed: Mapping[tuple[str, str], Sequence[Any]] | None = None,
        last_saved: Mapping[str, Any] | None = None,
    ) -> None:
        self.data = dict(data or {})
        self.now = now if now is not None else datetime.now().astimezone()
        self.today = today if today is not None else self.now.date()
        self._current = current
        self._instances = dict(instances or {})
        self._choice_labels = dict(choice_labels or {})
        self._position = position
        self._indexed = dict(indexed or {})
        if last_saved is not None:
            self.last_saved = dict(last_saved).get
        # Bound dict.get skips a Python-level call on the hottest path of evaluation.
        self.value = self.data.get  # type: ignore[method-assign]

    def value(self, name: str) -> Any:
        return self.data.get(name)

    def current(self) -> Any:
        return self._current

    def position(self) -> int:
        return self._position

    def indexed_value(self, field: str, repeat: str, index: int) -> Any:
        values = self._indexed.get((field, repeat))
        if values is None:
            found = self.data.get(field)
            values = found.values if isinstance(found, NodeSet) else ()
        return values[index - 1] if 1 <= index <= len(values) else None

    def instance(self, instance_id: str) -> Sequence[Mapping[str, str]]:
        return self._instances.get(instance_id, ())

    def choice_label(self, field: str, value: str) -> str:
        return self._choice_labels.get(field, {}).get(value, "")
