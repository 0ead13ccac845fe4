"""Which column of a ledger holds which field: by header, with the synonyms townships use.

A header names a field when, once spaces, bracketed notes ("（18位）", "(元)") and marks
such as "*" are taken off, it is the field's label in any language, its name, or one of
the synonyms below (an exact match); or when it is one of those with words that add
nothing taken off (是否有返乡意愿, 外出务工地点, 不愿返乡原因: a close match); or when it
ends with one of them (成员姓名) or holds a longer one anywhere (a loose match). A header
naming another person (户主姓名, 联系人电话) names no field of the person surveyed.

A column is mapped only when it is the clear best match: of the columns naming a field,
the one matching best, and of the fields a column names, the one it names best. Two
columns naming one field equally well (姓名 and 名字), or one column naming two fields
equally well, are a question to the user, and none of them is mapped until answered.
The user can change the mapping; a mapping is saved as JSON, header text -> field name
(an empty name ignores the column), so that it applies again to next half-year's ledger
even if its columns move.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from collector.forms.model import Field, FieldType, Form, pick_text

Mapping = dict[str, str]
"""Header text (as written in the ledger) -> field name; '' leaves the column out."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("姓名", "名字", "人员姓名", "劳动力姓名"),
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
    "work_address": ("务工地点", "务工地址", "务工地详细地址", "务工详细地址", "务工地"),
    "employer": ("工作单位", "务工单位", "就业单位", "单位名称", "务工单位名称"),
    "industry": ("行业", "所在行业", "从事行业", "务工行业"),
    "occupation": ("职业", "职业类别"),
    "trade": ("工种", "从事工种", "岗位工种"),
    "monthly_income": ("月收入", "月均收入", "月工资", "月收入水平"),
    "years_away": ("外出年限", "外出务工年限", "外出年数", "务工年限"),
    "housing": ("住房情况", "务工地住房", "住房"),
    "social_insurance": ("社会保险", "参保情况", "参加社会保险"),
    "return_willing": ("返乡意愿", "愿意返乡", "愿意返乡就业", "返乡就业创业意愿"),
    "no_return_reasons": ("不愿返乡原因", "不返乡原因"),
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


EXACT, CLOSE, LOOSE = 3, 2, 1
"""How well a header names a field (0: not at all)."""

OTHER_PERSON = ("户主", "配偶", "父亲", "母亲", "子女", "联系人", "监护人", "家属", "紧急")
"""Words that make a header about someone else: 户主姓名 is not the person's name."""
_FILLER_PREFIX = re.compile(r"^(是否有|是否|有无|有没有|外出|所在|本人|个人)+")
_FILLER_SUFFIX = re.compile(r"(情况|名称)+$")
MIN_LOOSE = 3
"""Characters a synonym needs before a header holding it anywhere counts as a loose
match; a shorter one (姓名, 电话) counts at the header's end, where Chinese puts what a
title is about (成员姓名, 家庭电话), not at its start (就业与收入)."""


def _core(key: str) -> str:
    """A header key without words that add nothing: 是否有返乡意愿 -> 返乡意愿."""
    return _FILLER_SUFFIX.sub("", _FILLER_PREFIX.sub("", key.replace("的", "")))


@dataclass(frozen=True)
class Question:
    """Columns that name a field equally well, or a column naming fields equally well:
    the user says which (`--map 表头=字段`, or the preview's mapping table)."""

    headers: tuple[str, ...]
    fields: tuple[str, ...]


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
        self.keys: dict[str, set[str]] = {}
        scoped = [scoped_titles(form, lang) for lang in form.languages()]
        for f in importable_fields(form):
            own = [t[f.key] for t in scoped if f.key in t]
            for text in (f.key, *own, f.name, *f.label.values(), *synonyms_of(f)):
                self.keys.setdefault(header_key(text), set()).add(f.key)
        self.cores: dict[str, set[str]] = {}
        for key, names in self.keys.items():
            self.cores.setdefault(_core(key), set()).update(names)
        self.cores.pop("", None)
        self.loose = sorted((k for k in self.keys if len(k) >= 2), key=len, reverse=True)
        self.known: dict[str, dict[str, int]] = {}

    def candidates(self, header: str) -> dict[str, int]:
        """Field key -> how well the header names it (only the fields it names)."""
        if header not in self.known:
            self.known[header] = self._candidates(header_key(header)) if header else {}
        return self.known[header]

    def _candidates(self, key: str) -> dict[str, int]:
        if key in self.keys:
            return dict.fromkeys(self.keys[key], EXACT)
        if any(word in key for word in OTHER_PERSON):
            return {}
        core = _core(key)
        if core in self.cores:
            return dict.fromkeys(self.cores[core], CLOSE)
        found: dict[str, int] = {}
        for held in self.loose:
            if core.endswith(held) or (len(held) >= MIN_LOOSE and held in core):
                found.update(dict.fromkeys(self.keys[held], LOOSE))
                core = core.replace(held, " ")
        return found

    def score(self, titles: list[str]) -> int:
        """How many distinct fields a row of titles names well (to find the header row:
        group titles above it, such as 就业与收入, name fields only loosely)."""
        return len({n for t in titles for n, s in self.candidates(t).items() if s >= CLOSE})


def map_columns(
    form: Form, headers: list[str], saved: Mapping | None = None
) -> tuple[Mapping, list[Question]]:
    """Header -> field for every header, and the questions left open. A header the user
    mapped (`saved`) keeps its field, which no other column then takes; every other
    column is mapped when it is the clear best match (see the module's docstring)."""
    index, saved = HeaderIndex(form), saved or {}
    known = {f.key for f in importable_fields(form)}
    unique = [h for h in dict.fromkeys(headers) if h]
    chosen = {saved[h] for h in unique if h in saved}
    best: dict[str, tuple[int, list[str]]] = {}
    """header -> (score, the fields it names with that score)."""
    for header in unique:
        if header in saved:
            continue
        found = {n: s for n, s in index.candidates(header).items() if n not in chosen}
        if found:
            score = max(found.values())
            best[header] = (score, [n for n, s in found.items() if s == score])
    by_field: dict[str, list[str]] = {}
    for header, (_, names) in best.items():
        for name in names:
            by_field.setdefault(name, []).append(header)
    mapping: Mapping = {}
    questions: dict[tuple[tuple[str, ...], tuple[str, ...]], Question] = {}
    for header in unique:
        if header in saved:
            mapping[header] = saved[header] if saved[header] in known else ""
            continue
        mapping[header] = ""
        if header not in best:
            continue
        score, names = best[header]
        rivals = by_field[names[0]]
        top = max(best[h][0] for h in rivals)
        if score < top:
            continue  # another column names the field better
        tied = tuple(h for h in rivals if best[h][0] == top)
        if len(names) == 1 and len(tied) == 1:
            mapping[header] = names[0]
        else:
            question = Question(tied, tuple(names))
            questions.setdefault((question.headers, question.fields), question)
    return mapping, list(questions.values())


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
