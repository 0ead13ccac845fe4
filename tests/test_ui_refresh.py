"""The half-yearly refresh in the program: with a survey round open, the list shows the
records due in it, and the entry confirms one unchanged in one action."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_support import make_session, make_store

from collector.demo_data import SurveyRecords
from collector.storage import replica
from collector.ui.entry import EntryPage
from collector.ui.record_list import RecordListPage


def test_records_due_in_the_round_are_listed_and_confirmed(qtbot, tmp_path, survey_form):
    store = make_store(tmp_path / "data", survey_form)
    ids = [
        store.save(survey_form, r, author="李明").record_id
        for r in SurveyRecords(survey_form, seed=50).take(3)
    ]
    session = make_session(tmp_path / "data", survey_form, store)
    listing = RecordListPage(session)
    entry = EntryPage(session)
    for widget in (listing, entry):
        qtbot.addWidget(widget)
        widget.show()
    listing.reload()
    assert not listing.due.isVisible()  # no round open: nothing to refresh

    # What a sync brings when the county opens a round.
    replica.finish_sync(
        store, {"id": 1, "name": "2027年上半年", "opened_at": "2099-01-01T00:00:00.000+00:00"}
    )
    listing.reload()
    assert listing.due.isVisible() and "2027年上半年" in listing.due.text()
    listing.due.setChecked(True)
    assert listing.model.total == 3

    entry.open_record(ids[0])
    assert entry.confirm_button.isVisible()
    store_revisions = len(store.history(ids[0]))
    qtbot.mouseClick(entry.confirm_button, Qt.MouseButton.LeftButton)
    assert len(store.history(ids[0])) == store_revisions + 1
    assert entry.summary.text() == "已确认本轮无变化"
    # Confirmed records are due again only in the next round: here the round opens in
    # 2099, so the list still counts all three; a round opened now would count two.
    replica.finish_sync(
        store, {"id": 2, "name": "本轮", "opened_at": store.history(ids[0])[-1].created_at}
    )
    listing.reload()
    assert listing.model.total == 2
    entry.open_record(ids[0])
    assert not entry.confirm_button.isVisible()
    store.close()


def test_review_progress_counts_the_round(qtbot, tmp_path, survey_form):
    from collector.ui.review import ROUND_COLUMN, ReviewPage
    from collector.workflow import Role

    store = make_store(tmp_path / "data", survey_form, role=Role.TOWNSHIP)
    made = SurveyRecords(survey_form, seed=51).take(4)
    village = made[0]["village"]
    ids = [
        store.save(
            survey_form, r | {"village": village, "township": village[:9]}, author="王芳"
        ).record_id
        for r in made
    ]
    page = ReviewPage(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(page)
    page.reload()
    assert page.villages.isColumnHidden(ROUND_COLUMN)
    replica.finish_sync(
        store, {"id": 1, "name": "本轮", "opened_at": "2099-01-01T00:00:00.000+00:00"}
    )
    page.reload()
    assert not page.villages.isColumnHidden(ROUND_COLUMN)
    assert page.villages.item(0, ROUND_COLUMN).text() == "0"
    replica.finish_sync(
        store, {"id": 2, "name": "本轮", "opened_at": store.history(ids[-1])[-1].created_at}
    )
    store.confirm(ids[0], author="王芳")
    page.reload()
    assert page.villages.item(0, 1).text() == "4"
    assert page.villages.item(0, ROUND_COLUMN).text() == "2"  # the last saved, and confirmed
    store.close()
