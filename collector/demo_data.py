"""Plausible, valid records of the shipped survey form, for demos, tests and benchmarks.

The records follow the form's skip logic and checks (real ID numbers with correct check
digits, villages of the chosen township, provinces and cities that fit the migration
range), so that a validator finding a problem in one of them has found a bug. Choice names
are read from the loaded form, so the generator follows the form when the form changes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

from stdnum.cn import ric

from collector.forms.model import Form

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰玉红文辉建国志强德福春梅海燕金凤"
TRADES = ("电焊工", "厨师", "瓦工", "货车司机", "保洁员", "车工", "快递员", "育婴员", "电工")


def make_id_number(region: str, birth: dt.date, sequence: int) -> str:
    body = f"{region}{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


class SurveyRecords:
    """Generates records of the out-migrant labour survey (forms/outmigrant_labour.yaml)."""

    def __init__(self, form: Form, seed: int = 1, survey_date: dt.date | None = None):
        self.rng = random.Random(seed)
        self.form = form
        self.survey_date = survey_date or dt.date(2026, 11, 2)
        counties = form.choice_files["county_divisions.csv"].choices
        self.villages: dict[str, list[str]] = {}
        for c in counties:
            if c.extra.get("level") == "village":
                self.villages.setdefault(c.extra["parent_code"], []).append(c.name)
        places = form.choice_files["china-counties.csv"].choices
        self.cities: dict[str, list[str]] = {}
        for c in places:
            if c.extra.get("level") == "city":
                self.cities.setdefault(c.extra["parent_code"], []).append(c.name)
        self.provinces = [p for p in self.cities if p != "34"]

    def names(self, list_name: str) -> list[str]:
        return [c.name for c in self.form.choices[list_name].choices if c.name != "none"]

    def pick(self, list_name: str) -> str:
        return self.rng.choice(self.names(list_name))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        while True:
            yield self.record()

    def take(self, count: int) -> list[dict[str, Any]]:
        return [self.record() for _ in range(count)]

    def record(self) -> dict[str, Any]:
        rng = self.rng
        township = rng.choice(sorted(self.villages))
        age = rng.randint(18, 60)
        birth = self.survey_date - dt.timedelta(days=age * 365 + rng.randint(10, 300))
        id_number = make_id_number(township[:6], birth, rng.randint(1, 999))
        # Completed years on the survey date: `age` whole years of 365 days and a few more
        # can still fall short of a birthday once leap days add up.
        before_birthday = (self.survey_date.month, self.survey_date.day) < (birth.month, birth.day)
        age = self.survey_date.year - birth.year - before_birthday
        record: dict[str, Any] = {
            "full_name": rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
            "id_number": id_number,
            "sex": "1" if int(id_number[16]) % 2 else "2",
            "birth_date": birth.isoformat(),
            "ethnicity": "01",
            "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
            "township": township,
            "village": rng.choice(self.villages[township]),
            "education": self.pick("education"),
            "employment_status": "1",
            "migration_range": rng.choice(["1", "2"]),
            "industry": self.pick("industry"),
            "occupation": self.pick("occupation"),
            "trade": rng.choice(TRADES),
            "monthly_income": self.pick("income_band"),
            "years_away": rng.randint(0, max(0, min(age - 16, 30))),
            "housing": self.pick("housing"),
            "social_insurance": rng.sample(self.names("social_insurance"), 2),
            "certificates": ["none"],
            "training_wish": "no",
            "business_wish": "no",
            "survey_date": self.survey_date.isoformat(),
            "surveyor": "李明",
        }
        province = "34" if record["migration_range"] == "1" else rng.choice(self.provinces)
        record["work_province"] = province
        record["work_city"] = rng.choice(self.cities[province])
        self._return_intention(record)
        return record

    def _return_intention(self, record: dict[str, Any]) -> None:
        willing = self.rng.choice(["1", "2", "3"])
        record["return_willing"] = willing
        if willing == "2":
            record["no_return_reasons"] = ["1", "3"]
            return
        record["return_timing"] = self.pick("return_timing")
        record["return_plan"] = "1"
        record["expected_pay"] = self.rng.randrange(3000, 12000, 500)
        record["county_enterprise"] = self.rng.choice(["yes", "no"])
