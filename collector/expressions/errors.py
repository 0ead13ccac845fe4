"""The exceptions the expression engine raises.

    ExpressionError              anything the engine reports
    ├── ExpressionSyntaxError    the text cannot be compiled; carries kind/position/detail
    └── ExpressionEvalError      a value cannot be used the way the expression asks

The form loader maps ``ExpressionSyntaxError.kind`` to messages a form author can act
on, so the kinds are a closed set (``SYNTAX_ERROR_KINDS``).
"""

from __future__ import annotations

SYNTAX_ERROR_KINDS = frozenset(
    {
        "unexpected_token",
        "unterminated_string",
        "unexpected_end",
        "unknown_function",
        "wrong_arity",
        "unsupported",
        "bad_reference",
    }
)

_MESSAGES = {
    "unexpected_token": "unexpected {detail!r} at character {position}",
    "unterminated_string": "string starting at character {position} is not closed",
    "unexpected_end": "expression ends too early",
    "unknown_function": "unknown function {detail!r} at character {position}",
    "wrong_arity": "wrong number of arguments to {detail!r} at character {position}",
    "unsupported": "unsupported construct {detail!r} at character {position}",
    "bad_reference": "malformed field reference {detail!r} at character {position}",
}


class ExpressionError(Exception):
    """Base class of every error the expression engine raises."""


class ExpressionSyntaxError(ExpressionError):
    """The expression text cannot be compiled.

    ``position`` is a 0-based offset into ``text``; ``detail`` is the offending token
    or function name.
    """

    def __init__(self, kind: str, position: int, detail: str, text: str) -> None:
        if kind not in SYNTAX_ERROR_KINDS:
            raise ValueError(f"unknown syntax error kind {kind!r}")
        self.kind = kind
        self.position = position
        self.detail = detail
        self.text = text
        super().__init__(_MESSAGES[kind].format(detail=detail, position=position))

    def __reduce__(self) -> tuple:
        # Keeps the error picklable (e.g. across worker processes) despite the custom init.
        return (type(self), (self.kind, self.position, self.detail, self.text))


class ExpressionEvalError(ExpressionError):
    """A value cannot be used as the expression asks (rare: most mismatches give NaN or "")."""
