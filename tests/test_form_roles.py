"""Roles: a form says which field plays which part, so the program finds it by meaning."""

from __future__ import annotations

import pandas as pd
import pytest
from form_md import md_form, md_problems
from openpyxl import load_workbook

from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.forms.export import write_xlsform
from collector.forms.keys import FormKeys
from collector.forms.roles import MissingRole, Role, roles_of
from collector.ledger.headers import guess_mapping
from collector.messages import render
from collector.reports.matching import match_candidates
from collector.reports.tables import build_report
from collector.storage.store import Store
from collector.validation import validate

ADAPTED = """
    | survey |
    | | type        | name | label | role          |
    | | text        | xm   | 姓名  | person_name   |
    | | text        | cun  | 村    | village       |
    | | select_one w | fxyy | 返乡意愿 | return_willing |
    | | text        | dh2  | 备用电话 |              |
    | choices |
    | | list_name | name | label |
    | | w | 1 | 愿意 |
"""


def test_an_adapted_form_finds_its_fields_through_roles(tmp_path):
    form = md_form(tmp_path, ADAPTED)
    roles = roles_of(form)
    assert roles.key(Role.RETURN_WILLING) == "fxyy"
    assert roles.key(Role.PERSON_NAME) == "xm"
    assert roles.key(Role.RETURN_PLAN) is None
    keys = FormKeys.of(form)
    assert (keys.name, keys.village, keys.id_number) == ("xm", "cun", None)


def test_a_missing_role_says_which_and_how_to_declare_it(tmp_path):
    form = md_form(tmp_path, ADAPTED)
    with pytest.raises(MissingRole) as caught:
        roles_of(form).require(Role.RETURN_PLAN)
    assert "return_plan" in str(caught.value) and "role" in str(caught.value)
    assert caught.value.message.text("en").startswith("The form form has no field with the role")
    assert roles_of(form).missing([Role.RETURN_PLAN, Role.VILLAGE]) == [Role.RETURN_PLAN]


def test_type_gives_id_number_and_phone_unless_a_role_says_otherwise(tmp_path):
    form = md_form(
        tmp_path,
        """
        | survey |
        | | type      | name  | label | role  |
        | | mobile    | home  | 家里  |       |
        | | mobile    | own   | 本人  | phone |
        | | id_number | sfz   | 身份证 |      |
        """,
    )
    assert roles_of(form).key(Role.PHONE) == "own"
    assert roles_of(form).key(Role.ID_NUMBER) == "sfz"


def test_unknown_and_doubled_roles_are_errors_naming_the_cell(tmp_path):
    problems = md_problems(
        tmp_path,
        """
        | survey |
        | | type | name | label | role        |
        | | text | a    | A     | person_name |
        | | text | b    | B     | person_name |
        | | text | c    | C     | favourite   |
        """,
    )
    codes = sorted((p.code, p.location.row) for p in problems)
    assert codes == [("form.duplicate_role", 5), ("form.unknown_role", 6)]
    assert all(p.location.column == "role" for p in problems)


def test_the_shipped_forms_declare_what_the_reports_read(survey_form, enterprise_form):
    survey = roles_of(survey_form)
    assert survey.missing([r for r in Role if r.value not in ENTERPRISE_ONLY]) == []
    assert survey.key(Role.INCOME) == "monthly_income"
    enterprise = roles_of(enterprise_form)
    assert enterprise.missing([Role(r) for r in ENTERPRISE_ONLY]) == []


ENTERPRISE_ONLY = {
    "enterprise_name",
    "posts",
    "post_name",
    "headcount",
    "skills_required",
    "education_required",
    "pay_min",
    "pay_max",
}


RENAMED = {
    "full_name": "xm",
    "id_number": "sfzh",
    "phone": "lxdh",
    "township": "xiangzhen",
    "village": "cun",
    "sex": "xb",
    "birth_date": "csrq",
    "education": "whcd",
    "employment_status": "jyzk",
    "migration_range": "wcfw",
    "work_province": "wgsf",
    "work_city": "wgcs",
    "industry": "hy",
    "occupation": "zy",
    "trade": "gz",
    "monthly_income": "ysr",
    "return_willing": "fxyy",
    "return_timing": "fxsj",
    "return_plan": "fxds",
    "wished_industry": "yxhy",
    "expected_pay": "qwxc",
    "county_enterprise": "bxqy",
    "business_wish": "cyyx",
    "business_industry": "cyhy",
    "business_capital": "cyzj",
    "needs_loan": "dkxq",
    "loan_amount": "dkje",
    "survey_date": "dcrq",
    "training_wish": "pxyy",
}


OWN_CODES = {
    "return_willing": {"1": "A", "2": "B", "3": "C"},
    "return_plan": {"1": "jy", "2": "cy", "3": "wn", "9": "qt"},
    "yes_no": {"yes": "1", "no": "0"},
}
"""The county's own choice codes; the `role` column of its choices keeps their meaning."""
CODED = {"return_willing": "return_willing", "return_plan": "return_plan"}
CODED |= {
    name: "yes_no" for name in ("county_enterprise", "training_wish", "business_wish", "needs_loan")
}


def county_answers(record: dict) -> dict:
    """A record of the shipped survey as the county's copy holds it."""
    return {
        RENAMED.get(k, k): OWN_CODES[CODED[k]].get(v, v) if k in CODED else v
        for k, v in record.items()
    }


def county_copy(survey_form, tmp_path, without: str = ""):
    """The shipped survey as a county adapts it in Excel: its own id, fields renamed (the
    roles declared stay with them), its own choice codes, a section of its own added;
    `without` a role."""
    path = tmp_path / "county.xlsx"
    write_xlsform(survey_form, path)
    book = load_workbook(path)
    sheet = book["survey"]
    headers = [c.value for c in sheet[1]]
    columns = [i for i, h in enumerate(headers) if h not in ("type", "name") and h]
    name_column = headers.index("name")
    for row in sheet.iter_rows(min_row=2):
        name = row[name_column].value
        if name in RENAMED:
            row[name_column].value = RENAMED[name]
        for i in columns:
            cell = row[i]
            if headers[i] == "bind::collector:role" and cell.value == without:
                cell.value = None
            if isinstance(cell.value, str):
                for old, new in RENAMED.items():
                    cell.value = cell.value.replace("${" + old + "}", "${" + new + "}")
                for field, codes in CODED.items():  # the county's expressions, its codes
                    for code, own in OWN_CODES[codes].items():
                        for op in ("=", "!="):
                            written = f"${{{RENAMED[field]}}} {op} '"
                            cell.value = cell.value.replace(written + code, written + own)
    sheet.append(["begin_group", "hujia"])
    sheet.append(["integer", "family_size"])
    sheet.append(["end_group"])
    choices = book["choices"]
    for row in choices.iter_rows(min_row=2):
        codes = OWN_CODES.get(row[0].value)
        if codes:
            row[1].value = codes[row[1].value]
    settings = book["settings"]
    settings.cell(2, [c.value for c in settings[1]].index("form_id") + 1).value = "jinzhai_2026"
    book.save(path)
    return load_form(path)


def test_a_county_adapted_form_gives_the_same_report_figures(survey_form, tmp_path):
    adapted = county_copy(survey_form, tmp_path)
    assert {f.name for f in adapted.walk()}.isdisjoint(RENAMED)
    records = SurveyRecords(survey_form, seed=21).take(120)
    for r in records[:12]:
        r.update(business_wish="yes", business_industry="H", business_capital=20)
        r.update(needs_loan="yes" if len(r["full_name"]) % 2 else "no", loan_amount=10)
        if r["needs_loan"] == "no":
            del r["loan_amount"]
    renamed = [county_answers(r) for r in records]
    assert [validate(survey_form, r) for r in records] == [[]] * 120
    # The same answers are as valid under the county's names and codes.
    assert [validate(adapted, r) for r in renamed] == [[]] * 120
    store = Store.create(tmp_path / "store", "report-pass")
    try:
        store.save_all(survey_form, records, author="test")
        store.save_all(adapted, renamed, author="test")
        # Drafts: every record counts here, the figures are what is compared.
        shipped = build_report(store, survey_form, everyone=True)
        county = build_report(store, adapted, everyone=True)
    finally:
        store.close()
    assert county.missing == [] and county.people == shipped.people == 120
    assert [t.code for t in county.tables] == [t.code for t in shipped.tables]
    for ours, theirs in zip(shipped.tables, county.tables, strict=True):
        pd.testing.assert_frame_equal(ours.frame, theirs.frame)
    business = dict(shipped.tables[-2].frame.itertuples(index=False))
    assert business[render("report.business_people")] > 0  # codes were counted, not all 0


def test_matching_finds_the_same_people_on_the_county_form(survey_form, enterprise_form, tmp_path):
    adapted = county_copy(survey_form, tmp_path)
    records = SurveyRecords(survey_form, seed=5).take(200)
    for r in records[:60]:  # people a post can take: willing, for a job, welders
        r.update(return_willing="1", return_plan="1", county_enterprise="yes", occupation="6")
        r.update(expected_pay=4000, education="70")
    post = {"post_name": "电焊工", "occupation": "6", "headcount": 5, "education_required": "00"}
    post |= {"pay_min": 4500, "pay_max": 7000}
    enterprise = {"enterprise_name": "宏达机械", "industry": "C", "township": "341524100"}
    enterprise |= {"contact_phone": "13905641234", "posts": [post], "survey_date": "2026-11-01"}
    enterprise |= {"credit_code": "91341524MA2N0X1234", "surveyor": "李明"}
    enterprise |= {"address": "工业园1号", "contact_person": "王经理"}
    shipped_store = Store.create(tmp_path / "shipped", "match-pass")
    county_store = Store.create(tmp_path / "county", "match-pass")
    try:
        shipped_store.save_all(survey_form, records, author="test")
        county_store.save_all(adapted, [county_answers(r) for r in records], author="test")
        for store in (shipped_store, county_store):
            store.save_all(enterprise_form, [enterprise], author="test")
        ours = match_candidates(shipped_store, survey_form, enterprise_form, per_post=100)
        theirs = match_candidates(county_store, adapted, enterprise_form, per_post=100)
    finally:
        shipped_store.close()
        county_store.close()
    assert len(ours) >= 60

    def ordered(found: pd.DataFrame) -> pd.DataFrame:
        # Records are read in id order, and ids are random: equal scores come in any order.
        return found.astype(str).sort_values(list(found.columns)).reset_index(drop=True)

    pd.testing.assert_frame_equal(ordered(ours), ordered(theirs))


def test_a_form_without_a_role_reports_what_it_can_and_says_what_is_missing(survey_form, tmp_path):
    adapted = county_copy(survey_form, tmp_path, without="return_willing")
    store = Store.create(tmp_path / "store", "report-pass")
    try:
        report = build_report(store, adapted)
    finally:
        store.close()
    assert [m.role for m in report.missing] == [Role.RETURN_WILLING]
    assert "report.return_willing" not in [t.code for t in report.tables]
    assert "report.return_plan" in [t.code for t in report.tables]
    [note] = report.notes("en")
    assert "return_willing" in note and "role column" in note


def test_a_township_ledger_maps_onto_the_county_form_through_roles(survey_form, tmp_path):
    adapted = county_copy(survey_form, tmp_path)
    headers = ["序号", "身份证号", "返乡意愿", "月工资", "务工地省份", "备注栏"]
    assert guess_mapping(adapted, headers) == {
        "序号": "",
        "身份证号": "sfzh",
        "返乡意愿": "fxyy",
        "月工资": "ysr",
        "务工地省份": "wgsf",
        "备注栏": "",
    }
