"""The record list: lazy paging over the store, filters, search, counts, returned rows."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_support import make_session, make_store

from collector.names import name_keys
from collector.ui import record_list
from collector.ui.record_list import RecordListPage
from collector.ui.style import RETURNED_BACKGROUND
from collector.workflow import Role, Status

COUNT = 450


@pytest.fixture(scope="module")
def filled(tmp_path_factory, survey_form):
    data_dir = tmp_path_factory.mktemp("records") / "data"
    store = make_store(data_dir, survey_form, COUNT)
    first = store.page(None, 0, 3)
    for summary in first[:2]:
        store.move(summary.id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    store.move(first[0].id, Status.RETURNED, role=Role.TOWNSHIP, actor="王", reason="电话号码不对")
    yield data_dir, store
    store.close()


@pytest.fixture
def page(qtbot, filled, survey_form):
    data_dir, store = filled
    widget = RecordListPage(make_session(data_dir, survey_form, store))
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.reload()
    return widget


def test_villages_are_the_county_list(page, survey_form):
    assert page.village.count() == 1 + len(page.session.divisions_of_level("village")) > 100


def test_pages_are_fetched_only_when_shown(page, monkeypatch):
    model = page.model
    assert model.rowCount() == COUNT
    assert len(model._pages) == 1  # the view asked for the rows on screen only
    last = model.index(COUNT - 1, 0)
    assert model.data(last) and len(model._pages) == 2
    ids = {model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(COUNT)}
    assert len(ids) == COUNT


def test_old_pages_are_let_go(page, monkeypatch):
    monkeypatch.setattr(record_list, "KEPT_PAGES", 1)
    page.model.data(page.model.index(COUNT - 1, 0))
    page.model.data(page.model.index(0, 0))
    assert list(page.model._pages) == [0]


def test_filters_and_counts(page):
    page.status.setCurrentIndex(page.status.findData(Status.SUBMITTED.value))
    assert page.model.rowCount() == 1
    assert "已提交 1" in page.counts.text() and "草稿 448" in page.counts.text()
    page.status.setCurrentIndex(0)
    page.returned.setChecked(True)
    assert page.model.rowCount() == 1
    village = page.model.summary(0).village
    page.returned.setChecked(False)
    page.village.setCurrentIndex(page.village.findData(village))
    shown = page.model.rowCount()
    assert 0 < shown < COUNT
    assert all(page.model.summary(r).village == village for r in range(shown))


def test_returned_records_stand_out_with_their_reason(page):
    page.returned.setChecked(True)
    index = page.model.index(0, 6)
    assert page.model.data(index) == "电话号码不对"
    brush = page.model.data(index, Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == RETURNED_BACKGROUND
    assert "电话号码不对" in page.model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_search_by_name_pinyin_id_and_phone(qtbot, page, filled):
    person = filled[1].page(None, 10, 1)[0]
    initials = name_keys(person.full_name)[0]
    for term in (person.full_name, initials, person.id_number[:10], person.phone[:7]):
        page.search.setText(term)
        qtbot.waitUntil(lambda term=term: page.model.term == term, timeout=2000)
        names = [page.model.summary(r).id for r in range(page.model.rowCount())]
        assert person.id in names
    page.search.setText("zz-no-such")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)


def test_double_click_opens_the_record(qtbot, page):
    index = page.model.index(3, 0)
    with qtbot.waitSignal(page.open_record) as opened:
        page.table.doubleClicked.emit(index)
    assert opened.args == [page.model.data(index, Qt.ItemDataRole.UserRole)]


def test_the_servers_word_on_a_record_shows_in_the_list(page, filled):
    from collector.storage import replica
    from collector.wire import Outcome

    _, store = filled
    record = store.page(None, 0, 1)[0]
    head = store.get(record.id).head
    refused = Outcome(
        revision=head, record_id=record.id, outcome="rejected", code="sync.out_of_scope",
        message="不在本账号的辖区内", message_en="Outside this account's area",
    )  # fmt: skip
    replica.apply_outcomes(store, [refused])
    page.reload()
    column = record_list.COLUMNS.index("sync_note")
    row = _row_of(page, record.id)
    cell = page.model.index(row, column)
    assert page.model.data(cell) == "不在本账号的辖区内"
    assert "不在本账号的辖区内" in page.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "县服务器意见"
    # Once a later revision of it reaches the server, the note goes.
    replica.apply_outcomes(store, [Outcome(revision=head, record_id=record.id, outcome="accepted")])
    page.reload()
    assert page.model.data(page.model.index(row, column)) == ""


def test_a_duplicate_note_names_the_other_person_never_a_record_id(page, filled, caplog):
    """The county says an ID number is in other records too: the list names those this
    laptop holds (name and village) and counts the others."""
    import logging
    import re
    import uuid

    from collector.storage import replica
    from collector.wire import Outcome

    caplog.set_level(logging.DEBUG)
    _, store = filled
    mine, other = store.page(None, 0, 5)[3:5]
    away = str(uuid.uuid4())
    twice = Outcome(
        revision=store.get(mine.id).head, record_id=mine.id, outcome="accepted",
        duplicates=[other.id, away],
    )  # fmt: skip
    replica.apply_outcomes(store, [twice])
    page.reload()
    row = _row_of(page, mine.id)
    shown = page.model.data(page.model.index(row, record_list.COLUMNS.index("sync_note")))
    village = page.session.division_name(other.village)
    assert village != other.village
    named = f"{other.full_name}（{village}）"
    assert shown == f"身份证号与其他记录相同：{named}、另有 1 条记录（不在本机）"
    note = replica.sync_note(store, mine.id)
    assert note["en"] == (
        f"The ID number is also in: {other.full_name} ({village}); 1 more record not on this laptop"
    )
    uuid_shape = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
    assert not uuid_shape.search(note["zh"] + note["en"])
    assert other.full_name not in caplog.text


def test_records_in_conflict_are_marked_and_can_be_listed_alone(qtbot, tmp_path, survey_form):
    from test_replica_resolve import deleted_elsewhere

    from collector.demo_data import SurveyRecords

    store, record, _ = deleted_elsewhere(tmp_path, survey_form)
    store.save_many(survey_form, SurveyRecords(survey_form, seed=9).take(3), author="a")
    page = RecordListPage(make_session(tmp_path / "store", survey_form, store))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.reload()
    model = page.model
    assert model.rowCount() == 4
    marked = {}
    for row in range(4):
        first, status = model.index(row, 0), model.index(row, record_list.COLUMNS.index("status"))
        tip = model.data(status, Qt.ItemDataRole.ToolTipRole) or ""
        icon = model.data(first, Qt.ItemDataRole.DecorationRole)
        marked[model.data(first, Qt.ItemDataRole.UserRole)] = (
            icon is not None,
            "有冲突，待处理" in tip,
        )
    assert marked.pop(record) == (True, True)
    assert set(marked.values()) == {(False, False)}
    # The filter, from the keyboard.
    page.conflicted.setFocus()
    qtbot.keyClick(page.conflicted, Qt.Key.Key_Space)
    assert page.conflicted.isChecked()
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole) == record
    assert page.counts.text().startswith("显示 1 条")
    store.close()


def _row_of(page, record_id):
    model = page.model
    return next(
        r
        for r in range(model.rowCount())
        if model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) == record_id
    )


def test_a_draft_saved_by_accident_is_deleted_with_the_delete_key(qtbot, tmp_path, survey_form):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from collector.storage import replica
    from collector.wire import Outcome

    store = make_store(tmp_path / "data", survey_form, 3)
    blank = store.save(survey_form, {}, author="李明").record_id
    sent, submitted, kept = (s.id for s in store.page(None, 0, 4) if s.id != blank)
    store.move(submitted, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    accepted = Outcome(revision=store.get(sent).head, record_id=sent, outcome="accepted")
    replica.apply_outcomes(store, [accepted])
    page = RecordListPage(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    page.activateWindow()  # as the window manager does with a new window
    qtbot.waitUntil(page.isActiveWindow)
    page.reload()
    page.to_table()

    def choose(record_id):
        page.table.selectRow(_row_of(page, record_id))
        return page.delete_action.isEnabled(), page.delete_button.toolTip()

    # Sent to the server, or submitted: not here, and the button says why.
    assert choose(sent)[0] is False and "县服务器" in choose(sent)[1]
    assert choose(submitted)[0] is False and "只能删除草稿" in choose(submitted)[1]
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)  # nothing asks, nothing goes
    assert store.get(submitted) is not None
    assert choose(kept)[0] is True

    asked = []

    def answer(button):
        # The page's own question: a box another test left open is not it.
        box = next((b for b in page.findChildren(QMessageBox) if b.isVisible()), None)
        if box is None:  # not shown yet
            QTimer.singleShot(10, lambda: answer(button))
            return
        asked.append(box.text())
        qtbot.keyClick(box.button(button), Qt.Key.Key_Space)

    # No first: the draft stays.
    assert choose(blank) == (True, "删除这条从未同步的草稿（Del）")
    assert QApplication.focusWidget() is page.table
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert store.get(blank) is not None
    page.activateWindow()  # the window manager's part, when the question closes
    qtbot.waitUntil(page.isActiveWindow)
    assert QApplication.focusWidget() is page.table
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    village = page.session.division_name(store.page(None, 0, 1)[0].village)
    assert len(asked) == 2, asked
    assert asked[0] == asked[1]
    assert asked[0].startswith("删除草稿“（未填姓名）”（")
    assert store.get(blank) is None
    assert model_ids(page) == {sent, submitted, kept}
    assert store.history(blank) == []
    [entry] = [e for e in store.audit_entries() if e["action"] == "record.delete_draft"]
    assert (entry["record_id"], entry["actor"], entry["detail"]) == (blank, "李明", "{}")
    assert store.verify_audit()[1] is None
    # A named one is named in the question.
    person = store.get(kept).data["full_name"]
    choose(kept)
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    page.delete_button.click()
    assert asked[2].startswith(f"删除草稿“{person}”（")
    assert village and model_ids(page) == {sent, submitted}
    store.close()


def model_ids(page):
    model = page.model
    return {
        model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())
    }
