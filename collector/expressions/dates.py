"""Dates and times as ODK sees them.

A date is a ``datetime.date``; a date-time is a ``datetime.datetime`` (naive ones are
taken as local time, like the answers of a device). As numbers, dates count whole days
since 1970-01-01 on the calendar (as JavaRosa does, so ``today() - ${dob}`` is a whole
number of days); date-times count fractional days since the UTC epoch. "Local" is the
process time zone, which a test can pin with ``TZ`` and ``time.tzset()``.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)
SECONDS_PER_DAY = 86400.0
NAN = float("nan")

_DATE_TEXT = re.compile(
    r"\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?\s*\Z"
)
_TIME_TEXT = re.compile(
    r"\s*(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?\s*\Z"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def parse_offset(text: str | None) -> timezone | None:
    """Offset text ("Z", "+08:00", "-0700", "+05") -> tzinfo; None stays None.

    Raises ValueError for an impossible offset such as "-24:00" or "-07:60".
    """
    if text is None:
        return None
    if text == "Z":
        return UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(text)
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if text[0] == "-" else delta)


def _fraction_to_microseconds(fraction: str | None) -> int:
    return int((fraction or "0")[:6].ljust(6, "0"))


def parse_date_text(text: str) -> date | datetime | None:
    """ISO date ("2018-01-01", also "1970-1-2") or date-time; None if it is neither."""
    match = _DATE_TEXT.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, offset = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            _fraction_to_microseconds(fraction),
            tzinfo=parse_offset(offset),
        )
    except ValueError:
        return None


def parse_time_text(text: str) -> datetime | None:
    """A time answer ("06:00:00.000-07:00") placed on 1970-01-01; None if invalid."""
    match = _TIME_TEXT.match(text)
    if not match:
        return None
    hour, minute, second, fraction, offset = match.groups()
    try:
        moment = time(int(hour), int(minute), int(second or 0), _fraction_to_microseconds(fraction))
        return datetime.combine(date(1970, 1, 1), moment, tzinfo=parse_offset(offset))
    except ValueError:
        return None


def local(moment: datetime) -> datetime:
    """The same instant in the process time zone (naive values already are local)."""
    return moment.astimezone()


def days_since_epoch(value: date) -> float | int:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.astimezone()
        return (value - EPOCH_UTC).total_seconds() / SECONDS_PER_DAY
    return value.toordinal() - EPOCH_ORDINAL


def from_days(days: float, keep_time: bool) -> date | datetime | float:
    """Inverse of days_since_epoch: whole days give a date unless keep_time; NaN if out of range."""
    if math.isnan(days) or math.isinf(days):
        return NAN
    try:
        if not keep_time and days == int(days):
            return date.fromordinal(EPOCH_ORDINAL + int(days))
        return EPOCH_UTC + timedelta(days=days)
    except (OverflowError, ValueError):
        return NAN


def time_of_day_fraction(moment: datetime) -> float:
    clock = local(moment)
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6
    return seconds / SECONDS_PER_DAY


def format_iso(value: date) -> str:
    """string() of a date ("2018-01-02") or date-time ("2018-01-02T10:20:30.123+08:00")."""
    if isinstance(value, datetime):
        return local(value).isoformat(timespec="milliseconds")
    return value.isoformat()


_CODES: dict[str, Any] = {
    "Y": lambda m, t: f"{m.year:04d}",
    "y": lambda m, t: f"{m.year % 100:02d}",
    "m": lambda m, t: f"{m.month:02d}",
    "n": lambda m, t: str(m.month),
    "b": lambda m, t: _MONTHS[m.month - 1],
    "d": lambda m, t: f"{m.day:02d}",
    "e": lambda m, t: str(m.day),
    "a": lambda m, t: _WEEKDAYS[m.weekday()],
    "H": lambda m, t: f"{m.hour:02d}" if t else "00",
    "h": lambda m, t: str(m.hour) if t else "0",
    "M": lambda m, t: f"{m.minute:02d}" if t else "00",
    "S": lambda m, t: f"{m.second:02d}" if t else "00",
    "3": lambda m, t: f"{m.microsecond // 1000:03d}" if t else "000",
    "%": lambda m, t: "%",
}


@lru_cache(maxsize=256)
def _pattern_parts(pattern: str) -> tuple[tuple[Any, str], ...]:
    """A format-date pattern as (code function or None, literal text) parts: a form's
    pattern is read once, not at every record."""
    parts: list[tuple[Any, str]] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "%" and i + 1 < len(pattern) and pattern[i + 1] in _CODES:
            parts.append((_CODES[pattern[i + 1]], ""))
            i += 2
        else:
            parts.append((None, ch))
            i += 1
    return tuple(parts)


def format_date(value: date, pattern: str) -> str:
    """ODK's format-date / format-date-time with its % codes; unknown codes stay as written."""
    moment = local(value) if isinstance(value, datetime) else value
    is_datetime = isinstance(moment, datetime)
    parts = _pattern_parts(pattern)
    return "".join(text if code is None else code(moment, is_datetime) for code, text in parts)
