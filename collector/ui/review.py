"""Township review: submitted records by village, each with its history as a readable
diff; approve, or return with a reason, one record or several at once.

One by one from the keyboard: the arrows walk the queue, Ctrl+Enter approves and Ctrl+R
returns (with a reason typed or picked from the ready-made ones of the settings), and the
next record is selected at once. Several at once are confirmed with their count first.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from collector.changes import changes, label_of, shown
from collector.storage import replica
from collector.storage.settings import RETURN_REASONS
from collector.storage.store import RecordFilter, Store
from collector.ui import keys
from collector.ui.record_list import (
    COLUMN_WIDTHS,
    RecordTableModel,
    local_time,
    selected_ids,
    status_text,
)
from collector.ui.session import Session
from collector.ui.workers import describe_error, run_task
from collector.workflow import Role, Status, WorkflowError, allowed_moves, check_move

VILLAGE_NAME_WIDTH = 120
VILLAGES_LEAST_WIDTH = 260
PANE_SHARES = (0.32, 0.3, 0.38)
"""Villages, queue, record: the record and its history get the most room."""
SCROLL_BAR_ROOM = 24
QUEUE_HIDDEN = (2, 4, 5, 6, 7)
"""Phone, status, problems, reason and time: who and where tell the queue's records apart."""
ROUND_COLUMN = 5
PROGRESS_COLUMNS = (
    Status.SUBMITTED,
    Status.APPROVED,
    Status.RETURNED,
)


class ReviewPage(QWidget):
    moved = Signal()
    """Records changed status (the list and counts elsewhere are stale)."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.villages = QTableWidget(0, 6)
        self.villages.setHorizontalHeaderLabels(
            [
                self.tr("村（社区）"),
                self.tr("已调查"),
                self.tr("待审核"),
                self.tr("已通过"),
                self.tr("已退回"),
                # Shown while the county has a survey round open: the half-yearly refresh.
                self.tr("本轮已更新"),
            ]
        )
        self.villages.setColumnHidden(ROUND_COLUMN, True)
        self.villages.verticalHeader().hide()
        header = self.villages.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Room for a village name beside the counts, whatever the language of the headers,
        # where the screen has it.
        counts = sum(header.sectionSizeHint(c) for c in range(1, self.villages.columnCount()))
        # On a small screen (1024 pixels) the table scrolls sideways instead of widening
        # the window past the screen.
        self.villages.setMinimumWidth(
            min(VILLAGE_NAME_WIDTH + counts + SCROLL_BAR_ROOM, VILLAGES_LEAST_WIDTH)
        )
        self.villages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.villages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.villages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.villages.itemSelectionChanged.connect(self._village_chosen)
        self.model = RecordTableModel(lambda: session.store, session.division_name, self)
        self.queue = QTableView()
        self.queue.setModel(self.model)
        self.queue.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.queue.verticalHeader().hide()
        for column, width in enumerate(COLUMN_WIDTHS):
            self.queue.setColumnWidth(column, width)
        # Every record here is submitted; what tells them apart is who, where and when.
        for column in QUEUE_HIDDEN:
            self.queue.hideColumn(column)
        self.queue.selectionModel().selectionChanged.connect(self._records_chosen)
        self.queue.setTabKeyNavigation(False)
        self.flagged = QCheckBox(self.tr("只看有问题或身份证号重复的"))
        self.flagged.toggled.connect(self._load_queue)
        self.detail = QTextBrowser()
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.clicked.connect(self.approve)
        # An editable list: the ready-made reasons (F4 or Alt+Down), or any typed one.
        self.reasons = QComboBox()
        self.reasons.setEditable(True)
        self.reasons.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # A long ready-made reason must not widen the page past a small screen.
        self.reasons.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.reasons.setMinimumContentsLength(8)
        self.reason: QLineEdit = self.reasons.lineEdit()
        self.reason.setPlaceholderText(self.tr("退回原因（必填）"))
        self.reason.setToolTip(self.tr("可从常用原因中选（F4），也可直接填写"))
        self.reason.textChanged.connect(self._update_buttons)
        self.reason.returnPressed.connect(self.send_back)
        self.return_button = QPushButton(self.tr("退回村里修改"))
        self.return_button.clicked.connect(self.send_back)
        keys.bind(self, keys.APPROVE_NEXT, self.approve, self.approve_button)
        keys.bind(self, keys.RETURN_NEXT, self.send_back, self.return_button)
        self._next_row: int | None = None
        self.progress = QProgressBar()
        self.progress.hide()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._layout()
        self._update_buttons()

    def _layout(self) -> None:
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.addWidget(QLabel(self.tr("各村进度")))
        left_box.addWidget(self.villages)
        middle = QWidget()
        middle_box = QVBoxLayout(middle)
        waiting = QLabel(self.tr("待审核的记录（可按住 Ctrl 或 Shift 多选）"))
        waiting.setWordWrap(True)
        middle_box.addWidget(waiting)
        middle_box.addWidget(self.queue)
        middle_box.addWidget(self.flagged)
        right = QWidget()
        right_box = QVBoxLayout(right)
        right_box.addWidget(QLabel(self.tr("记录内容与修改历史")))
        right_box.addWidget(self.detail, 1)
        right_box.addWidget(self.reasons)
        moves = QHBoxLayout()
        moves.addWidget(self.approve_button, 1)
        moves.addWidget(self.return_button, 1)
        right_box.addLayout(moves)
        right_box.addWidget(self.progress)
        right_box.addWidget(self.message)
        self.splitter = QSplitter()
        for widget in (left, middle, right):
            self.splitter.addWidget(widget)
        QVBoxLayout(self).addWidget(self.splitter)
        self._sized = False

    def showEvent(self, event) -> None:
        # Shares of the width are set once the page has one.
        super().showEvent(event)
        if not self._sized:
            width = self.splitter.width()
            self.splitter.setSizes([int(width * share) for share in PANE_SHARES])
            self._sized = True

    def reload(self) -> None:
        store = self.session.store
        if store is None:
            return
        self._fill_reasons(store)
        progress = store.progress_by_village()
        opened = replica.survey_round(store)
        due = (
            store.progress_by_village(RecordFilter(due_before=opened["opened_at"]))
            if opened
            else {}
        )
        self.villages.setColumnHidden(ROUND_COLUMN, opened is None)
        current = self._village()
        self.villages.blockSignals(True)
        self.villages.setRowCount(0)
        for code in sorted(progress):
            counts = progress[code]
            row = self.villages.rowCount()
            self.villages.insertRow(row)
            name = QTableWidgetItem(self.session.division_name(code))
            name.setData(Qt.ItemDataRole.UserRole, code)
            self.villages.setItem(row, 0, name)
            surveyed = sum(counts.values())
            numbers = [surveyed, *(counts[s.value] for s in PROGRESS_COLUMNS)]
            numbers.append(surveyed - sum(due.get(code, {}).values()))
            for column, number in enumerate(numbers, start=1):
                item = QTableWidgetItem(str(number))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.villages.setItem(row, column, item)
            if code == current:
                self.villages.selectRow(row)
        self.villages.blockSignals(False)
        self._load_queue()

    def _village(self) -> str | None:
        items = self.villages.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _village_chosen(self) -> None:
        self._load_queue()

    def _load_queue(self) -> None:
        waiting, _ = review_step(self.session.role)
        self.model.set_query(
            RecordFilter(
                village=self._village(), status=waiting.value, flagged=self.flagged.isChecked()
            )
        )
        self.detail.clear()
        self._update_buttons()

    def chosen(self) -> list[str]:
        return selected_ids(self.queue)

    def _records_chosen(self) -> None:
        ids = self.chosen()
        self.detail.setHtml(self._describe(ids[0]) if len(ids) == 1 else self._several(ids))
        self._update_buttons()

    def _several(self, ids: list[str]) -> str:
        return html.escape(self.tr("已选 {0} 条记录").format(len(ids))) if ids else ""

    def _describe(self, record_id: str) -> str:
        """The history first (what changed is what a reviewer looks at), then the answers."""
        store, form = self.session.store, self.session.form
        view = store.get(record_id)
        history_title, answers_title = self.tr("修改历史"), self.tr("填写的内容")
        parts = [
            f"<h3>{html.escape(view.data.get('full_name', ''))}</h3>",
            f"<h4>{html.escape(history_title)}</h4>",
            self._history(record_id),
            f"<h4>{html.escape(answers_title)}</h4><table>",
        ]
        for f in form.walk():
            value = shown(form, f.key, view.data.get(f.key))
            if f.holds_answer and value:
                parts.append(
                    f"<tr><td style='color:#555'>{html.escape(label_of(form, f.key))}</td>"
                    f"<td>{html.escape(value)}</td></tr>"
                )
        parts.append("</table>")
        return "".join(parts)

    def _history(self, record_id: str) -> str:
        form = self.session.form
        older: dict | None = None
        entries = []
        for revision in self.session.store.history(record_id):
            head = f"{local_time(revision.created_at)} {revision.author} · "
            head += status_text(revision.status)
            if revision.reason:
                head += self.tr("（原因：{0}）").format(revision.reason)
            found = changes(form, older, revision.data)
            change = self.tr("{0}：{1} → {2}")
            lines = [change.format(c.label, c.old or "—", c.new or "—") for c in found]
            if older is None:
                lines = [self.tr("新建，填写了 {0} 项").format(len(lines))]
            body = "<br>".join(html.escape(line) for line in lines)
            entries.append(f"<p><b>{html.escape(head)}</b><br>{body}</p>")
            older = revision.data
        return "".join(reversed(entries))

    def _update_buttons(self) -> None:
        ids = self.chosen()
        role = self.session.role
        waiting, forward = review_step(role)
        self.approve_button.setEnabled(bool(ids) and _allowed(role, waiting, forward, ""))
        reason = self.reason.text()
        self.return_button.setEnabled(
            bool(ids) and _allowed(role, waiting, Status.RETURNED, reason)
        )

    def _fill_reasons(self, store: Store) -> None:
        typed = self.reason.text()
        self.reasons.blockSignals(True)
        self.reasons.clear()
        self.reasons.addItems(return_reasons(store))
        self.reasons.setCurrentIndex(-1)
        self.reasons.blockSignals(False)
        self.reason.setText(typed)

    def approve(self) -> None:
        if self.approve_button.isEnabled():
            self._move(review_step(self.session.role)[1], "")

    def send_back(self) -> None:
        """Returns with the reason given; without one, asks for it first."""
        if not self.return_button.isEnabled():
            if self.chosen() and not self.reason.text().strip():
                self.reason.setFocus()
                self.message.setText(self.tr("请先填写或选择退回原因，再按回车"))
            return
        self._move(Status.RETURNED, self.reason.text())

    def confirm(self, count: int, new: Status) -> bool:
        """Several records at once only after a yes to their count."""
        question = self.tr("把选中的 {0} 条记录设为“{1}”？").format(count, status_text(new.value))
        answer = QMessageBox.question(
            self,
            self.tr("确认"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _move(self, new: Status, reason: str) -> None:
        ids = self.chosen()
        if len(ids) > 1 and not self.confirm(len(ids), new):
            return
        rows = sorted({i.row() for i in self.queue.selectionModel().selectedRows()})
        # The record after the last one moved takes its place in the queue.
        self._next_row = rows[0] if rows else None
        store, role, actor = self.session.store, self.session.role, self.session.user

        def work(task) -> tuple[int, list[str]]:
            failures = []
            for done, record_id in enumerate(ids, start=1):
                if task.cancelled:
                    break
                try:
                    store.move(record_id, new, role=role, actor=actor, reason=reason)
                except WorkflowError as err:
                    failures.append(str(err))
                task.report(done, len(ids))
            return len(ids) - len(failures), failures

        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        self.progress.setRange(0, len(ids))
        self.progress.show()
        run_task(
            work, lambda result: self._moved(new, result), self._failed, self.progress.setValue
        )

    def _moved(self, new: Status, result: tuple[int, list[str]]) -> None:
        count, failures = result
        self.progress.hide()
        self.reason.clear()
        done = self.tr("{0} 条记录：{1}").format(count, status_text(new.value))
        self.message.setText("\n".join([done, *failures]))
        self.reload()
        self.moved.emit()
        if self._next_row is not None and self.model.rowCount():
            self.queue.selectRow(min(self._next_row, self.model.rowCount() - 1))
        self.queue.setFocus()

    def _failed(self, err: Exception) -> None:
        self.progress.hide()
        self.message.setText(describe_error(err))
        self._update_buttons()


def return_reasons(store: Store) -> list[str]:
    """The ready-made return reasons: the settings' own, else a first few."""
    kept = store.setting(RETURN_REASONS)
    if kept is not None:
        return [line for line in kept.splitlines() if line.strip()]
    translate = QCoreApplication.translate
    return [
        translate("ReviewPage", "身份证号与户口簿不符"),
        translate("ReviewPage", "联系电话不对，请核实"),
        translate("ReviewPage", "务工地点填写不清楚"),
        translate("ReviewPage", "姓名有错别字"),
        translate("ReviewPage", "与其他记录重复，请核实是否同一人"),
    ]


def review_step(role: Role) -> tuple[Status, Status]:
    """The status a role's queue holds and where approving moves it, read from the
    workflow: submitted -> approved for a township, approved -> accepted for the county."""
    for waiting in (Status.SUBMITTED, Status.APPROVED):
        forward = [s for s in allowed_moves(role, waiting) if s != Status.RETURNED]
        if forward:
            return waiting, forward[0]
    return Status.SUBMITTED, Status.APPROVED


def _allowed(role: Role, old: Status, new: Status, reason: str) -> bool:
    try:
        check_move(role, old, new, reason)
    except WorkflowError:
        return False
    return True
