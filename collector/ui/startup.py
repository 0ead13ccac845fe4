"""The moment the unlock window is first painted, for bench/startup.py.

With COLLECTOR_STARTUP_MARKER set, the program prints `MARKER` on stdout when the unlock
screen's first paint event arrives (the window is on screen, drawn, and takes a
password), and with the value `quit` it then quits, so a bench can time launch to window
from outside the process. Without the variable nothing is installed.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from collector.ui.unlock import UnlockPage

MARKER_ENV = "COLLECTOR_STARTUP_MARKER"
MARKER = "collector: unlock window painted"


class FirstPaint(QObject):
    def __init__(self, app: QApplication, quit_after: bool):
        super().__init__(app)
        self.app = app
        self.quit_after = quit_after

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, UnlockPage):
            print(MARKER, flush=True)
            self.app.removeEventFilter(self)
            if self.quit_after:
                QTimer.singleShot(0, self.app.quit)
        return False


def watch_first_paint(app: QApplication) -> None:
    wanted = os.environ.get(MARKER_ENV)
    if wanted:
        app.installEventFilter(FirstPaint(app, quit_after=wanted == "quit"))
