"""The per-form validation plan: what to check of each field, prepared once per form.

Validating 100,000 ledger rows must not redo per row what depends only on the form, so
each field gets a `verify` closure holding exactly the steps it needs (choice set,
cascading filter, domain check, derived value, constraint), and groups keep their own
relevance so that a whole section behind skip logic costs one evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from collector.expressions import Expression, NodeSet, compile_expression, to_string
from collector.forms.compile import CompiledForm
from collector.forms.model import Field, FieldType
from collector.forms.roles import Role, roles_of
from collector.validation import domain
from collector.validation.context import FormScope, RecordContext
from collector.validation.values import Coercer, coercer_for, display

DEFAULT_AGE_RANGE = ("16", "65")
VOLATILE_FUNCTIONS = frozenset({"now", "today", "uuid", "random", "once", "randomize"})

Report = Callable[..., None]
"""report(prefix + name, code, **params): how a step records a problem."""
Step = Callable[[Any, RecordContext, Report, str], bool]
"""step(value, ctx, report, prefix) -> False when it reported a problem (later steps skip).
`prefix` is the path of the repeat instance ("" at the top, "posts[2]."); the step knows its
field's name, so a path is only built when there is a problem to report."""


class ChoiceFilter:
    """The choices a cascading select allows, given the answers its filter reads.

    Compiled as the `instance('list')/root/item[filter]/name` lookup that pyxform writes,
    and remembered per combination of the answers it reads (a county has a few dozen
    townships), so filtering 232 villages costs one evaluation per township, not per record.
    """

    def __init__(self, list_name: str, text: str):
        self.expression = compile_expression(f"instance('{list_name}')/root/item[{text}]/name")
        self.inputs = tuple(sorted(self.expression.references))
        self.cacheable = "current()" not in text and not (
            self.expression.functions & VOLATILE_FUNCTIONS
        )
        self.cache: dict[tuple, frozenset[str]] = {}

    def allowed(self, ctx: RecordContext) -> frozenset[str]:
        if not self.cacheable:
            return self._evaluate(ctx)
        inputs = self.inputs
        if len(inputs) == 1:
            key = _hashable(ctx.value(inputs[0]))
        else:
            key = tuple([_hashable(ctx.value(name)) for name in inputs])
        allowed = self.cache.get(key)
        if allowed is None:
            allowed = self.cache[key] = self._evaluate(ctx)
        return allowed

    def _evaluate(self, ctx: RecordContext) -> frozenset[str]:
        result = self.expression.evaluate(ctx)
        values = result.values if isinstance(result, NodeSet) else [result]
        return frozenset(to_string(v) for v in values)


def _hashable(value: Any) -> Any:
    return tuple(value.values) if value.__class__ is NodeSet else value


Test = Callable[[RecordContext], bool]


@dataclass
class FieldNode:
    name: str
    field: Field
    relevant: Test | None
    required: Test | None
    verify: Step | None
    is_calculate: bool
    choices: frozenset[str] | None = None
    """Set when the whole check of an answer is to find it among these names."""
    run: Callable[..., None] | None = None
    """run(data, ctx, prefix, report, broken, memo): every check of this field, made by
    `field_runner` with everything it reads bound as locals (this runs 50 times a record)."""

    def __post_init__(self) -> None:
        self.run = field_runner(self)


Runner = Callable[..., None]
"""runner(data, ctx, prefix, report, broken, memo): checks one node of a record."""


def level_runners(nodes: list[Node]) -> list[Runner]:
    """One runner per node, so that checking a level is a plain loop of calls."""
    return [
        node.run if node.__class__ is FieldNode else _container_runner(node)  # type: ignore[misc]
        for node in nodes
    ]


def _container_runner(node: GroupNode | RepeatNode) -> Runner:
    if node.__class__ is RepeatNode:
        repeat_name, relevant, runners = node.name, node.relevant, level_runners(node.level.nodes)

        def run_repeat(data, ctx, prefix, report, broken, memo) -> None:
            instances = ctx.repeats.get(repeat_name)
            if not instances:
                return
            if relevant is not None and not relevant(ctx):
                report(prefix + repeat_name, "value.not_relevant", value=str(len(instances)))
                return
            for child in instances:
                inner, child_data, inner_memo = (
                    f"{prefix}{repeat_name}[{child.pos}].",
                    child.data,
                    {},
                )
                for run in runners:
                    run(child_data, child, inner, report, broken, inner_memo)

        return run_repeat
    relevant, runners, answers = node.relevant, level_runners(node.children), node.answer_names

    def run_group(data, ctx, prefix, report, broken, memo) -> None:
        if relevant(ctx):
            for run in runners:
                run(data, ctx, prefix, report, broken, memo)
            return
        for name in answers:
            if name in data:
                report(prefix + name, "value.not_relevant", value=display(data[name]))
            elif ctx.repeats.get(name):
                report(prefix + name, "value.not_relevant", value=str(len(ctx.repeats[name])))

    return run_group


def field_runner(node: FieldNode) -> Callable[..., None]:
    name, relevant, required, verify = node.name, node.relevant, node.required, node.verify
    key, answered, names = id(relevant), not node.is_calculate, node.choices
    always_required = node.field.required.strip() == "true()"
    required_message = node.field.required_message
    # A plain Expression.test is remembered per record here (fields share conditions);
    # a test the plan caches by its inputs is cheaper to call than to look up.
    per_record = hasattr(relevant, "__self__")

    def run(data, ctx, prefix, report, broken, memo) -> None:
        value = data.get(name)
        if value is None and required is None:
            return  # an optional question left empty: nothing to say, relevant or not
        if relevant is not None:
            if per_record:
                known = memo.get(key)
                if known is None:
                    known = memo[key] = relevant(ctx)
            else:
                known = relevant(ctx)
            if not known:
                if value is not None and answered:
                    report(prefix + name, "value.not_relevant", value=display(value))
                return
        if value is not None:
            if names is not None:
                if value not in names:
                    report(prefix + name, "value.not_a_choice", value=value)
            elif verify is not None:
                verify(value, ctx, report, prefix)
        elif required is not None and prefix + name not in broken:
            if not always_required:
                ctx.set_current(None)
                if not required(ctx):
                    return
            if required_message:
                report(prefix + name, "value.form_message", message=dict(required_message))
            else:
                report(prefix + name, "value.required")

    return run


@dataclass
class GroupNode:
    """A group with skip logic: its children are checked only when it is relevant."""

    name: str
    relevant: Test
    children: list[Node]
    answer_names: list[str]
    """Names of the answer fields inside, at this repeat level, for not-relevant reports."""


@dataclass
class RepeatNode:
    name: str
    relevant: Test | None
    level: Level


Node = FieldNode | GroupNode | RepeatNode


@dataclass
class Level:
    """The top of a record or one repeat: its nodes, and how to read its answers."""

    nodes: list[Node] = field(default_factory=list)
    coercers: dict[str, Coercer] = field(default_factory=dict)
    repeats: dict[str, Level] = field(default_factory=dict)


class Plan:
    def __init__(self, compiled: CompiledForm):
        form = compiled.form
        self.compiled = compiled
        self.scope = FormScope(
            {name: cf.repeat_path for name, cf in compiled.fields.items()},
            {
                name: [c.as_item(form.default_language) for c in cl.choices]
                for name, cl in {**form.choices, **form.choice_files}.items()
            },
            {
                f.key: {c.name: c.as_item()["label"] for c in cl.choices}
                for f in form.walk()
                if (cl := form.choice_list(f)) is not None
            },
        )
        self.calculations = [
            (name, cf.repeat_path, _cached_value(cf.expressions["calculation"], cf, compiled))
            for name in compiled.calculation_order
            if (cf := compiled.fields[name]).field.type == FieldType.CALCULATE
        ]
        self.survey_date_field = (
            form.settings.get("survey_date_field")
            or roles_of(form).key(Role.SURVEY_DATE)
            or "survey_date"
        )
        self.field_ranks = {f.key: i for i, f in enumerate(form.walk())}
        self.choice_fields = {
            name: cf.repeat_path for name, cf in compiled.fields.items() if cf.field.is_select
        }
        self.tests: dict[tuple[int, tuple[str, ...]], Test] = {}
        self.choice_steps: dict[str, tuple[Step | None, frozenset[str] | None]] = {}
        self.top = Level()
        self.top.nodes = self._nodes(form.fields, self.top, ())
        self.runners = level_runners(self.top.nodes)

    def _nodes(self, fields: list[Field], level: Level, path: tuple[str, ...]) -> list[Node]:
        nodes: list[Node] = []
        for f in fields:
            expressions = self.compiled.of(f).expressions
            relevant = self.test(expressions.get("relevant"), path)
            if f.type in (FieldType.REPEAT, FieldType.LOOP):
                inner = Level()
                inner.nodes = self._nodes(f.children, inner, (*path, f.key))
                level.repeats[f.key] = inner
                nodes.append(RepeatNode(f.key, relevant, inner))
            elif f.type == FieldType.GROUP:
                children = self._nodes(f.children, level, path)
                if relevant is None:
                    nodes.extend(children)  # a group without skip logic changes nothing
                else:
                    answers = [n.name for n in _answer_nodes(children)]
                    nodes.append(GroupNode(f.key, relevant, children, answers))
            elif f.holds_answer:
                level.coercers[f.key] = coercer_for(f.type)
                verify = self._verify(f, expressions, path)
                nodes.append(
                    FieldNode(
                        f.key,
                        f,
                        relevant,
                        self.test(expressions.get("required"), path),
                        verify,
                        f.type == FieldType.CALCULATE,
                        self.plain_choices(f, verify),
                    )
                )
        return nodes

    def test(
        self, expression: Expression | None, path: tuple[str, ...], current_is_choice=False
    ) -> Test | None:
        """The expression's boolean, remembered per combination of its inputs when they
        are all answers from a choice list (a few dozen combinations at most), as most skip
        logic is: `${willing} = '1' or ${willing} = '3'` is evaluated a handful of times
        over a whole ledger instead of once a row."""
        if expression is None:
            return None
        key = (id(expression), path, current_is_choice)
        if key not in self.tests:
            inputs = sorted(expression.references)
            cacheable = (
                inputs
                and all(
                    path[: len(self.choice_fields.get(n, ("?",)))] == self.choice_fields.get(n)
                    for n in inputs
                )
                and not expression.functions & UNCACHEABLE_FUNCTIONS
                and (current_is_choice or not expression.uses_current)
            )
            # Inputs all of this level are read straight from its answers (a C call).
            local = all(self.choice_fields.get(n) == path for n in inputs)
            self.tests[key] = (
                _cached_test(expression, tuple(inputs), expression.uses_current, local)
                if cacheable
                else expression.test
            )
        return self.tests[key]

    def _verify(
        self, f: Field, expressions: dict[str, Expression], path: tuple[str, ...]
    ) -> Step | None:
        constraint = self.test(expressions.get("constraint"), path, f.is_select)
        choice_step, _ = self._choice_step(f)
        steps = [
            step
            for step in (
                choice_step,
                _domain_step(f),
                _derived_step(f, expressions.get("calculation")),
                _constraint_step(f, constraint),
            )
            if step is not None
        ]
        if len(steps) <= 1:
            return steps[0] if steps else None

        def verify(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
            for step in steps:  # noqa: SIM110 - all() over a generator costs a frame a step
                if not step(value, ctx, report, prefix):
                    return False
            return True

        return verify

    def plain_choices(self, f: Field, verify: Step | None) -> frozenset[str] | None:
        """The choice names, when checking a field means only looking its answer up in
        them; the field's runner then does that itself, without a call."""
        step, names = self._choice_step(f)
        return names if names is not None and verify is step else None

    def _choice_step(self, f: Field) -> tuple[Step | None, frozenset[str] | None]:
        """The step checking a select's answers, and its names when it is a plain lookup."""
        key = f.key
        if key in self.choice_steps:
            return self.choice_steps[key]
        self.choice_steps[key] = found = self._make_choice_step(f)
        return found

    def _make_choice_step(self, f: Field) -> tuple[Step | None, frozenset[str] | None]:
        name = f.key
        choice_list = self.compiled.form.choice_list(f) if f.is_select else None
        if choice_list is None:
            return None, None
        names = choice_list.names() | ({"other"} if f.or_other else frozenset())
        choice_filter = ChoiceFilter(choice_list.name, f.choice_filter) if f.choice_filter else None
        multi = f.is_multi_select

        def choices(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
            chosen = value if multi else (value,)
            missing = [v for v in chosen if v not in names]
            if missing:
                report(prefix + name, "value.not_a_choice", value=" ".join(missing))
                return False
            if choice_filter is None:
                return True
            allowed = choice_filter.allowed(ctx)
            outside = [v for v in chosen if v not in allowed]
            if outside:
                report(prefix + name, "value.choice_filtered_out", value=" ".join(outside))
                return False
            return True

        if multi or choice_filter is not None:
            return choices, None

        def one_choice(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
            if value in names:
                return True
            report(prefix + name, "value.not_a_choice", value=value)
            return False

        return one_choice, names


CACHE_LIMIT = 4096
"""Input combinations remembered per condition; beyond it a condition is just evaluated."""
UNCACHEABLE_FUNCTIONS = VOLATILE_FUNCTIONS | {"position", "index", "indexed-repeat"}


def _cached_test(
    expression: Expression, inputs: tuple[str, ...], with_current: bool, local: bool
) -> Test:
    test = expression.test
    cache: dict[Any, bool] = {}

    def evaluate(key: Any, ctx: RecordContext) -> bool:
        result = cache[key] = test(ctx)
        if len(cache) > CACHE_LIMIT:
            cache.popitem()  # an unbounded mix of inputs: stop growing, keep working
        return result

    if len(inputs) == 1 and not with_current:
        (name,) = inputs

        def cached_one(ctx: RecordContext) -> bool:
            key = ctx.data.get(name) if local else ctx.value(name)
            result = cache.get(key)
            return evaluate(key, ctx) if result is None else result

        return cached_one

    def cached(ctx: RecordContext) -> bool:
        key = tuple(map(ctx.data.get if local else ctx.value, inputs))
        if with_current:
            key += (ctx.current(),)
        result = cache.get(key)
        return evaluate(key, ctx) if result is None else result

    return cached


VALUE_CACHE_LIMIT = 65536
"""Results remembered per calculation: an age from (birth date, survey date) meets a few
tens of thousands of combinations in a county's ledger."""


def _cached_value(expression: Expression, of, compiled: CompiledForm) -> Callable[..., Any]:
    """The calculation's value, remembered per combination of its inputs when they are
    all answers of its own repeat level and it calls nothing volatile: a pure function of
    those answers (the age calculation costs four format-date calls a record)."""
    inputs = tuple(sorted(expression.references))
    fields = compiled.fields
    if (
        not inputs
        or any(n not in fields or fields[n].repeat_path != of.repeat_path for n in inputs)
        or expression.uses_current
        or expression.functions & UNCACHEABLE_FUNCTIONS
    ):
        return expression.evaluate
    evaluate, cache = expression.evaluate, {}
    miss = object()

    def cached(ctx: RecordContext) -> Any:
        key = tuple(map(ctx.data.get, inputs))
        try:
            value = cache.get(key, miss)
        except TypeError:  # an answer that is a list (a multi-select): not a key
            return evaluate(ctx)
        if value is miss:
            value = evaluate(ctx)
            if len(cache) < VALUE_CACHE_LIMIT and value.__class__ is not NodeSet:
                cache[key] = value
        return value

    return cached


def _answer_nodes(nodes: list[Node]):
    """The nodes holding answers at this level: fields (not calculations) and repeats."""
    for node in nodes:
        if (isinstance(node, FieldNode) and not node.is_calculate) or isinstance(node, RepeatNode):
            yield node
        elif isinstance(node, GroupNode):
            yield from _answer_nodes(node.children)


def _form_message(report: Report, path: str, code: str, message: dict, **params: Any) -> None:
    """The form author's own message when the form has one, else the catalogue's."""
    if message:
        report(path, "value.form_message", message=dict(message))
    else:
        report(path, code, **params)


def _constraint_step(f: Field, constraint: Test | None) -> Step | None:
    if constraint is None:
        return None
    name, test, message, text = f.key, constraint, f.constraint_message, f.constraint

    set_current = RecordContext.set_current

    def check(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
        set_current(ctx, value)
        if test(ctx):
            return True
        _form_message(report, prefix + name, "value.constraint", message, constraint=text)
        return False

    return check


def _derived_step(f: Field, calculation: Expression | None) -> Step | None:
    """A read-only field with a calculation (sex from the ID number) must hold its result."""
    if calculation is None or not f.read_only or f.type == FieldType.CALCULATE:
        return None
    name, evaluate, inputs = f.key, calculation.evaluate, tuple(calculation.references)

    def check(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
        # Derived from a wrong answer (an ID number with a typo), a mismatch is no news.
        flagged = report.flagged
        if flagged and any(prefix + i in flagged for i in inputs):
            return True
        expected = evaluate(ctx)
        if expected == value or expected == "" or expected.__class__ is NodeSet:
            return True
        shown, wanted = display(value), to_string(expected)
        if wanted == shown:
            return True
        report(prefix + name, "value.calculation_mismatch", value=shown, expected=wanted)
        return False

    return check


def _domain_step(f: Field) -> Step | None:
    name = f.key
    if f.type == FieldType.ID_NUMBER:
        low = int(f.parameters.get("age_min", DEFAULT_AGE_RANGE[0]))
        high = int(f.parameters.get("age_max", DEFAULT_AGE_RANGE[1]))

        def id_number(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
            try:
                facts = domain.check_id_number(value)
            except domain.IdNumberError as err:
                report(prefix + name, err.code, value=value)
                return False
            age = facts.age_on(ctx.today)
            if low <= age <= high:
                return True
            day = ctx.today.isoformat()
            report(prefix + name, "id.age", age=age, age_min=low, age_max=high, survey_date=day)
            return False

        return id_number
    test, code = {
        FieldType.MOBILE: (domain.is_mobile, "mobile.invalid"),
        FieldType.DIVISION: (domain.is_division_code, "division.invalid"),
    }.get(f.type, (None, ""))
    if test is None:
        return None

    def check(value: Any, ctx: RecordContext, report: Report, prefix: str) -> bool:
        if test(value):
            return True
        report(prefix + name, code, value=value)
        return False

    return check
