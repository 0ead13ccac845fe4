"""Settings: language, idle lock, county server and CA bundle, and the password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from collector.messages import get_language, render
from collector.storage.keys import MIN_PASSWORD
from collector.storage.settings import (
    CA_BUNDLE,
    DEFAULT_IDLE_MINUTES,
    IDLE_MINUTES,
    RETURN_REASONS,
    SERVER_URL,
)
from collector.sync.client import SyncError, check_address
from collector.ui import style
from collector.ui.i18n import save_language
from collector.ui.review import return_reasons
from collector.ui.session import Session
from collector.ui.workers import describe_error, run_task

LANGUAGE_NAMES = (("zh", "中文"), ("en", "English"))


class SettingsPage(QWidget):
    language_changed = Signal(str)
    idle_changed = Signal(int)
    """Minutes."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.language = QComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(self.tr(" 分钟"))
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://rsj.example.gov.cn")
        self.address = AddressCheck(self.server)
        self.ca_bundle = QLineEdit()
        browse = QPushButton(self.tr("选择…"))
        browse.clicked.connect(self._browse)
        self.save_button = QPushButton(self.tr("保存设置"))
        self.save_button.clicked.connect(self.save)
        self.saved_note = QLabel()
        self.old_password = _password_field()
        self.new_password = _password_field()
        self.repeat_password = _password_field()
        self.password_button = QPushButton(self.tr("修改密码"))
        self.password_button.clicked.connect(self.change_password)
        self.password_note = QLabel()
        self.password_note.setWordWrap(True)
        self.reasons = QPlainTextEdit()
        self.reasons.setTabChangesFocus(True)
        self.reasons.setFixedHeight(self.reasons.fontMetrics().lineSpacing() * 6)

        general = QGroupBox(self.tr("常规"))
        form = QFormLayout(general)
        form.addRow(self.tr("界面语言"), self.language)
        form.addRow(self.tr("无操作自动锁定"), self.idle)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        form.addRow(self.tr("县服务器地址"), self.server)
        form.addRow("", self.address.note)
        form.addRow(self.tr("CA 证书文件"), ca_row)
        form.addRow(self.tr("常用退回原因（每行一条）"), self.reasons)
        form.addRow("", self.save_button)
        form.addRow("", self.saved_note)
        password = QGroupBox(self.tr("修改密码"))
        password_form = QFormLayout(password)
        password_form.addRow(self.tr("原密码"), self.old_password)
        password_form.addRow(self.tr("新密码"), self.new_password)
        password_form.addRow(self.tr("再输一次新密码"), self.repeat_password)
        password_form.addRow("", self.password_button)
        password_form.addRow("", self.password_note)
        box = QVBoxLayout(self)
        box.addWidget(general)
        box.addWidget(password)
        box.addStretch(1)

    def reload(self) -> None:
        store = self.session.store
        self.language.setCurrentIndex(max(0, self.language.findData(get_language())))
        if store is None:
            return
        self.idle.setValue(int(store.setting(IDLE_MINUTES, str(DEFAULT_IDLE_MINUTES))))
        self.server.setText(store.setting(SERVER_URL, "") or "")
        self.address.usable()
        self.ca_bundle.setText(store.setting(CA_BUNDLE, "") or "")
        self.reasons.setPlainText("\n".join(return_reasons(store)))
        self.saved_note.clear()

    def _browse(self) -> None:
        choose_ca_bundle(self, self.ca_bundle)

    def save(self) -> None:
        if not self.address.usable():
            self.saved_note.clear()
            return
        store = self.session.store
        store.set_setting(IDLE_MINUTES, str(self.idle.value()))
        store.set_setting(SERVER_URL, self.server.text().strip())
        store.set_setting(CA_BUNDLE, self.ca_bundle.text().strip())
        lines = [line.strip() for line in self.reasons.toPlainText().splitlines()]
        store.set_setting(RETURN_REASONS, "\n".join(line for line in lines if line))
        self.idle_changed.emit(self.idle.value())
        self.saved_note.setText(self.tr("已保存"))
        lang = self.language.currentData()
        if lang != get_language():
            save_language(self.session.data_dir, lang)
            self.language_changed.emit(lang)

    def change_password(self) -> None:
        old, new = self.old_password.text(), self.new_password.text()
        problem = check_new_password(new, self.repeat_password.text())
        if problem:
            self._password_result(problem, ok=False)
            return
        store = self.session.store
        self.password_button.setEnabled(False)
        run_task(
            lambda _task: store.change_password(old, new),
            lambda _none: self._password_result(self.tr("密码已修改，下次解锁请用新密码"), ok=True),
            lambda err: self._password_result(describe_error(err), ok=False),
        )

    def _password_result(self, text: str, ok: bool) -> None:
        self.password_button.setEnabled(True)
        self.password_note.setStyleSheet("" if ok else style.ERROR)
        self.password_note.setText(text)
        if ok:
            for field in (self.old_password, self.new_password, self.repeat_password):
                field.clear()


class AddressCheck:
    """The note under a county address field: the warning for http:// on this machine, the
    refusal for http:// to another (passwords and records would cross the network in
    clear), shown when the typing is done and again when the address is about to be used."""

    def __init__(self, field: QLineEdit):
        self.field = field
        self.note = QLabel()
        self.note.setWordWrap(True)
        field.editingFinished.connect(self.usable)
        field.textEdited.connect(lambda _text: self.note.clear())

    def usable(self) -> bool:
        """False when the address is refused; an empty one is usable (no server)."""
        url = self.field.text().strip()
        try:
            warning = check_address(url) if url else None
        except SyncError as refused:
            self.note.setStyleSheet(style.ERROR)
            self.note.setText(str(refused))
            return False
        self.note.setStyleSheet(f"color: {style.WARNING_COLOR};")
        self.note.setText(render(warning, {"url": url}) if warning else "")
        return True


def choose_ca_bundle(parent: QWidget, field: QLineEdit) -> None:
    """Ask for the county's CA certificate file and put its path in `field`."""
    path, _ = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("SettingsPage", "选择 CA 证书文件"),
        "",
        QCoreApplication.translate("SettingsPage", "证书 (*.pem *.crt);;所有文件 (*)"),
    )
    if path:
        field.setText(path)


def check_new_password(password: str, repeated: str) -> str:
    """The message for an unusable new password, or ""."""
    if len(password) < MIN_PASSWORD:
        return render("store.password_short")
    if password != repeated:
        return render("store.password_mismatch")
    return ""


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field
