"""How a function is declared: its arity and a builder that turns compiled arguments into
a compiled call. Most functions are pure and declared with ``pure(impl)``, which folds
calls with constant arguments at compile time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..compiled import Compiled, constant, dynamic
from ..errors import ExpressionError, ExpressionSyntaxError

if TYPE_CHECKING:
    from ..syntax import Node


@dataclass(slots=True)
class CallSite:
    """What a builder gets: the compiled arguments, their syntax and a way to complain."""

    name: str
    args: list[Compiled]
    nodes: Sequence[Node]
    pos: int
    text: str
    references: set[str]
    flags: set[str]  # "uses_current" when the call reads "."

    def error(self, kind: str, detail: str | None = None, pos: int | None = None) -> Exception:
        return ExpressionSyntaxError(
            kind,
            self.pos if pos is None else pos,
            self.name if detail is None else detail,
            self.text,
        )


Builder = Callable[[CallSite], Compiled]


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    name: str
    min_args: int
    max_args: int | None  # None: any number
    build: Builder


def apply_pure(impl: Callable[..., Any], args: list[Compiled], kind: str = "any") -> Compiled:
    if all(arg.is_const for arg in args):
        try:
            return constant(impl(*[arg.value for arg in args]))
        except ExpressionError:
            pass  # leave the failure to run time, where it belongs
    fns = [arg.fn for arg in args]
    # One closure per arity: unpacking *args on every call costs more than the call.
    if len(fns) == 0:

        def fn(ctx: Any) -> Any:
            return impl()

    elif len(fns) == 1:
        (a,) = fns

        def fn(ctx: Any) -> Any:
            return impl(a(ctx))

    elif len(fns) == 2:
        a, b = fns

        def fn(ctx: Any) -> Any:
            return impl(a(ctx), b(ctx))

    elif len(fns) == 3:
        a, b, c = fns

        def fn(ctx: Any) -> Any:
            return impl(a(ctx), b(ctx), c(ctx))

    else:

        def fn(ctx: Any) -> Any:
            return impl(*[f(ctx) for f in fns])

    return dynamic(fn, kind)


def pure(impl: Callable[..., Any], kind: str = "any") -> Builder:
    return lambda site: apply_pure(impl, site.args, kind)


def volatile(impl: Callable[..., Any], kind: str = "any") -> Builder:
    """A function whose result changes between calls (random, uuid): never folded."""

    def build(site: CallSite) -> Compiled:
        fns = [arg.fn for arg in site.args]
        return dynamic(lambda ctx: impl(*[f(ctx) for f in fns]), kind)

    return build


def spec(name: str, min_args: int, max_args: int | None, build: Builder) -> FunctionSpec:
    return FunctionSpec(name, min_args, max_args, build)
