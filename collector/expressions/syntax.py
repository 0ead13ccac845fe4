"""The syntax tree the parser builds and the compiler consumes.

Every node keeps ``pos``, its offset in the source, so that the compiler can point at
the construct it rejects.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | float
    pos: int


@dataclass(frozen=True, slots=True)
class Ref:
    """``${name}``."""

    name: str
    pos: int


@dataclass(frozen=True, slots=True)
class Step:
    """One location step: axis is "child", "self" (``.``) or "parent" (``..``)."""

    axis: str
    name: str
    predicates: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Path:
    """A location path.

    base is "root" (``/data/x``), "context" (``x``, ``.``, ``../x``) or "current"
    (``current()/../x``).
    """

    base: str
    steps: tuple[Step, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class InstancePath:
    """``instance('list')/root/item[...]/column``; call is the ``instance(...)`` call."""

    call: Call
    steps: tuple[Step, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Node, ...]
    pos: int


@dataclass(frozen=True, slots=True)
class Binary:
    """op is one of: or and = != < <= > >= + - * div mod."""

    op: str
    left: Node
    right: Node
    pos: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node
    pos: int


Node = Literal | Ref | Path | InstancePath | Call | Binary | Negate
