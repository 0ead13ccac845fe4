"""What a broken form is reported as: every problem found, each with its place in the file."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from collector.forms.model import Location
from collector.messages import Message, get_language


@dataclass(frozen=True)
class FormProblem:
    location: Location
    message: Message

    def text(self, lang: str | None = None) -> str:
        lang = lang or get_language()
        where = self.location.describe(lang)
        sep = "：" if lang != "en" else ": "
        return f"{where}{sep}{self.message.text(lang)}" if where else self.message.text(lang)

    @property
    def code(self) -> str:
        return self.message.code


@dataclass
class FormError(Exception):
    """A form that cannot be used; `problems` lists everything wrong with it at once."""

    problems: list[FormProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str | None = None) -> str:
        return "\n".join(p.text(lang) for p in self.problems)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


class ProblemCollector:
    """Gathers problems while a loader walks a file, so that all are reported together."""

    def __init__(self) -> None:
        self.problems: list[FormProblem] = []
        self.warnings: list[FormProblem] = []
        self.unusable_names: set[str] = set()
        """Names of rows already reported as broken: a reference to one is not news."""

    def add(self, location: Location, code: str, **params: Any) -> None:
        self.problems.append(FormProblem(location, Message(code, params)))

    def warn(self, location: Location, code: str, **params: Any) -> None:
        """Something the form can be used without, but that its author should hear of."""
        self.warnings.append(FormProblem(location, Message(code, params)))

    def raise_if_any(self) -> None:
        if self.problems:
            raise FormError(list(self.problems))
