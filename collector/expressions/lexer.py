"""Splits expression text into tokens (XPath 1.0 §3.7 plus XLSForm's ``${name}``).

Whether ``*``, ``and``, ``or``, ``div`` and ``mod`` are operators depends on the token
before them, so the lexer tracks it: after an operand they are operators, anywhere else
``*`` is a name test and the words are element names (``div div div`` reads as
child "div", operator div, child "div").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import ExpressionSyntaxError

# pyxform replaces these before it parses; positions stay valid because each is one char.
_SMART_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})

_NUMBER = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NCNAME = re.compile(r"[^\W\d][\w.\-]*")
_REF_NAME = re.compile(r"\s*((?:last-saved#)?[^\W\d][\w.\-]*)\s*\Z")
"""`${name}`, or pyxform's `${last-saved#name}`: the answer this device saved last time."""

OPERATOR_NAMES = ("and", "or", "div", "mod")
_TWO_CHAR = ("!=", "<=", ">=", "//", "..", "::")
_ONE_CHAR = "()[],@|+-=<>/.*"
# After these tokens an operand is expected, so words and * are names, not operators.
_OPERAND_EXPECTED = frozenset(
    ["@", "::", "(", "[", ",", "/", "//", "|", "+", "-", "*", "=", "!=", "<", "<=", ">", ">="]
)


@dataclass(frozen=True, slots=True)
class Token:
    """kind is one of: num, str, ref, var, name, op, eof."""

    kind: str
    text: str
    pos: int
    value: object = None


def normalize_quotes(text: str) -> str:
    return text.translate(_SMART_QUOTES)


def tokenize(text: str) -> list[Token]:
    return _Lexer(text).run()


class _Lexer:
    def __init__(self, original: str) -> None:
        self.original = original
        self.text = normalize_quotes(original)
        self.pos = 0
        self.tokens: list[Token] = []

    def error(self, kind: str, pos: int, detail: str) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(kind, pos, detail, self.original)

    def run(self) -> list[Token]:
        text = self.text
        while True:
            while self.pos < len(text) and text[self.pos].isspace():
                self.pos += 1
            if self.pos >= len(text):
                self.tokens.append(Token("eof", "", len(text)))
                return self.tokens
            self.tokens.append(self.next_token())

    def operator_expected(self) -> bool:
        if not self.tokens:
            return False
        prev = self.tokens[-1]
        if prev.kind == "op":
            return prev.text not in _OPERAND_EXPECTED and prev.text not in OPERATOR_NAMES
        return True

    def next_token(self) -> Token:
        text, pos = self.text, self.pos
        ch = text[pos]
        if ch in "'\"":
            return self.string(ch)
        number = _NUMBER.match(text, pos)
        if number:
            self.pos = number.end()
            return Token("num", number.group(), pos, float(number.group()))
        if ch == "$":
            return self.reference()
        if _NCNAME.match(text, pos):
            return self.name()
        if text.startswith(_TWO_CHAR, pos):
            self.pos += 2
            return Token("op", text[pos : pos + 2], pos)
        if ch in _ONE_CHAR:
            self.pos += 1
            if ch == "*" and not self.operator_expected():
                return Token("name", "*", pos)
            return Token("op", ch, pos)
        raise self.error("unexpected_token", pos, ch)

    def string(self, quote: str) -> Token:
        start = self.pos
        end = self.text.find(quote, start + 1)
        if end < 0:
            raise self.error("unterminated_string", start, self.original[start:])
        self.pos = end + 1
        return Token("str", self.original[start : end + 1], start, self.text[start + 1 : end])

    def reference(self) -> Token:
        text, start = self.text, self.pos
        if not text.startswith("${", start):
            name = _NCNAME.match(text, start + 1)
            self.pos = name.end() if name else start + 1
            return Token("var", text[start : self.pos], start)
        end = text.find("}", start)
        if end < 0:
            raise self.error("bad_reference", start, self.original[start:])
        match = _REF_NAME.match(text[start + 2 : end])
        if not match:
            raise self.error("bad_reference", start, self.original[start : end + 1])
        self.pos = end + 1
        return Token("ref", self.original[start : end + 1], start, match.group(1))

    def name(self) -> Token:
        text, start = self.text, self.pos
        word = _NCNAME.match(text, start).group()
        if self.operator_expected():
            for op in OPERATOR_NAMES:
                # "1and1", "1mod1": an operator glued to the next operand.
                if word == op or (word.startswith(op) and not word[len(op)].isalpha()):
                    self.pos = start + len(op)
                    return Token("op", op, start)
        end = start + len(word)
        # A prefixed name such as jr:choice-name; "a::b" is an axis, left for the parser.
        if text.startswith(":", end) and not text.startswith("::", end):
            local = _NCNAME.match(text, end + 1)
            if local:
                end = local.end()
            elif text.startswith("*", end + 1):
                end += 2
        self.pos = end
        return Token("name", text[start:end], start)
