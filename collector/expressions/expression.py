"""``compile_expression`` and the ``Expression`` it returns."""

from __future__ import annotations

from typing import Any

from .compiled import Compiled
from .compiler import Compiler
from .parser import parse
from .values import to_boolean


class Expression:
    """A compiled XLSForm / ODK XPath expression.

    source        the text as written
    references    fields it reads: ``${name}`` and the last step of data paths
                  (not the item columns named inside ``instance(...)[...]``)
    last_saved    fields it reads as ``${last-saved#name}``
    functions     names of the functions it calls
    uses_current  whether it reads ``.`` (directly, through current() or once())
    """

    def __init__(self, source: str, compiled: Compiled, compiler: Compiler) -> None:
        self.source = source
        self.references = frozenset(compiler.references)
        self.last_saved = frozenset(compiler.last_saved)
        self.functions = frozenset(compiler.functions)
        self.uses_current = "uses_current" in compiler.flags
        fn = compiled.fn
        # The closures themselves become the methods: one Python call less per evaluation.
        self.evaluate = fn
        self.test = fn if compiled.kind == "bool" else (lambda ctx: to_boolean(fn(ctx)))

    def evaluate(self, ctx: Any) -> Any:  # replaced per instance in __init__
        """The raw value of the expression in ``ctx`` (an EvalContext)."""
        raise NotImplementedError

    def test(self, ctx: Any) -> bool:  # replaced per instance in __init__
        """XPath boolean() of the value: for relevant, constraint, required."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"


def compile_expression(text: str) -> Expression:
    """Parse and compile ``text``; raises ExpressionSyntaxError with kind and position."""
    if not isinstance(text, str):
        raise TypeError(f"expression text must be str, not {type(text).__name__}")
    compiler = Compiler(text)
    compiled = compiler.compile(parse(text))
    return Expression(text, compiled, compiler)
