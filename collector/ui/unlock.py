"""The unlock screen: one password field; a wrong password says so plainly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from collector.storage.store import Store
from collector.ui import style
from collector.ui.workers import describe_error, run_task

MESSAGE_WIDTH = 420


class UnlockPage(QWidget):
    unlocked = Signal(object)
    """The opened Store."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        title = QLabel(self.tr("外出劳动力资源信息采集"))
        title.setStyleSheet(style.TITLE)
        prompt = QLabel(self.tr("请输入密码解锁数据"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("密码"))
        self.password.setMinimumWidth(280)
        self.password.returnPressed.connect(self.unlock)
        self.button = QPushButton(self.tr("解锁"))
        self.button.setDefault(True)
        self.button.clicked.connect(self.unlock)
        self.message = QLabel()
        self.message.setStyleSheet(style.ERROR)
        self.message.setWordWrap(True)
        self.message.setFixedWidth(MESSAGE_WIDTH)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        box = QVBoxLayout(self)
        box.addStretch(2)
        for widget in (title, prompt, self.password, self.button, self.message):
            box.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(3)

    def reset(self) -> None:
        self.password.clear()
        self.message.clear()
        self.password.setEnabled(True)
        self.button.setEnabled(True)
        self.password.setFocus()

    def unlock(self) -> None:
        password = self.password.text()
        if not password:
            return
        self.message.setText(self.tr("正在解锁…"))
        self.password.setEnabled(False)
        self.button.setEnabled(False)
        # Unwrapping the key is deliberately slow (scrypt): off the UI thread.
        run_task(lambda _task: Store.open(self.data_dir, password), self._opened, self._refused)

    def _opened(self, store: Store) -> None:
        self.message.clear()
        self.password.clear()
        self.unlocked.emit(store)

    def _refused(self, err: Exception) -> None:
        self.reset()
        self.message.setText(describe_error(err))
