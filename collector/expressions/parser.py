"""Recursive-descent parser from tokens to the syntax tree (XPath 1.0 grammar, ODK subset).

Constructs ODK forms never need (unions, axes, ``//``, attribute and wildcard steps,
node-type tests, ``$variables``, filters on arbitrary expressions) are rejected here
with kind "unsupported" so that the author learns at load time, not at run time.
"""

from __future__ import annotations

from .errors import ExpressionSyntaxError
from .lexer import Token, tokenize
from .syntax import Binary, Call, InstancePath, Literal, Negate, Node, Path, Ref, Step

_NODE_TYPES = frozenset({"node", "text", "comment", "processing-instruction"})
# Each level binds tighter than the one before it.
_BINARY_LEVELS = (
    ("or",),
    ("and",),
    ("=", "!="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "div", "mod"),
)
# Primaries that may be followed by "/step": their result is a node to navigate from.
_PATH_FUNCTIONS = frozenset({"instance", "current"})


def parse(text: str) -> Node:
    return _Parser(text).parse()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0

    # -- helpers ---------------------------------------------------------------------

    def peek(self, offset: int = 0) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def at_op(self, *texts: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.text in texts

    def expect_op(self, text: str) -> Token:
        if not self.at_op(text):
            raise self.unexpected(self.peek())
        return self.advance()

    def error(self, kind: str, pos: int, detail: str) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(kind, pos, detail, self.text)

    def unexpected(self, token: Token) -> ExpressionSyntaxError:
        if token.kind == "eof":
            return self.error("unexpected_end", token.pos, "")
        return self.error("unexpected_token", token.pos, token.text)

    # -- grammar ---------------------------------------------------------------------

    def parse(self) -> Node:
        node = self.expression()
        if self.peek().kind != "eof":
            raise self.unexpected(self.peek())
        return node

    def expression(self) -> Node:
        return self.binary(0)

    def binary(self, level: int) -> Node:
        if level == len(_BINARY_LEVELS):
            return self.unary()
        operators = _BINARY_LEVELS[level]
        left = self.binary(level + 1)
        while self.at_op(*operators):
            token = self.advance()
            right = self.binary(level + 1)
            left = Binary(token.text, left, right, token.pos)
        return left

    def unary(self) -> Node:
        if self.at_op("-"):
            token = self.advance()
            return Negate(self.unary(), token.pos)
        node = self.path_expression()
        if self.at_op("|"):
            token = self.peek()
            raise self.error("unsupported", token.pos, token.text)
        return node

    def path_expression(self) -> Node:
        token = self.peek()
        if token.kind == "op" and token.text in ("/", "//"):
            return self.absolute_path()
        if self.starts_step(token):
            return Path("context", self.relative_steps(), token.pos)
        return self.filter_expression()

    def starts_step(self, token: Token) -> bool:
        if token.kind == "op":
            return token.text in (".", "..", "@")
        if token.kind != "name":
            return False
        following = self.peek(1)
        is_call = following.kind == "op" and following.text == "("
        return not is_call or token.text in _NODE_TYPES

    def absolute_path(self) -> Node:
        token = self.advance()
        if token.text == "//":
            raise self.error("unsupported", token.pos, "//")
        if not self.starts_step(self.peek()):
            raise self.error("unsupported", token.pos, "/")
        return Path("root", self.relative_steps(), token.pos)

    def relative_steps(self) -> tuple[Step, ...]:
        steps = [self.step()]
        while self.at_op("/", "//"):
            token = self.advance()
            if token.text == "//":
                raise self.error("unsupported", token.pos, "//")
            steps.append(self.step())
        return tuple(steps)

    def step(self) -> Step:
        token = self.advance()
        if token.kind == "op" and token.text == ".":
            return Step("self", ".", (), token.pos)
        if token.kind == "op" and token.text == "..":
            return Step("parent", "..", (), token.pos)
        if token.kind == "op" and token.text == "@":
            raise self.error("unsupported", token.pos, "@")
        if token.kind != "name":
            raise self.unexpected(token)
        if token.text == "*" or token.text.endswith(":*") or token.text in _NODE_TYPES:
            following = self.peek()
            detail = token.text + ("()" if following.text == "(" else "")
            raise self.error("unsupported", token.pos, detail)
        if self.at_op("::"):
            raise self.error("unsupported", token.pos, token.text + "::")
        return Step("child", token.text, self.predicates(), token.pos)

    def predicates(self) -> tuple[Node, ...]:
        found = []
        while self.at_op("["):
            self.advance()
            found.append(self.expression())
            self.expect_op("]")
        return tuple(found)

    def filter_expression(self) -> Node:
        start = self.peek()
        node = self.primary()
        if self.at_op("["):
            raise self.error("unsupported", self.peek().pos, "[")
        if self.at_op("/", "//"):
            slash = self.advance()
            if slash.text == "//" or not (isinstance(node, Call) and node.name in _PATH_FUNCTIONS):
                raise self.error("unsupported", slash.pos, slash.text)
            steps = self.relative_steps()
            if node.name == "current":
                if node.args:
                    raise self.error("wrong_arity", node.pos, node.name)
                return Path("current", steps, start.pos)
            return InstancePath(node, steps, start.pos)
        return node

    def primary(self) -> Node:
        token = self.advance()
        if token.kind == "num":
            return Literal(token.value, token.pos)
        if token.kind == "str":
            return Literal(token.value, token.pos)
        if token.kind == "ref":
            return Ref(token.value, token.pos)
        if token.kind == "var":
            raise self.error("unsupported", token.pos, token.text)
        if token.kind == "op" and token.text == "(":
            node = self.expression()
            self.expect_op(")")
            return node
        if token.kind == "name" and self.at_op("("):
            return self.call(token)
        raise self.unexpected(token)

    def call(self, name: Token) -> Call:
        self.expect_op("(")
        args = []
        if not self.at_op(")"):
            args.append(self.expression())
            while self.at_op(","):
                self.advance()
                args.append(self.expression())
        self.expect_op(")")
        return Call(name.text, tuple(args), name.pos)
