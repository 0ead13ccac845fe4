"""Turns the syntax tree into closures, once, and records what the expression reads.

Nodes compile in one of two scopes: "form" (the record being checked) or "item" (inside
``instance(...)/root/item[...]``, where bare names are the item's columns). In the form
scope a path names a field by its last step when it is absolute (``/data/g/x``) or climbs
out of the current field (``../x``, ``current()/../x``).
"""

from __future__ import annotations

from typing import Any

from .compare import COMPARISONS
from .compiled import (
    Compiled,
    constant,
    current_read,
    dynamic,
    field_read,
    last_saved_read,
    string_fn,
)
from .errors import ExpressionSyntaxError
from .functions import REGISTRY, CallSite
from .instances import IndexedPredicate, column_values, select_items
from .operators import arithmetic, comparison, logical, negate
from .syntax import Binary, Call, InstancePath, Literal, Negate, Node, Path, Ref, Step

FORM, ITEM = "form", "item"
LAST_SAVED = "last-saved#"


class Compiler:
    def __init__(self, text: str) -> None:
        self.text = text
        self.references: set[str] = set()
        self.last_saved: set[str] = set()
        self.functions: set[str] = set()
        self.flags: set[str] = set()

    def error(self, kind: str, pos: int, detail: str) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(kind, pos, detail, self.text)

    def compile(self, node: Node, scope: str = FORM) -> Compiled:
        if isinstance(node, Literal):
            return constant(node.value)
        if isinstance(node, Ref):
            saved = node.name.removeprefix(LAST_SAVED)
            if saved != node.name:
                self.last_saved.add(saved)
                return last_saved_read(saved)
            self.references.add(node.name)
            return field_read(node.name)
        if isinstance(node, Binary):
            return self.binary(node, scope)
        if isinstance(node, Negate):
            operand = self.compile(node.operand, scope)
            return _inherit(negate(operand), [operand])
        if isinstance(node, Call):
            return self.call(node, scope)
        if isinstance(node, Path):
            return self.path(node, scope)
        return self.instance_path(node, scope)

    # -- operators -------------------------------------------------------------------

    def binary(self, node: Binary, scope: str) -> Compiled:
        left = self.compile(node.left, scope)
        right = self.compile(node.right, scope)
        if node.op in ("and", "or"):
            result = logical(node.op, left, right)
        elif node.op in COMPARISONS:
            result = comparison(node.op, left, right)
        else:
            result = arithmetic(node.op, left, right)
        return _inherit(result, [left, right])

    # -- function calls --------------------------------------------------------------

    def call(self, node: Call, scope: str) -> Compiled:
        spec = REGISTRY.get(node.name)
        if spec is None:
            raise self.error("unknown_function", node.pos, node.name)
        count = len(node.args)
        if count < spec.min_args or (spec.max_args is not None and count > spec.max_args):
            raise self.error("wrong_arity", node.pos, node.name)
        self.functions.add(node.name)
        # position(..) names a node rather than a value: its builder reads the syntax.
        args = [] if node.name == "position" else [self.compile(a, scope) for a in node.args]
        site = CallSite(
            node.name, args, node.args, node.pos, self.text, self.references, self.flags
        )
        result = _inherit(spec.build(site), args)
        if node.name == "position" and scope == ITEM:
            result.item_dependent = True
        return result

    # -- paths -----------------------------------------------------------------------

    def path(self, node: Path, scope: str) -> Compiled:
        for step in node.steps:
            if step.predicates:
                raise self.error("unsupported", step.pos, f"{step.name}[...]")
        if node.base == "current":
            self.functions.add("current")
        steps = [step for step in node.steps if step.axis != "self"]
        if scope == ITEM and node.base == "context":
            return self.item_path(node, steps)
        if not steps:
            self.flags.add("uses_current")
            return current_read()
        last = steps[-1]
        if last.axis == "parent":
            raise self.error("unsupported", last.pos, "..")
        if node.base != "root" and all(step.axis == "child" for step in steps):
            # A child of the current node (a bare name like "null"): fields are leaves, so
            # there is nothing there. JavaRosa reads it as "", and it names no field.
            return constant(None)
        self.references.add(last.name)
        return field_read(last.name)

    def item_path(self, node: Path, steps: list[Step]) -> Compiled:
        if not steps:
            return Compiled(lambda scope: scope.item, item_dependent=True)
        if len(steps) > 1 or steps[0].axis != "child":
            bad = next((s for s in steps if s.axis != "child"), steps[-1])
            raise self.error("unsupported", bad.pos, bad.name)
        column = steps[0].name
        return Compiled(lambda scope: scope.item.get(column), item_dependent=True)

    def instance_path(self, node: InstancePath, scope: str) -> Compiled:
        call = node.call
        if len(call.args) != 1:
            raise self.error("wrong_arity", call.pos, call.name)
        self.functions.add("instance")
        instance_id = self.compile(call.args[0], scope)
        steps = node.steps
        _check_instance_steps(self, steps)
        predicates = [self.compile(p, ITEM) for p in steps[1].predicates]
        first = self.indexed_predicate(steps[1].predicates, predicates)
        rest = [p.fn for p in (predicates[1:] if first else predicates)]
        column = steps[2].name if len(steps) == 3 else None
        id_fn = string_fn(instance_id)

        def fn(ctx: Any) -> Any:
            return column_values(select_items(ctx, id_fn(ctx), first, rest), column)

        result = dynamic(fn, "nodeset")
        result.item_dependent = instance_id.item_dependent
        return result

    def indexed_predicate(
        self, nodes: tuple[Node, ...], predicates: list[Compiled]
    ) -> IndexedPredicate | None:
        if not nodes or _mentions_position(nodes[0]):
            return None
        node = nodes[0]
        equality = node.left if isinstance(node, Binary) and node.op == "and" else node
        if not (isinstance(equality, Binary) and equality.op == "="):
            return None
        for column_side, key_side in (
            (equality.left, equality.right),
            (equality.right, equality.left),
        ):
            column = _column_name(column_side)
            if column is None:
                continue
            key = self.compile(key_side, ITEM)
            if not key.item_dependent:
                return IndexedPredicate(column, key.fn, predicates[0].fn, equality is node)
        return None


def _inherit(result: Compiled, parts: list[Compiled]) -> Compiled:
    if not result.is_const and any(part.item_dependent for part in parts):
        result.item_dependent = True
    return result


def _column_name(node: Node) -> str | None:
    if not isinstance(node, Path) or node.base != "context":
        return None
    steps = [step for step in node.steps if step.axis != "self"]
    if len(steps) == 1 and steps[0].axis == "child" and not steps[0].predicates:
        return steps[0].name
    return None


def _mentions_position(node: Node) -> bool:
    if isinstance(node, Call):
        return node.name in ("position", "last") or any(_mentions_position(a) for a in node.args)
    if isinstance(node, Binary):
        return _mentions_position(node.left) or _mentions_position(node.right)
    if isinstance(node, Negate):
        return _mentions_position(node.operand)
    return False


def _check_instance_steps(compiler: Compiler, steps: tuple[Step, ...]) -> None:
    """Only instance('id')/root/item[...] with an optional /column is understood."""
    for i, step in enumerate(steps):
        if step.axis != "child":
            raise compiler.error("unsupported", step.pos, step.name)
        if step.predicates and i != 1:
            raise compiler.error("unsupported", step.pos, f"{step.name}[...]")
    if len(steps) not in (2, 3):
        bad = steps[-1] if len(steps) > 3 else steps[0]
        raise compiler.error("unsupported", bad.pos, "/".join(s.name for s in steps))
