"""Start the desktop program: the first-run wizard when the data folder holds no store,
else the main window behind its unlock screen."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from collector.ui import faults
from collector.ui.i18n import saved_language, use_language
from collector.ui.main_window import Extension, MainWindow
from collector.ui.session import Session, survey_form
from collector.ui.wizard import SetupWizard, needs_setup

APP_FONT_SIZE = 11
"""Points: larger than Qt's default, for eyes that rarely read a screen."""


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Collector")
    font = QFont(app.font())
    font.setPointSize(APP_FONT_SIZE)
    app.setFont(font)
    return app


def start(data_dir: Path, extensions: list[Extension] | None = None) -> MainWindow | SetupWizard:
    """The first window, shown; the main window follows the wizard when there is one."""
    data_dir = Path(data_dir)
    faults.install()
    use_language(saved_language(data_dir))
    session = Session(data_dir, survey_form(data_dir))
    if not needs_setup(data_dir):
        window = MainWindow(session, extensions)
        window.show()
        return window
    wizard = SetupWizard(session)

    def created(store) -> None:
        # The way the store was made may have brought the county's division list.
        ready = Session(data_dir, survey_form(data_dir))
        ready.store = store
        wizard.main_window = MainWindow(ready, extensions)
        wizard.main_window.show()

    wizard.created.connect(created)
    wizard.show()
    return wizard


def run(data_dir: Path, extensions: list[Extension] | None = None) -> int:
    app = application()
    first = start(data_dir, extensions)
    try:
        return app.exec()
    finally:
        first.deleteLater()
