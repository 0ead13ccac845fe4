"""The function library, by family; ``REGISTRY`` maps each name to its FunctionSpec."""

from __future__ import annotations

from . import dates, form, logic, nodesets, numbers, selects, strings, surveycto
from .base import CallSite, FunctionSpec

REGISTRY: dict[str, FunctionSpec] = {
    spec.name: spec
    for family in (logic, numbers, strings, selects, nodesets, dates, form, surveycto)
    for spec in family.FUNCTIONS
}

__all__ = ["REGISTRY", "CallSite", "FunctionSpec"]
