"""The report's tables, computed with pandas from the records in the store.

Records are read once, streaming, keeping only the answers the tables count. Head counts
follow the workflow: by default only the records the county counts (approved by the
township or accepted by the county), one per person by ID number; `everyone` counts every
record, drafts and returned ones included. Each table
is a DataFrame whose first column names the category (choice labels in the form's order,
not codes), then the number of people and their share. A table also says which chart
suits it, so that the PDF and the desktop program draw the same.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collector.forms.model import Form, pick_text
from collector.forms.roles import Meaning, MissingRole, Role, roles_of
from collector.ledger.columns import ChoiceLabels
from collector.ledger.errors import (
    CancelCheck,
    OperationCancelled,
    Progress,
    never_cancelled,
    no_progress,
)
from collector.messages import render
from collector.storage.store import RecordFilter, Store
from collector.workflow import Status

COUNTED = (
    Role.TOWNSHIP,
    Role.VILLAGE,
    Role.SEX,
    Role.BIRTH_DATE,
    Role.EDUCATION,
    Role.EMPLOYMENT_STATUS,
    Role.MIGRATION_RANGE,
    Role.WORK_PROVINCE,
    Role.WORK_CITY,
    Role.INDUSTRY,
    Role.OCCUPATION,
    Role.INCOME,
    Role.RETURN_WILLING,
    Role.RETURN_TIMING,
    Role.RETURN_PLAN,
    Role.BUSINESS_WISH,
    Role.BUSINESS_INDUSTRY,
    Role.BUSINESS_CAPITAL,
    Role.NEEDS_LOAN,
    Role.LOAN_AMOUNT,
    Role.SURVEY_DATE,
)
"""The roles whose answers the tables read: the frame's columns are named by role, so a
county's own field names (declared with their roles) count the same."""

GENERIC_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
AGE_BANDS = ((16, 25), (26, 35), (36, 45), (46, 55), (56, 65))
TOP_CITIES = 20
PROGRESS_EVERY = 1000
COUNTED_STATUSES = frozenset({Status.APPROVED.value, Status.ACCEPTED.value})


@dataclass
class Table:
    code: str
    """Its title in the catalogue (report.*)."""
    frame: pd.DataFrame
    chart: str = "bar"
    """'bar', 'pie' or '' (no chart: a table too long to draw)."""

    def title(self, lang: str | None = None) -> str:
        return render(self.code, lang=lang)


@dataclass
class Report:
    scope: str
    """The county, or the township the report is of (its name)."""
    people: int
    made: dt.datetime
    tables: list[Table] = field(default_factory=list)
    missing: list[MissingRole] = field(default_factory=list)
    """Roles the form gives no field: the tables that need them are left out, and each
    says how to declare the role."""

    def notes(self, lang: str | None = None) -> list[str]:
        return [m.message.text(lang) for m in self.missing]


def survey_frame(
    store: Store,
    form: Form,
    *,
    township: str | None = None,
    everyone: bool = False,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> pd.DataFrame:
    """One row per counted record (of the county or of one township; see the module's
    docstring for which), the counted answers as columns named by role, holding codes (None
    where the form has no field of the role)."""
    roles = roles_of(form)
    keys = [(role.value, roles.key(role)) for role in COUNTED]
    township_key = roles.key(Role.TOWNSHIP)
    total = sum(store.count_by_status(RecordFilter(form_id=form.id)).values())
    rows: list[dict[str, Any]] = []
    counts = counter(store.keys_of(form).id_number, everyone)
    for done, view in enumerate(store.iter_records(RecordFilter(form_id=form.id)), 1):
        if done % PROGRESS_EVERY == 0:
            if cancelled():
                raise OperationCancelled()
            progress(done, total)
        data = view.data
        if township and not str(data.get(township_key, "")).startswith(township):
            continue
        if not counts(view.status, data):
            continue
        rows.append({role: data.get(key) if key else None for role, key in keys})
        rows[-1]["status"] = view.status
    progress(total, total)
    return pd.DataFrame(rows, columns=[*(r.value for r in COUNTED), "status"])


class RoleLabels(ChoiceLabels):
    """Choice name -> label, per role: the labels of the field that plays it."""

    def __init__(self, form: Form, lang: str | None = None):
        by_key = ChoiceLabels(form, lang).labels
        roles = roles_of(form)
        self.labels = {role: by_key[key] for role in Role if (key := roles.key(role)) in by_key}


def counter(id_field: str | None, everyone: bool = False):
    """A test of whether a record (status, answers) counts: approved or accepted, and the
    first record of its ID number (every record with `everyone`)."""
    seen: set[str] = set()

    def counts(status: str, data: dict[str, Any]) -> bool:
        if everyone:
            return True
        if status not in COUNTED_STATUSES:
            return False
        number = str(data.get(id_field) or "") if id_field else ""
        if number in seen:
            return False
        if number:
            seen.add(number)
        return True

    return counts


def _age_band(frame: pd.DataFrame, lang: str | None) -> pd.Series:
    birth = pd.to_datetime(frame["birth_date"], errors="coerce")
    survey = pd.to_datetime(frame["survey_date"], errors="coerce").fillna(pd.Timestamp.now())
    age = (survey - birth).dt.days // 365.25
    labels = [render("report.age_band", {"low": lo, "high": hi}, lang) for lo, hi in AGE_BANDS]
    bins = [AGE_BANDS[0][0] - 0.5] + [hi + 0.5 for _, hi in AGE_BANDS]
    return pd.cut(age, bins=bins, labels=labels)


class ReportBuilder:
    def __init__(self, form: Form, frame: pd.DataFrame, lang: str | None = None):
        self.form, self.frame, self.lang = form, frame, lang
        self.roles = roles_of(form)
        self.labels = RoleLabels(form, lang)
        self.people = render("report.people", lang=lang)
        self.parents = {
            role: {c.name: c.extra.get("parent_code", "") for c in choices.choices}
            for role in COUNTED
            if (f := self.roles.field(role)) is not None
            and (choices := form.choice_list(f)) is not None
        }
        self.share = render("report.share", lang=lang)

    def field_title(self, role: Role) -> str:
        f = self.roles.field(role)
        return pick_text(f.label, self.lang) or f.name if f is not None else role.value

    def counts(self, code: str, name: Role, chart: str = "bar", top: int = 0) -> Table:
        """People per answer of the field playing `name`, in the order of its choice list."""
        values = self.frame[name.value].dropna()
        counted = values.value_counts()
        order = list(self.labels.labels.get(name, {}))
        known = [c for c in order if c in counted.index]
        counted = counted.reindex(known + [c for c in counted.index if c not in order])
        if top:
            counted = counted.sort_values(ascending=False).head(top)
        categories = [self.place(name, c) for c in counted.index]
        return self._table(code, self.field_title(name), categories, counted.values, chart)

    def place(self, name: Role, value: object) -> object:
        """A choice's label; a city named only 市辖区 or 县 (the districts of Beijing,
        Shanghai, ...) with its province before it."""
        label = self.labels.label(name, value)
        if label in GENERIC_PLACES:
            parent = self.parents.get(name, {}).get(str(value))
            return f"{self.labels.label(name, parent)}{label}" if parent else label
        return label

    def _table(self, code: str, title: str, categories, counts, chart: str) -> Table:
        frame = pd.DataFrame({title: list(categories), self.people: counts})
        total = frame[self.people].sum()
        frame[self.share] = (frame[self.people] / total * 100).round(1) if total else 0.0
        return Table(code, frame.reset_index(drop=True), chart)

    def age(self) -> Table:
        bands = _age_band(self.frame, self.lang).value_counts(sort=False)
        title = render("report.age", lang=self.lang)
        return self._table("report.age_band_table", title, bands.index, bands.values, "bar")

    def places(self) -> Table:
        """People per township and village (the stock)."""
        frame = self.frame.groupby(["township", "village"], dropna=False).size()
        table = frame.reset_index(name=self.people)
        for role in (Role.TOWNSHIP, Role.VILLAGE):
            table[role.value] = [self.labels.label(role, v) for v in table[role.value]]
        table = table.rename(
            columns={r.value: self.field_title(r) for r in (Role.TOWNSHIP, Role.VILLAGE)}
        )
        return Table("report.by_village", table, "")

    def business(self) -> Table:
        wish = self.frame["business_wish"].isin(self.roles.codes(Role.BUSINESS_WISH, Meaning.YES))
        loan = self.frame["needs_loan"].isin(self.roles.codes(Role.NEEDS_LOAN, Meaning.YES))
        capital = pd.to_numeric(self.frame["business_capital"], errors="coerce")
        amount = pd.to_numeric(self.frame["loan_amount"], errors="coerce")
        items = {
            "report.business_people": int(wish.sum()),
            "report.loan_people": int(loan.sum()),
            "report.capital_total": round(float(capital[wish].sum()), 1),
            "report.loan_total": round(float(amount[loan].sum()), 1),
            "report.loan_mean": round(float(amount[loan].mean()), 1) if loan.any() else 0.0,
        }
        frame = pd.DataFrame(
            {
                render("report.item", lang=self.lang): [render(c, lang=self.lang) for c in items],
                render("report.value", lang=self.lang): pd.Series(
                    list(items.values()), dtype=object
                ),
            }
        )
        return Table("report.business", frame, "")


def progress_table(store: Store, form: Form, township: str | None, lang: str | None) -> Table:
    """Records per village and status, and the share the county has accepted."""
    labels = RoleLabels(form, lang)
    village_field = roles_of(form).field(Role.VILLAGE)
    villages = form.choice_list(village_field) if village_field is not None else None
    parents = {c.name: c.extra.get("parent_code") for c in villages.choices} if villages else {}
    rows = []
    for village, by_status in sorted(
        store.progress_by_village(RecordFilter(form_id=form.id)).items()
    ):
        if township and not village.startswith(township):
            continue
        total = sum(by_status.values())
        accepted = by_status.get(Status.ACCEPTED.value, 0)
        rows.append(
            {
                render("report.township", lang=lang): labels.label(
                    Role.TOWNSHIP, parents.get(village)
                )
                or "-",
                render("report.village", lang=lang): labels.label(Role.VILLAGE, village) or "-",
                **{
                    render(f"status.{s.value}", lang=lang): by_status.get(s.value, 0)
                    for s in Status
                },
                render("report.total", lang=lang): total,
                render("report.accepted_share", lang=lang): round(accepted / total * 100, 1),
            }
        )
    return Table("report.progress", pd.DataFrame(rows), "")


def build_report(
    store: Store,
    form: Form,
    *,
    township: str | None = None,
    everyone: bool = False,
    lang: str | None = None,
    progress: Progress = no_progress,
    cancelled: CancelCheck = never_cancelled,
) -> Report:
    """Every table of the report, of the county or of one township; the people counted
    as the county counts them, or every record with `everyone`."""
    frame = survey_frame(
        store,
        form,
        township=township,
        everyone=everyone,
        progress=progress,
        cancelled=cancelled,
    )
    b = ReportBuilder(form, frame, lang)
    missing = set(b.roles.missing(COUNTED))

    def counted(code: str, role: Role, chart: str = "bar", top: int = 0) -> Table | None:
        return None if role in missing else b.counts(code, role, chart, top)

    def needing(*roles: Role) -> bool:
        return not missing.intersection(roles)

    tables = [
        counted("report.by_township", Role.TOWNSHIP),
        b.places() if needing(Role.TOWNSHIP, Role.VILLAGE) else None,
        counted("report.sex", Role.SEX, "pie"),
        b.age() if needing(Role.BIRTH_DATE) else None,
        counted("report.education", Role.EDUCATION),
        counted("report.employment_status", Role.EMPLOYMENT_STATUS),
        counted("report.migration_range", Role.MIGRATION_RANGE, "pie"),
        counted("report.work_province", Role.WORK_PROVINCE),
        counted("report.work_city", Role.WORK_CITY, top=TOP_CITIES),
        counted("report.industry", Role.INDUSTRY),
        counted("report.occupation", Role.OCCUPATION),
        counted("report.income", Role.INCOME),
        counted("report.return_willing", Role.RETURN_WILLING, "pie"),
        counted("report.return_timing", Role.RETURN_TIMING),
        counted("report.return_plan", Role.RETURN_PLAN),
        counted("report.business_industry", Role.BUSINESS_INDUSTRY),
        counted("report.needs_loan", Role.NEEDS_LOAN, "pie"),
        b.business()
        if needing(Role.BUSINESS_WISH, Role.NEEDS_LOAN, Role.BUSINESS_CAPITAL, Role.LOAN_AMOUNT)
        else None,
        progress_table(store, form, township, lang) if needing(Role.VILLAGE) else None,
    ]
    scope = (
        RoleLabels(form, lang).label(Role.TOWNSHIP, township)
        if township
        else render("report.county", lang=lang)
    )
    lost = [MissingRole(form.id, role) for role in COUNTED if role in missing]
    found = [t for t in tables if t is not None]
    return Report(scope, len(frame), dt.datetime.now(), found, lost)
