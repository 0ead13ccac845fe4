"""What every first-run way shares: it asks for this laptop's password, makes the store off
the UI thread, and hands the opened store to the wizard (`created`), or says plainly why
it could not."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget, QWizardPage

from collector.storage.store import Store
from collector.ui import style
from collector.ui.session import Session
from collector.ui.settings import check_new_password
from collector.ui.workers import describe_error, run_task


class StorePage(QWizardPage):
    created = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.store: Store | None = None
        self.password = hidden_field()
        self.repeat = hidden_field()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.setFinalPage(True)

    def password_problem(self) -> str:
        return check_new_password(self.password.text(), self.repeat.text())

    def say(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet(style.ERROR if error else "")
        self.message.setText(text)

    def make_store(self, work: Callable[[], Store], note: str) -> None:
        """Run `work` on the store's worker; the wizard closes when it returns the store."""
        self.say(note, error=False)
        self.setEnabled(False)
        run_task(lambda _task: work(), self._created, self._failed)

    def _created(self, store: Store) -> None:
        self.store = store
        self.setEnabled(True)
        self.created.emit(store)
        self.wizard().accept()

    def _failed(self, err: Exception) -> None:
        self.setEnabled(True)
        self.say(describe_error(err))


def hidden_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
