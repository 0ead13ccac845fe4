"""Functions over node-sets (repeat answers, instance lookups): count, count-non-empty,
sum, min, max, join, randomize. A plain value counts as a node-set of one node."""

from __future__ import annotations

import math
import random

from ..compiled import Compiled, dynamic
from ..values import NAN, NodeSet, node_values, to_number, to_string
from .base import CallSite, FunctionSpec, pure, spec


def _count(value: object) -> int:
    return len(node_values(value))


def _count_non_empty(value: object) -> int:
    return sum(1 for node in node_values(value) if to_string(node) != "")


def _sum(value: object) -> float:
    try:
        return math.fsum(to_number(node) for node in node_values(value))
    except ValueError:  # inf + -inf
        return NAN


def _numbers(values: tuple[object, ...]) -> list[float]:
    return [to_number(node) for value in values for node in node_values(value)]


def _min(*values: object) -> float:
    numbers = _numbers(values)
    if not numbers or any(math.isnan(n) for n in numbers):
        return NAN
    return min(numbers)


def _max(*values: object) -> float:
    numbers = _numbers(values)
    if not numbers or any(math.isnan(n) for n in numbers):
        return NAN
    return max(numbers)


def _join(separator: object, *values: object) -> str:
    return to_string(separator).join(
        to_string(node) for value in values for node in node_values(value)
    )


def _randomize(value: object, seed: object = None) -> NodeSet:
    nodes = list(node_values(value)) if value is not None else []
    if seed is None:
        random.shuffle(nodes)
    else:
        number = to_number(seed)
        random.Random(None if math.isnan(number) else number).shuffle(nodes)
    return NodeSet(nodes)


def _build_randomize(site: CallSite) -> Compiled:
    fns = [arg.fn for arg in site.args]
    # Unseeded shuffles must differ between calls, so this is never folded.
    return dynamic(lambda ctx: _randomize(*[f(ctx) for f in fns]), "nodeset")


FUNCTIONS: list[FunctionSpec] = [
    spec("count", 1, 1, pure(_count, "num")),
    spec("count-non-empty", 1, 1, pure(_count_non_empty, "num")),
    spec("sum", 1, 1, pure(_sum, "num")),
    spec("min", 1, None, pure(_min, "num")),
    spec("max", 1, None, pure(_max, "num")),
    spec("join", 1, None, pure(_join, "str")),
    spec("randomize", 1, 2, _build_randomize),
]
