"""The program's keyboard shortcuts in one place: the pages bind them and name them in
their buttons' tooltips from here, and 帮助 → 快捷键 lists them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

NEW = "Ctrl+N"
FIND = "Ctrl+F"
SAVE = "Ctrl+S"
NEXT = "Ctrl+Return"
SUBMIT = "Ctrl+Shift+Return"
BACK = "Esc"
APPROVE_NEXT = "Ctrl+Return"
RETURN_NEXT = "Ctrl+R"
HELP = "F1"
DELETE = "Del"
KEYPAD = {"Ctrl+Return": "Ctrl+Enter", "Ctrl+Shift+Return": "Ctrl+Shift+Enter"}
"""The same action from the Enter key of the number pad."""


def shown(key: str) -> str:
    """The key as its keycap reads ("Ctrl+Enter", not Qt's "Ctrl+Return" or "Ctrl+回车":
    the keycaps of Chinese keyboards are in English)."""
    text = QKeySequence(key).toString(QKeySequence.SequenceFormat.PortableText) or key
    return text.replace("Return", "Enter")


def bind(
    parent: QWidget,
    key: str,
    action: Callable[[], object],
    button: QAbstractButton | None = None,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> None:
    """`key` (and its keypad twin) runs `action` while `parent` shows; the button's tooltip
    names the key."""
    for sequence in (key, KEYPAD.get(key)):
        if sequence:
            shortcut = QShortcut(QKeySequence(sequence), parent, action)
            shortcut.setContext(context)
    if button is not None:
        tip(button, key)


def tip(button: QAbstractButton, key: str) -> None:
    """The button's tooltip names its key."""
    button.setToolTip(f"{button.text()}（{shown(key)}）")


class ShortcutsDialog(QDialog):
    def rows(self) -> list[tuple[str, str, str]]:
        """(where, key, what), in the current language."""
        records, entry, review = self.tr("记录"), self.tr("录入"), self.tr("审核")
        return [
            (records, shown(NEW), self.tr("新建记录")),
            (records, shown(FIND), self.tr("搜索记录（姓名、拼音首字母、身份证号、电话）")),
            (records, "Enter", self.tr("打开选中的记录")),
            (records, shown(DELETE), self.tr("删除选中的草稿（从未同步的）")),
            (entry, "Tab / Enter", self.tr("下一项")),
            (
                entry,
                self.tr("代码或拼音首字母"),
                self.tr("选择选项，如“1”外出务工、“hz”汉族、“cz”初中"),
            ),
            (entry, "↓ / F4", self.tr("打开选项列表")),
            (entry, self.tr("方向键、空格"), self.tr("多选题：在选项间移动、勾选")),
            (entry, shown(SAVE), self.tr("保存草稿")),
            (entry, shown(NEXT), self.tr("提交并录入下一条（同户的地址、调查人、日期带到下一条）")),
            (entry, shown(SUBMIT), self.tr("检查并提交")),
            (entry, shown(BACK), self.tr("返回列表")),
            (review, "↑ / ↓", self.tr("上一条、下一条记录")),
            (review, "Ctrl+A", self.tr("全选（再按审核通过，确认条数后一起通过）")),
            (review, shown(APPROVE_NEXT), self.tr("审核通过并看下一条")),
            (review, shown(RETURN_NEXT), self.tr("退回并看下一条（先选或填写退回原因）")),
            (self.tr("全部"), shown(HELP), self.tr("快捷键")),
        ]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("快捷键"))
        rows = self.rows()
        grid = QTableWidget(len(rows), 3)
        grid.setHorizontalHeaderLabels([self.tr("页面"), self.tr("按键"), self.tr("作用")])
        grid.verticalHeader().hide()
        grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (where, key, what) in enumerate(rows):
            for column, text in enumerate((where, key, what)):
                grid.setItem(row, column, QTableWidgetItem(text))
        grid.setWordWrap(True)
        grid.resizeColumnsToContents()
        grid.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        grid.horizontalHeader().sectionResized.connect(lambda *_: grid.resizeRowsToContents())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(grid)
        box.addWidget(close)
        self.grid = grid
        self.resize(760, 480)
