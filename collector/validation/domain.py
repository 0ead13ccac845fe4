"""Checks of the program's domain types: resident ID numbers, mobile numbers, division codes.

ID numbers are checked with python-stdnum (`stdnum.cn.ric`): its check digit and its table
of region codes; the birth date is read as `ric.get_birth_date` reads it. The region is
not checked against the birth year as `ric.validate` does: a number is assigned when the
ID is first issued, so a person born in 金寨 in 1990 who got an ID in 2006 rightly carries
the 1999 code 341524, which `ric.validate` rejects. Any code the table has ever known is
taken.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from functools import cache, lru_cache
from typing import NamedTuple

from stdnum import numdb
from stdnum.cn import ric

from collector.paths import divisions_dir

ID_SHAPE = re.compile(r"^\d{17}[\dX]$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
DIVISION = re.compile(r"^\d{12}$")
MOBILE_NOISE = re.compile(r"[\s\-]")


class IdFacts(NamedTuple):
    """What an ID number tells: its normal form, birth date and sex ("1" male, "2" female,
    the codes of GB/T 2261.1 that the survey form's sex list uses)."""

    number: str
    birth_date: dt.date
    sex: str

    def age_on(self, day: dt.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class IdNumberError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalise_id(value: str) -> str:
    # Ledgers hold ID numbers with spaces, full-width digits and a lower-case x. (Done
    # here rather than by ric.compact, which costs a generator step per character.)
    return value.translate(FULL_WIDTH).replace(" ", "").replace("-", "").strip().upper()


FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")


def check_id_number(value: str) -> IdFacts:
    """The facts of a valid number, or IdNumberError with the code of what is wrong."""
    number = value
    if not ID_SHAPE.match(number):
        number = normalise_id(value)
        if not ID_SHAPE.match(number):
            raise IdNumberError("id.format")
    if number[-1] != ric.calc_check_digit(number):
        raise IdNumberError("id.checksum")
    try:
        # What ric.get_birth_date does, without cleaning the number again (a third of
        # the cost of a whole record's validation).
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError("id.birth_date") from None
    if not known_region(number[:6]):
        raise IdNumberError("id.region")
    return IdFacts(number, birth, "1" if int(number[16]) % 2 else "2")


@lru_cache(maxsize=8192)
def known_region(code: str) -> bool:
    info = numdb.get("cn/loc").info(code)
    return any("county" in props for _, props in info)


def normalise_mobile(value: str) -> str:
    number = MOBILE_NOISE.sub("", value.translate(FULL_WIDTH))
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
    return number


def is_mobile(value: str) -> bool:
    return bool(MOBILE.match(value) or MOBILE.match(normalise_mobile(value)))


@cache
def province_codes() -> frozenset[str]:
    with (divisions_dir() / "china-counties.csv").open(encoding="utf-8") as handle:
        return frozenset(
            row["code"] for row in csv.DictReader(handle) if row["level"] == "province"
        )


def is_division_code(value: str) -> bool:
    """A 12-digit statistical division code of a real province, at county level or below:
    341524000000 (county), 341524100000 (township) or 341524100201 (village)."""
    return bool(DIVISION.match(value)) and value[:2] in province_codes() and value[4:6] != "00"
