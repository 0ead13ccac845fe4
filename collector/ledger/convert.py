"""Ledger cells to the answers a record holds.

What township ledgers hold, and what becomes of it:
- ID numbers: as text with spaces, full-width digits or a lower-case x, with Excel's
  leading apostrophe, or as a number. A whole number is exact and taken; a number Excel
  stored in floating point (3.41524E+17) has lost its last digits, which is reported, not
  guessed (`ledger.id_rounded`).
- mobile numbers: as numbers, with +86, spaces or dashes.
- dates: date cells, Excel serial numbers (32994), text such as 1990-05-03, 1990/5/3,
  1990.5, 1990年5月, 1990年5月3日, 19900503 or 199005. A date without its day is taken as
  the 1st, except for a date the form derives from the ID number (birth date): there the
  derived day is kept when year and month agree. A column titled year-month (出生年月)
  gives year and month only, even as a date cell of the 1st.
- choices: the name (code), the label in any language, a code whose leading zeros Excel
  dropped (1 for 01), 男性/女性, answers of a kind (是/有/√ for 愿意 or 是, 否/无/× for
  不愿意 or 否, 视情况 for 视情况而定), the start of one label only (视情况, 本地),
  a part of a label that joins several (交通运输业 for 交通运输、仓储和邮政业), an amount
  for a list of amount bands (8000, 5000左右, 3千 for 5000～7999元), and place names with
  or without their suffix (青山社区居委会, 长河村委会, 上海市, 浙江); a village name shared
  by two townships is told apart by the row's township, and a city given as a
  province-level city (上海市) is its 市辖区. Several choices of a multiple select are split
  at 、 , ; / and spaces, except inside a label holding them (电工、焊工等工业技能).
- a choice filtered by an earlier answer fills that answer when the ledger leaves it out:
  the village gives its township (341524100201 lies in 341524100), the city its
  province; a place of work written out (上海市, 浙江省宁波市, 苏州) gives province, city
  and county.
- numbers: with thousands separators, full-width digits and units (5000元, 3年).

What cannot be converted is passed on as written, so that validation names the problem
with the value the user typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from openpyxl.utils.datetime import from_excel

from collector.expressions import NodeSet
from collector.expressions.values import to_string
from collector.forms.model import ChoiceList, Field, FieldType, Form, pick_text
from collector.forms.roles import Role, roles_of
from collector.forms.sheets import cell_text
from collector.ledger.headers import header_key, importable_fields
from collector.validation import Problem
from collector.validation.context import RecordContext
from collector.validation.domain import FULL_WIDTH, normalise_id, normalise_mobile
from collector.validation.validator import plan_for

VALUE_SYNONYMS = {"男性": "男", "女性": "女"}
"""Spellings ledgers use -> the label a choice list has."""

ANSWER_KINDS = {
    "yes": ("是", "有", "愿意", "同意", "需要", "要", "y", "yes", "√", "✓", "对"),
    "no": ("否", "无", "不", "不愿意", "不同意", "不需要", "没有", "n", "no", "×", "✗"),
    "depends": ("视情况", "视情况而定", "看情况", "不确定", "不一定", "说不准", "说不清", "待定"),
}
"""Answers of a kind: a cell 是 picks the list's yes-like choice (愿意 in a list of 愿意,
不愿意, 视情况而定), 视情况 its depends-like one."""
KIND_OF = {word: kind for kind, words in ANSWER_KINDS.items() for word in words}

PLACE_SUFFIXES = (
    ("村民委员会", "村"),
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", ""),
    ("村委会", "村"),
    ("居委会", ""),
    ("村", ""),
    ("社区", ""),
    ("特别行政区", ""),
    ("维吾尔自治区", ""),
    ("壮族自治区", ""),
    ("回族自治区", ""),
    ("自治区", ""),
    ("自治州", ""),
    ("地区", ""),
    ("省", ""),
    ("市", ""),
)
"""Suffixes of place names, longest first, with what a short form keeps of them."""
GENERIC_CHILD = "市辖区"
"""The one city of a province-level city (上海市 -> 上海市 市辖区)."""
MULTI_SEPARATORS = re.compile(r"[、,，;；/／\s]+")
MULTI_SPLIT = re.compile(r"([、,，;；/／\s]+)")
LABEL_PARTS = re.compile(r"[、，,和及与（）()]")
SCIENTIFIC = re.compile(r"^\d(\.\d+)?e\+?\d+$", re.IGNORECASE)
DATE_TEXT = re.compile(
    r"^(\d{4})\s*[年./\-]\s*(\d{1,2})\s*(?:月\s*|[./\-]\s*)?(?:(\d{1,2})\s*日?)?$"
)
COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
NUMBER_NOISE = re.compile(r"[,，\s]|[元年人个万月岁]+$")
CHOICE_FILTER_PARENT = re.compile(r"(\w+)\s*=\s*\$\{(\w+)\}")
CHOICE_FILTER_FIXED = re.compile(r"(\w+)\s*=\s*'([^']*)'")
YEAR_RANGE = (1900, 2100)

BAND_BELOW = re.compile(r"^(\d+)元?以下$")
BAND_BETWEEN = re.compile(r"^(\d+)元?[～~\-—至到](\d+)元?$")
BAND_ABOVE = re.compile(r"^(\d+)元?(?:及以上|以上)$")
AMOUNT = re.compile(
    r"^(?:约|大约|大概|每月)?(\d+(?:\.\d+)?)\s*(千|k|万|w)?元?(?:左右|上下|多|余|出头)?(?:元|/月)?$",
    re.IGNORECASE,
)
AMOUNT_UNITS = {"千": 1000, "k": 1000, "万": 10000, "w": 10000}


class Unconvertible(ValueError):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


def place_keys(text: str) -> list[str]:
    """A place name and its short forms: 青山社区居委会 -> 青山社区, 青山; 长河村委会 -> 长河村,
    长河; 上海市 -> 上海 (ledgers write places every way)."""
    key = header_key(text)
    keys = [key]
    for suffix, kept in PLACE_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 2:
            base = key[: -len(suffix)]
            keys += [base + kept, base]
            break
    return keys


def _bands(choices: ChoiceList) -> list[tuple[float, float, str]]:
    """(lowest, highest, choice) of a list of amount bands (3000元以下, 3000～4999元,
    12000元及以上), or [] when its labels are no bands."""
    bands = []
    for c in choices.choices:
        key = header_key(pick_text(c.label) or "").replace(",", "")
        if match := BAND_BELOW.match(key):
            bands.append((float("-inf"), float(match[1]) - 1e-9, c.name))
        elif match := BAND_BETWEEN.match(key):
            bands.append((float(match[1]), float(match[2]) + 1 - 1e-9, c.name))
        elif match := BAND_ABOVE.match(key):
            bands.append((float(match[1]), float("inf"), c.name))
        else:
            return []
    return bands


def _amount(text: str) -> float | None:
    """5000, 5000元, 5000左右, 3千, 0.8万 -> the amount in yuan."""
    match = AMOUNT.match(text.replace(",", "").replace("，", ""))
    if not match:
        return None
    return float(match[1]) * AMOUNT_UNITS.get((match[2] or "").lower(), 1)


def _label_parts(label: str) -> list[str]:
    """The parts a label joins: 交通运输、仓储和邮政业 -> 交通运输, 仓储, 邮政;
    中等职业教育（中专、职高、技校） -> 中等职业教育, 中专, 职高, 技校."""
    parts = [p.strip().removesuffix("业") for p in LABEL_PARTS.split(label)]
    return [p for p in parts if len(p) >= 2]


class ChoiceLookup:
    """Choice names of one list by name, label and the spellings above."""

    def __init__(self, f: Field, choices: ChoiceList):
        self.names = {c.name: c for c in choices.choices}
        self.width = max((len(n) for n in self.names if n.isdigit()), default=0)
        self.by_label: dict[str, list] = {}
        self.by_kind: dict[str, list] = {}
        self.by_part: dict[str, list] = {}
        self.children: dict[str, list] = {}
        for c in choices.choices:
            for label in {*c.label.values(), c.name}:
                for key in dict.fromkeys(place_keys(label)):
                    self.by_label.setdefault(key, []).append(c)
                if label in KIND_OF:
                    self.by_kind.setdefault(KIND_OF[label], []).append(c)
            for part in dict.fromkeys(_label_parts(pick_text(c.label) or "")):
                self.by_part.setdefault(part, []).append(c)
        self.label_keys = [(header_key(t), c) for c in choices.choices for t in c.label.values()]
        self.bands = _bands(choices)
        parent = CHOICE_FILTER_PARENT.search(f.choice_filter)
        self.parent = parent.groups() if parent else None
        """(extra column, field) when the list is filtered by an earlier answer."""
        self.fixed = CHOICE_FILTER_FIXED.findall(f.choice_filter)
        """(extra column, value) the filter always asks for (level = 'province')."""
        if self.parent:
            for c in choices.choices:
                self.children.setdefault(c.extra.get(self.parent[0], ""), []).append(c)
        self.known: dict[tuple[str, Any], str | None] = {}
        """What each text seen so far resolved to: a ledger repeats the same few labels."""

    def name_of(self, text: str, record: dict[str, Any]) -> str | None:
        key = (text, record.get(self.parent[1]) if self.parent else None)
        if key not in self.known:
            self.known[key] = self._resolve(text, record)
        return self.known[key]

    def split(self, text: str, record: dict[str, Any]) -> list[str]:
        """Several choices in one cell: at 、 , ; / and spaces, but never inside a label
        that holds them (电工、焊工等工业技能), the longest label first."""
        name = self.name_of(text, record)
        if name is not None:
            return [name]
        pieces = MULTI_SPLIT.split(text)
        parts, found, i = pieces[0::2], [], 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                joined = "".join(pieces[2 * i : 2 * j - 1])
                if name := self.name_of(joined, record):
                    found.append(name)
                    i = j
                    break
            else:
                if parts[i]:
                    found.append(parts[i])
                i += 1
        return found

    def _resolve(self, text: str, record: dict[str, Any]) -> str | None:
        if text in self.names:
            return text
        if text.isdigit() and self.width and text.zfill(self.width) in self.names:
            return text.zfill(self.width)
        key = header_key(text)
        found = self._labelled(text)
        if not found and key in VALUE_SYNONYMS:
            found = self._narrow(self.by_label.get(VALUE_SYNONYMS[key], []))
        if not found and key in KIND_OF:
            found = self.by_kind.get(KIND_OF[key], [])
        if not found and not MULTI_SEPARATORS.search(text):
            core = key.removesuffix("行业").removesuffix("业")
            found = self._narrow(self.by_part.get(core, []))
            if not found and len(core) >= 2:
                starting = {c.name: c for key, c in self.label_keys if key.startswith(core)}
                found = self._narrow(list(starting.values()))
        if not found and self.bands and (amount := _amount(key)) is not None:
            found = [self.names[n] for low, high, n in self.bands if low <= amount <= high]
        return self._one(found, record)

    def place_of(self, text: str, record: dict[str, Any]) -> str | None:
        """A place's name only, as written or short (浙江省, 浙江), no other spellings:
        what `RowConverter._place` tries for every start of a written-out place."""
        return self._one(self._labelled(text), record)

    def _labelled(self, text: str) -> list:
        """The choices labelled so, as written or in a short form."""
        keys = place_keys(text)
        return self._narrow(next((self.by_label[k] for k in keys if k in self.by_label), []))

    def _one(self, found: list, record: dict[str, Any]) -> str | None:
        """The one choice found (told apart by the row's earlier answer), or None."""
        if len(found) > 1 and self.parent:
            column, field_name = self.parent
            found = [c for c in found if c.extra.get(column) == record.get(field_name)]
        unique = {c.name for c in found}
        if len(unique) != 1:
            return None
        name = unique.pop()
        return self._generic_child(name, record) if self.parent else name

    def _narrow(self, found: list) -> list:
        """The choices the list's fixed filter allows (a province, not a city, of 吉林)."""
        return [c for c in found if all(c.extra.get(k) == v for k, v in self.fixed)]

    def _generic_child(self, name: str, record: dict[str, Any]) -> str:
        """上海市 as a city: the province-level city's one city (市辖区), unless the name is
        one of the row's choices already."""
        column, field_name = self.parent
        if self.names[name].extra.get(column) == record.get(field_name):
            return name
        generic = [c for c in self.children.get(name, ()) if GENERIC_CHILD in c.label.values()]
        return generic[0].name if len(generic) == 1 else name


def to_date(value: Any) -> tuple[dt.date, bool] | None:
    """(date, whether the day was given) of a cell, or None if it is no date."""
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, int | float) and not isinstance(value, bool):
        if YEAR_RANGE[0] <= value < YEAR_RANGE[1] and not float(value).is_integer():
            return to_date(repr(float(value)))  # 1990.5 typed into a number cell
        if float(value).is_integer() and value > 10_000_000:
            return to_date(str(int(value)))
        if 0 < value < 2_958_466:  # Excel's serials run up to 9999-12-31
            return from_excel(value).date(), True
        return None
    text = str(value).translate(FULL_WIDTH).strip()
    if text.isdigit() and len(text) == 5:
        return to_date(int(text))
    match = DATE_TEXT.match(text) or COMPACT_DATE.match(text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month), int(day or 1)), day is not None
    except ValueError:
        return None


class PartialDate(str):
    """An ISO date whose day the ledger did not give (1990.5 -> 1990-05-01)."""


def _date_text(value: Any) -> str:
    found = to_date(value)
    if found is None:
        return cell_text(value)
    day, complete = found
    return day.isoformat() if complete else PartialDate(day.isoformat())


def _id_number(value: Any) -> str:
    if isinstance(value, float):
        if value >= 1e15:
            raise Unconvertible("ledger.id_rounded", value=f"{value:.6g}")
        value = int(value)
    text = normalise_id(str(value).lstrip("'"))
    if SCIENTIFIC.match(text):
        raise Unconvertible("ledger.id_rounded", value=text)
    return text


def _number(value: Any, whole: bool) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value) if whole and float(value).is_integer() else value
    text = NUMBER_NOISE.sub("", str(value).translate(FULL_WIDTH))
    try:
        number = float(text)
    except ValueError:
        return cell_text(value)
    return int(number) if whole and number.is_integer() else number


def _whole_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return cell_text(value).translate(FULL_WIDTH)


PLACE_TEXT = {"work_address": Role.WORK_PROVINCE}
"""A text field holding a place written out -> the role of the first field of the places
it names."""
YEAR_MONTH = re.compile(r"年月(?!日)")
"""A header of a column that holds year and month only (出生年月, not 出生年月日)."""


class RowConverter:
    """Converts the cells of a row, field by field, in form order (a village after its
    township, which tells apart villages of the same name).

    `headers` (field -> the ledger's title of its column) tells which columns hold year
    and month only: there a date of the 1st (what Excel makes of 1990年5月) gives no day."""

    def __init__(self, form: Form, headers: dict[str, str] | None = None):
        self.form = form
        self.fields = importable_fields(form)
        self.lookups = {
            f.key: ChoiceLookup(f, cl)
            for f in self.fields
            if f.is_select and (cl := form.choice_list(f)) is not None
        }
        plan = plan_for(form)
        self.scope = plan.scope
        self.derived = [
            (f, expression)
            for f in self.fields
            if f.read_only and (expression := form.compiled.of(f).expressions.get("calculation"))
        ]
        self.year_month = {n for n, title in (headers or {}).items() if YEAR_MONTH.search(title)}
        self.steps = [(f.key, self._step(f)) for f in self.fields]
        self.parents = [
            (f.key, lookup.parent)
            for f in reversed(self.fields)
            if (lookup := self.lookups.get(f.key)) and lookup.parent
        ]
        """(field, (column, parent field)) from the last, so a county fills its city and
        the city its province."""
        roles = roles_of(form)
        self.places = {
            text: chain
            for text, top in PLACE_TEXT.items()
            if text in {f.key for f in self.fields} and (chain := self._chain(roles.key(top) or ""))
        }

    def _chain(self, top: str) -> list[str]:
        """A field and those filtered by it, in turn (province, city, county)."""
        chain = [top] if top in self.lookups else []
        while chain:
            below = [n for n, (_, parent) in reversed(self.parents) if parent == chain[-1]]
            if not below:
                break
            chain.append(below[0])
        return chain

    def convert(self, cells: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
        """Answers from field name -> cell value; problems of conversion itself."""
        record: dict[str, Any] = {}
        problems: list[Problem] = []
        partial_dates: set[str] = set()
        for name, step in self.steps:
            value = cells.get(name)
            if value is None or value == "":
                continue
            try:
                converted = step(value, record)
            except Unconvertible as err:
                problems.append(Problem(name, err.code, err.params))
                continue
            if name in self.year_month and str(converted).endswith("-01"):
                converted = PartialDate(converted)  # the 1st stands for "no day given"
            if converted.__class__ is PartialDate:
                partial_dates.add(name)
            if converted != "":
                record[name] = str(converted) if converted.__class__ is PartialDate else converted
        for text, chain in self.places.items():
            if isinstance(record.get(text), str) and not any(n in record for n in chain):
                self._place(record[text], chain, record)
        self._fill_parents(record)
        self._derive(record, partial_dates)
        return record, problems

    def _place(self, text: str, chain: list[str], record: dict[str, Any]) -> None:
        """浙江省宁波市慈溪市 -> province, city, county, each as far as the text names them
        (the longest name first); 上海市 -> 上海市 and its 市辖区."""
        rest, named = header_key(text), ""
        for name in chain:
            lookup = self.lookups[name]
            if not rest:  # 上海市 named the province: as a city it is its 市辖区
                code = lookup.place_of(named, record) if named else None
                if code and lookup.names[code].extra.get(lookup.parent[0]) == record.get(
                    lookup.parent[1]
                ):
                    record[name] = code
                break
            found = next(
                (
                    (end, code)
                    for end in range(len(rest), 1, -1)
                    if (code := lookup.place_of(rest[:end], record))
                ),
                None,
            )
            if found is None:
                if name != chain[0]:
                    break
                continue  # no province named: the text may start with the city
            end, record[name] = found
            named, rest = rest[:end], rest[end:]
            if lookup.parent and lookup.parent[1] not in record:
                self._fill_parents(record)

    def _fill_parents(self, record: dict[str, Any]) -> None:
        for name, (column, parent) in self.parents:
            if name in record and parent not in record and parent in self.lookups:
                choice = self.lookups[name].names.get(record[name])
                code = choice.extra.get(column) if choice else None
                if code in self.lookups[parent].names:
                    record[parent] = code

    def _step(self, f: Field) -> Callable[[Any, dict[str, Any]], Any]:
        """The conversion of one field's cells (chosen once, called per row)."""
        kind = f.type
        if kind == FieldType.ID_NUMBER:
            return lambda value, record: _id_number(value)
        if kind == FieldType.MOBILE:
            return lambda value, record: normalise_mobile(_whole_text(value))
        if kind == FieldType.DATE:
            return lambda value, record: _date_text(value)
        if kind in (FieldType.INTEGER, FieldType.DECIMAL):
            whole = kind == FieldType.INTEGER
            return lambda value, record: _number(value, whole)
        lookup = self.lookups.get(f.key)
        if lookup is None:
            if kind == FieldType.DIVISION:
                return lambda value, record: _whole_text(value)
            return lambda value, record: (
                value.strip() if value.__class__ is str else cell_text(value)
            )
        if f.is_multi_select:

            def choices(value: Any, record: dict[str, Any]) -> list[str]:
                return lookup.split(_whole_text(value).strip(), record)

            return choices
        names = lookup.names

        def choice(value: Any, record: dict[str, Any]) -> str:
            text = value.strip() if value.__class__ is str else _whole_text(value)
            return text if text in names else lookup.name_of(text, record) or text

        return choice

    def _derive(self, record: dict[str, Any], partial_dates: set[str]) -> None:
        """Fill what the form derives (sex and birth date from the ID number) where the
        ledger left it out or gave it less precisely; a contradiction stays for
        validation to report."""
        for f, expression in self.derived:
            if f.key in record and f.key not in partial_dates:
                continue  # given in full: validation says whether it agrees
            inputs = {n: record.get(n) for n in expression.references}
            if not all(isinstance(v, str) for v in inputs.values()):
                continue
            found = expression.evaluate(RecordContext(self.scope, inputs))
            if found.__class__ is NodeSet or found in ("", None):
                continue
            expected = to_string(found)
            given = record.get(f.key)
            if given is None or expected[:7] == given[:7]:
                record[f.key] = expected
