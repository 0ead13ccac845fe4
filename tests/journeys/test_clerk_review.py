"""A township clerk's review session with keys only: twenty submitted records walked one
by one (approve and the next is selected; return with a ready-made or a typed reason),
the rest approved together after a confirmation that names their count."""

from __future__ import annotations

import pytest
from keyboard import Keyboard, focused, on_screen
from PySide6.QtCore import Qt
from screens import place, screen  # noqa: F401
from ui_support import answer_dialog, drain_pool, make_session, make_store  # noqa: F401

from collector.ui.main_window import MainWindow
from collector.ui.review import return_reasons
from collector.workflow import Role, Status

CTRL = Qt.KeyboardModifier.ControlModifier
RECORDS = 20
ONE_BY_ONE = 12
OWN_REASON = "电话号码少一位"
pytestmark = pytest.mark.usefixtures("drain_pool")


def test_a_clerk_reviews_twenty_records(qtbot, tmp_path, survey_form, screen):  # noqa: F811
    store = make_store(tmp_path / "data", survey_form, RECORDS, role=Role.TOWNSHIP)
    for summary in store.page(None, 0, RECORDS):
        store.move(summary.id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    window = MainWindow(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(window)
    place(qtbot, window, screen)
    page = window.review
    board = Keyboard(qtbot)

    def status_count(status: Status) -> int:
        return store.count_by_status()[status.value]

    def after(action, status: Status, count: int) -> None:
        action()
        qtbot.waitUntil(lambda: status_count(status) == count, timeout=10_000)
        qtbot.waitUntil(lambda: page.progress.isHidden() and page.queue.hasFocus())

    assert window.stack.currentWidget() is page and focused() is page.queue
    on_screen(window, page.queue, page.reasons, page.approve_button, page.return_button)
    on_screen(window, page.flagged)
    board.press(Qt.Key.Key_Down)  # the first record
    assert len(page.chosen()) == 1

    seen = []
    for number in range(1, ONE_BY_ONE + 1):
        chosen = page.chosen()
        assert len(chosen) == 1 and chosen[0] not in seen, "the next record is not selected"
        seen.append(chosen[0])
        after(lambda: board.press(Qt.Key.Key_Return, CTRL), Status.APPROVED, number)
    assert page.message.text().startswith("1 ")

    # Returned with the first ready-made reason: Ctrl+R asks for it, Down picks it.
    first = page.chosen()[0]
    board.press(Qt.Key.Key_R, CTRL)
    assert focused() in (page.reasons, page.reason)
    assert store.get(first).status == Status.SUBMITTED.value
    board.press(Qt.Key.Key_Down)
    after(lambda: board.press(Qt.Key.Key_Return), Status.RETURNED, 1)
    assert store.get(first).reason == return_reasons(store)[0]
    # And one with a reason of the clerk's own.
    second = page.chosen()[0]
    board.press(Qt.Key.Key_R, CTRL)
    board.text(OWN_REASON)
    after(lambda: board.press(Qt.Key.Key_Return), Status.RETURNED, 2)
    assert store.get(second).reason == OWN_REASON

    # The rest at once: Ctrl+A, Ctrl+Enter, a yes to the count.
    left = page.model.rowCount()
    assert left == RECORDS - ONE_BY_ONE - 2
    board.press(Qt.Key.Key_A, CTRL)
    assert len(page.chosen()) == left
    asked: list[str] = []
    answer_dialog(qtbot, Qt.Key.Key_Return, asked)
    board.press(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: status_count(Status.APPROVED) == RECORDS - 2, timeout=10_000)
    qtbot.waitUntil(page.progress.isHidden)
    assert str(left) in asked[0]
    assert page.model.rowCount() == 0 and status_count(Status.SUBMITTED) == 0
    window.close()
    store.close()
