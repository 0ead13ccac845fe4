"""The main window: a navigation on the left, pages on the right, a status bar, and the
unlock screen in front of it all whenever the store is locked.

Pages are added with `add_page(key, title, widget)`; the sync page ("同步") and the
conflicts page ("冲突") plug in the same way, and the sync indicator goes into the status
bar with `status_slot().addPermanentWidget(...)` (see `extend`, called after the pages
are built, also after a language switch).
"""

from __future__ import annotations

import gc
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QStatusBar,
    QWidget,
)

from collector.messages import render
from collector.storage.settings import DEFAULT_IDLE_MINUTES, IDLE_MINUTES
from collector.storage.store import Store
from collector.ui import keys
from collector.ui.entry import EntryPage
from collector.ui.i18n import use_language
from collector.ui.record_list import RecordListPage
from collector.ui.reports import ReportsPage
from collector.ui.review import ReviewPage
from collector.ui.session import Session
from collector.ui.settings import SettingsPage
from collector.ui.unlock import UnlockPage
from collector.ui.workers import store_pool
from collector.workflow import Role

NAV_WIDTH = 130
ROOMY_WIDTH = 1366
"""Screens narrower than this get the window maximised: every pixel counts there."""
STORE_WORK_WAIT_MS = 30_000
USER_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }
)
REVIEWERS = frozenset({Role.TOWNSHIP, Role.COUNTY, Role.ADMIN})

Extension = Callable[["MainWindow"], None]
"""Adds pages or status bar widgets (sync, conflicts) once the standard pages exist."""


class IdleLock(QObject):
    """Fires `idle` after the given time without a key press or mouse action anywhere."""

    idle = Signal()

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.idle)
        QApplication.instance().installEventFilter(self)

    def set_timeout(self, milliseconds: int) -> None:
        self.timer.setInterval(milliseconds)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in USER_EVENTS and self.timer.isActive():
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    unlocked = Signal()
    """The store is open and the pages show it (also after a language switch)."""
    locking = Signal()
    """The store is about to close: work that needs it stops now."""

    def __init__(self, session: Session, extensions: list[Extension] | None = None):
        super().__init__()
        self.session = session
        self.extensions = list(extensions or [])
        self.pages: dict[str, QWidget] = {}
        self.outer = QStackedWidget()
        self.setCentralWidget(self.outer)
        self.setStatusBar(QStatusBar())
        self.user_label = QLabel()
        self.statusBar().addWidget(self.user_label)
        self.idle = IdleLock(self)
        self.idle.idle.connect(self.lock)
        self.unlock_page: UnlockPage | None = None
        self.workspace: QWidget | None = None
        self.badges: dict[str, int] = {}
        self._fit_screen()
        keys.bind(self, keys.HELP, self.show_shortcuts, context=Qt.ShortcutContext.WindowShortcut)
        keys.bind(self, keys.NEW, self._new_by_key, context=Qt.ShortcutContext.WindowShortcut)
        keys.bind(self, keys.FIND, self._find_by_key, context=Qt.ShortcutContext.WindowShortcut)
        self._build()
        if session.store is None:
            self.show_unlock()
        else:
            self._unlocked_with(session.store)

    def _fit_screen(self) -> None:
        """The screen's available size; maximised on a small one (1024 or 1280 wide)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry()
        self.resize(room.width(), room.height())
        if room.width() < ROOMY_WIDTH:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def show_shortcuts(self) -> None:
        keys.ShortcutsDialog(self).exec()

    def _new_by_key(self) -> None:
        if self.session.store is not None and self.session.role not in REVIEWERS:
            self.new_record()

    def _find_by_key(self) -> None:
        if self.session.store is not None:
            self.show_page("records")
            self.records.search.setFocus()
            self.records.search.selectAll()

    def set_badge(self, key: str, count: int) -> None:
        """A count beside a page's name in the navigation ("记录 (2)"), none at 0."""
        self.badges[key] = count
        if key in self.pages:
            self.nav.item(list(self.pages).index(key)).setText(self._titled(key))

    def _titled(self, key: str) -> str:
        count = self.badges.get(key, 0)
        return f"{self.titles[key]} ({count})" if count else self.titles[key]

    # --- pages ------------------------------------------------------------------------

    def _build(self) -> None:
        """(Re)build every page, in the current language."""
        self.setWindowTitle(self.tr("外出劳动力资源信息采集"))
        self.menuBar().clear()
        help_menu = self.menuBar().addMenu(self.tr("帮助"))
        help_menu.addAction(self.tr("快捷键"), self.show_shortcuts)
        for widget in (self.unlock_page, self.workspace):
            if widget is not None:
                self.outer.removeWidget(widget)
                widget.deleteLater()
        self.pages = {}
        self.titles: dict[str, str] = {}
        self.unlock_page = UnlockPage(self.session.data_dir)
        self.unlock_page.unlocked.connect(self._unlocked_with)
        self.workspace = QWidget()
        self.nav = QListWidget()
        self.nav.setFixedWidth(NAV_WIDTH)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 12pt; } QListWidget::item { padding: 8px; }"
        )
        self.stack = QStackedWidget()
        self.nav.currentRowChanged.connect(self._show_row)
        layout = QHBoxLayout(self.workspace)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.outer.addWidget(self.unlock_page)
        self.outer.addWidget(self.workspace)
        self.records = RecordListPage(self.session)
        self.entry = EntryPage(self.session)
        self.review = ReviewPage(self.session)
        self.reports = ReportsPage(self.session)
        self.settings = SettingsPage(self.session)
        self.add_page("records", self.tr("记录"), self.records)
        self.add_page("entry", self.tr("录入"), self.entry)
        self.add_page("review", self.tr("审核"), self.review)
        self.add_page("reports", self.tr("报表"), self.reports)
        self.add_page("settings", self.tr("设置"), self.settings)
        self.records.open_record.connect(self.open_record)
        self.records.new_record.connect(self.new_record)
        self.entry.saved.connect(lambda _id: self.records.reload())
        self.records.counted.connect(lambda returned: self.set_badge("records", returned))
        self.entry.closed.connect(self._back_to_list)
        self.review.moved.connect(self.records.reload)
        # A long export would otherwise hold the store open for its whole length.
        self.locking.connect(self.reports.cancel)
        self.settings.language_changed.connect(self.switch_language)
        self.settings.idle_changed.connect(self._set_idle_minutes)
        for extend in self.extensions:
            extend(self)

    def add_page(self, key: str, title: str, widget: QWidget) -> None:
        self.pages[key] = widget
        self.titles[key] = title
        self.stack.addWidget(widget)
        self.nav.addItem(self._titled(key))

    def status_slot(self) -> QStatusBar:
        return self.statusBar()

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.pages).index(key))

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        key = list(self.pages)[row]
        if self.stack.currentWidget() is self.entry and key != "entry":
            self.entry.save_draft()
        self.stack.setCurrentIndex(row)
        reload = getattr(self.pages[key], "reload", None)
        if reload is not None and key != "entry":
            reload()

    def _back_to_list(self) -> None:
        self.show_page("records")
        self.records.to_table()

    def open_record(self, record_id: str) -> None:
        self.entry.open_record(record_id)
        self.show_page("entry")

    def new_record(self) -> None:
        self.entry.new_record()
        self.show_page("entry")

    # --- locking ----------------------------------------------------------------------

    def show_unlock(self) -> None:
        self.outer.setCurrentWidget(self.unlock_page)
        self.unlock_page.reset()

    def lock(self) -> None:
        """Save the draft, close the store (its key leaves memory) and ask for the password."""
        if self.session.store is None:
            return
        self.entry.save_draft()
        self.idle.timer.stop()
        self.locking.emit()
        self._release_store()
        self.statusBar().showMessage(self.tr("已锁定"))
        self.show_unlock()

    def _unlocked_with(self, store: Store) -> None:
        self.session.attach(store)
        self.user_label.setText(
            f"{self.session.user} · {render('role.' + self.session.role.value)}"
            + (
                f" · {self.session.division_name(self.session.division)}"
                if self.session.division
                else ""
            )
        )
        self._set_idle_minutes(int(store.setting(IDLE_MINUTES, str(DEFAULT_IDLE_MINUTES))))
        self.outer.setCurrentWidget(self.workspace)
        self.statusBar().clearMessage()
        review_row = list(self.pages).index("review")
        self.nav.item(review_row).setHidden(self.session.role not in REVIEWERS)
        start = "review" if self.session.role in REVIEWERS else "records"
        if self.entry.current is None:
            # A page built anew (at unlock, after a language switch) shows a record, not
            # every question of the form without a title.
            self.entry.new_record()
        if self.nav.currentRow() == list(self.pages).index(start):
            self._show_row(self.nav.currentRow())
        else:
            self.show_page(start)
        self._freeze_what_lives()
        self.unlocked.emit()
        if start == "review":
            self.review.queue.setFocus()
        else:
            self.records.to_table()

    @staticmethod
    def _freeze_what_lives() -> None:
        # The forms, division lists and pages (some 400,000 objects) live as long as the
        # session; a full garbage collection walking them all stopped every thread for
        # 250 ms in the middle of a sync. Frozen, such a collection takes milliseconds.
        gc.collect()
        gc.freeze()

    def _set_idle_minutes(self, minutes: int) -> None:
        self.idle.set_timeout(minutes * 60_000)
        self.idle.timer.start()

    # --- language and closing ---------------------------------------------------------

    def switch_language(self, lang: str) -> None:
        self.entry.save_draft()
        record_id = self.entry.record_id
        use_language(lang)
        self._build()
        if record_id is not None:
            self.entry.open_record(record_id)
        self._unlocked_with(self.session.store)
        self.show_page("settings")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.session.store is not None:
            self.entry.save_draft()
            self.locking.emit()
            self._release_store()
        super().closeEvent(event)

    def _release_store(self) -> None:
        # Work already handed to the store (approving a batch) ends before it closes.
        store_pool().waitForDone(STORE_WORK_WAIT_MS)
        self.session.detach()
