"""A damaged store or a full disk met on the UI thread (the record list reads its pages
there, to stay smooth at 100,000 records) is said in a message box, not as a traceback on
a console nobody sees. Work off the UI thread already says it (workers.describe_error)."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QMessageBox

from collector.storage.errors import DiskFull, StoreDamaged
from collector.ui.workers import describe_error

_box: QMessageBox | None = None


def _hook(previous):
    def hook(kind, err, trace) -> None:
        if isinstance(err, StoreDamaged | DiskFull):
            show(err)
        else:
            previous(kind, err, trace)

    hook.plain_faults = True
    return hook


def install() -> None:
    """Say store faults plainly from here on (once, whatever hook is in place)."""
    if not getattr(sys.excepthook, "plain_faults", False):
        sys.excepthook = _hook(sys.excepthook)


def show(err: Exception) -> None:
    """One box at a time: a damaged page is met again by every row the list paints."""
    global _box
    if _box is not None and _box.isVisible():
        return
    _box = QMessageBox(QMessageBox.Icon.Critical, "Collector", describe_error(err))
    _box.open()
