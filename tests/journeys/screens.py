"""The journeys play whole sessions at the two office screen sizes, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from collector.ui.i18n import use_language

SCREENS = ((1024, 768), (1366, 768))
TASKBAR = 40
"""Pixels a Windows taskbar takes from the screen's height."""


@pytest.fixture(
    params=[(w, h, lang) for w, h in SCREENS for lang in ("zh", "en")],
    ids=lambda p: f"{p[0]}x{p[1]}-{p[2]}",
)
def screen(request):
    """(width, height available, language); the language is set for the test's windows."""
    width, height, lang = request.param
    use_language(lang)
    yield width, height - TASKBAR, lang
    use_language("zh")


def place(qtbot, window, screen) -> None:
    """Show the window as large as the screen leaves room for, and check that it fits:
    a window whose layout needs more keeps its minimum size and runs off the screen."""
    width, height, _lang = screen
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, height)
    window.show()
    window.activateWindow()  # as the window manager does with a new window
    qtbot.waitUntil(window.isActiveWindow)
    assert window.width() <= width, f"{window.width()} px wide on a {width} px screen"
    assert window.height() <= height, f"{window.height()} px high, {height} px available"
