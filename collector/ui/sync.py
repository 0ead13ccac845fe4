"""Sync in the desktop program: the page "同步", the indicator in the status bar, and the
controller behind both that watches the server and runs a sync off the UI thread.

`install(window)` is the main window's extension (see docs/desktop.md): it adds the sync
and conflicts pages and the indicator, each time the pages are built; the controller
lives as long as the window, so a sync in progress survives a language switch.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from collector.messages import CATALOGUE
from collector.storage import replica
from collector.storage.settings import CA_BUNDLE, SERVER_URL
from collector.sync.client import (
    ACCOUNT,
    TOKEN,
    Connection,
    Report,
    Syncer,
    SyncError,
    check_address,
)
from collector.sync.monitor import FIRST_WAIT, LONGEST_WAIT, ONLINE_WAIT, Monitor
from collector.ui import style
from collector.ui.record_list import local_time
from collector.ui.session import Session
from collector.ui.settings import AddressCheck
from collector.ui.workers import Task, describe_error, run_task

REFRESH_MS = 3000
"""How often the indicator reads the unsent count (an index count: about a millisecond)."""
NEEDS_LOGIN = frozenset({"sync.login_needed"})
AUTO_SYNC_MS = 3 * 60_000
"""While the server answers, a sync this often: a record returned by the township reaches
the cadre within minutes, not when the cadre thinks of pressing 立即同步."""
OK_COLOR = "#1b7a1b"


class SyncController(QObject):
    """One per main window: the server's state, the running sync, its last outcome."""

    changed = Signal()
    progressed = Signal(str, int, int)
    """Stage ("push" or "pull"), done, total (-1 while the total is unknown)."""
    finished = Signal(object)
    """The `Report` of a sync that ended well."""
    _reachable = Signal(bool)

    waits = (FIRST_WAIT, LONGEST_WAIT, ONLINE_WAIT)
    """The monitor's first and longest wait while offline, and its wait while online."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session: Session = window.session
        self.online: bool | None = None
        self.task: Task | None = None
        self.monitor: Monitor | None = None
        self.watched: tuple[str, str] | None = None
        self._words: Callable[[], str] = str
        self.message_is_error = False
        self.again = False
        """A sync was asked for while one ran: another follows it."""
        self.every = QTimer(self, interval=AUTO_SYNC_MS)
        self.every.timeout.connect(self.sync_if_online)
        self.login_needed = False
        self.stage: tuple[str, int, int] | None = None
        self._reachable.connect(self._server_answered)
        self.progressed.connect(self._remember_stage)
        window.unlocked.connect(self.attach)
        window.locking.connect(self.detach)

    @property
    def message(self) -> str:
        """The last outcome, in the language shown now."""
        return self._words()

    # --- settings and the server's state ----------------------------------------------

    def server(self) -> tuple[str, str]:
        store = self.session.store
        if store is None:
            return "", ""
        return store.setting(SERVER_URL, "") or "", store.setting(CA_BUNDLE, "") or ""

    @property
    def running(self) -> bool:
        return self.task is not None

    def attach(self) -> None:
        """Watch the server named in the settings (again, if they changed)."""
        if self.session.store is None:
            return
        watched = self.server()
        if self.monitor is not None and watched == self.watched:
            self.changed.emit()
            return
        self._stop_monitor()
        self.watched = watched
        self.online = None
        self.every.start()
        url, ca = watched
        try:
            if url:
                check_address(url)
        except SyncError as refused:  # kept from before addresses were checked
            self._say(str(refused), True)
            url = ""
        if url:
            first, longest, online = self.waits
            probe = Connection(url, ca_bundle=ca or None).reachable
            self.monitor = Monitor(
                probe, self._reachable.emit, first=first, longest=longest, online=online
            )
            self.monitor.start()
        self.changed.emit()

    def detach(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self._stop_monitor()
        self.every.stop()
        self.watched = None
        self.changed.emit()

    def _stop_monitor(self) -> None:
        if self.monitor is not None:
            # Not waited for: a probe in flight ends within its timeout and tells nobody.
            self.monitor.stop(timeout=0)
            self.monitor = None

    def _server_answered(self, online: bool) -> None:
        self.online = online
        self.changed.emit()
        store = self.session.store
        if not online or store is None or self.running or self.login_needed:
            return
        never_synced = replica.checkpoint(store) == ("", 0)
        if store.setting(TOKEN) and (never_synced or replica.unsent_count(store)):
            self.sync_now()

    # --- syncing ----------------------------------------------------------------------

    def sync_if_online(self) -> None:
        """A sync of its own (after a submit, every few minutes), when the server answers
        and this laptop is logged in; one asked for during a sync follows it."""
        store = self.session.store
        if store is None or not self.online or self.login_needed or not store.setting(TOKEN):
            return
        if self.running:
            self.again = True
        else:
            self.sync_now()

    def sync_now(self) -> None:
        store = self.session.store
        if store is None or self.running:
            return
        url, ca = self.server()
        token = store.setting(TOKEN)
        if not url or not token:
            self.login_needed = True
            self._say(
                lambda: self.tr("还没有登录县服务器：请填写服务器地址，用县里发的账号登录"), True
            )
            return
        if self.watched != (url, ca):
            self.attach()
        try:
            connection = Connection(url, token=token, ca_bundle=ca or None)
        except SyncError as refused:
            self._say(str(refused), True)
            return

        def work(task: Task) -> Report:
            return Syncer(store, connection).run(
                progress=lambda p: self.progressed.emit(
                    p.stage, p.done, -1 if p.total is None else p.total
                ),
                cancelled=lambda: task.cancelled,
            )

        self.stage = None
        self._say(lambda: self.tr("正在同步…"), False)
        self.task = run_task(work, self._synced, self._sync_failed)
        self.changed.emit()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self._say(lambda: self.tr("正在取消…"), False)

    def _remember_stage(self, stage: str, done: int, total: int) -> None:
        self.stage = (stage, done, total)

    def _ended(self) -> None:
        self.task = None
        self.stage = None
        if self.again:
            self.again = False
            QTimer.singleShot(0, self.sync_if_online)
        shown = self.window.stack.currentWidget()
        # Pages reload when shown; the one in view shows what the sync brought now.
        if self.session.store is not None and shown is not self.window.entry:
            reload = getattr(shown, "reload", None)
            if reload is not None:
                reload()

    def _synced(self, report: Report) -> None:
        self._ended()
        self.login_needed = False
        self.online = True

        def done() -> str:
            words = self.tr("同步完成：") + report.lines()
            if report.conflicts:
                words += "\n" + self.tr(
                    "有记录在本机和服务器上改了同一项：请到“冲突”页选择保留哪个值"
                )
            return words

        self._say(done, False)
        self.finished.emit(report)

    def _sync_failed(self, err: Exception) -> None:
        self._ended()
        code = getattr(err, "code", "")
        if code == "sync.offline" and self.monitor is not None:
            self.monitor.went_offline()
        self.login_needed = code in NEEDS_LOGIN
        self._say(_said(err), code != "sync.cancelled")

    def _say(self, words: str | Callable[[], str], error: bool) -> None:
        """`words` as a function of no arguments when they must follow a language switch
        (the texts of the catalogue and this module's own)."""
        self._words = words if callable(words) else (lambda: words)
        self.message_is_error = error
        self.changed.emit()

    # --- logging in -------------------------------------------------------------------

    def log_in(self, url: str, ca: str, account: str, password: str) -> None:
        store = self.session.store
        if store is None or self.running:
            return

        def work(_task: Task) -> None:
            answer = Connection(url, ca_bundle=ca or None).login(account, password)
            for key, value in (
                (SERVER_URL, url),
                (CA_BUNDLE, ca),
                (TOKEN, answer["access_token"]),
                (ACCOUNT, account),
            ):
                store.set_setting(key, value)

        self._say(lambda: self.tr("正在登录…"), False)
        run_task(work, lambda _none: self._logged_in(), self._login_failed)

    def _logged_in(self) -> None:
        self.login_needed = False
        self.attach()
        self.sync_now()

    def _login_failed(self, err: Exception) -> None:
        self._say(_said(err), True)


def _said(err: Exception) -> str | Callable[[], str]:
    """An error's words, rendered again in the language of the moment when catalogued
    (an unexpected one is logged once, here)."""
    if getattr(err, "code", None) in CATALOGUE:
        return lambda: describe_error(err)
    return describe_error(err)


def unsent_and_last(session: Session) -> tuple[int, str]:
    store = session.store
    if store is None:
        return 0, ""
    last = replica.last_sync(store)
    return replica.unsent_count(store), local_time(last) if last else ""


class SyncIndicator(QWidget):
    """The status bar's part: online or not, unsent count, last sync, progress, a button
    that syncs now or cancels."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.state = QLabel()
        self.unsent = QLabel()
        self.conflicts = QLabel()
        self.conflicts.setStyleSheet(style.ERROR)
        self.last = QLabel()
        self.bar = QProgressBar()
        self.bar.setFixedWidth(100)
        self.bar.setTextVisible(False)
        self.button = QPushButton()
        self.button.clicked.connect(self._clicked)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.state, self.unsent, self.conflicts, self.last, self.bar, self.button):
            row.addWidget(widget)
        controller.changed.connect(self.refresh)
        controller.progressed.connect(self._progress)
        self.timer = QTimer(self, interval=REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def refresh(self) -> None:
        controller = self.controller
        if controller.session.store is None or controller.watched is None:
            self.hide()  # locked, or about to be
            return
        self.show()
        if controller.server() != controller.watched:
            controller.attach()  # the settings page changed the server
        text, color = state_text(controller)
        self.state.setText("● " + text)
        self.state.setStyleSheet(f"color: {color};")
        count, last = unsent_and_last(controller.session)
        self.unsent.setText(self.tr("未上传 {0} 条").format(count))
        self.last.setText(self.tr("上次同步 {0}").format(last) if last else self.tr("从未同步"))
        controller.window.set_badge("sync", count)
        if not controller.running:
            # Conflicts change only with a sync: read when it is over, not in its middle.
            waiting = len(replica.open_conflicts(controller.session.store))
            self.conflicts.setText(self.tr("冲突 {0} 条").format(waiting))
            self.conflicts.setVisible(bool(waiting))
            controller.window.set_badge("conflicts", waiting)
        self.bar.setVisible(controller.running)
        if controller.running and controller.stage is None:
            self.bar.setRange(0, 0)
        self.button.setText(self.tr("取消同步") if controller.running else self.tr("立即同步"))

    def _progress(self, _stage: str, done: int, total: int) -> None:
        show_progress(self.bar, done, total)

    def _clicked(self) -> None:
        if self.controller.running:
            self.controller.cancel()
        else:
            self.controller.sync_now()


def state_text(controller: SyncController) -> tuple[str, str]:
    """The server's state in words, and its colour."""
    if not controller.watched or not controller.watched[0]:
        return QCoreApplication.translate("SyncPage", "未设置服务器"), style.WARNING_COLOR
    if controller.running:
        return QCoreApplication.translate("SyncPage", "正在同步"), OK_COLOR
    if controller.online is None:
        return QCoreApplication.translate("SyncPage", "正在连接…"), style.WARNING_COLOR
    if controller.online:
        return QCoreApplication.translate("SyncPage", "在线"), OK_COLOR
    return QCoreApplication.translate("SyncPage", "离线"), style.ERROR_COLOR


def show_progress(bar: QProgressBar, done: int, total: int) -> None:
    if total < 0:
        bar.setRange(0, 0)  # pulling: the server does not say how many pages follow
    else:
        bar.setRange(0, max(total, 1))
        bar.setValue(done)


class SyncPage(QWidget):
    def __init__(self, controller: SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        title = QLabel(self.tr("与县服务器同步"))
        title.setStyleSheet(style.TITLE)
        self.server = QLabel()
        self.server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = QLabel()
        self.unsent = QLabel()
        self.last = QLabel()
        about = QGroupBox(self.tr("状态"))
        facts = QFormLayout(about)
        facts.addRow(self.tr("县服务器"), self.server)
        facts.addRow(self.tr("连接"), self.state)
        facts.addRow(self.tr("未上传的修改"), self.unsent)
        facts.addRow(self.tr("上次同步"), self.last)
        self.conflicts = QLabel()
        facts.addRow(self.tr("待处理的冲突"), self.conflicts)
        self.sync_button = QPushButton(self.tr("立即同步"))
        self.sync_button.clicked.connect(controller.sync_now)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(controller.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        self.stage = QLabel()
        self.bar = QProgressBar()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.login = self._login_box()
        hint = QLabel(
            self.tr(
                "记录都保存在本机。连上县服务器时会自动上传未上传的修改，并下载乡镇和县里的"
                "审核结果；断网时照常录入即可。"
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(style.HINT)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(about)
        box.addLayout(buttons)
        box.addWidget(self.stage)
        box.addWidget(self.bar)
        box.addWidget(self.message)
        box.addWidget(self.login)
        box.addWidget(hint)
        box.addStretch(1)
        controller.changed.connect(self.reload)
        controller.progressed.connect(self._progress)
        controller.finished.connect(self._finished)

    def _login_box(self) -> QGroupBox:
        login = QGroupBox(self.tr("登录县服务器"))
        self.url_field = QLineEdit()
        self.url_field.setPlaceholderText("https://rsj.example.gov.cn")
        self.url_check = AddressCheck(self.url_field)
        self.ca_field = QLineEdit()
        self.ca_field.setPlaceholderText(self.tr("县里提供时填写，否则留空"))
        self.account_field = QLineEdit()
        self.password_field = QLineEdit()
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.login_button = QPushButton(self.tr("登录并同步"))
        self.login_button.clicked.connect(self._log_in)
        form = QFormLayout(login)
        form.addRow(self.tr("服务器地址"), self.url_field)
        form.addRow("", self.url_check.note)
        form.addRow(self.tr("CA 证书文件"), self.ca_field)
        form.addRow(self.tr("账号"), self.account_field)
        form.addRow(self.tr("密码"), self.password_field)
        form.addRow("", self.login_button)
        return login

    def reload(self) -> None:
        controller = self.controller
        store = controller.session.store
        if store is None:
            return
        url, ca = controller.server()
        self.server.setText(url or self.tr("未设置（请在下方登录）"))
        text, color = state_text(controller)
        self.state.setText(text)
        self.state.setStyleSheet(f"color: {color}; font-weight: bold;")
        count, last = unsent_and_last(controller.session)
        self.unsent.setText(self.tr("{0} 条").format(count))
        self.last.setText(last or self.tr("从未同步"))
        waiting = len(replica.open_conflicts(store))
        self.conflicts.setText(self.tr("{0} 条").format(waiting))
        self.conflicts.setStyleSheet(style.ERROR if waiting else "")
        running = controller.running
        self.sync_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.bar.setVisible(running)
        self.stage.setVisible(running)
        if running and controller.stage is None:
            self.stage.setText(self.tr("正在连接县服务器…"))
            self.bar.setRange(0, 0)
        self.message.setText(controller.message)
        self.message.setStyleSheet(style.ERROR if controller.message_is_error else "")
        show_login = controller.login_needed or not store.setting(TOKEN)
        self.login.setVisible(show_login)
        if show_login and not self.url_field.text():
            self.url_field.setText(url)
            self.ca_field.setText(ca)
            self.account_field.setText(store.setting(ACCOUNT, "") or controller.session.user)

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage == "push":
            self.stage.setText(self.tr("正在上传：{0} / {1} 条").format(done, total))
        else:
            self.stage.setText(self.tr("正在下载：已收到 {0} 条").format(done))
        show_progress(self.bar, done, total)

    def _finished(self, report: Report) -> None:
        # The last figures stay in view after the sync, beside the report.
        self.bar.setRange(0, 1)
        self.bar.setValue(1)

    def _log_in(self) -> None:
        if not self.url_check.usable():
            return
        self.controller.log_in(
            self.url_field.text().strip(),
            self.ca_field.text().strip(),
            self.account_field.text().strip(),
            self.password_field.text(),
        )
        self.password_field.clear()


def install(window) -> None:
    """The main window's extension: the sync and conflicts pages and the indicator."""
    from collector.ui.conflicts import ConflictsPage

    controller = getattr(window, "sync_controller", None)
    if controller is None:
        controller = window.sync_controller = SyncController(window)
    old = getattr(window, "sync_indicator", None)
    if old is not None:
        window.status_slot().removeWidget(old)
        old.setParent(None)
        old.deleteLater()
    window.sync_page = SyncPage(controller)
    window.conflicts_page = ConflictsPage(window.session, controller)
    window.add_page("sync", QCoreApplication.translate("MainWindow", "同步"), window.sync_page)
    window.add_page(
        "conflicts", QCoreApplication.translate("MainWindow", "冲突"), window.conflicts_page
    )
    window.sync_indicator = SyncIndicator(controller)
    window.status_slot().addPermanentWidget(window.sync_indicator)
    window.entry.submitted.connect(controller.sync_if_online)
