"""A village cadre's day at the keyboard, against the real county server process: five
records in a row with "submit and next", a submitted record opened in between (the
record after it once had every text field dead), the record the township returned fixed,
and the sync that takes it all to the county, all with real key events."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from keyboard import Keyboard, fill_from_focus, focused, on_screen, row_with_focus
from PySide6.QtCore import Qt
from screens import place, screen  # noqa: F401
from server_process import running_server
from ui_support import PASSWORD, drain_pool  # noqa: F401

from collector.cli.demo import CADRE, REVIEWER, fill, laptop_store, set_up_county
from collector.demo_data import SurveyRecords
from collector.storage import replica
from collector.sync.client import TOKEN
from collector.ui.main_window import MainWindow
from collector.ui.session import Session
from collector.ui.sync import install
from collector.workflow import Status

CTRL = Qt.KeyboardModifier.ControlModifier
KEYSTROKE_TARGET = 70
NEW_PHONE = "13698765432"
pytestmark = pytest.mark.usefixtures("drain_pool")


@pytest.fixture
def county(survey_form, tmp_path_factory):
    # A county of its own for each run: pulls would otherwise bring the records (and the
    # phone numbers searched for) of the runs before.
    folder = tmp_path_factory.mktemp("county")
    db = f"sqlite:///{folder / 'server.db'}"
    village = SurveyRecords(survey_form, seed=31).record()["village"]
    accounts = set_up_county(db, survey_form, village)
    with running_server(db, folder / "server.log") as base:
        yield {"url": base.removesuffix("/api/v1"), "village": village, "accounts": accounts}


def todays_people(form, village: str, count: int) -> list[dict]:
    people = SurveyRecords(form, seed=77, survey_date=dt.date.today()).take(count)
    for person in people:
        person.update(village=village, township=village[:9], surveyor=CADRE)
        person["survey_date"] = dt.date.today().isoformat()
    return people


def find_and_open(board: Keyboard, window, phone: str) -> None:
    """Ctrl+F, the phone number, Enter to the list, Enter to open."""
    board.press(Qt.Key.Key_F, CTRL)
    assert focused() is window.records.search
    board.text(phone)
    board.press(Qt.Key.Key_Return)
    assert window.records.model.total == 1
    board.press(Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.entry


def test_a_cadres_day(qtbot, tmp_path, county, survey_form, screen):  # noqa: F811
    store, connection = laptop_store(
        tmp_path / "laptop",
        PASSWORD,
        survey_form,
        county["url"],
        county["accounts"][CADRE],
    )
    returned_id = fill(store, connection, survey_form, county["url"], county["accounts"][REVIEWER])
    returned_phone = store.get(returned_id).data["phone"]
    session = Session(tmp_path / "laptop", survey_form)
    session.store = store
    window = MainWindow(session, extensions=[install])
    qtbot.addWidget(window)
    place(qtbot, window, screen)
    entry, records = window.entry, window.records
    board = Keyboard(qtbot)

    # Unlocked: the list has the keys, its buttons and the sync button are on screen.
    assert focused() is records.table
    on_screen(window, records.add_button, records.search, window.sync_indicator.button)
    assert window.nav.item(0).text().endswith(" (1)")  # one record returned to this cadre

    people = todays_people(survey_form, county["village"], 5)
    board.press(Qt.Key.Key_N, CTRL)
    assert window.stack.currentWidget() is entry and entry.record_id is None
    on_screen(window, entry.back_button, entry.save_button, entry.submit_button, entry.next_button)
    per_record = []
    submitted_phones = []
    for number, person in enumerate(people):
        # The account's village is filled in and protected; focus is past it.
        assert not entry.rows["village"].editor.combo.isEnabled()
        assert row_with_focus(entry).field.name == "full_name"
        before = board.pressed
        answered = fill_from_focus(board, entry, person)
        assert {"full_name", "id_number", "phone", "employment_status"} <= set(answered)
        board.press(Qt.Key.Key_Return, CTRL)  # submit and next
        per_record.append(board.pressed - before)
        assert entry.record_id is None, entry.summary.text()  # the next one is open
        submitted_phones.append(person["phone"])
        # The household's answers came along; the person's did not.
        kept = entry.answers()
        assert kept["village"] == county["village"] and kept["surveyor"] == CADRE
        assert "full_name" not in kept and "phone" not in kept
        if number == 1:
            # A submitted record opened in between is read-only ...
            board.press(Qt.Key.Key_Escape)
            find_and_open(board, window, submitted_phones[0])
            assert entry.status == Status.SUBMITTED and not entry.editable
            assert entry.rows["full_name"].editor.edit.isReadOnly()
            board.press(Qt.Key.Key_Escape)
            # ... and the next new record takes typing again (fill_from_focus checks).
            board.press(Qt.Key.Key_N, CTRL)
    assert max(per_record) < KEYSTROKE_TARGET, per_record

    # The record the township returned: found by phone, the phone corrected, submitted.
    board.press(Qt.Key.Key_Escape)
    find_and_open(board, window, returned_phone)
    assert entry.status == Status.RETURNED and entry.editable and entry.returned.isVisible()
    for _ in range(10):
        if row_with_focus(entry).field.name == "phone":
            break
        board.press(Qt.Key.Key_Tab)
    board.press(Qt.Key.Key_A, CTRL)
    board.text(NEW_PHONE)
    assert entry.rows["phone"].editor.value() == NEW_PHONE
    board.press(Qt.Key.Key_Return, CTRL | Qt.KeyboardModifier.ShiftModifier)  # submit
    assert entry.status == Status.SUBMITTED

    # Online: the submit started a sync by itself; the county has everything.
    controller = window.sync_controller
    qtbot.waitUntil(
        lambda: not controller.running and replica.unsent_count(store) == 0, timeout=30_000
    )
    on_screen(window, window.sync_indicator.button)
    headers = {"Authorization": f"Bearer {store.setting(TOKEN)}"}
    fixed = requests.get(
        f"{county['url']}/api/v1/records/{returned_id}", headers=headers, timeout=10
    ).json()
    assert fixed["status"] == Status.SUBMITTED.value and fixed["data"]["phone"] == NEW_PHONE
    mine = {s.id: s for s in store.page(None, 0, 100)}
    typed = [s for s in mine.values() if s.phone in submitted_phones]
    assert len(typed) == 5 and {s.status for s in typed} == {Status.SUBMITTED.value}
    for summary in typed:
        answer = requests.get(
            f"{county['url']}/api/v1/records/{summary.id}", headers=headers, timeout=10
        )
        assert answer.json()["status"] == Status.SUBMITTED.value
    window.close()
    store.close()
