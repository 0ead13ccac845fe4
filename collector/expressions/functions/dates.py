"""Dates: today, now, date, date-time, decimal-date-time, decimal-time, format-date,
format-date-time. today() and now() read the context so that a validation run is
deterministic for its survey date."""

from __future__ import annotations

import math
from datetime import date, datetime
from operator import attrgetter

from ..compiled import Compiled, dynamic
from ..dates import (
    NAN,
    days_since_epoch,
    format_date,
    from_days,
    parse_date_text,
    parse_time_text,
    time_of_day_fraction,
)
from ..values import NodeSet, string_to_number, to_string
from .base import CallSite, FunctionSpec, pure, spec


def to_date(value: object, keep_time: bool = False) -> date | datetime | float | str:
    """date(): a date or date-time, "" for an empty value, NaN when it is not a date.

    Numbers are days since 1970-01-01: whole ones give a date (unless keep_time, as for
    date-time()), fractional ones the exact instant.
    """
    if isinstance(value, date):
        return value
    if value.__class__ is str and len(value) == 10 and value[4] == "-" == value[7]:
        try:
            return date.fromisoformat(value)  # the common "2026-05-01", in C
        except ValueError:
            pass  # 2026-02-30 and friends: the full parser decides
    if value.__class__ is NodeSet:
        value = value.values[0] if value.values else None  # type: ignore[attr-defined]
    if value is None or value.__class__ is bool:
        return "" if value is None else NAN
    if value.__class__ is int or value.__class__ is float:
        return from_days(value, keep_time)  # type: ignore[arg-type]
    text = to_string(value).strip()
    if not text:
        return ""
    parsed = parse_date_text(text)
    if parsed is not None:
        return parsed
    number = string_to_number(text)
    return NAN if math.isnan(number) else from_days(number, keep_time)


def _date(value: object) -> date | datetime | float | str:
    return to_date(value)


def _date_time(value: object) -> date | datetime | float | str:
    return to_date(value, keep_time=True)


def _decimal_date_time(value: object) -> float:
    moment = to_date(value, keep_time=True)
    return days_since_epoch(moment) if isinstance(moment, date) else NAN


def _decimal_time(value: object) -> float:
    if isinstance(value, datetime):
        return time_of_day_fraction(value)
    if value.__class__ is not str:
        return NAN
    moment = parse_time_text(value) or parse_date_text(value)  # type: ignore[arg-type]
    return time_of_day_fraction(moment) if isinstance(moment, datetime) else NAN


def _format_date(value: object, pattern: object) -> str:
    moment = to_date(value, keep_time=True)
    return format_date(moment, to_string(pattern)) if isinstance(moment, date) else ""


def _build_today(site: CallSite) -> Compiled:
    return dynamic(attrgetter("today"), "date")


def _build_now(site: CallSite) -> Compiled:
    return dynamic(attrgetter("now"), "date")


FUNCTIONS: list[FunctionSpec] = [
    spec("today", 0, 0, _build_today),
    spec("now", 0, 0, _build_now),
    spec("date", 1, 1, pure(_date)),
    spec("date-time", 1, 1, pure(_date_time)),
    spec("decimal-date-time", 1, 1, pure(_decimal_date_time, "num")),
    spec("decimal-time", 1, 1, pure(_decimal_time, "num")),
    spec("format-date", 2, 2, pure(_format_date, "str")),
    spec("format-date-time", 2, 2, pure(_format_date, "str")),
]
