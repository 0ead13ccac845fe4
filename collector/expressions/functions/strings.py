"""Text: string, concat, string-length, contains, starts-with, ends-with, substr, substring,
substring-before, substring-after, translate, normalize-space, regex, digest, uuid."""

from __future__ import annotations

import base64
import functools
import hashlib
import math
import re
import secrets
import string
import uuid
from typing import Any

from ..compiled import Compiled, constant, dynamic
from ..errors import ExpressionEvalError
from ..values import NodeSet, to_number, to_string, xpath_round
from .base import CallSite, FunctionSpec, apply_pure, pure, spec, volatile

_XML_SPACE = re.compile(r"[ \t\r\n]+")
# Java's named group "(?<name>" is Python's "(?P<name>"; lookbehinds "(?<=" "(?<!" stay.
_JAVA_NAMED_GROUP = re.compile(r"\(\?<(?=[A-Za-z])")
_DIGESTS = {
    "MD5": "md5",
    "SHA-1": "sha1",
    "SHA-256": "sha256",
    "SHA-384": "sha384",
    "SHA-512": "sha512",
}
_TOKEN_CHARS = string.ascii_letters + string.digits


def _concat_part(value: object) -> str:
    if value.__class__ is NodeSet:
        return "".join(to_string(node) for node in value.values)  # type: ignore[attr-defined]
    return to_string(value)


def _concat(*values: object) -> str:
    return "".join(_concat_part(value) for value in values)


def _build_concat(site: CallSite) -> Compiled:
    if not all(arg.kind == "str" for arg in site.args):
        return apply_pure(_concat, site.args, "str")
    # Parts known to be text (substr, literals): join them without converting each.
    fns = [arg.fn for arg in site.args]
    return dynamic(lambda ctx: "".join([f(ctx) for f in fns]), "str")


def _string_length(value: object) -> int:
    return len(to_string(value))


def _build_string_length(site: CallSite) -> Compiled:
    (arg,) = site.args
    if arg.is_const:
        return constant(_string_length(arg.value))
    f = arg.fn

    def fn(ctx: Any) -> int:
        value = f(ctx)
        return len(value) if value.__class__ is str else len(to_string(value))

    return dynamic(fn, "num")


def _contains(haystack: object, needle: object) -> bool:
    return to_string(needle) in to_string(haystack)


def _starts_with(text: object, prefix: object) -> bool:
    return to_string(text).startswith(to_string(prefix))


def _ends_with(text: object, suffix: object) -> bool:
    return to_string(text).endswith(to_string(suffix))


def _as_index(value: object) -> int:
    number = to_number(value)
    if math.isnan(number):
        return 0
    if math.isinf(number):
        return 1 << 62 if number > 0 else -(1 << 62)
    return int(number)


def _substr(text: object, start: object, end: object = None) -> str:
    """ODK substr: 0-based start, exclusive end, negatives count from the end."""
    value = to_string(text)
    if end is None:
        return value[_as_index(start) :]
    return value[_as_index(start) : _as_index(end)]


def _build_substr(site: CallSite) -> Compiled:
    # substr(${id_number}, 6, 10) with literal bounds is the common shape (ID number parts):
    # slice directly instead of converting the bounds on every evaluation.
    text, *bounds = site.args
    if text.is_const or not all(b.is_const for b in bounds):
        return apply_pure(_substr, site.args, "str")
    start = _as_index(bounds[0].value)
    end = _as_index(bounds[1].value) if len(bounds) == 2 else None
    f = text.fn

    def fn(ctx: Any) -> str:
        value = f(ctx)
        return (value if value.__class__ is str else to_string(value))[start:end]

    return dynamic(fn, "str")


def _substring(text: object, start: object, length: object = None) -> str:
    """XPath 1.0 substring: 1-based, rounded positions, NaN selects nothing."""
    value = to_string(text)
    first = xpath_round(to_number(start))
    last = math.inf if length is None else first + xpath_round(to_number(length))
    if math.isnan(first) or math.isnan(last):
        return ""
    first = max(first, 1.0)
    last = min(last, len(value) + 1.0)
    if first >= last:
        return ""
    return value[int(first) - 1 : int(last) - 1]


def _substring_before(text: object, marker: object) -> str:
    value, mark = to_string(text), to_string(marker)
    index = value.find(mark)
    return value[:index] if index >= 0 else ""


def _substring_after(text: object, marker: object) -> str:
    value, mark = to_string(text), to_string(marker)
    index = value.find(mark)
    return value[index + len(mark) :] if index >= 0 else ""


def _translate(text: object, source: object, target: object) -> str:
    mapping: dict[int, int | None] = {}
    replacement = to_string(target)
    for i, ch in enumerate(to_string(source)):
        mapping.setdefault(ord(ch), ord(replacement[i]) if i < len(replacement) else None)
    return to_string(text).translate(mapping)


def _normalize_space(text: object) -> str:
    return _XML_SPACE.sub(" ", to_string(text)).strip(" ")


def _java_to_python_pattern(pattern: str) -> str:
    return _JAVA_NAMED_GROUP.sub("(?P<", pattern)


@functools.lru_cache(maxsize=256)
def _compile_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(_java_to_python_pattern(pattern))


def _regex(text: object, pattern: object) -> bool:
    try:
        compiled = _compile_pattern(to_string(pattern))
    except re.error:
        return False
    return compiled.search(to_string(text)) is not None


def _build_regex(site: CallSite) -> Compiled:
    subject, pattern = site.args
    if not pattern.is_const:
        return pure(_regex, "bool")(site)
    try:
        search = _compile_pattern(to_string(pattern.value)).search
    except re.error as error:
        raise site.error("unsupported", f"regex: {error}", site.nodes[1].pos) from None
    if subject.is_const:
        return constant(search(to_string(subject.value)) is not None)
    f = subject.fn

    def fn(ctx: Any) -> bool:
        value = f(ctx)
        return search(value if value.__class__ is str else to_string(value)) is not None

    return dynamic(fn, "bool")


def _digest(message: object, algorithm: object, encoding: object = "base64") -> str:
    name = _DIGESTS.get(to_string(algorithm).upper())
    if name is None:
        raise ExpressionEvalError(f"digest: unknown algorithm {to_string(algorithm)!r}")
    raw = hashlib.new(name, to_string(message).encode("utf-8")).digest()
    if to_string(encoding).lower() == "hex":
        return raw.hex()
    return base64.b64encode(raw).decode("ascii")


def _uuid(length: object = None) -> str:
    if length is None:
        return str(uuid.uuid4())
    size = max(_as_index(length), 0)
    return "".join(secrets.choice(_TOKEN_CHARS) for _ in range(size))


FUNCTIONS: list[FunctionSpec] = [
    spec("string", 1, 1, pure(to_string, "str")),
    spec("concat", 0, None, _build_concat),
    spec("string-length", 1, 1, _build_string_length),
    spec("contains", 2, 2, pure(_contains, "bool")),
    spec("starts-with", 2, 2, pure(_starts_with, "bool")),
    spec("ends-with", 2, 2, pure(_ends_with, "bool")),
    spec("substr", 2, 3, _build_substr),
    spec("substring", 2, 3, pure(_substring, "str")),
    spec("substring-before", 2, 2, pure(_substring_before, "str")),
    spec("substring-after", 2, 2, pure(_substring_after, "str")),
    spec("translate", 3, 3, pure(_translate, "str")),
    spec("normalize-space", 1, 1, pure(_normalize_space, "str")),
    spec("regex", 2, 2, _build_regex),
    spec("digest", 2, 3, pure(_digest, "str")),
    spec("uuid", 0, 1, volatile(_uuid, "str")),
]
