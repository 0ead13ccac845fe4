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
    "township",
    "village",
    "sex",
    "birth_date",
    "education",
    "employment_status",
    "migration_range",
    "work_province",
    "work_city",
    "industry",
    "occupation",
    "monthly_income",
    "return_willing",
    "return_timing",
    "return_plan",
    "business_wish",
    "business_industry",
    "business_capital",
    "needs_loan",
    "loan_amount",
    "survey_date",
)
"""Answers the tables read (the survey form's names)."""

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
    docstring for which), the counted answers as columns, holding codes."""
    total = sum(store.count_by_status(RecordFilter(form_id=form.id)).values())
    rows: list[dict[str, Any]] = []
    counts = counter(store.keys_of(form).id_number, everyone)
    for done, view in enumerate(store.iter_records(RecordFilter(form_id=form.id)), 1):
        if done % PROGRESS_EVERY == 0:
            if cancelled():
                raise OperationCancelled()
            progress(done, total)
        if township and not str(view.data.get("township", "")).startswith(township):
            continue
        if not counts(view.status, view.data):
            continue
        rows.append({name: view.data.get(name) for name in COUNTED} | {"status": view.status})
    progress(total, total)
    return pd.DataFrame(rows, columns=[*COUNTED, "status"])


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
        self.labels = ChoiceLabels(form, lang)
        self.people = render("report.people", lang=lang)
        self.parents = {
            f.name: {c.name: c.extra.get("parent_code", "") for c in choices.choices}
            for f in form.walk()
            if f.name in COUNTED and (choices := form.choice_list(f)) is not None
        }
        self.share = render("report.share", lang=lang)

    def field_title(self, name: str) -> str:
        return pick_text(self.form.field(name).label, self.lang)

    def counts(self, code: str, name: str, chart: str = "bar", top: int = 0) -> Table:
        """People per answer of `name`, in the order of its choice list."""
        values = self.frame[name].dropna()
        counted = values.value_counts()
        order = list(self.labels.labels.get(name, {}))
        known = [c for c in order if c in counted.index]
        counted = counted.reindex(known + [c for c in counted.index if c not in order])
        if top:
            counted = counted.sort_values(ascending=False).head(top)
        categories = [self.place(name, c) for c in counted.index]
        return self._table(code, self.field_title(name), categories, counted.values, chart)

    def place(self, name: str, value: object) -> object:
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
        table["township"] = [self.labels.label("township", v) for v in table["township"]]
        table["village"] = [self.labels.label("village", v) for v in table["village"]]
        table = table.rename(
            columns={
                "township": self.field_title("township"),
                "village": self.field_title("village"),
            }
        )
        return Table("report.by_village", table, "")

    def business(self) -> Table:
        wish = self.frame["business_wish"] == "yes"
        loan = self.frame["needs_loan"] == "yes"
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
    labels = ChoiceLabels(form, lang)
    villages = form.choice_list(form.field("village"))
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
                render("report.township", lang=lang): labels.label("township", parents.get(village))
                or "-",
                render("report.village", lang=lang): labels.label("village", village) or "-",
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
    tables = [
        b.counts("report.by_township", "township"),
        b.places(),
        b.counts("report.sex", "sex", "pie"),
        b.age(),
        b.counts("report.education", "education"),
        b.counts("report.employment_status", "employment_status"),
        b.counts("report.migration_range", "migration_range", "pie"),
        b.counts("report.work_province", "work_province"),
        b.counts("report.work_city", "work_city", top=TOP_CITIES),
        b.counts("report.industry", "industry"),
        b.counts("report.occupation", "occupation"),
        b.counts("report.income", "monthly_income"),
        b.counts("report.return_willing", "return_willing", "pie"),
        b.counts("report.return_timing", "return_timing"),
        b.counts("report.return_plan", "return_plan"),
        b.counts("report.business_industry", "business_industry"),
        b.counts("report.needs_loan", "needs_loan", "pie"),
        b.business(),
        progress_table(store, form, township, lang),
    ]
    scope = (
        ChoiceLabels(form, lang).label("township", township)
        if township
        else render("report.county", lang=lang)
    )
    return Report(scope, len(frame), dt.datetime.now(), tables)
