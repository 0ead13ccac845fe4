"""The Qt binding itself: PySide6 6.12.0 on CPython 3.11 dropped a reference to None at
every void call and to True at every emit(), so a long session aborted the interpreter.
pyproject.toml keeps it out; this catches a binding that brings it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from ui_support import PASSWORD  # noqa: F401 - sets the offscreen platform

CALLS = 2000


class Sender(QObject):
    ping = Signal(int)


def test_widget_calls_and_emits_keep_none_and_true(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    sender = Sender()
    sender.ping.connect(lambda _n: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for n in range(CALLS):
        label.setText("x")
        sender.ping.emit(n)
    assert sys.getrefcount(None) > none_before - CALLS // 2
    assert sys.getrefcount(True) > true_before - CALLS // 2
