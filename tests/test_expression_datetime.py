"""ODK's date-time semantics: number(), int(), comparisons and arithmetic on date-time
text, with and without a zone and milliseconds, as the ODK XForms spec extends number()
("date- and dateTime-formatted strings to a number of days since January 1, 1970 UTC");
a date meeting a date-time compares as the instant of its local midnight."""

from __future__ import annotations

import math
import os
import time
from datetime import date, datetime

import pytest

from collector.expressions import MappingContext, compile_expression


@pytest.fixture(autouse=True)
def in_china():
    """The devices of this program run at UTC+8; a fixed zone keeps the figures exact."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Shanghai"
    time.tzset()
    yield
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def ev(text: str, **data):
    return compile_expression(text).evaluate(MappingContext(data))


# 2026-08-27T08:27:00+07:00 is 01:27 UTC: 20692 days and 87 minutes since the epoch.
DAYS = 20692 + 87 / 1440


@pytest.mark.parametrize(
    "text",
    [
        "2026-08-27T08:27:00.000+07:00",
        "2026-08-27T08:27:00+07:00",
        "2026-08-27T01:27:00Z",
        "2026-08-27T01:27:00.000Z",
        "2026-08-27T09:27:00+0800",
        "2026-08-27T09:27:00",  # no zone: local time, here UTC+8
        "2026-08-27T09:27:00.000",
    ],
)
def test_number_of_date_time_text_is_fractional_days_since_the_epoch(text):
    assert ev(f"number('{text}')") == pytest.approx(DAYS, abs=1e-9)
    assert ev(f"int('{text}')") == 20692
    assert ev("number(${t})", t=text) == pytest.approx(DAYS, abs=1e-9)


def test_dates_are_whole_days_and_bad_text_is_nan():
    assert ev("number('2026-08-27')") == 20692
    assert ev("'2026-08-27' - '2026-08-26'") == 1
    assert math.isnan(ev("number('2026-08-27T25:00:00')"))
    assert math.isnan(ev("number('2026-13-01')"))


def test_arithmetic_and_comparison_on_date_time_text_use_instants():
    later, earlier = "2026-08-27T08:27:00.000+07:00", "2026-08-27T00:00:00Z"
    assert ev("${a} - ${b}", a=later, b=earlier) == pytest.approx(87 / 1440)
    assert ev("${a} > ${b}", a=later, b=earlier) is True
    # The same instant written in two zones is neither before nor after the other.
    same = "2026-08-27T09:27:00+08:00"
    assert ev("${a} <= ${b} and ${a} >= ${b}", a=later, b=same) is True
    assert ev("${a} + 1 > ${b}", a=later, b="2026-08-28T00:00:00Z") is True


def test_a_date_compared_with_a_date_time_compares_instants():
    day = date(2026, 8, 27)  # a date answer: its local midnight is 2026-08-26T16:00Z
    assert ev("${d} < ${t}", d=day, t="2026-08-27T05:00:00+08:00") is True
    assert ev("${d} > ${t}", d=day, t="2026-08-26T20:00:00+08:00") is True
    assert ev("${d} = ${t}", d=day, t="2026-08-27T00:00:00+08:00") is True
    assert ev("${d} = ${t}", d=day, t=datetime.fromisoformat("2026-08-26T16:00:00+00:00"))
    # Written as text, a date still meets a date-time as an instant.
    assert ev("'2026-08-27' < '2026-08-27T05:00:00+08:00'") is True
    assert ev("'2026-08-27' > '2026-08-26T23:00:00+08:00'") is True
    # Two dates compare as days.
    assert ev("${d} = '2026-08-27'", d=day) is True
