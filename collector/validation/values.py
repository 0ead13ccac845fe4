"""Turning a stored or imported answer into the typed value the checks and expressions use.

Records arrive as JSON from the entry screen (ints, lists) and as text from CSV and Excel
("12", "2026-05-01", "a b"); both are accepted, and what cannot be read as the field's
type is a problem with its code, never an exception.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from collector.forms.model import FieldType


class BadValue(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


Coercer = Callable[[Any], Any]
TIME = re.compile(r"^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$")


def as_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool | dict | list):
        raise BadValue("value.not_text")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _integer(value: Any) -> Any:
    if isinstance(value, bool):
        raise BadValue("value.not_integer")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise BadValue("value.not_integer")
    text = str(value).strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            raise BadValue("value.not_integer") from None
        if number.is_integer():
            return int(number)
        raise BadValue("value.not_integer") from None


def _decimal(value: Any) -> Any:
    if isinstance(value, bool):
        raise BadValue("value.not_decimal")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise BadValue("value.not_decimal")
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise BadValue("value.not_decimal") from None
    if not math.isfinite(number):
        raise BadValue("value.not_decimal")
    return number


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        # A date-time where a date is asked keeps its date; shorter text is no date.
        return dt.date.fromisoformat(text[:10] if len(text) >= 10 else "-")
    except ValueError:
        raise BadValue("value.not_date") from None


def _datetime(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadValue("value.not_datetime") from None


def _time(value: Any) -> Any:
    if isinstance(value, dt.time):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    if not TIME.match(text):
        raise BadValue("value.not_time")
    return text


def _choices(value: Any) -> Any:
    if isinstance(value, list | tuple):
        names = tuple(str(v).strip() for v in value if str(v).strip())
    elif isinstance(value, str):
        names = tuple(value.split())
    else:
        names = (as_text(value),) if value is not None else ()
    return names or None


COERCERS: dict[FieldType, Coercer] = {
    FieldType.INTEGER: _integer,
    FieldType.DECIMAL: _decimal,
    FieldType.RANGE: _decimal,
    FieldType.DATE: _date,
    FieldType.TODAY: _date,
    FieldType.DATETIME: _datetime,
    FieldType.START: _datetime,
    FieldType.END: _datetime,
    FieldType.TIME: _time,
    FieldType.SELECT_ONE: as_text,
    FieldType.SELECT_ONE_FROM_FILE: as_text,
    FieldType.SELECT_MULTIPLE: _choices,
    FieldType.SELECT_MULTIPLE_FROM_FILE: _choices,
    FieldType.RANK: _choices,
}


def coercer_for(ftype: FieldType) -> Coercer:
    return COERCERS.get(ftype, as_text)


def display(value: Any) -> str:
    """An answer as text in a message."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
