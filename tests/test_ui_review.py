"""Township review: the queue by village, the history as a diff, approve and return."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_support import answer_dialog, drain_pool, make_session, make_store  # noqa: F401

from collector.ui.review import ReviewPage, review_step
from collector.workflow import Role, Status


@pytest.fixture
def review(qtbot, tmp_path, survey_form, drain_pool):  # noqa: F811
    data_dir = tmp_path / "data"
    store = make_store(data_dir, survey_form, 12, role=Role.TOWNSHIP)
    summaries = store.page(None, 0, 12)
    for summary in summaries[:6]:
        store.move(summary.id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    edited = store.get(summaries[6].id)
    store.save(survey_form, {**edited.data, "trade": "木工"}, author="李明", record_id=edited.id)
    store.move(edited.id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    page = ReviewPage(make_session(data_dir, survey_form, store))
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.show()
    page.reload()
    yield page, store, edited
    store.close()


def select_rows(page, rows) -> None:
    page.queue.clearSelection()
    for row in rows:
        page.queue.selectionModel().select(
            page.model.index(row, 0),
            page.queue.selectionModel().SelectionFlag.Select
            | page.queue.selectionModel().SelectionFlag.Rows,
        )


def test_progress_per_village_and_queue(review):
    page, _, _ = review
    totals = [int(page.villages.item(r, 1).text()) for r in range(page.villages.rowCount())]
    submitted = [int(page.villages.item(r, 2).text()) for r in range(page.villages.rowCount())]
    assert sum(totals) == 12 and sum(submitted) == 7
    assert page.model.rowCount() == 7
    page.villages.selectRow(0)
    assert page.model.rowCount() == submitted[0]


def test_history_reads_as_a_diff(review):
    page, _, edited = review
    row = next(r for r in range(page.model.rowCount()) if page.model.summary(r).id == edited.id)
    select_rows(page, [row])
    text = page.detail.toPlainText()
    assert "从事工种：" in text and "→ 木工" in text
    assert "已提交" in text


def test_approve_several_at_once(qtbot, review):
    page, store, _ = review
    select_rows(page, [0, 1, 2])
    ids = page.chosen()
    assert page.approve_button.isEnabled()
    assert not page.return_button.isEnabled()  # no reason yet
    asked: list[str] = []
    answer_dialog(qtbot, Qt.Key.Key_Escape, asked)
    page.approve()
    assert asked == ["把选中的 3 条记录设为“乡镇已审核”？"]
    assert page.model.rowCount() == 7  # Esc: nothing moved
    answer_dialog(qtbot, Qt.Key.Key_Return)
    page.approve()
    qtbot.waitUntil(lambda: "3 条记录：" in page.message.text(), timeout=5000)
    assert {store.get(i).status for i in ids} == {Status.APPROVED.value}
    assert page.model.rowCount() == 4


def test_return_needs_a_reason_and_keeps_it(qtbot, review):
    page, store, _ = review
    select_rows(page, [0])
    record_id = page.chosen()[0]
    page.reason.setText("身份证号与户口簿不符")
    assert page.return_button.isEnabled()
    page.send_back()
    qtbot.waitUntil(lambda: store.get(record_id).status == Status.RETURNED.value, timeout=5000)
    assert store.get(record_id).reason == "身份证号与户口簿不符"
    qtbot.waitUntil(lambda: page.reason.text() == "", timeout=5000)


def test_a_village_cadre_cannot_approve(review):
    page, _, _ = review
    page.session.role = Role.VILLAGE
    select_rows(page, [0])
    assert not page.approve_button.isEnabled()


def test_the_county_reviews_what_townships_approved():
    assert review_step(Role.TOWNSHIP) == (Status.SUBMITTED, Status.APPROVED)
    assert review_step(Role.COUNTY) == (Status.APPROVED, Status.ACCEPTED)
    assert review_step(Role.ADMIN) == (Status.APPROVED, Status.ACCEPTED)


def test_the_problem_filter_keeps_records_with_problems_or_a_server_note(qtbot, review):
    from collector.storage.store import RecordFilter

    page, store, _ = review
    wrong = store.page(RecordFilter(status=Status.DRAFT.value), 0, 1)[0]
    data = {**store.get(wrong.id).data, "phone": "123"}
    store.save(page.session.form, data, author="李明", record_id=wrong.id)
    assert store.count_by_status(RecordFilter(flagged=True))[Status.DRAFT.value] == 1
    assert sum(store.count_by_status(RecordFilter(flagged=True)).values()) == 1
    page.flagged.setChecked(True)  # submitted records have no problems, nor a note here
    assert page.model.rowCount() == 0
    page.flagged.setChecked(False)
    assert page.model.rowCount() == 7
