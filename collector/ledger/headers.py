"""Which column of a ledger holds which field: by header, with the synonyms townships use.

A header names a field when, once spaces, bracketed notes ("（18位）", "(元)") and marks
such as "*" are taken off, it is the field's label in any language, its name, or one of
the synonyms below. The user can change the mapping; a mapping is saved as JSON, header
text -> field name (an empty name ignores the column), so that it applies again to next
half-year's ledger even if its columns move.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from collector.forms.model import Field, FieldType, Form, pick_text

Mapping = dict[str, str]
"""Header text (as written in the ledger) -> field name; '' leaves the column out."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("姓名", "名字", "人员姓名", "劳动力姓名", "户主姓名"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "身份证",
        "身份证件号码",
        "证件号码",
    ),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "ethnicity": ("民族",),
    "phone": ("联系电话", "手机号", "手机号码", "手机", "电话", "电话号码", "联系方式"),
    "township": ("乡镇", "所在乡镇", "乡镇名称", "乡镇街道", "乡(镇)", "户籍乡镇"),
    "village": ("村", "村(社区)", "村居", "所在村", "行政村", "村名", "户籍村", "户籍所在村"),
    "education": ("文化程度", "学历", "最高学历"),
    "marital_status": ("婚姻状况", "婚否"),
    "health": ("健康状况",),
    "employment_status": ("就业状态", "就业状况", "就业情况"),
    "migration_range": ("外出范围", "务工范围", "外出务工范围"),
    "work_province": ("务工省份", "务工地省份", "就业省份", "外出省份", "务工所在省"),
    "work_city": ("务工城市", "务工地市", "就业城市", "务工所在市"),
    "work_county": ("务工区县", "务工县区"),
    "work_address": ("务工地点", "务工地址", "务工地详细地址", "务工详细地址"),
    "employer": ("工作单位", "务工单位", "就业单位", "单位名称", "务工单位名称"),
    "industry": ("行业", "所在行业", "从事行业", "务工行业"),
    "occupation": ("职业", "职业类别"),
    "trade": ("工种", "从事工种", "岗位工种"),
    "monthly_income": ("月收入", "月均收入", "月工资", "月收入水平"),
    "years_away": ("外出年限", "外出务工年限", "外出年数", "务工年限"),
    "housing": ("住房情况", "务工地住房", "住房"),
    "social_insurance": ("社会保险", "参保情况", "参加社会保险"),
    "return_willing": ("返乡意愿", "是否愿意返乡", "是否愿意返乡就业", "返乡就业创业意愿"),
    "return_timing": ("返乡时间", "计划返乡时间", "何时返乡"),
    "return_plan": ("返乡后打算", "返乡意向", "返乡后意向", "返乡打算"),
    "wished_industry": ("希望行业", "意向行业", "期望行业"),
    "expected_pay": ("期望月薪", "期望薪资", "期望工资", "期望收入"),
    "county_enterprise": ("是否愿意到县内企业就业", "愿意在县内企业就业"),
    "skills": ("技能特长", "技能", "特长"),
    "certificates": ("职业资格证书", "技能证书", "持证情况", "证书"),
    "training_wish": ("培训意愿", "是否愿意参加培训", "是否参加培训"),
    "business_wish": ("创业意向", "创业意愿", "是否有创业意向", "是否创业"),
    "business_industry": ("创业行业", "拟创业行业"),
    "business_capital": ("计划投资", "投资规模", "计划投资额"),
    "needs_loan": ("贷款需求", "是否需要贷款", "是否需要创业贷款", "需要贷款"),
    "loan_amount": ("贷款金额", "需要贷款金额", "贷款额度"),
    "business_support": ("扶持需求", "需要扶持"),
    "notes": ("备注", "说明"),
    "survey_date": ("调查日期", "登记日期", "采集日期", "填报日期"),
    "surveyor": ("调查人", "登记人", "采集人", "填报人"),
}

_BRACKETED = re.compile(r"[（(][^）)]*[）)]")
_MARKS = re.compile(r"[\s\u3000*＊:：#№]+")


def header_key(text: str) -> str:
    """A header reduced to what names it: 'ID number (18位) *' -> 'idnumber'."""
    key = _MARKS.sub("", _BRACKETED.sub("", text)).lower()
    return key or _MARKS.sub("", text).lower()


SHIPPED_NAMES = {"person_name": "full_name", "income": "monthly_income"}
"""Roles whose field the shipped survey names otherwise (SYNONYMS is by those names)."""


def synonyms_of(f: Field) -> tuple[str, ...]:
    """Headers townships write for the field: by its name, else by the role it plays (a
    county's own field `fxyy` with role return_willing is 返乡意愿 all the same)."""
    return SYNONYMS.get(f.name) or SYNONYMS.get(SHIPPED_NAMES.get(f.role, f.role), ())


def importable_fields(form: Form) -> list[Field]:
    """Fields a ledger row can fill: answers at the top level, outside any repeat, that
    are not calculated from other answers alone."""
    found: list[Field] = []
    stack = list(reversed(form.fields))
    while stack:
        f = stack.pop()
        if f.type == FieldType.GROUP:
            stack.extend(reversed(f.children))
        elif f.holds_answer and f.type != FieldType.CALCULATE:
            found.append(f)
    return found


def scoped_titles(form: Form, lang: str | None = None) -> dict[str, str]:
    """Key -> ledger title of the fields whose name stands twice (in two groups): the
    group's label before the field's (务工·备注, 家庭·备注), so that they are two columns
    that import back where they came from."""
    titles: dict[str, str] = {}

    def visit(fields: list[Field], group: str) -> None:
        for f in fields:
            if f.type == FieldType.GROUP:
                visit(f.children, pick_text(f.label, lang) or f.name)
            elif f.key != f.name:
                titles[f.key] = f"{group}·{pick_text(f.label, lang) or f.name}"

    visit(form.fields, "")
    return titles


class HeaderIndex:
    """Header key -> field key, for one form."""

    def __init__(self, form: Form):
        self.keys: dict[str, str] = {}
        scoped = [scoped_titles(form, lang) for lang in form.languages()]
        for f in importable_fields(form):
            own = [t[f.key] for t in scoped if f.key in t]
            for text in (f.key, *own, f.name, *f.label.values(), *synonyms_of(f)):
                self.keys.setdefault(header_key(text), f.key)

    def field_for(self, header: str) -> str | None:
        return self.keys.get(header_key(header)) if header else None

    def score(self, titles: list[str]) -> int:
        """How many distinct fields a row of titles names (to find the header row)."""
        return len({self.field_for(t) for t in titles} - {None})


def guess_mapping(form: Form, headers: list[str], saved: Mapping | None = None) -> Mapping:
    """Header -> field for every header: the saved choice first, else what the header
    names. A field is filled from one column only; a later column naming it again is
    left out (and reported by the preview)."""
    index, saved = HeaderIndex(form), saved or {}
    known = {f.key for f in importable_fields(form)}
    mapping: Mapping = {}
    taken: set[str] = set()
    for header in headers:
        if not header or header in mapping:
            continue
        name = saved[header] if header in saved else index.field_for(header) or ""
        if name not in known or name in taken:
            name = ""
        mapping[header] = name
        taken.add(name)
    return mapping


def save_mapping(path: str | Path, mapping: Mapping) -> None:
    Path(path).write_text(json.dumps(mapping, ensure_ascii=False, indent=1), encoding="utf-8")


def load_mapping(path: str | Path) -> Mapping:
    """A saved mapping; raises ValueError for a file that holds none."""
    loaded = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(loaded, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
    ):
        raise ValueError(f"{path}: not a column mapping (header -> field name)")
    return loaded
