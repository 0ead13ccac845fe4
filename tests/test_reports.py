"""The county's report tables, the job matching, the workbook and PDF, and their commands."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import sys
from collections import Counter

import pytest
from conftest import FORMS
from openpyxl import load_workbook

from collector.cli import main
from collector.demo_data import SurveyRecords
from collector.reports import fonts
from collector.reports.matching import match_candidates
from collector.reports.pdf import PER_PAGE, _page, write_report_pdf
from collector.reports.tables import ReportBuilder, build_report, survey_frame
from collector.reports.workbook import write_report_xlsx
from collector.storage.store import Store

PASSWORD = "report password"
TOWNSHIP = "341524100"  # 梅山镇

ENTERPRISE = {
    "enterprise_name": "金寨县宏达机械有限公司", "credit_code": "91341524MA2N0X1234",
    "industry": "C", "township": TOWNSHIP, "address": "梅山镇工业园1号",
    "contact_person": "王经理", "contact_phone": "13905641234",
    "posts": [
        {"post_name": "电焊工", "occupation": "6", "headcount": 5, "skills_required": "持焊工证",
         "education_required": "00", "pay_min": 4500, "pay_max": 7000, "housing_offered": "yes"},
        {"post_name": "厨师", "occupation": "4", "headcount": 2, "education_required": "70",
         "pay_min": 4000, "pay_max": 6000, "housing_offered": "no"},
    ],
    "survey_date": "2026-11-01", "surveyor": "李明",
}  # fmt: skip


def person(generator, name, **answers):
    record = generator.record()
    record.update(full_name=name, return_willing="1", return_plan="1", county_enterprise="yes")
    record.update(answers)
    return record


@pytest.fixture(scope="module")
def people(survey_form):
    generator = SurveyRecords(survey_form, seed=11)
    other = "341524101"  # 麻埠镇
    matched = [
        person(generator, "甲", occupation="6", trade="电焊工", expected_pay=5000,
               education="70", industry="C", township=TOWNSHIP, village="341524100001"),
        person(generator, "乙", return_willing="2", occupation="6", trade="电焊工"),
        person(generator, "丙", return_willing="3", occupation="4", trade="厨师",
               expected_pay=9000, education="70"),
        person(generator, "丁", occupation="4", trade="厨师", expected_pay=4000, education="90"),
        person(generator, "戊", occupation="2", trade="电焊工", expected_pay=4000,
               education="61", county_enterprise="no"),
        person(generator, "己", occupation="3", trade="电焊工", expected_pay=4000,
               education="61", industry="E", township=other, village="341524101201"),
        person(generator, "庚", occupation="4", trade="厨师", expected_pay=4500, education="61",
               industry="E", township=other, village="341524101201"),
    ]  # fmt: skip
    others = [person(generator, f"人{i}", occupation="1", trade="保洁员") for i in range(40)]
    others[0].update(business_wish="yes", business_industry="H", business_capital=20,
                     needs_loan="yes", loan_amount=10)  # fmt: skip
    return matched + others


@pytest.fixture(scope="module")
def store(tmp_path_factory, survey_form, enterprise_form, people):
    opened = Store.create(tmp_path_factory.mktemp("reports") / "store", PASSWORD)
    opened.save_all(survey_form, people, author="test")
    opened.save_all(enterprise_form, [ENTERPRISE], author="test")
    yield opened
    opened.close()


def rows(table):
    return {r[0]: r[1] for r in table.frame.itertuples(index=False)}


def test_stock_structure_and_flow(store, survey_form, people):
    report = build_report(store, survey_form, everyone=True)
    assert report.people == len(people)
    tables = {t.code: t for t in report.tables}
    assert list(tables)[:4] == ["report.by_township", "report.by_village", "report.sex",
                                "report.age_band_table"]  # fmt: skip
    assert rows(tables["report.sex"]) == {
        {"1": "男", "2": "女"}[s]: n for s, n in sorted(Counter(p["sex"] for p in people).items())
    }
    assert tables["report.sex"].frame["占比（%）"].sum() == pytest.approx(100, abs=0.2)
    ages = Counter()
    for p in people:
        age = (dt.date(2026, 11, 2) - dt.date.fromisoformat(p["birth_date"])).days // 365.25
        ages[next(f"{lo}-{hi}岁" for lo, hi in ((16, 25), (26, 35), (36, 45), (46, 55), (56, 65))
                  if lo <= age <= hi)] += 1  # fmt: skip
    assert {k: v for k, v in rows(tables["report.age_band_table"]).items() if v} == ages
    provinces = survey_form.choice_files["china-counties.csv"].choices
    names = {c.name: c.label["zh"] for c in provinces}
    assert rows(tables["report.work_province"]) == {
        names[code]: n for code, n in Counter(p["work_province"] for p in people).items()
    }
    assert rows(tables["report.return_willing"]) == {"愿意": 45, "视情况而定": 1, "不愿意": 1}
    assert rows(tables["report.business"]) == {
        "有创业意向人数": 1, "需要创业贷款人数": 1, "计划投资合计（万元）": 20.0,
        "需要贷款合计（万元）": 10.0, "人均需要贷款（万元）": 10.0,
    }  # fmt: skip
    progress = tables["report.progress"].frame
    assert progress["合计"].sum() == len(people)
    assert set(progress["草稿"]) <= set(progress["合计"])


def test_report_of_one_township(store, survey_form, people):
    report = build_report(store, survey_form, township=TOWNSHIP, everyone=True)
    assert report.scope == "梅山镇"
    assert report.people == sum(p["township"] == TOWNSHIP for p in people)
    assert set(rows(report.tables[0])) == {"梅山镇"}


def test_returnees_matched_to_posts(store, survey_form, enterprise_form):
    found = match_candidates(store, survey_form, enterprise_form)
    got = [(r["岗位名称"], r["候选人"], r["匹配分"], r["匹配依据"]) for _, r in found.iterrows()]
    assert got == [
        ("电焊工", "甲", 6, "职业相同、工种相符、行业相符、同乡镇"),
        ("电焊工", "己", 3, "工种相符、起薪达到期望"),
        ("厨师", "庚", 4, "职业相同、工种相符"),
    ]
    assert set(found["岗位所在乡镇"]) == {"梅山镇"}
    assert list(found["户籍乡镇"]) == ["梅山镇", "麻埠镇", "麻埠镇"]


def test_workbook_and_pdf(store, survey_form, enterprise_form, tmp_path, monkeypatch):
    report = build_report(store, survey_form, everyone=True)
    matches = match_candidates(store, survey_form, enterprise_form)
    path = tmp_path / "报告.xlsx"
    write_report_xlsx(report, path, matches=matches)
    book = load_workbook(path)
    assert book.sheetnames == [t.title() for t in report.tables] + ["返乡人员与岗位匹配"]
    sheet = book["性别结构"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "金寨县外出劳动力资源统计报告（2026年下半年）"  # the survey dates' half
    assert rows[1][0].startswith(f"性别结构　全县　共 {report.people} 人")
    assert rows[3] == ("性别", "人数", "占比（%）")
    assert rows[-1] == ("合计", report.people, 100)
    assert sum(r[1] for r in rows[4:-1]) == report.people
    assert sheet["B5"].number_format == "#,##0" and sheet["C5"].number_format == "#,##0.0"
    assert sheet["A4"].font.b and sheet[f"A{len(rows)}"].font.b
    assert sheet.print_title_rows == "$4:$4" and sheet.page_setup.paperSize == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["A"].width >= 8
    progress = list(book["各村调查进度"].iter_rows(values_only=True))
    assert progress[-1][0] == "合计" and progress[-1][progress[3].index("合计")] == report.people
    cities = [r[0] for r in book["务工城市（前20）"].iter_rows(min_row=5, values_only=True)]
    assert cities[-1] == "合计" and not any("市辖区" in c for c in cities)
    builder = ReportBuilder(survey_form, survey_frame(store, survey_form))
    assert builder.place("work_city", "3101") == "上海市"  # not 上海市市辖区
    assert builder.place("work_city", "5002") == "重庆市县"
    assert builder.place("work_city", "3302") == "宁波市"
    assert len(list(book["返乡人员与岗位匹配"].iter_rows())) == len(matches) + 1
    assert _page(report, [], 1, None).texts[0].get_text() == report.heading()

    charts = sum(1 for t in report.tables if t.chart)
    pdf = tmp_path / "报告.pdf"
    assert write_report_pdf(report, pdf) == math.ceil(charts / PER_PAGE)
    assert pdf.read_bytes().startswith(b"%PDF")
    # scripts/test.sh installs fonts-noto-cjk: without it (or another Chinese font) this fails.
    assert fonts.cjk_family() is not None

    monkeypatch.setattr(fonts, "cjk_family", lambda: None)  # a PC without Chinese fonts
    assert fonts.chart_style()["font.sans-serif"] == ["DejaVu Sans"]
    report.tables = report.tables[:3]  # one page is enough to show it
    write_report_pdf(report, tmp_path / "no-font.pdf")  # boxes for characters, no error
    assert (tmp_path / "no-font.pdf").stat().st_size > 1000


FONT_OF_A_NEW_PROCESS = "from collector.reports import fonts; print(fonts.cjk_family())"


def test_a_chinese_font_installed_after_the_first_run_is_found(tmp_path):
    """The font list is the program's own and is renewed when it lacks a Chinese font."""
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path)}
    env.pop("MPLCONFIGDIR", None)

    def family() -> str:
        done = subprocess.run(
            [sys.executable, "-c", FONT_OF_A_NEW_PROCESS],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert family() != "None"
    [cache] = (tmp_path / "collector" / "matplotlib").glob("fontlist-*.json")
    # As if the first run came before fonts-noto-cjk: its list holds no Chinese font.
    listed = json.loads(cache.read_text(encoding="utf-8"))
    chinese = {f["fname"] for f in listed["ttflist"] if f["name"] in fonts.CJK_FAMILIES}
    listed["ttflist"] = [f for f in listed["ttflist"] if f["fname"] not in chinese]
    cache.write_text(json.dumps(listed), encoding="utf-8")
    assert family() in fonts.CJK_FAMILIES
    renewed = json.loads(cache.read_text(encoding="utf-8"))
    assert {f["name"] for f in renewed["ttflist"]} & set(fonts.CJK_FAMILIES)


def test_commands(store, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)
    base = ["--data-dir", str(store.data_dir), "--form", str(FORMS / "outmigrant_labour.yaml")]
    enterprise = ["--enterprise-form", str(FORMS / "enterprise_demand.yaml")]
    assert main(["report", *base, str(tmp_path / "r.pdf"), "--all-records"]) == 0
    assert main(["report", *base, str(tmp_path / "r.xlsx"), *enterprise]) == 0
    assert main(["match", *base, *enterprise, str(tmp_path / "m.csv")]) == 0
    assert main(["export", *base, str(tmp_path / "l.xlsx"), "--township", TOWNSHIP]) == 0
    said = capsys.readouterr()
    out = said.out
    assert f"已写出 3 条：{tmp_path / 'm.csv'}" in out
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert "返乡人员与岗位匹配" in load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames
    actions = [e for e in store.audit_entries() if e["action"] == "data.export"]
    assert len(actions) == 4
    assert "只统计乡镇已审核、县已验收的记录" in said.err  # why a count is low


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["report", "报告.docx"], "文件名请以 .xlsx、.pdf 结尾"),
        (["report", "报告"], "文件名请以 .xlsx、.pdf 结尾"),
        (["export", "台账.pdf"], "文件名请以 .xlsx、.csv 结尾"),
        (["export", "台账.xlsx", "--township", "999999999"], "没有代码“999999999”"),
        (["report", "报告.xlsx", "--township", "34152410"], "没有代码“34152410”"),
    ],
)
def test_an_output_the_command_cannot_make_is_refused_before_any_work(
    store, tmp_path, monkeypatch, capsys, argv, said
):
    """A tester got an Excel file named 报告.docx and an empty ledger of a township that is
    not there, each with exit 0."""
    monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)
    base = ["--data-dir", str(store.data_dir), "--form", str(FORMS / "outmigrant_labour.yaml")]
    command, name, *rest = argv
    assert main([command, *base, str(tmp_path / name), *rest]) == 2
    assert said in capsys.readouterr().err
    assert not (tmp_path / name).exists()


def test_head_counts_follow_the_workflow(tmp_path, survey_form):
    """Only approved or accepted records count, one per ID number; the switch counts all."""
    from collector.workflow import Role, Status

    opened = Store.create(tmp_path / "store", PASSWORD)
    try:
        records = SurveyRecords(survey_form, seed=5).take(6)
        records[5] = {**records[4], "phone": "13905641234"}  # one person entered twice
        ids = [opened.save(survey_form, r, author="李明").record_id for r in records]
        steps = {
            1: [(Status.SUBMITTED, Role.VILLAGE)],
            2: [(Status.SUBMITTED, Role.VILLAGE), (Status.RETURNED, Role.TOWNSHIP)],
            3: [(Status.SUBMITTED, Role.VILLAGE), (Status.APPROVED, Role.TOWNSHIP)],
            4: [(Status.SUBMITTED, Role.VILLAGE), (Status.APPROVED, Role.TOWNSHIP)],
            5: [(Status.SUBMITTED, Role.VILLAGE), (Status.APPROVED, Role.TOWNSHIP)],
        }
        steps[4].append((Status.ACCEPTED, Role.COUNTY))
        for index, moves in steps.items():
            for status, role in moves:
                opened.move(ids[index], status, role=role, actor="x", reason="不对")
        assert build_report(opened, survey_form).people == 2  # records 3 and 4
        assert build_report(opened, survey_form, everyone=True).people == 6
    finally:
        opened.close()
