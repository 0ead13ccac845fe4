"""Conflicts: a record changed in the same field on this laptop and on the server.

The page lists the open conflicts; for one, each disputed field shows the common
ancestor's value, this laptop's and the server's side by side (labels from the form,
choice labels, not codes), and the person picks one side per field or types the right
value. Saving makes a new revision (`replica.resolve`) and syncs it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from collector.changes import changes, label_of, shown
from collector.merge import DELETED_FIELD, STATUS_FIELD
from collector.storage import replica
from collector.storage.replica import ConflictView
from collector.ui import style
from collector.ui.editors import Editor, editor_for
from collector.ui.record_list import local_time, status_text
from collector.ui.session import Session
from collector.ui.workers import describe_error

LOCAL, SERVER, TYPED = range(3)
LIST_WIDTH = 300
COLUMN_SHARES = (0, 2, 2, 2, 3)
"""Item, ancestor, laptop, server, typed value: the values share the width."""


def field_label(session: Session, name: str) -> str:
    if name == STATUS_FIELD:
        return QCoreApplication.translate("ConflictsPage", "审核状态")
    if name == DELETED_FIELD:
        return QCoreApplication.translate("ConflictsPage", "删除")
    return label_of(session.form, name)


def value_text(session: Session, name: str, value: Any) -> str:
    if name == STATUS_FIELD:
        return status_text(value) if value else ""
    if name == DELETED_FIELD:
        return (
            QCoreApplication.translate("ConflictsPage", "已删除")
            if value
            else QCoreApplication.translate("ConflictsPage", "保留")
        )
    return shown(session.form, name, value)


class FieldChoice:
    """One disputed field's row: ancestor, this laptop, the server, or a typed value."""

    def __init__(self, page: ConflictsPage, grid: QGridLayout, row: int, field: dict):
        self.field = field
        self.name = field["name"]
        session = page.session
        empty = QCoreApplication.translate("ConflictsPage", "（空）")
        name_label = QLabel(field_label(session, self.name))
        name_label.setStyleSheet("font-weight: bold;")
        base = QLabel(value_text(session, self.name, field["base"]) or empty)
        base.setStyleSheet(style.READ_ONLY)
        base.setWordWrap(True)
        self.group = QButtonGroup(page)
        self.local = QRadioButton(value_text(session, self.name, field["incoming"]) or empty)
        self.server = QRadioButton(value_text(session, self.name, field["current"]) or empty)
        self.group.addButton(self.local, LOCAL)
        self.group.addButton(self.server, SERVER)
        grid.addWidget(name_label, row, 0)
        grid.addWidget(base, row, 1)
        grid.addWidget(self.local, row, 2)
        grid.addWidget(self.server, row, 3)
        self.editor: Editor | None = None
        if self.name not in (STATUS_FIELD, DELETED_FIELD):
            self.typed = QRadioButton(QCoreApplication.translate("ConflictsPage", "改为"))
            self.group.addButton(self.typed, TYPED)
            self.editor = editor_for(session.form, session.form.field(self.name))
            self.editor.set_value(field["incoming"])
            self.editor.set_editable(False)
            self.editor.changed.connect(page.update_save)
            self.typed.toggled.connect(self.editor.set_editable)
            typed = QHBoxLayout()
            typed.addWidget(self.typed)
            typed.addWidget(self.editor.widget, 1)
            grid.addLayout(typed, row, 4)
        self.group.idToggled.connect(lambda _id, _on: page.update_save())

    def chosen(self) -> bool:
        return self.group.checkedId() != -1

    def value(self) -> Any:
        which = self.group.checkedId()
        if which == LOCAL:
            return self.field["incoming"]
        if which == SERVER:
            return self.field["current"]
        return self.editor.value()


class ConflictsPage(QWidget):
    def __init__(self, session: Session, controller=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.controller = controller
        self.conflicts: list[ConflictView] = []
        self.rows: list[FieldChoice] = []
        title = QLabel(self.tr("冲突"))
        title.setStyleSheet(style.TITLE)
        explain = QLabel(
            self.tr(
                "同一条记录在本机和县服务器上都被改动了同一项。请逐项选择保留哪一边的值，"
                "或填写正确的值，然后保存；保存后会自动上传。"
            )
        )
        explain.setWordWrap(True)
        self.list = QListWidget()
        self.list.setMinimumWidth(LIST_WIDTH)
        self.list.currentRowChanged.connect(self._show)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.record_id = QLabel()
        self.record_id.setStyleSheet(style.HINT)
        self.record_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.save_button = QPushButton(self.tr("保存选择"))
        self.save_button.clicked.connect(self.save)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.empty = QLabel(self.tr("没有待处理的冲突"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("font-size: 14pt; color: #666666;")
        detail = QWidget()
        right = QVBoxLayout(detail)
        right.addWidget(self.heading)
        right.addWidget(self.record_id)
        right.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        right.addLayout(buttons)
        self.split = QSplitter()
        self.split.addWidget(self.list)
        self.split.addWidget(detail)
        self.split.setStretchFactor(1, 1)
        box = QVBoxLayout(self)
        box.addWidget(title)
        box.addWidget(explain)
        box.addWidget(self.split, 1)
        box.addWidget(self.empty, 1)
        box.addWidget(self.message)

    def reload(self) -> None:
        store = self.session.store
        if store is None:
            return
        current = self.list.currentRow()
        self.conflicts = replica.open_conflicts(store)
        self.list.blockSignals(True)
        self.list.clear()
        for conflict in self.conflicts:
            item = QListWidgetItem(
                f"{conflict.full_name} · {self.session.division_name(conflict.village)}\n"
                + self.tr("{0} 项待定 · {1}").format(
                    len(conflict.fields), local_time(conflict.created_at)
                )
            )
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.split.setVisible(bool(self.conflicts))
        self.empty.setVisible(not self.conflicts)
        if self.conflicts:
            self.list.setCurrentRow(min(max(current, 0), len(self.conflicts) - 1))
            self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.conflicts):
            return
        conflict = self.conflicts[row]
        self.heading.setText(
            f"{conflict.full_name} · {self.session.division_name(conflict.village)}"
        )
        self.record_id.setText(self.tr("记录编号 {0}").format(conflict.record_id))
        # A fresh widget per conflict: the old rows' editors and buttons go with it.
        holder = QWidget()
        grid = QGridLayout(holder)
        for column, text in enumerate(
            (
                self.tr("项目"),
                self.tr("原来的值"),
                self.tr("本机的值"),
                self.tr("服务器上的值"),
                self.tr("或者改为"),
            )
        ):
            header = QLabel(text)
            header.setStyleSheet("font-weight: bold; color: #444444;")
            grid.addWidget(header, 0, column)
        self.rows = [
            FieldChoice(self, grid, number, field)
            for number, field in enumerate(conflict.fields, start=1)
        ]
        grid.setHorizontalSpacing(24)
        for column, share in enumerate(COLUMN_SHARES):
            grid.setColumnStretch(column, share)
        merged = QLabel(self._merged_text(conflict))
        merged.setWordWrap(True)
        merged.setStyleSheet(style.HINT)
        grid.addWidget(merged, len(self.rows) + 1, 0, 1, len(COLUMN_SHARES))
        grid.setRowStretch(len(self.rows) + 2, 1)
        self.scroll.setWidget(holder)
        self.update_save()

    def _merged_text(self, conflict: ConflictView) -> str:
        """The other changes, which the merge took without asking."""
        disputed = {f["name"] for f in conflict.fields}
        form = self.session.form
        taken = [
            self.tr("{0}：{1}").format(change.label, change.new or "—")
            for side in (conflict.local, conflict.remote)
            for change in changes(form, conflict.base, side)
            if change.field not in disputed and change.field != STATUS_FIELD
        ]
        if not taken:
            return ""
        return self.tr("其他改动已自动合并：{0}").format(self.tr("；").join(dict.fromkeys(taken)))

    def update_save(self) -> None:
        self.save_button.setEnabled(bool(self.rows) and all(r.chosen() for r in self.rows))

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.conflicts[row] if 0 <= row < len(self.conflicts) else None

    def save(self) -> None:
        conflict = self.current()
        if conflict is None or not all(r.chosen() for r in self.rows):
            return
        chosen = {r.name: r.value() for r in self.rows}
        try:
            replica.resolve(
                self.session.store, conflict.id, chosen, author=self.session.user or "user"
            )
        except Exception as err:  # said plainly; the conflict stays open
            self.message.setStyleSheet(style.ERROR)
            self.message.setText(describe_error(err))
            return
        self.reload()
        self.message.setStyleSheet("")
        self.message.setText(self.tr("已保存，将上传到县服务器"))
        if self.controller is not None:
            self.controller.sync_now()
