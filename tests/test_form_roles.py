"""Roles: a form says which field plays which part, so the program finds it by meaning."""

from __future__ import annotations

import pytest
from form_md import md_form

from collector.forms import FormError
from collector.forms.keys import FormKeys
from collector.forms.roles import MissingRole, Role, roles_of

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
    with pytest.raises(FormError) as caught:
        md_form(
            tmp_path,
            """
            | survey |
            | | type | name | label | role        |
            | | text | a    | A     | person_name |
            | | text | b    | B     | person_name |
            | | text | c    | C     | favourite   |
            """,
        )
    codes = sorted((p.code, p.location.row) for p in caught.value.problems)
    assert codes == [("form.duplicate_role", 5), ("form.unknown_role", 6)]
    assert all(p.location.column == "role" for p in caught.value.problems)


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
