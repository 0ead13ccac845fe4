"""Township ledgers as townships keep them, with their defects planted and listed in a key.

Two ledgers, each from the same kind of people (`people`), written the way clerks write:

- `township_ledger`: 梅山镇's 60-person 台账: a title merged across the sheet, the sheet
  named after the township and no township column, the township's own words in the headers
  (外出务工地点, 是否有返乡意愿, 不愿返乡原因) and in the cells (8000, 5000左右, 3千 for
  income bands; 是/否/视情况; 交通运输业; 上海市, 浙江省宁波市, 广东深圳), a 合计 row and a
  footer (填表人：…) under the table.
- `roster`: a 30-person 花名册 by household: an instructions sheet first, a two-row header
  (group titles merged over the field titles, cells merged down), a 户主姓名 column left of
  姓名 (10 of the 30 are not the head of their household), 出生年月 as Excel dates of the
  1st, 希望参加的培训 with labels that hold 、 — as .xlsx, .xls and GBK .csv.

`Ledger.key` lists every planted defect, row by row: the column's header and the problem
code the preview must report there; `Ledger.expected` the record every row must become.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xlwt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from collector.demo_data import make_id_number

SURVEY_DAY = "2026-11-02"
SURVEYOR = "李明"
TOWNSHIP = ("梅山镇", "341524100")
VILLAGES = [  # as clerks write them -> code
    ("青山社区", "341524100001"),
    ("红村社区居委会", "341524100002"),
    ("开顺村", "341524100226"),
    ("百禄桥村委会", "341524100227"),
    ("洪冲", "341524100229"),
]
PLACES = [  # 外出务工地点 -> (migration range, province, city)
    ("上海市", "省外", "2", "31", "3101"),
    ("浙江省宁波市", "省外", "2", "33", "3302"),
    ("广东深圳", "省外", "2", "44", "4403"),
    ("合肥市", "县外省内", "1", "34", "3401"),
]
INDUSTRIES = [("交通运输业", "G"), ("居民服务业", "O"), ("制造业", "C"), ("建筑", "E")]
OCCUPATIONS = [("生产制造及有关人员", "6"), ("社会生产服务和生活服务人员", "4")]
TRADES = ["电焊工", "快递员", "保洁员", "瓦工"]
INCOMES = [("8000", "4"), ("5000左右", "3"), ("3千", "2"), ("12000", "5"), ("2500元", "1")]
EDUCATION = [("初中", "70"), ("小学", "80"), ("中专", "40"), ("大学专科", "30")]
WILLING = [("是", "1"), ("否", "2"), ("视情况", "3")]
REASONS = ("家乡收入低、家乡没有合适的岗位", ["1", "2"])
TRAINING = ("电工、焊工等工业技能、烹饪、面点", ["1", "3"])
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉梅红霞志强"


@dataclass
class Person:
    cells: dict[str, Any]
    """The ledger's words: header key -> what the clerk typed."""
    record: dict[str, Any]
    """What the import must make of them."""


@dataclass
class Ledger:
    path: Path
    header_row: int
    first_row: int
    """Row number of the first person."""
    expected: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Row -> the record it must become (rows with a planted defect left out)."""
    key: dict[int, set[tuple[str, str]]] = field(default_factory=dict)
    """Row -> {(header, problem code)}: the defects planted."""
    passed_over: dict[int, str] = field(default_factory=dict)
    """Row -> why it is no person (ledger.total_row, ledger.footer_row)."""


def people(count: int, seed: int) -> list[Person]:
    rng = random.Random(seed)
    names: set[str] = set()
    found = []
    for i in range(count):
        name = ""
        while not name or name in names:
            name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
        names.add(name)
        male = i % 2 == 0
        birth = dt.date(rng.randint(1972, 2002), rng.randint(1, 12), rng.randint(1, 28))
        id_number = make_id_number("341524", birth, 100 + 2 * i + (1 if male else 0))
        village, village_code = VILLAGES[i % len(VILLAGES)]
        place, scope, scope_code, province, city = PLACES[i % len(PLACES)]
        industry, industry_code = INDUSTRIES[i % len(INDUSTRIES)]
        occupation, occupation_code = OCCUPATIONS[i % len(OCCUPATIONS)]
        income, band = INCOMES[i % len(INCOMES)]
        education, education_code = EDUCATION[i % len(EDUCATION)]
        willing, willing_code = WILLING[i % len(WILLING)]
        trains = i % 4 == 1
        phone = f"139{rng.randint(0, 99_999_999):08d}"
        cells = {
            "姓名": name, "性别": "男" if male else "女", "身份证号码": id_number,
            "出生年月": dt.datetime(birth.year, birth.month, 1), "民族": "汉族", "联系电话": phone,
            "村": village, "文化程度": education, "就业状态": "外出务工", "外出范围": scope,
            "务工地点": place, "行业": industry, "职业": occupation, "工种": TRADES[i % 4],
            "月收入": income, "外出年限": f"{1 + i % 5}年", "住房": "租房" if i % 2 else "单位宿舍",
            "返乡意愿": willing, "返乡时间": "一年内" if willing_code != "2" else "",
            "返乡后打算": "务农" if willing_code != "2" else "",
            "不愿返乡原因": REASONS[0] if willing_code == "2" else "", "持证情况": "无",
            "培训意愿": "是" if trains else "否", "希望参加的培训": TRAINING[0] if trains else "",
            "创业意向": "否",
        }  # fmt: skip
        record = {
            "full_name": name, "id_number": id_number, "sex": "1" if male else "2",
            "birth_date": birth.isoformat(), "ethnicity": "01", "phone": phone,
            "township": TOWNSHIP[1], "village": village_code, "education": education_code,
            "employment_status": "1", "migration_range": scope_code, "work_province": province,
            "work_city": city, "work_address": place, "industry": industry_code,
            "occupation": occupation_code, "trade": TRADES[i % 4], "monthly_income": band,
            "years_away": 1 + i % 5, "housing": "2" if i % 2 else "1",
            "return_willing": willing_code, "certificates": ["none"],
            "training_wish": "yes" if trains else "no", "business_wish": "no",
            "survey_date": SURVEY_DAY, "surveyor": SURVEYOR,
        }  # fmt: skip
        if willing_code == "2":
            record["no_return_reasons"] = REASONS[1]
        else:
            record |= {"return_timing": "2", "return_plan": "3"}
        if trains:
            record["training_kinds"] = TRAINING[1]
        found.append(Person(cells, record))
    return found


def _bad_checksum(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


# --- 梅山镇's 60-person ledger ----------------------------------------------------------------

TOWNSHIP_COLUMNS = [  # header in the ledger -> key of Person.cells
    ("序号", None), ("姓名", "姓名"), ("性别", "性别"), ("身份证号码", "身份证号码"),
    ("民族", "民族"), ("联系电话", "联系电话"), ("村（社区）", "村"), ("文化程度", "文化程度"),
    ("就业状态", "就业状态"), ("外出范围", "外出范围"), ("外出务工地点", "务工地点"),
    ("从事行业", "行业"), ("职业", "职业"), ("工种", "工种"), ("月收入", "月收入"),
    ("外出年限", "外出年限"), ("住房情况", "住房"), ("是否有返乡意愿", "返乡意愿"),
    ("返乡时间", "返乡时间"), ("返乡后打算", "返乡后打算"), ("不愿返乡原因", "不愿返乡原因"),
    ("持证情况", "持证情况"), ("培训意愿", "培训意愿"), ("希望参加的培训", "希望参加的培训"),
    ("创业意向", "创业意向"), ("调查日期", None), ("调查人", None), ("备注", None),
]  # fmt: skip


def township_ledger(folder: Path) -> Ledger:
    """梅山镇外出务工人员台账.xlsx, sheet 梅山镇: title on row 1, headers on row 2."""
    crowd = people(60, seed=17)
    ledger = Ledger(folder / "梅山镇外出务工人员台账.xlsx", header_row=2, first_row=3)
    headers = [h for h, _ in TOWNSHIP_COLUMNS]
    the_id, sex, phone, income = "身份证号码", "性别", "联系电话", "月收入"
    plant = {  # row index -> (header, code, how the cells are spoiled)
        4: (the_id, "id.checksum", lambda c: c | {the_id: _bad_checksum(c[the_id])}),
        # the same ID number as the 4th person's (both women)
        9: (the_id, "ledger.id_repeated", lambda c: c | {the_id: crowd[3].cells[the_id]}),
        15: (sex, "ledger.derived_mismatch", lambda c: c | {sex: "女" if c[sex] == "男" else "男"}),
        22: (phone, "mobile.invalid", lambda c: c | {phone: c[phone][:10]}),
        # Excel's number: 15 digits kept, the rest lost
        31: (the_id, "ledger.id_rounded", lambda c: c | {the_id: float(c[the_id][:17] + "0")}),
        40: (income, "value.not_a_choice", lambda c: c | {income: "面议"}),
    }  # fmt: skip
    rows = []
    for i, person in enumerate(crowd):
        cells = person.cells
        number = ledger.first_row + i
        if i in plant:
            header, code, spoil = plant[i]
            cells = spoil(cells)
            ledger.key[number] = {(header, code)}
        else:
            ledger.expected[number] = person.record
        if i == 7:  # an ID number typed with spaces and full-width digits
            wide = str.maketrans("0123456789", "０１２３４５６７８９")
            n = cells["身份证号码"]
            cells = cells | {"身份证号码": f"{n[:6]} {n[6:14]} {n[14:]}".translate(wide)}
        row = [i + 1] + [cells[k] if k else None for _, k in TOWNSHIP_COLUMNS[1:]]
        row[-3:] = ["2026.11.2", SURVEYOR, None]
        rows.append(row)
    total = ledger.first_row + len(crowd)
    ledger.passed_over = {total: "ledger.total_row", total + 2: "ledger.footer_row"}
    book = Workbook()
    sheet = book.active
    sheet.title = TOWNSHIP[0]
    sheet.append([f"{TOWNSHIP[0]}外出务工人员台账（2026年）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    sheet.append(["合计", f"{len(crowd)}人"])
    sheet.append([])
    sheet.append(
        ["填表人：李明", None, None, "审核人：王芳", None, None, "填表日期：2026年11月5日"]
    )
    book.save(ledger.path)
    return ledger


# --- a 30-person 花名册 by household --------------------------------------------------------

ROSTER_GROUPS = [  # (group title over its columns, [(field title, key of Person.cells)])
    (None, [("序号", None), ("户主姓名", "户主")]),
    ("家庭成员信息", [("姓名", "姓名"), ("与户主关系", "关系"), ("性别", "性别"),
                     ("出生年月", "出生年月"), ("身份证号", "身份证号码"), ("民族", "民族"),
                     ("文化程度", "文化程度"), ("联系电话", "联系电话"), ("所在村", "村")]),
    ("务工情况", [("就业状态", "就业状态"), ("外出范围", "外出范围"), ("务工地点", "务工地点"),
                 ("所在行业", "行业"), ("职业", "职业"), ("从事工种", "工种"), ("月收入", "月收入"),
                 ("外出年限", "外出年限"), ("务工地住房", "住房")]),
    ("返乡及培训意愿", [("是否愿意返乡", "返乡意愿"), ("返乡时间", "返乡时间"),
                       ("返乡后打算", "返乡后打算"), ("不愿返乡的原因", "不愿返乡原因"),
                       ("持证情况", "持证情况"), ("是否愿意参加培训", "培训意愿"),
                       ("希望参加的培训", "希望参加的培训"), ("创业意向", "创业意向")]),
]  # fmt: skip
INSTRUCTIONS = [
    ["填表说明"],
    ["1. 户主姓名：填写户主本人姓名；家庭成员每人一行"],
    ["2. 身份证号：18位，末位X大写，请设为文本格式"],
    ["3. 出生年月：如1990年5月"],
    ["4. 希望参加的培训可填多项，用顿号隔开"],
]


def _roster_people() -> tuple[list[Person], dict[int, set[tuple[str, str]]]]:
    """30 people in 20 households: 10 are a head's spouse or child; three defects."""
    crowd = people(30, seed=29)
    for i, person in enumerate(crowd):
        head = crowd[i - 1] if i % 3 == 2 else person
        relation = "本人" if head is person else ("配偶" if i % 2 else "子女")
        person.cells |= {"户主": head.cells["姓名"], "关系": relation}
    wrong_sex = "女" if crowd[5].cells["性别"] == "男" else "男"
    bad_id = _bad_checksum(crowd[20].record["id_number"])
    spoiled = {
        5: ("性别", "ledger.derived_mismatch", {"性别": wrong_sex}),
        12: ("出生年月", "ledger.derived_mismatch", {"出生年月": dt.datetime(1960, 1, 1)}),
        20: ("身份证号", "id.checksum", {"身份证号码": bad_id}),
    }  # fmt: skip
    key = {}
    for i, (header, code, cells) in spoiled.items():
        crowd[i].cells |= cells
        key[i] = {(header, code)}
    return crowd, key


def roster(folder: Path, kind: str) -> Ledger:
    """花名册 as .xlsx, .xls or (GBK) .csv: kind is the suffix."""
    crowd, planted = _roster_people()
    path = folder / f"花名册.{kind}"
    ledger = Ledger(path, header_row=2, first_row=3)
    top, titles, keys = [], [], []
    for group, columns in ROSTER_GROUPS:
        for j, (title, k) in enumerate(columns):
            top.append(group if group and j == 0 else (title if not group else None))
            titles.append(None if not group else title)
            keys.append(k)
    rows = [[i + 1 if k is None else p.cells[k] for k in keys] for i, p in enumerate(crowd)]
    for i, person in enumerate(crowd):
        number = ledger.first_row + i
        if i in planted:
            ledger.key[number] = planted[i]
        else:
            ledger.expected[number] = person.record | {"surveyor": SURVEYOR}
    if kind == "csv":
        _roster_csv(path, top, titles, rows)
    elif kind == "xls":
        _roster_xls(path, top, titles, rows)
    else:
        _roster_xlsx(path, top, titles, rows)
    return ledger


def _spans() -> list[tuple[int, int]]:
    """(first, last) column of each group title."""
    spans, at = [], 0
    for group, columns in ROSTER_GROUPS:
        if group:
            spans.append((at, at + len(columns) - 1))
        at += len(columns)
    return spans


def _roster_xlsx(path: Path, top, titles, rows) -> None:
    book = Workbook()
    notes = book.active
    notes.title = "填表说明"
    for line in INSTRUCTIONS:
        notes.append(line)
    sheet = book.create_sheet("花名册")
    sheet.append(top)
    sheet.append(titles)
    for row in rows:
        sheet.append(row)
    for first, last in _spans():
        sheet.merge_cells(start_row=1, start_column=first + 1, end_row=1, end_column=last + 1)
    for col in (1, 2):  # 序号 and 户主姓名 merged down over both header rows
        sheet.merge_cells(start_row=1, start_column=col, end_row=2, end_column=col)
    birth = titles.index("出生年月") + 1
    for (cell,) in sheet.iter_rows(min_row=3, min_col=birth, max_col=birth):
        cell.number_format = "yyyy年m月"
    book.save(path)


def _roster_xls(path: Path, top, titles, rows) -> None:
    book = xlwt.Workbook(encoding="utf-8")
    notes = book.add_sheet("填表说明")
    for r, line in enumerate(INSTRUCTIONS):
        notes.write(r, 0, line[0])
    sheet = book.add_sheet("花名册")
    month = xlwt.easyxf(num_format_str="yyyy年m月")
    for first, last in _spans():
        sheet.write_merge(0, 0, first, last, top[first])
    for col in (0, 1):
        sheet.write_merge(0, 1, col, col, top[col])
    for c, title in enumerate(titles):
        if title:
            sheet.write(1, c, title)
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, month)
            elif value not in (None, ""):
                sheet.write(r, c, value)
    book.save(str(path))


def _roster_csv(path: Path, top, titles, rows) -> None:
    """As Excel saves a sheet as CSV on a Chinese Windows: GBK, dates as 1990/5/1."""

    def text(value: Any) -> str:
        if isinstance(value, dt.datetime):
            return f"{value.year}/{value.month}/{value.day}"
        return "" if value is None else str(value)

    lines = [top, titles, *rows]
    body = "\r\n".join(",".join(text(v) for v in line) for line in lines) + "\r\n"
    path.write_bytes(body.encode("gbk"))
