"""What an entry screen needs to know of a half-typed record, as the cadre types.

`look(form, answers)` reads the answers the way `validate` does (same plan, same context,
same compiled expressions), then says which fields and groups are relevant now, what the
calculations give (sex and birth date from the ID number, age), which answers the skip
logic has made irrelevant (the screen clears them) and the record's problems once those
are gone. `allowed_choices` gives the choices of a cascading select for the answers so far.

Only the top level of a record is looked at: the shipped forms have no repeats, and a
repeat's rows would need a screen of their own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from collector.expressions import ExpressionError, NodeSet, to_string
from collector.forms.model import FieldType, Form
from collector.validation.context import RecordContext
from collector.validation.plan import ChoiceFilter
from collector.validation.validator import (
    TODAY_UNKNOWN,
    Problem,
    Reporter,
    _read_level,
    plan_for,
    validate,
)


@dataclass
class Look:
    relevant: dict[str, bool]
    """Every field and group of the top level -> shown now (its groups' skip logic included)."""
    calculated: dict[str, str]
    """Fields with a calculation -> its result as the text an entry widget shows."""
    irrelevant_answers: list[str]
    """Answered fields the skip logic now hides: their answers are to be cleared."""
    answers: dict[str, Any]
    """The answers to keep: relevant ones, with the calculated read-only fields filled in."""
    problems: list[Problem] = field(default_factory=list)


def look(form: Form, answers: Mapping[str, Any], *, survey_date: dt.date | None = None) -> Look:
    ctx = _context(form, answers, survey_date)
    relevant = _relevance(form, ctx)
    calculated = {
        name: to_string(_single(ctx.data.get(name)))
        for name in form.compiled.calculation_order
        if name in form.compiled.fields and not form.compiled.fields[name].repeat_path
    }
    kept: dict[str, Any] = {}
    dropped: list[str] = []
    for name, value in answers.items():
        if not relevant.get(name, True):
            dropped.append(name)
        elif value not in (None, "", [], ()):
            kept[name] = value
    for name, text in calculated.items():
        f = form.compiled.fields[name].field
        if f.read_only and f.type != FieldType.CALCULATE and relevant.get(name, True):
            if text:
                kept[name] = text
            else:
                kept.pop(name, None)
    problems = validate(form, kept, survey_date=survey_date)
    return Look(relevant, calculated, dropped, kept, problems)


def allowed_choices(
    form: Form, field_name: str, answers: Mapping[str, Any], *, survey_date: dt.date | None = None
) -> list[str] | None:
    """The names a cascading select offers for these answers, in list order; None when the
    field has no choice filter (every choice of its list)."""
    f = form.compiled.fields[field_name].field
    choice_list = form.choice_list(f)
    if not f.choice_filter or choice_list is None:
        return None
    filters = _choice_filters(form)
    key = field_name
    if key not in filters:
        filters[key] = ChoiceFilter(choice_list.name, f.choice_filter)
    allowed = filters[key].allowed(_context(form, answers, survey_date))
    # The filter hands back the same set for the same inputs; its ordered list is kept
    # with it (a province's cities out of 3,000 places, at every keystroke).
    ordered = _ordered_choices(form)
    names = ordered.get((key, allowed))
    if names is None:
        names = ordered[(key, allowed)] = [c.name for c in choice_list.choices if c.name in allowed]
    return list(names)


def defaults(
    form: Form, *, today: dt.date | None = None, last_saved: Mapping[str, Any] | None = None
) -> dict[str, str]:
    """The starting answers of a new record: literal defaults and ones like today() or
    `${last-saved#village}`, read from `last_saved` (the answers of the record this device
    saved last, which the caller takes from its store)."""
    ctx = RecordContext(
        plan_for(form).scope,
        {},
        today=today or dt.date.today(),
        last_saved=None if last_saved is None else dict(last_saved).get,
    )
    found: dict[str, str] = {}
    for name, cf in form.compiled.fields.items():
        if cf.repeat_path or not cf.field.holds_answer or cf.field.type == FieldType.CALCULATE:
            continue
        if cf.literal_default:
            found[name] = cf.literal_default
        elif "default" in cf.expressions:
            value = to_string(_single(cf.expressions["default"].evaluate(ctx)))
            if value:  # nothing saved last time (yet): no default, not an empty answer
                found[name] = value
    return found


def _choice_filters(form: Form) -> dict[str, ChoiceFilter]:
    # Kept with the compiled form, like the validation plan: a filter remembers its answers.
    return _kept(form, "live_choice_filters")


def _ordered_choices(form: Form) -> dict[tuple[str, frozenset[str]], list[str]]:
    return _kept(form, "live_ordered_choices")


def _kept(form: Form, name: str) -> dict:
    found = getattr(form.compiled, name, None)
    if found is None:
        found = {}
        setattr(form.compiled, name, found)
    return found


def _context(form: Form, answers: Mapping[str, Any], survey_date: dt.date | None) -> RecordContext:
    plan = plan_for(form)
    top_level = {k: v for k, v in answers.items() if k in plan.top.coercers}
    ctx = RecordContext(plan.scope, {}, today=survey_date or TODAY_UNKNOWN)
    # Unreadable answers (letters in a number) are left out here; validate reports them.
    _read_level(plan.top, top_level, ctx, "", Reporter(), set())
    if survey_date is None:
        stated = ctx.data.get(plan.survey_date_field)
        ctx.set_today(stated if stated.__class__ is dt.date else dt.date.today())
    try:
        # Unlike validate, read-only fields are calculated too, in dependency order: they
        # are what the screen fills in (age reads the birth date read from the ID number).
        for name in form.compiled.calculation_order:
            cf = form.compiled.fields.get(name)
            if cf is not None and not cf.repeat_path:
                value = _single(cf.expressions["calculation"].evaluate(ctx))
                ctx.data[name] = None if value == "" else value
    except ExpressionError:
        pass  # validate reports a form whose expressions cannot run on this record
    return ctx


def _relevance(form: Form, ctx: RecordContext) -> dict[str, bool]:
    shown: dict[str, bool] = {}

    def visit(fields, inherited: bool) -> None:
        for f in fields:
            if f.type in (FieldType.REPEAT, FieldType.LOOP):
                continue
            expression = form.compiled.of(f).expressions.get("relevant")
            here = inherited and (expression is None or _test(expression, ctx))
            shown[f.key] = here
            if f.type == FieldType.GROUP:
                visit(f.children, here)

    visit(form.fields, True)
    return shown


def _test(expression, ctx: RecordContext) -> bool:
    try:
        return expression.test(ctx)
    except ExpressionError:
        return True


def _single(value: Any) -> Any:
    if isinstance(value, NodeSet):
        return value.values[0] if value.values else ""
    return value
