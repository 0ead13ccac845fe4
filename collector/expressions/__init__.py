"""The XLSForm expression engine: ODK XPath with ``${name}`` references.

Text is parsed once into a syntax tree and compiled into Python closures; nothing from a
form is ever passed to eval/exec. Evaluation follows ODK (JavaRosa, Enketo): empty
answers are "", what is not a number is NaN, comparisons with NaN are false.

    expr = compile_expression("${age} >= 16 and selected(${work}, 'farm')")
    expr.test(MappingContext({"age": 30, "work": ["farm", "shop"]}))  # True

Modules: lexer -> parser (syntax) -> compiler (+ operators, functions/, instances) ->
expression; values, compare and dates hold the semantics; context the EvalContext
protocol and MappingContext.
"""

from .context import EvalContext, MappingContext
from .errors import ExpressionError, ExpressionEvalError, ExpressionSyntaxError
from .expression import Expression, compile_expression
from .values import NodeSet, to_boolean, to_number, to_string

__all__ = [
    "EvalContext",
    "Expression",
    "ExpressionError",
    "ExpressionEvalError",
    "ExpressionSyntaxError",
    "MappingContext",
    "NodeSet",
    "compile_expression",
    "to_boolean",
    "to_number",
    "to_string",
]
