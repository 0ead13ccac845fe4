"""The record list: a lazy table over the store, with filters, search and counts.

The model knows the number of rows from the store's counts and fetches a page of
`PAGE` summaries only when the view asks for a row in it, keeping the last few pages: at
100,000 records a scroll touches a few hundred rows, never all of them. A search shows
its first `SEARCH_LIMIT` matches.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from collector.messages import render
from collector.storage import replica
from collector.storage.errors import DiskFull, StoreDamaged, StoreError
from collector.storage.store import RecordFilter, RecordSummary, Store
from collector.ui import faults, keys, style
from collector.ui.session import Session
from collector.workflow import Status

PAGE = 200
KEPT_PAGES = 20
SEARCH_LIMIT = 500
COLUMN_WIDTHS = (80, 190, 120, 140, 90, 50, 170, 150)
COLUMNS = (
    "full_name", "id_number", "phone", "village", "status", "problems", "reason", "updated",
    "sync_note",
)  # fmt: skip


def status_text(status: str) -> str:
    return render(f"status.{status}")


def local_time(stamp: str) -> str:
    """A stored UTC time as the laptop's clock shows it, to the minute."""
    return dt.datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


class RecordTableModel(QAbstractTableModel):
    def __init__(self, store: Callable[[], Store | None], names: Callable[[str], str], parent=None):
        super().__init__(parent)
        self._store = store
        self._village_name = names
        self.filters = RecordFilter()
        self.term = ""
        self.total = 0
        self._pages: OrderedDict[int, list[RecordSummary]] = OrderedDict()
        self._found: list[RecordSummary] | None = None
        self.headers = (
            self.tr("姓名"),
            self.tr("公民身份号码"),
            self.tr("联系电话"),
            self.tr("村（社区）"),
            self.tr("状态"),
            self.tr("问题"),
            self.tr("退回原因"),
            self.tr("更新时间"),
            self.tr("县服务器意见"),
        )

    def set_query(self, filters: RecordFilter, term: str = "") -> None:
        self.beginResetModel()
        self.filters, self.term = filters, term.strip()
        self._pages.clear()
        store = self._store()
        if store is None:
            self._found, self.total = [], 0
        elif self.term:
            self._found = store.search(self.term, filters, SEARCH_LIMIT)
            self.total = len(self._found)
        else:
            self._found = None
            self.total = sum(store.count_by_status(filters).values())
        self.endResetModel()

    def refresh(self) -> None:
        self.set_query(self.filters, self.term)

    def summary(self, row: int) -> RecordSummary | None:
        if self._found is not None:
            return self._found[row] if row < len(self._found) else None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            store = self._store()
            try:
                page = store.page(self.filters, number * PAGE, PAGE) if store else []
            except (StoreDamaged, DiskFull) as err:
                # Asked again for every row painted: said once, shown as empty rows.
                faults.show(err)
                page = []
            self._pages[number] = page
            if len(self._pages) > KEPT_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE
        return page[offset] if offset < len(page) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.summary(index.row())
        if record is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, COLUMNS[index.column()])
        returned = record.status == Status.RETURNED.value
        if role == Qt.ItemDataRole.BackgroundRole and returned:
            return QBrush(QColor(style.RETURNED_BACKGROUND))
        if role == Qt.ItemDataRole.DecorationRole and record.conflict and index.column() == 0:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.tr("有冲突，待处理")] if record.conflict else []
            if returned:
                lines.append(self.tr("退回原因：{0}").format(record.reason))
            if record.sync_note:
                note = replica.note_text(replica.note_of(record.sync_note))
                lines.append(self.tr("县服务器：{0}").format(note))
            return "\n".join(lines) or None
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None

    def _text(self, record: RecordSummary, column: str) -> str:
        if column == "village":
            return self._village_name(record.village)
        if column == "status":
            return status_text(record.status)
        if column == "problems":
            return str(record.problems) if record.problems else ""
        if column == "updated":
            return local_time(record.updated_at)
        if column == "sync_note":
            return replica.note_text(replica.note_of(record.sync_note))
        return str(getattr(record, column))


class RecordListPage(QWidget):
    open_record = Signal(str)
    new_record = Signal()
    counted = Signal(int)
    """Records returned to this laptop, after each reload (the badge on 记录)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.model = RecordTableModel(lambda: session.store, session.division_name, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：姓名、拼音首字母（如 zs）、身份证号或电话"))
        self.search.setClearButtonEnabled(True)
        self.village = QComboBox()
        self.status = QComboBox()
        self.status.addItem(self.tr("全部状态"), "")
        for status in Status:
            self.status.addItem(status_text(status.value), status.value)
        self.returned = QCheckBox(self.tr("只看退回的"))
        self.conflicted = QCheckBox(self.tr("只看有冲突的"))
        self.conflicted.setToolTip(self.tr("同步时与别处的修改冲突、待处理的记录"))
        # Shown while the county has a survey round open (the half-yearly refresh).
        self.due = QCheckBox(self.tr("本轮待更新"))
        self.due.setVisible(False)
        self.round_opened = ""
        self.add_button = QPushButton(self.tr("新建记录"))
        self.add_button.clicked.connect(self.new_record)
        # A draft saved by accident goes the way it came: from this laptop, before any of
        # it left (the server never knew it, so there is nothing to tell it).
        self.delete_action = QAction(self.tr("删除草稿"), self)
        self.delete_action.setShortcut(QKeySequence(keys.DELETE))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_chosen)
        self.delete_button = QPushButton(self.delete_action.text())
        self.delete_button.clicked.connect(self.delete_chosen)
        self.counts = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the table for the next control; the arrows move between rows.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate(COLUMN_WIDTHS):
            self.table.setColumnWidth(column, width)
        self.table.addAction(self.delete_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().selectionChanged.connect(self._deletable)
        self.model.modelReset.connect(self._deletable)
        self.table.doubleClicked.connect(self._activated)
        self.table.activated.connect(self._activated)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.apply)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.to_table)
        for combo in (self.village, self.status):
            combo.currentIndexChanged.connect(self.apply)
        self.returned.toggled.connect(self.apply)
        self.conflicted.toggled.connect(self.apply)
        self.due.toggled.connect(self.apply)
        keys.tip(self.add_button, keys.NEW)  # the window's key: it works on every page
        self.search.setToolTip(self.search.placeholderText() + f"（{keys.shown(keys.FIND)}）")
        # Two rows: in one, the filters held the window wider than a 1024-pixel screen.
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.delete_button)
        filters = QHBoxLayout()
        for widget in (self.village, self.status, self.returned, self.conflicted, self.due):
            filters.addWidget(widget)
        filters.addStretch(1)
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addLayout(filters)
        box.addWidget(self.counts)
        box.addWidget(self.table)

    def filters(self) -> RecordFilter:
        return RecordFilter(
            village=self.village.currentData() or None,
            status=self.status.currentData() or None,
            returned=self.returned.isChecked(),
            conflicted=self.conflicted.isChecked(),
            due_before=self.round_opened if self.due.isChecked() else None,
        )

    def reload(self) -> None:
        """Villages, counts and the first page again (after a save, a move or a sync)."""
        if self.session.store is not None:
            self._fill_villages()
            opened = replica.survey_round(self.session.store)
            self.round_opened = opened["opened_at"] if opened else ""
            if opened:
                self.due.setText(self.tr("本轮待更新（{0}）").format(opened["name"]))
            else:
                self.due.setChecked(False)
            self.due.setVisible(bool(opened))
            self.apply()

    def apply(self) -> None:
        """The filters and search as they are now: counts and the first page."""
        store = self.session.store
        if store is None:
            return
        filters = self.filters()
        self.model.set_query(filters, self.search.text())
        if self.table.hasFocus() and self.model.total:
            self.table.selectRow(0)  # Enter opens a record whenever the list has the keys
        overall = RecordFilter(village=filters.village)
        counts = store.count_by_status(overall)
        parts = [f"{status_text(s)} {counts[s]}" for s in counts]
        shown = self.tr("显示 {0} 条").format(self.model.total)
        if self.model.term and self.model.total >= SEARCH_LIMIT:
            shown = self.tr("显示前 {0} 条，请输入更多字缩小范围").format(SEARCH_LIMIT)
        self.counts.setText("　".join([shown, *parts]))
        everywhere = store.count_by_status() if filters.village else counts
        self.counted.emit(everywhere[Status.RETURNED.value])

    def _fill_villages(self) -> None:
        """The villages of the user's township (all of the county's for a county account),
        from the division list: counting them in the store costs a scan of every record."""
        if self.village.count():
            return
        self.village.blockSignals(True)
        self.village.addItem(self.tr("全部村"), "")
        for code, name in self.session.villages():
            self.village.addItem(name, code)
        self.village.blockSignals(False)

    def to_table(self) -> None:
        """Focus on the table, a row chosen, so that Enter opens it (after a search, at
        unlock, back from a record)."""
        if self._debounce.isActive():
            self._debounce.stop()
            self.apply()
        self.table.setFocus()
        if self.model.total and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def chosen(self) -> RecordSummary | None:
        """The record of the current row, when one is selected."""
        if not self.table.selectionModel().hasSelection():
            return None
        return self.model.summary(self.table.currentIndex().row())

    def _deletable(self) -> None:
        """The delete action only for a draft that may go, and its tooltip says why not."""
        record, store = self.chosen(), self.session.store
        why = None
        if record is None or store is None:
            why = self.tr("请先选中一条草稿")
        elif code := store.undeletable(record.id, self.session.user):
            why = render(code, {"record_id": record.id})
        for widget in (self.delete_action, self.delete_button):
            widget.setEnabled(why is None)
        tip = why or self.tr("删除这条从未同步的草稿")
        self.delete_action.setToolTip(tip)
        self.delete_button.setToolTip(f"{tip}（{keys.shown(keys.DELETE)}）")

    def delete_chosen(self) -> None:
        record, store = self.chosen(), self.session.store
        if record is None or store is None or not self.delete_action.isEnabled():
            return
        if self.confirm_delete(record):
            try:
                store.delete_draft(record.id, actor=self.session.user)
            except StoreError as err:
                faults.show(err)
            self.apply()
        self.table.setFocus()  # back from the question, the keys go on in the list

    def confirm_delete(self, record: RecordSummary) -> bool:
        """A yes to the record named (a blank draft has no name: its village and time)."""
        name = record.full_name or self.tr("（未填姓名）")
        question = self.tr("删除草稿“{0}”（{1}，{2} 保存）？删除后不能恢复。").format(
            name, self._village_of(record), local_time(record.updated_at)
        )
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除草稿"), question, parent=self)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _village_of(self, record: RecordSummary) -> str:
        return self.session.division_name(record.village) if record.village else "—"

    def _activated(self, index) -> None:
        record_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if record_id:
            self.open_record.emit(record_id)


def selected_ids(view: QTableView) -> list[str]:
    model = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedRows()})
    return [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in rows]
