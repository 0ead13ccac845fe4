"""Shared set-up of the desktop program's tests: Qt without a display, a real SQLCipher
store in tmp_path with demo records, and a session over it."""

from __future__ import annotations

import os
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QThreadPool

from collector.demo_data import SurveyRecords
from collector.storage.settings import USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store
from collector.ui.entry import EntryPage
from collector.ui.session import Session
from collector.ui.workers import store_pool
from collector.workflow import Role

PASSWORD = "correct horse"


def make_store(data_dir, form, count: int = 0, role: Role = Role.VILLAGE) -> Store:
    store = Store.create(data_dir, PASSWORD)
    store.set_setting(USER_NAME, "李明")
    store.set_setting(USER_ROLE, role.value)
    store.set_setting(USER_DIVISION, "")
    if count:
        store.save_many(form, SurveyRecords(form, seed=7).take(count), author="李明")
    return store


def make_session(data_dir, form, store: Store | None) -> Session:
    session = Session(data_dir, form)
    if store is not None:
        session.attach(store)
    return session


@pytest.fixture
def drain_pool():
    """Store work left running by a test ends before its tmp_path goes."""
    yield
    store_pool().waitForDone(10_000)


@contextmanager
def entry_page(qtbot, data_dir, form):
    """The entry screen of `form` on a new store of 李明's, shown; the store closes after."""
    store = Store.create(data_dir, PASSWORD)
    store.set_setting(USER_NAME, "李明")
    page = EntryPage(make_session(data_dir, form, store))
    qtbot.addWidget(page)
    page.show()
    try:
        page.new_record()
        yield page
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)  # the warm-up of ID regions
        store.close()


def answer_dialog(qtbot, key, seen: list | None = None) -> None:
    """Press `key` in the next modal dialog, as a user would (a dialog's exec() blocks
    the test's own code until it is answered); its text goes to `seen`."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def press() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, press)
            return
        if seen is not None and isinstance(dialog, QMessageBox):
            seen.append(dialog.text())
        qtbot.keyClick(dialog, key)

    QTimer.singleShot(0, press)
