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

The per-form plan (types, choice sets, compiled expressions) is built once and cached on
the compiled form, so validating many records costs only the checks themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from collector.expressions import Expression, NodeSet, compile_expression, to_string
from collector.forms.compile import CompiledForm
from collector.forms.model import Field, FieldType, Form
from collector.messages import render
from collector.validation import domain
from collector.validation.context import FormScope, RecordContext
from collector.validation.values import BadValue, Coercer, coercer_for, display

DEFAULT_AGE_RANGE = ("16", "65")
DOLLAR_REFERENCE = re.compile(r"\$\{([^}\s]+)\}")
VOLATILE_FUNCTIONS = frozenset({"now", "today", "uuid", "random", "once", "randomize"})


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


DomainCheck = Callable[[Any, "_Run"], "tuple[str, dict] | None"]


class _ChoiceFilter:
    """The choices a cascading select allows, given the answers its filter reads.

    Compiled as the `instance('list')/root/item[filter]/name` lookup that pyxform writes,
    and remembered per combination of the answers it reads (a county has a few dozen
    townships), so filtering 232 villages costs one evaluation per township, not per record.
    """

    def __init__(self, list_name: str, text: str):
        self.expression = compile_expression(f"instance('{list_name}')/root/item[{text}]/name")
        self.inputs = tuple(dict.fromkeys(DOLLAR_REFERENCE.findall(text)))
        self.cacheable = "current()" not in text and not (
            self.expression.functions & VOLATILE_FUNCTIONS
        )
        self.cache: dict[tuple, frozenset[str]] = {}

    def allowed(self, ctx: RecordContext) -> frozenset[str]:
        if not self.cacheable:
            return self._evaluate(ctx)
        key = tuple(_hashable(ctx.value(name)) for name in self.inputs)
        allowed = self.cache.get(key)
        if allowed is None:
            allowed = self.cache[key] = self._evaluate(ctx)
        return allowed

    def _evaluate(self, ctx: RecordContext) -> frozenset[str]:
        result = self.expression.evaluate(ctx)
        values = result.values if isinstance(result, NodeSet) else [result]
        return frozenset(to_string(v) for v in values)


def _hashable(value: Any) -> Any:
    return tuple(value.values) if isinstance(value, NodeSet) else value


@dataclass
class _Check:
    """Everything needed to check one answer field, prepared once per form."""

    name: str
    field: Field
    coerce: Coercer
    relevance: tuple[tuple[str, Expression], ...]
    """(name, relevant) of the enclosing groups, outermost first, then the field's own."""
    required: Expression | None
    constraint: Expression | None
    calculation: Expression | None
    choice_names: frozenset[str] | None
    choice_filter: _ChoiceFilter | None
    domain: DomainCheck | None
    multi: bool


@dataclass
class _Level:
    """The checks of the top level or of one repeat, and the repeats directly inside it."""

    checks: list[_Check] = field(default_factory=list)
    repeats: dict[str, tuple[Field, _Level]] = field(default_factory=dict)
    repeat_relevance: dict[str, tuple[tuple[str, Expression], ...]] = field(default_factory=dict)
    known_names: frozenset[str] = frozenset()

    def known(self) -> frozenset[str]:
        return frozenset({c.name for c in self.checks} | set(self.repeats))


class _Plan:
    def __init__(self, compiled: CompiledForm):
        form = compiled.form
        self.compiled = compiled
        self.form = form
        self.scope = FormScope(
            {name: cf.repeat_path for name, cf in compiled.fields.items()},
            {
                name: [c.as_item(form.default_language) for c in cl.choices]
                for name, cl in {**form.choices, **form.choice_files}.items()
            },
            {
                f.name: {c.name: c.as_item()["label"] for c in cl.choices}
                for f in form.walk()
                if (cl := form.choice_list(f)) is not None
            },
        )
        self.calculations = [
            (
                name,
                compiled.fields[name].repeat_path,
                compiled.fields[name].expressions["calculation"],
            )
            for name in compiled.calculation_order
            if compiled.fields[name].field.type == FieldType.CALCULATE
        ]
        self.survey_date_field = form.settings.get("survey_date_field", "survey_date")
        self.top = _Level()
        self._build(form.fields, self.top, ())

    def _relevance(self, f: Field, outer: tuple) -> tuple:
        relevant = self.compiled.of(f).expressions.get("relevant")
        return (*outer, (f.name, relevant)) if relevant is not None else outer

    def _build(self, fields: list[Field], level: _Level, outer: tuple) -> None:
        for f in fields:
            relevance = self._relevance(f, outer)
            if f.type in (FieldType.REPEAT, FieldType.LOOP):
                inner = _Level()
                level.repeats[f.name] = (f, inner)
                level.repeat_relevance[f.name] = relevance
                self._build(f.children, inner, relevance)
            elif f.type == FieldType.GROUP:
                self._build(f.children, level, relevance)
            elif f.holds_answer:
                level.checks.append(self._check(f, relevance))
        level.known_names = level.known()

    def _check(self, f: Field, relevance: tuple) -> _Check:
        expressions = self.compiled.of(f).expressions
        choice_list = self.form.choice_list(f) if f.is_select else None
        names = None
        if choice_list is not None:
            names = choice_list.names() | ({"other"} if f.or_other else set())
        choice_filter = None
        if f.choice_filter and choice_list is not None:
            choice_filter = _ChoiceFilter(choice_list.name, f.choice_filter)
        calculation = expressions.get("calculation") if f.type != FieldType.CALCULATE else None
        return _Check(
            name=f.name,
            field=f,
            coerce=coercer_for(f.type),
            relevance=relevance,
            required=expressions.get("required"),
            constraint=expressions.get("constraint"),
            calculation=calculation if f.read_only else None,
            choice_names=names,
            choice_filter=choice_filter,
            domain=DOMAIN_CHECKS.get(f.type),
            multi=f.is_multi_select,
        )


class _Run:
    """The state of validating one record."""

    def __init__(self, plan: _Plan, survey_date: dt.date | None):
        self.plan = plan
        self.problems: list[Problem] = []
        self.bad: set[tuple[str, str]] = set()
        self.survey_date = survey_date

    def add(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, code, params))


def _id_number_check(value: Any, run: _Run, f: Field) -> tuple[str, dict] | None:
    try:
        facts = domain.check_id_number(value)
    except domain.IdNumberError as err:
        return err.code, {"value": value}
    low = int(f.parameters.get("age_min", DEFAULT_AGE_RANGE[0]))
    high = int(f.parameters.get("age_max", DEFAULT_AGE_RANGE[1]))
    age = facts.age_on(run.survey_date)
    if not low <= age <= high:
        return "id.age", {
            "age": age,
            "age_min": low,
            "age_max": high,
            "survey_date": run.survey_date.isoformat(),
        }
    return None


def _mobile_check(value: Any, run: _Run, f: Field) -> tuple[str, dict] | None:
    return None if domain.is_mobile(value) else ("mobile.invalid", {"value": value})


def _division_check(value: Any, run: _Run, f: Field) -> tuple[str, dict] | None:
    return None if domain.is_division_code(value) else ("division.invalid", {"value": value})


DOMAIN_CHECKS: dict[FieldType, Callable[[Any, _Run, Field], tuple[str, dict] | None]] = {
    FieldType.ID_NUMBER: _id_number_check,
    FieldType.MOBILE: _mobile_check,
    FieldType.DIVISION: _division_check,
}


def plan_for(form: Form) -> _Plan:
    compiled: CompiledForm = form.compiled
    plan = getattr(compiled, "validation_plan", None)
    if plan is None:
        plan = compiled.validation_plan = _Plan(compiled)
    return plan


def validate(
    form: Form, record: Mapping[str, Any], *, survey_date: dt.date | None = None
) -> list[Problem]:
    """Every problem of `record` against `form`, in form order; [] when it is valid."""
    plan = plan_for(form)
    run = _Run(plan, survey_date)
    root = RecordContext(plan.scope, {})
    _coerce_level(run, plan.top, record, root, "")
    if run.survey_date is None:
        stated = root.data.get(plan.survey_date_field)
        run.survey_date = stated if isinstance(stated, dt.date) else dt.date.today()
    root.today = run.survey_date
    _calculate(plan, root)
    _check_level(run, plan.top, root, "")
    return run.problems


def _coerce_level(
    run: _Run, level: _Level, record: Mapping[str, Any], ctx: RecordContext, prefix: str
) -> None:
    data = ctx.data
    for check in level.checks:
        raw = record.get(check.name)
        if raw is None or raw == "":
            continue
        try:
            value = check.coerce(raw)
        except BadValue as err:
            run.add(prefix + check.name, err.code, value=display(raw))
            run.bad.add((prefix, check.name))
            continue
        if value is not None:
            data[check.name] = value
    for name, (_, inner) in level.repeats.items():
        entries = record.get(name)
        if entries is None or entries == "":
            ctx.repeats[name] = []
            continue
        if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
            run.add(prefix + name, "value.repeat_not_list", name=name)
            continue
        for i, entry in enumerate(entries, start=1):
            child = ctx.child(name, {}, i)
            _coerce_level(run, inner, entry, child, f"{prefix}{name}[{i}].")
    known = level.known_names
    if not known.issuperset(record.keys()):
        for key in [k for k in record if k not in known]:
            run.add(prefix + str(key), "value.unknown_field", name=key)


def _calculate(plan: _Plan, root: RecordContext) -> None:
    for name, path, expression in plan.calculations:
        for ctx in root.instances(path):
            value = expression.evaluate(ctx)
            if isinstance(value, NodeSet):
                value = value.values[0] if value.values else None
            ctx.data[name] = None if value == "" else value


def _relevant(check_relevance: tuple, ctx: RecordContext, memo: dict[str, bool]) -> bool:
    for name, expression in check_relevance:
        known = memo.get(name)
        if known is None:
            known = memo[name] = expression.test(ctx)
        if not known:
            return False
    return True


def _check_level(run: _Run, level: _Level, ctx: RecordContext, prefix: str) -> None:
    memo: dict[str, bool] = {}
    data = ctx.data
    for check in level.checks:
        name = check.name
        value = data.get(name)
        if check.relevance and not _relevant(check.relevance, ctx, memo):
            if value is not None and check.field.type != FieldType.CALCULATE:
                run.add(prefix + name, "value.not_relevant", value=display(value))
            continue
        if value is None:
            if check.required is not None and (prefix, name) not in run.bad:
                ctx.set_current(None)
                if check.required.test(ctx):
                    _add_with_form_message(
                        run, prefix + name, "value.required", check.field.required_message
                    )
            continue
        _check_value(run, check, value, ctx, prefix + name)
    for name, (_, inner) in level.repeats.items():
        relevance = level.repeat_relevance[name]
        instances = ctx.repeats.get(name, [])
        if instances and relevance and not _relevant(relevance, ctx, memo):
            run.add(prefix + name, "value.not_relevant", value=f"{len(instances)}")
            continue
        for child in instances:
            _check_level(run, inner, child, f"{prefix}{name}[{child.pos}].")


def _add_with_form_message(run: _Run, path: str, code: str, message: dict[str, str], **params):
    """The form author's own message when the form has one, else the catalogue's."""
    if message:
        run.add(path, "value.form_message", message=dict(message))
    else:
        run.add(path, code, **params)


def _check_value(run: _Run, check: _Check, value: Any, ctx: RecordContext, path: str) -> None:
    if check.choice_names is not None:
        chosen = value if check.multi else (value,)
        missing = [v for v in chosen if v not in check.choice_names]
        if missing:
            run.add(path, "value.not_a_choice", value=" ".join(missing))
            return
        if check.choice_filter is not None:
            allowed = check.choice_filter.allowed(ctx)
            outside = [v for v in chosen if v not in allowed]
            if outside:
                run.add(path, "value.choice_filtered_out", value=" ".join(outside))
                return
    if check.domain is not None:
        found = check.domain(value, run, check.field)
        if found is not None:
            run.add(path, found[0], **found[1])
            return
    if check.calculation is not None:
        expected = check.calculation.evaluate(ctx)
        if (
            not isinstance(expected, NodeSet)
            and expected != ""
            and to_string(expected) != display(value)
        ):
            run.add(
                path,
                "value.calculation_mismatch",
                value=display(value),
                expected=to_string(expected),
            )
            return
    if check.constraint is not None:
        ctx.set_current(value)
        if not check.constraint.test(ctx):
            _add_with_form_message(
                run,
                path,
                "value.constraint",
                check.field.constraint_message,
                constraint=check.field.constraint,
            )
