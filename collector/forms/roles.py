"""The roles a form's fields play, so that reports and imports find them by meaning.

A county adapts the shipped survey in Excel: it renames `return_willing` to `fxyy`, adds a
section, moves a question. Reports, matching, ledger columns, duplicate checks and the
township import must keep finding "the willingness to return" without knowing the name,
so a form says which field plays which role (the `role` column of an XLSForm, the `role`
key of a text form). A part that needs a role asks `roles_of(form).key(Role.X)`; a form
without it still loads, and `require` raises `MissingRole`, whose message says which role
is missing and how to declare it.
"""

from __future__ import annotations

from enum import StrEnum

from collector.forms.model import Field, FieldType, Form
from collector.messages import Message


class Role(StrEnum):
    # The person and where they live.
    PERSON_NAME = "person_name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    SEX = "sex"
    BIRTH_DATE = "birth_date"
    EDUCATION = "education"
    TOWNSHIP = "township"
    VILLAGE = "village"
    # Work away from home.
    EMPLOYMENT_STATUS = "employment_status"
    MIGRATION_RANGE = "migration_range"
    WORK_PROVINCE = "work_province"
    WORK_CITY = "work_city"
    INDUSTRY = "industry"
    OCCUPATION = "occupation"
    TRADE = "trade"
    INCOME = "income"
    # Coming home.
    RETURN_WILLING = "return_willing"
    RETURN_TIMING = "return_timing"
    RETURN_PLAN = "return_plan"
    WISHED_INDUSTRY = "wished_industry"
    EXPECTED_PAY = "expected_pay"
    LOCAL_JOB = "local_job"
    """Whether the person would take a job at an enterprise of the county."""
    BUSINESS_WISH = "business_wish"
    BUSINESS_INDUSTRY = "business_industry"
    BUSINESS_CAPITAL = "business_capital"
    NEEDS_LOAN = "needs_loan"
    LOAN_AMOUNT = "loan_amount"
    SURVEY_DATE = "survey_date"
    SURVEYOR = "surveyor"
    # The enterprise labour-demand survey.
    ENTERPRISE_NAME = "enterprise_name"
    POSTS = "posts"
    POST_NAME = "post_name"
    HEADCOUNT = "headcount"
    SKILLS_REQUIRED = "skills_required"
    EDUCATION_REQUIRED = "education_required"
    PAY_MIN = "pay_min"
    PAY_MAX = "pay_max"


class Meaning(StrEnum):
    """What a choice means to the reports, written in the `role` column of the choices
    sheet (a county may code 返乡意愿 as A/B/C instead of 1/2/3)."""

    WILLING = "willing"
    DEPENDS = "depends"
    JOB = "job"
    YES = "yes"
    NO = "no"


SHIPPED_CODES = {Meaning.WILLING: "1", Meaning.DEPENDS: "3", Meaning.JOB: "1"}
"""The shipped survey's codes, for a list that marks no meanings (a county's copy that
kept the codes); `yes` and `no` mean themselves."""

ROLE_BY_TYPE = {FieldType.ID_NUMBER: Role.ID_NUMBER, FieldType.MOBILE: Role.PHONE}
"""Roles a field's type already says: a form without a `role` column still has these."""


class MissingRole(LookupError):
    """A report or import needs a role that the form gives to no field."""

    code = "form.missing_role"

    def __init__(self, form_id: str, role: Role):
        super().__init__(role.value)
        self.form_id, self.role = form_id, role
        self.params = {"role": role.value, "form": form_id}

    @property
    def message(self) -> Message:
        return Message(self.code, self.params)

    def __str__(self) -> str:
        return self.message.text()


class FormRoles:
    """Role -> the field that plays it, for one form."""

    def __init__(self, form: Form):
        self.form_id = form.id
        fields = list(form.walk())
        self.fields: dict[Role, Field] = {}
        for f in fields:
            role = _declared(f)
            if role is not None:
                self.fields.setdefault(role, f)
        for f in fields:  # a declared role outranks one the type implies
            role = ROLE_BY_TYPE.get(f.type)
            if role is not None:
                self.fields.setdefault(role, f)
        self.lists = {f.key: cl for f in self.fields.values() if (cl := form.choice_list(f))}

    def field(self, role: Role) -> Field | None:
        return self.fields.get(role)

    def key(self, role: Role) -> str | None:
        """The key of the role's answers in a record, or None when no field plays it."""
        f = self.fields.get(role)
        return f.key if f is not None else None

    def require(self, role: Role) -> str:
        key = self.key(role)
        if key is None:
            raise MissingRole(self.form_id, role)
        return key

    def codes(self, role: Role, *meanings: Meaning) -> frozenset[str]:
        """The codes of the role's choices that mean one of `meanings`: by the `role`
        column of its choice list, or, where the list marks none, the shipped codes."""
        f = self.fields.get(role)
        choices = self.lists.get(f.key) if f is not None else None
        if choices is None:
            return frozenset()
        if any(c.extra.get("role") for c in choices.choices):
            return frozenset(c.name for c in choices.choices if c.extra.get("role") in meanings)
        return frozenset(SHIPPED_CODES.get(m, m.value) for m in meanings)

    def missing(self, roles) -> list[Role]:
        return [r for r in roles if r not in self.fields]


def _declared(f: Field) -> Role | None:
    try:
        return Role(f.role) if f.role else None
    except ValueError:
        return None


def is_known_role(text: str) -> bool:
    return text in Role._value2member_map_


def roles_of(form: Form) -> FormRoles:
    """The form's roles, worked out once per form object."""
    found = form.__dict__.get("_roles")
    if found is None:
        found = form.__dict__["_roles"] = FormRoles(form)
    return found
