"""One entry widget per kind of question, all with the same small interface: `value()`,
`set_value()`, `clear()`, `set_choices()` for selects, and a `changed` signal.

Choices are picked the way CSPro's and ODK's field staff pick them: by typing the choice's
code ("1" = 外出务工) or the pinyin initials of its label ("hz" = 汉族, "cz" = 初中). A
closed choice never changes under the mouse wheel or the arrow keys: the wheel scrolls the
form, Down opens the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from collector.forms.model import Field, FieldType, Form, pick_text
from collector.names import name_keys
from collector.ui import style

MULTI_COLUMNS = 3
MULTI_WIDTH = 540
"""Pixels the tick boxes of a question may take side by side: what a 1024-pixel screen
leaves beside the labels. Long labels (English ones) get fewer columns."""
SEARCHABLE = 15
"""Lists longer than this (or marked autocomplete) take typed text to find a choice."""
TYPE_AHEAD_MS = 1000
"""Keys typed within this time of each other spell one code or one set of initials."""
OPEN_KEYS = frozenset({Qt.Key.Key_Down, Qt.Key.Key_F4})
STILL_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End}
)
"""Keys that would step a closed list to another choice."""


def find_choice(typed: str, items: list[tuple[str, str]], unique: bool = False) -> int | None:
    """The index in `items` (code, label) of the choice `typed` names: its code ("1" also
    finds "01"), else the first (with `unique`, the only) label whose pinyin initials or
    full pinyin begin with it, or that begins with it."""
    typed = typed.strip().lower()
    if not typed:
        return None
    for i, (code, _label) in enumerate(items):
        same_number = code.isdigit() and typed.isdigit() and int(code) == int(typed)
        if code.lower() == typed or same_number:
            return i
    found = [i for i, (_code, label) in enumerate(items) if _spelled(typed, label)]
    if unique and len(found) != 1:
        return None
    return found[0] if found else None


def _spelled(typed: str, label: str) -> bool:
    initials, full = name_keys(label)
    keys = [*initials.split("|"), full, label.lower()]
    return any(key.startswith(typed) for key in keys)


class TypeAhead:
    """Printable keys typed close together, as one word."""

    def __init__(self):
        self.typed = ""
        self.clock = QElapsedTimer()

    def add(self, event: QKeyEvent) -> str | None:
        """The word so far, or None when the key is not a printable one."""
        text = event.text()
        if (
            not text
            or not text.isprintable()
            or event.modifiers()
            & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier)
        ):
            return None
        if not self.clock.isValid() or self.clock.elapsed() > TYPE_AHEAD_MS:
            self.typed = ""
        self.clock.start()
        self.typed += text
        return self.typed

    def reset(self) -> None:
        self.typed = ""


class ChoiceBox(QComboBox):
    """A dropdown that changes only when the cadre means it (see the module's docstring)."""

    picked = Signal()

    def __init__(self):
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.type_ahead = TypeAhead()

    def items(self) -> list[tuple[str, str]]:
        return [(self.itemData(i) or "", self.itemText(i)) for i in range(self.count())]

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()

    def focusOutEvent(self, event) -> None:
        # Keys typed here for the last record must not begin the word for the next.
        self.type_ahead.reset()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in OPEN_KEYS:  # with Alt too, as Qt's own
            self.showPopup()
            return
        if event.key() in STILL_KEYS and plain:
            event.ignore()
            return
        if not self.isEditable():
            typed = self.type_ahead.add(event)
            if typed is not None:
                index = find_choice(typed, self.items())
                if index is not None and index != self.currentIndex():
                    self.setCurrentIndex(index)
                    self.picked.emit()
                return
        super().keyPressEvent(event)


class Editor(QObject):
    changed = Signal()

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.widget = widget

    @property
    def focus_widget(self) -> QWidget:
        return self.widget

    @property
    def key_widgets(self) -> list[QWidget]:
        """The widgets that take keys (Enter moves on from each)."""
        return [self.focus_widget]

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        self.set_value(None)

    def set_choices(self, items: list[tuple[str, str]]) -> None:
        """Only selects have choices."""

    def set_editable(self, editable: bool) -> None:
        self.widget.setEnabled(editable)


class LineEditor(Editor):
    def __init__(self, placeholder: str = "", read_only: bool = False):
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        super().__init__(edit)
        self.edit = edit
        self.derived = read_only
        if read_only:
            edit.setReadOnly(True)
            edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            edit.setStyleSheet(style.READ_ONLY)
        edit.textEdited.connect(self.changed)

    def value(self) -> Any:
        return self.edit.text().strip() or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def set_editable(self, editable: bool) -> None:
        # A derived field stays read-only; any other follows the record it shows.
        self.edit.setReadOnly(self.derived or not editable)


class ChoiceEditor(Editor):
    def __init__(self, searchable: bool):
        combo = ChoiceBox()
        combo.setMinimumContentsLength(12)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        super().__init__(combo)
        self.combo = combo
        self.searchable = searchable
        if searchable:
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            combo.lineEdit().editingFinished.connect(self._typed)
        combo.activated.connect(lambda _i: self.changed.emit())
        combo.picked.connect(self.changed)

    def _typed(self) -> None:
        # A typed name, a code, pinyin initials or a part only one choice contains ("吾"
        # for 维吾尔族) select that choice; anything else leaves no answer.
        text = self.combo.currentText().strip()
        index = self.combo.findText(text)
        if index < 0 and text:
            by_code = find_choice(text, self.combo.items())
            index = -1 if by_code is None else by_code
        if index < 0 and text:
            found = [i for i in range(1, self.combo.count()) if text in self.combo.itemText(i)]
            index = found[0] if len(found) == 1 else -1
        before = self.value()
        self.combo.setCurrentIndex(max(index, 0))
        if index <= 0:
            self.combo.setEditText("")
        if self.value() != before:
            self.changed.emit()

    def value(self) -> Any:
        return self.combo.currentData() or None

    def set_value(self, value: Any) -> None:
        self.combo.setCurrentIndex(max(self.combo.findData(value), 0) if value else 0)
        if self.searchable and not value:
            self.combo.setEditText("")

    def set_choices(self, items: list[tuple[str, str]]) -> None:
        current = self.value()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", "")
        for name, label in items:
            self.combo.addItem(label, name)
        self.set_value(current)
        self.combo.blockSignals(False)


class MultiEditor(Editor):
    """Tick boxes that take one Tab together: the arrows move between them, Space ticks,
    and a typed code (or initials only one label has) ticks or clears its box."""

    def __init__(self, items: list[tuple[str, str]]):
        super().__init__(QWidget())
        grid = QGridLayout(self.widget)
        grid.setContentsMargins(0, 0, 0, 0)
        self.items = items
        self.boxes: dict[str, QCheckBox] = {}
        self.type_ahead = TypeAhead()
        for i, (name, label) in enumerate(items):
            box = QCheckBox(label)
            box.setFocusPolicy(Qt.FocusPolicy.StrongFocus if i == 0 else Qt.FocusPolicy.ClickFocus)
            box.clicked.connect(lambda _checked: self.changed.emit())
            box.installEventFilter(self)
            self.boxes[name] = box
        widest = max((box.sizeHint().width() for box in self.boxes.values()), default=1)
        self.columns = max(1, min(MULTI_COLUMNS, MULTI_WIDTH // widest))
        for i, box in enumerate(self.boxes.values()):
            grid.addWidget(box, i // self.columns, i % self.columns)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.type_ahead.reset()
        if event.type() != QEvent.Type.KeyPress:
            return False
        boxes = list(self.boxes.values())
        at = boxes.index(watched)
        step = {
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -self.columns,
            Qt.Key.Key_Down: self.columns,
        }.get(event.key())
        if step is not None:
            boxes[min(max(at + step, 0), len(boxes) - 1)].setFocus()
            return True
        typed = self.type_ahead.add(event)
        if typed is None or event.key() == Qt.Key.Key_Space:
            return False
        index = find_choice(typed, self.items, unique=True)
        if index is not None:
            self.type_ahead.reset()
            boxes[index].setFocus()
            boxes[index].click()
        return True

    @property
    def focus_widget(self) -> QWidget:
        return next(iter(self.boxes.values()), self.widget)

    @property
    def key_widgets(self) -> list[QWidget]:
        return list(self.boxes.values())

    def value(self) -> Any:
        return [name for name, box in self.boxes.items() if box.isChecked()] or None

    def set_value(self, value: Any) -> None:
        chosen = set(value if isinstance(value, list | tuple) else str(value or "").split())
        for name, box in self.boxes.items():
            box.setChecked(name in chosen)


def choice_items(form: Form, f: Field) -> list[tuple[str, str]]:
    choice_list = form.choice_list(f)
    if choice_list is None:
        return []
    return [(c.name, pick_text(c.label) or c.name) for c in choice_list.choices]


def placeholder(ftype: FieldType) -> str:
    if ftype == FieldType.DATE:
        return QCoreApplication.translate("Editors", "年-月-日，如 2026-11-02")
    if ftype == FieldType.ID_NUMBER:
        return QCoreApplication.translate("Editors", "18 位")
    if ftype == FieldType.MOBILE:
        return QCoreApplication.translate("Editors", "11 位手机号码")
    return ""


def editor_for(form: Form, f: Field) -> Editor:
    items = choice_items(form, f)
    if f.is_multi_select:
        return MultiEditor(items)
    if f.is_select and not f.read_only:
        editor = ChoiceEditor("autocomplete" in f.appearance or len(items) > SEARCHABLE)
        if not f.choice_filter:
            editor.set_choices(items)
        return editor
    read_only = f.read_only or f.type == FieldType.CALCULATE
    return LineEditor(placeholder(f.type), read_only=read_only)


class MessageLine(QWidget):
    """The message beside a question. Unlike a QLabel, a new text repaints this widget
    alone: a QLabel asks the whole form to be laid out and painted again, at every
    keystroke of an ID number whose message quotes what is typed. Its height changes
    only when the message needs another line."""

    def __init__(self):
        super().__init__()
        self._text = ""
        self._color = QColor(style.ERROR_COLOR)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing())
        self.hide()

    def text(self) -> str:
        return self._text

    def set_message(self, text: str, color: str) -> None:
        self._text, self._color = text, QColor(color)
        if text:
            needed = (
                self.fontMetrics()
                .boundingRect(0, 0, max(self.width(), 200), 10_000, WRAP, text)
                .height()
            )
            if needed != self.height():
                self.setFixedHeight(needed)
        self.setVisible(bool(text))
        self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._text:
            self.set_message(self._text, self._color.name())

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setPen(self._color)
        painter.drawText(self.rect(), WRAP, self._text)


WRAP = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
