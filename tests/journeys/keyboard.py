"""A cadre's hands on the keyboard: fills the entry page from the question that has focus
onwards, as a trained cadre does (Enter to move on, a choice by its code or its pinyin
initials, whichever is shorter), and counts every key pressed beyond the typed text.

Used by the journeys in this folder (with qtbot) and by bench/entry.py (with QTest); both
have `keyClick(widget, key, modifier)` and `keyClicks(widget, text)`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from collector.names import name_keys
from collector.ui.editors import ChoiceEditor, LineEditor, MultiEditor, find_choice

MAX_STEPS = 200
"""More focus moves than the form has questions: a loop, not a form."""


class Keyboard:
    """Presses keys through `keys` (qtbot or QTest) and counts them. `typed` counts the
    characters of answers typed as text (names, numbers), which are not keystrokes to
    save; `pressed` counts everything else: moving on, choosing, shortcuts."""

    def __init__(self, keys: Any):
        self.keys = keys
        self.pressed = 0
        self.typed = 0
        self.log: list[str] = []
        """The keys that chose, for a failure's message."""

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
        self.pressed += 1
        self.keys.keyClick(widget or focused(), key, modifier)

    def choose(self, text: str, widget=None) -> None:
        """Keys that pick a choice (a code, initials): they count as keystrokes."""
        self.pressed += len(text)
        self.log.append(text)
        self.keys.keyClicks(widget or focused(), text)

    def text(self, text: str, widget=None) -> None:
        """An answer typed as text; Chinese arrives as an input method commits it."""
        widget = widget or focused()
        self.typed += len(text)
        if text.isascii():
            self.keys.keyClicks(widget, text)
            return
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"
    return widget


def row_with_focus(page) -> Any:
    """The entry row whose editor has focus, or None (focus on a button)."""
    widget = QApplication.focusWidget()
    for row in page.rows.values():
        editor = row.editor
        if widget in editor.key_widgets:
            return row
        if isinstance(editor, ChoiceEditor) and widget is editor.combo.lineEdit():
            return row
    return None


def shortest_key(items: list[tuple[str, str]], target: int, unique: bool = False) -> str:
    """The fewest keys that pick `items[target]`: its code, or the start of its pinyin
    initials or full pinyin, such that no shorter start picks something else first (a
    tick box ticks at the first key that names one)."""
    code, label = items[target]
    initials, full = name_keys(label)
    best = None
    for word in (code, *initials.split("|"), full):
        for end in range(1, len(word) + 1):
            found = find_choice(word[:end], items, unique=unique)
            if found is None:
                continue
            if found == target and (best is None or end < len(best)):
                best = word[:end]
            if unique or found == target:
                break
    assert best is not None, f"no keys pick {label}"
    return best


def fill_from_focus(board: Keyboard, page, record: dict[str, Any]) -> list[str]:
    """Answers every question from the one with focus to the end of the form as `record`
    says (an empty answer is left empty), pressing Enter after each; returns the names of
    the questions answered. Fails when a question does not take what was typed."""
    answered = []
    for _step in range(MAX_STEPS):
        row = row_with_focus(page)
        if row is None:
            return answered
        name = row.field.name
        wanted = record.get(name)
        typing = wanted not in (None, "", []) and row.editor.value() != _stored(row, wanted)
        if typing:
            answer(board, row, wanted)
        board.press(Qt.Key.Key_Return)
        if typing:
            got = row.editor.value()
            assert got == _stored(row, wanted), (
                f"{name}: typed {wanted!r}, it holds {got!r}; last keys {board.log[-4:]}"
            )
            answered.append(name)
    raise AssertionError("Enter never left the form")


def _stored(row, wanted: Any) -> Any:
    if isinstance(row.editor, MultiEditor):
        return [name for name in row.editor.boxes if name in wanted] or None
    return str(wanted)


def answer(board: Keyboard, row, wanted: Any) -> None:
    editor = row.editor
    if isinstance(editor, MultiEditor):
        for code in wanted:
            index = [name for name, _label in editor.items].index(code)
            board.choose(shortest_key(editor.items, index, unique=True))
        return
    if isinstance(editor, ChoiceEditor):
        items = editor.combo.items()
        index = editor.combo.findData(str(wanted))
        assert index > 0, f"{row.field.name}: {wanted!r} is not offered"
        if editor.searchable:
            # Typed into the line, taken when Enter (pressed next) leaves it.
            if editor.combo.lineEdit().text():
                board.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            board.choose(shortest_key(items, index))
        else:
            board.choose(shortest_key(items, index))
        return
    assert isinstance(editor, LineEditor)
    if editor.edit.text():
        board.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier, editor.edit)
    board.text(str(wanted), editor.edit)


def on_screen(window, *widgets: QWidget) -> None:
    """Each widget shows, whole, inside the window, which fits its screen."""
    room = window.rect()
    for widget in widgets:
        name = widget.text() if isinstance(widget, QAbstractButton) else type(widget).__name__
        assert widget.isVisible(), f"{name} is hidden"
        corner = widget.mapTo(window, widget.rect().topLeft())
        shown = widget.rect().translated(corner)
        assert room.contains(shown), f"{name} at {shown} is outside the window {room}"
