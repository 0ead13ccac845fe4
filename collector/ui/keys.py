"""The program's keyboard shortcuts, in one table: the buttons' tooltips and the page
帮助 → 快捷键 read them from here, so what is shown is what works."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
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
KEYPAD = {"Ctrl+Return": "Ctrl+Enter", "Ctrl+Shift+Return": "Ctrl+Shift+Enter"}
"""The same action from the Enter key of the number pad."""


def _t(text: str) -> str:
    return QCoreApplication.translate("Keys", text)


def table() -> list[tuple[str, str, str]]:
    """(where, key, what) for the help page, in the current language."""
    return [
        (_t("记录"), shown(NEW), _t("新建记录")),
        (_t("记录"), shown(FIND), _t("搜索记录（姓名、拼音首字母、身份证号、电话）")),
        (_t("记录"), "Enter", _t("打开选中的记录")),
        (_t("录入"), "Tab / Enter", _t("下一项")),
        (_t("录入"), _t("代码或拼音首字母"), _t("选择选项，如“1”外出务工、“hz”汉族、“cz”初中")),
        (_t("录入"), "↓ / F4", _t("打开选项列表")),
        (_t("录入"), _t("方向键、空格"), _t("多选题：在选项间移动、勾选")),
        (_t("录入"), shown(SAVE), _t("保存草稿")),
        (_t("录入"), shown(NEXT), _t("提交并录入下一条（同户的地址、调查人、日期带到下一条）")),
        (_t("录入"), shown(SUBMIT), _t("检查并提交")),
        (_t("录入"), shown(BACK), _t("返回列表")),
        (_t("审核"), "↑ / ↓", _t("上一条、下一条记录")),
        (_t("审核"), shown(APPROVE_NEXT), _t("审核通过并看下一条")),
        (_t("审核"), shown(RETURN_NEXT), _t("退回并看下一条（先选或填写退回原因）")),
        (_t("全部"), shown(HELP), _t("快捷键")),
    ]


def shown(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) or key


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
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("快捷键"))
        rows = table()
        grid = QTableWidget(len(rows), 3)
        grid.setHorizontalHeaderLabels([self.tr("页面"), self.tr("按键"), self.tr("作用")])
        grid.verticalHeader().hide()
        grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (where, key, what) in enumerate(rows):
            for column, text in enumerate((where, key, what)):
                grid.setItem(row, column, QTableWidgetItem(text))
        grid.resizeColumnsToContents()
        grid.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(grid)
        box.addWidget(close)
        self.grid = grid
        self.resize(760, 480)
