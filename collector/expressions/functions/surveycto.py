"""SurveyCTO's everyday functions, so that forms written for it load and run here.

pyxform passes them through untouched, and SurveyCTO templates use them in calculate
fields: index() is the current repeat's position; duration() and device-info() describe a
phone's session that a laptop survey does not have, so they give an empty answer.
"""

from __future__ import annotations

from operator import methodcaller

from ..compiled import Compiled, constant, dynamic
from .base import CallSite, FunctionSpec, spec


def _build_index(site: CallSite) -> Compiled:
    return dynamic(methodcaller("position"), "num")


def _build_empty(site: CallSite) -> Compiled:
    return constant("")


FUNCTIONS: list[FunctionSpec] = [
    spec("index", 0, 0, _build_index),
    spec("duration", 0, 0, _build_empty),
    spec("device-info", 0, 0, _build_empty),
]
