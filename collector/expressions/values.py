"""XPath values and the conversions between them, with ODK's lenient semantics.

Values are plain Python objects: None (an empty answer, same as ""), str, int, float,
bool, datetime.date / datetime.datetime, a list or tuple of choice names (a
select_multiple answer, read as its space-separated string), an instance item (a
mapping of column -> text) and NodeSet. Conversions never raise: what cannot be a
number is NaN, what cannot be a string is "".

The converters dispatch on ``value.__class__`` first because they run millions of
times per second during validation; ``isinstance`` only catches subclasses afterwards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time
from decimal import Decimal

from .dates import days_since_epoch, format_iso, parse_date_text

NAN = float("nan")
INF = float("inf")

# XPath 1.0 Number with an optional minus; no exponent, no "Infinity" (JavaRosa agrees).
_NUMBER_TEXT = re.compile(r"\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*\Z")
_DATE_START = re.compile(r"\s*\d{4}-\d")
_NUMBER_CACHE_SIZE = 4096
_number_cache: dict[str, float | int] = {}


class NodeSet:
    """An ordered collection of node values (repeat answers, instance items or columns).

    string/number of a node-set are those of its first node ("" / NaN when empty),
    boolean is "non-empty", and comparisons hold if any node satisfies them.
    """

    __slots__ = ("values",)

    def __init__(self, values: Iterable[object] = ()) -> None:
        self.values = list(values)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[object]:
        return iter(self.values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NodeSet) and other.values == self.values

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"NodeSet({self.values!r})"


def format_number(number: float) -> str:
    """XPath's string() of a number: no ".0", no exponent, NaN/Infinity spelled out."""
    if number != number:
        return "NaN"
    if number in (INF, -INF):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    text = repr(number)
    if "e" in text or number.is_integer():
        # The shortest digits that round-trip, written out: 1e23 -> "1000...", not 9999...
        text = format(Decimal(text).normalize(), "f")
    return text


def _parse_number(text: str) -> float | int:
    match = _NUMBER_TEXT.match(text)
    if match:
        return float(match.group(1))
    # The ODK XForms spec extends number() to date and dateTime text: days since
    # 1970-01-01 UTC, whole for a date ("2021-11-30" - "2021-11-29" = 1), fractional for a
    # date-time with or without zone and milliseconds (no zone: the device's local time).
    if _DATE_START.match(text):
        parsed = parse_date_text(text)
        if parsed is not None:
            return days_since_epoch(parsed)
    return NAN


def string_to_number(text: str) -> float | int:
    number = _number_cache.get(text)
    if number is None:
        number = _parse_number(text)
        if len(_number_cache) >= _NUMBER_CACHE_SIZE:
            _number_cache.clear()
        _number_cache[text] = number
    return number


def to_number(value: object) -> float | int:
    cls = value.__class__
    if cls is int or cls is float:
        return value  # type: ignore[return-value]
    if cls is str:
        return string_to_number(value)  # type: ignore[arg-type]
    if value is None:
        return NAN
    if cls is bool:
        return 1.0 if value else 0.0
    if cls is NodeSet:
        return to_number(value.values[0]) if value.values else NAN  # type: ignore[union-attr]
    if isinstance(value, date):
        return days_since_epoch(value)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    return string_to_number(to_string(value))


def to_string(value: object) -> str:
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[return-value]
    if value is None:
        return ""
    if cls is int:
        return str(value)
    if cls is float:
        return format_number(value)  # type: ignore[arg-type]
    if cls is bool:
        return "true" if value else "false"
    if cls is list or cls is tuple:
        return " ".join(item if item.__class__ is str else to_string(item) for item in value)  # type: ignore[attr-defined]
    if cls is NodeSet:
        return to_string(value.values[0]) if value.values else ""  # type: ignore[union-attr]
    if isinstance(value, date):
        return format_iso(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(float(value))
    if isinstance(value, Mapping):
        # An instance item: XPath's string-value of an element joins its text.
        return "".join(to_string(item) for item in value.values())
    return str(value)


def to_boolean(value: object) -> bool:
    cls = value.__class__
    if cls is bool:
        return value  # type: ignore[return-value]
    if cls is str:
        return value != ""
    if value is None:
        return False
    if cls is int:
        return value != 0
    if cls is float:
        return value != 0 and value == value
    if cls is list or cls is tuple or cls is NodeSet:
        return len(value) > 0  # type: ignore[arg-type]
    if isinstance(value, date):
        return True
    if isinstance(value, int | float):
        return value != 0 and value == value
    if isinstance(value, Mapping):
        return True
    return to_string(value) != ""


def is_nan(value: object) -> bool:
    return value.__class__ is float and value != value


def looks_like_date(value: object) -> bool:
    return isinstance(value, date) or (value.__class__ is str and bool(_DATE_START.match(value)))  # type: ignore[arg-type]


def date_numbers(a: object, b: object) -> tuple[float | int, float | int]:
    """Both sides as days since the epoch, to compare when one is a date. A date meeting a
    date-time is taken at its local midnight, so that the two compare as instants (a date
    answer is that instant in JavaRosa): 2026-08-27 is after 2026-08-26T20:00:00+08:00
    and before 2026-08-27T05:00:00+08:00, whatever the calendar day in UTC."""
    x, y = _as_date(a), _as_date(b)
    x_time, y_time = isinstance(x, datetime), isinstance(y, datetime)
    if x_time and not y_time and isinstance(y, date):
        y = datetime.combine(y, time())
    elif y_time and not x_time and isinstance(x, date):
        x = datetime.combine(x, time())
    return _date_number(x), _date_number(y)


def _as_date(value: object) -> object:
    if value.__class__ is str:
        return parse_date_text(value) or value  # type: ignore[arg-type]
    return value


def _date_number(value: object) -> float | int:
    return days_since_epoch(value) if isinstance(value, date) else to_number(value)


def node_values(value: object) -> list[object]:
    """The nodes of a node-set, or the value itself as the only node."""
    if value.__class__ is NodeSet:
        return value.values  # type: ignore[union-attr]
    return [value]


def xpath_round(number: float) -> float:
    """XPath 1.0 round() for substring(): halves go up, towards +infinity."""
    if math.isnan(number) or math.isinf(number):
        return number
    return float(math.floor(number + 0.5))
