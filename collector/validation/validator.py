"""`validate(form, record)`: every problem of a record at once, each with field, code, message.

Decisions a caller should know:
- The validator never changes the record. Answers to fields that the form's skip logic
  makes irrelevant are reported (`value.not_relevant`), not silently dropped: a ledger row
  imported from Excel with a return date for someone unwilling to return is a mistake the
  township should see. The entry screen clears such answers as the cadre types.
- `calculate` fields are recomputed from the other answers, in dependency order, before
  any check reads them; a stored value of theirs is ignored. A read-only field that has a
  calculation (sex and birth date derived from the ID number) must hold the calculated
  value, else `value.calculation_mismatch`.
- The survey date (for today() and the age check of ID numbers) is the `survey_date`
  argument, else the record's field named by the form setting `survey_date_field`
  (default `survey_date`), else today.
- Keys of the record that are no field of the form are reported (`value.unknown_field`):
  a misspelt column must not pass as an empty answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from collector.expressions import ExpressionError, NodeSet
from collector.forms.model import Form
from collector.messages import render
from collector.validation.context import RecordContext
from collector.validation.plan import Level, Plan
from collector.validation.values import BadValue, as_text, display


@dataclass(frozen=True)
class Problem:
    field: str
    """Path of the field: `phone`, or `posts[2].headcount` inside a repeat (1-based)."""
    code: str
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def message(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {"field": self.field, "code": self.code, "message": self.message(lang)}


TODAY_UNKNOWN = dt.date.min
"""Placeholder survey date while a record's answers are read; replaced before any check."""


class Reporter:
    """Collects the problems of one record, and which fields have one."""

    __slots__ = ("flagged", "problems")

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.flagged: set[str] = set()

    def __call__(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))
        self.flagged.add(path)


def plan_for(form: Form) -> Plan:
    """The form's validation plan, made on first use and kept with the compiled form."""
    compiled = form.compiled
    plan = getattr(compiled, "validation_plan", None)
    if plan is None:
        plan = compiled.validation_plan = Plan(compiled)
    return plan


def validate(
    form: Form, record: Mapping[str, Any], *, survey_date: dt.date | None = None
) -> list[Problem]:
    """Every problem of `record` against `form`, in form order; [] when it is valid."""
    plan = plan_for(form)
    report = Reporter()
    problems = report.problems

    root = RecordContext(plan.scope, {}, today=survey_date or TODAY_UNKNOWN)
    broken: set[str] = set()
    _read_level(plan.top, record, root, "", report, broken)
    if survey_date is None:
        stated = root.data.get(plan.survey_date_field)
        root.set_today(stated if stated.__class__ is dt.date else dt.date.today())
    try:
        _calculate(plan, root)
        data, memo = root.data, {}
        for run in plan.runners:
            run(data, root, "", report, broken, memo)
    except ExpressionError as err:
        # A form that loads but whose expression cannot run on this record (a digest of
        # an unknown algorithm, say): the record is not valid, and the form author must hear.
        report("", "value.expression_failed", detail=str(err))
    if len(problems) > 1:
        # Reading reports unreadable answers before the checks run; people read top down.
        ranks = plan.field_ranks
        problems.sort(key=lambda p: ranks.get(p.field.rsplit(".", 1)[-1].split("[")[0], -1))
    return problems


def _read_level(
    level: Level,
    record: Mapping[str, Any],
    ctx: RecordContext,
    prefix: str,
    report,
    broken: set[str],
) -> None:
    """Typed answers into the context; unreadable and unknown ones reported."""
    data = ctx.data
    coercers = level.coercers
    for name, raw in record.items():
        to_value = coercers.get(name)
        if to_value is None:
            if name in level.repeats:
                _read_repeat(level.repeats[name], name, raw, ctx, prefix, report, broken)
            else:
                report(prefix + str(name), "value.unknown_field", name=name)
            continue
        if raw.__class__ is str and to_value is as_text:
            # Most answers are text already: strip them here rather than in a call.
            value = raw.strip()
            if value:
                data[name] = value
            continue
        if raw is None or raw == "":
            continue
        try:
            value = to_value(raw)
        except BadValue as err:
            report(prefix + name, err.code, value=display(raw))
            broken.add(prefix + name)
            continue
        if value is not None:
            data[name] = value


def _read_repeat(level, name, entries, ctx, prefix, report, broken) -> None:
    if entries is None or entries == "":
        return
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        report(prefix + name, "value.repeat_not_list", name=name)
        return
    for i, entry in enumerate(entries, start=1):
        child = ctx.child(name, {}, i)
        _read_level(level, entry, child, f"{prefix}{name}[{i}].", report, broken)


def _calculate(plan: Plan, root: RecordContext) -> None:
    for name, path, evaluate in plan.calculations:
        for ctx in root.instances(path):
            value = evaluate(ctx)
            if isinstance(value, NodeSet):
                value = value.values[0] if value.values else None
            ctx.data[name] = None if value == "" else value
