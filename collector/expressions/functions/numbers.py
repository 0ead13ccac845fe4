"""Numbers: number, int, round, floor, ceiling, abs, pow, exp, exp10, log, log10, sqrt,
trigonometry, pi, random. Domain errors give NaN (or ±Infinity), never an exception."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..values import INF, NAN, to_number
from .base import FunctionSpec, pure, spec, volatile


def _int(value: object) -> float:
    number = to_number(value)
    if math.isnan(number) or math.isinf(number):
        return number
    return math.copysign(float(math.trunc(number)), number)


def _round_half_away(number: float) -> float:
    magnitude = abs(number)
    whole = math.floor(magnitude)
    if magnitude - whole >= 0.5:
        whole += 1
    return math.copysign(float(whole), number)


def _round(value: object, digits: object = 0.0) -> float:
    if value.__class__ is str and "," in value and "." not in value:
        value = value.replace(",", ".")  # JavaRosa accepts a decimal comma here
    number = to_number(value)
    places = to_number(digits)
    if math.isnan(number) or math.isinf(number):
        return number
    places = 0 if math.isnan(places) else int(places)
    if places == 0:
        return _round_half_away(number)
    # On the shortest decimal text, so round(12345.15, 1) is 12345.2 as a person expects.
    try:
        step = Decimal(1).scaleb(-places)
        rounded = Decimal(repr(float(number))).quantize(step, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return float(number)
    return math.copysign(float(rounded), number)


def _guard(func: Callable[[float], float]) -> Callable[[object], float]:
    """A one-argument math function that answers NaN outside its domain."""

    def guarded(value: object) -> float:
        number = to_number(value)
        try:
            return func(number)
        except ValueError:
            return NAN
        except OverflowError:
            return INF

    return guarded


def _floor(number: float) -> float:
    return number if math.isinf(number) or math.isnan(number) else float(math.floor(number))


def _ceiling(number: float) -> float:
    if math.isinf(number) or math.isnan(number):
        return number
    return math.copysign(float(math.ceil(number)), number)


def _log(number: float) -> float:
    return -INF if number == 0 else math.log(number)


def _log10(number: float) -> float:
    return -INF if number == 0 else math.log10(number)


def _pow(base: object, exponent: object) -> float:
    x, y = to_number(base), to_number(exponent)
    try:
        return math.pow(x, y)
    except OverflowError:
        return INF
    except ValueError:
        if x == 0 and y < 0:
            return INF
        return NAN


def _exp10(value: object) -> float:
    return _pow(10.0, value)


def _atan2(y: object, x: object) -> float:
    return math.atan2(to_number(y), to_number(x))


def _pi() -> float:
    return math.pi


FUNCTIONS: list[FunctionSpec] = [
    spec("number", 1, 1, pure(to_number, "num")),
    spec("int", 1, 1, pure(_int, "num")),
    spec("round", 1, 2, pure(_round, "num")),
    spec("floor", 1, 1, pure(_guard(_floor), "num")),
    spec("ceiling", 1, 1, pure(_guard(_ceiling), "num")),
    spec("abs", 1, 1, pure(_guard(abs), "num")),
    spec("pow", 2, 2, pure(_pow, "num")),
    spec("exp", 1, 1, pure(_guard(math.exp), "num")),
    spec("exp10", 1, 1, pure(_exp10, "num")),
    spec("log", 1, 1, pure(_guard(_log), "num")),
    spec("log10", 1, 1, pure(_guard(_log10), "num")),
    spec("sqrt", 1, 1, pure(_guard(math.sqrt), "num")),
    spec("sin", 1, 1, pure(_guard(math.sin), "num")),
    spec("cos", 1, 1, pure(_guard(math.cos), "num")),
    spec("tan", 1, 1, pure(_guard(math.tan), "num")),
    spec("asin", 1, 1, pure(_guard(math.asin), "num")),
    spec("acos", 1, 1, pure(_guard(math.acos), "num")),
    spec("atan", 1, 1, pure(_guard(math.atan), "num")),
    spec("atan2", 2, 2, pure(_atan2, "num")),
    spec("pi", 0, 0, pure(_pi, "num")),
    spec("random", 0, 0, volatile(random.random, "num")),
]
