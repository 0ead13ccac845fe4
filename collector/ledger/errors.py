"""What a ledger operation that cannot go on raises, and the callables that long operations
take so that the desktop program can show progress and offer a cancel button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from collector.messages import render

Progress = Callable[[int, int], None]
"""`progress(done, total)`, called now and then during a long operation."""
CancelCheck = Callable[[], bool]
"""`cancelled()`, asked now and then; True stops the operation with nothing written."""


def no_progress(done: int, total: int) -> None:
    """The default `progress`: nobody is watching."""


def never_cancelled() -> bool:
    return False


class LedgerError(Exception):
    """A ledger that cannot be read, or an operation refused; `code` names the message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params

    def text(self, lang: str | None = None) -> str:
        return render(self.code, self.params, lang)

    def __str__(self) -> str:
        return self.text()


class OperationCancelled(LedgerError):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__("ledger.cancelled")
