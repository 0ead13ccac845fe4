"""Form entry driven through its widgets: messages beside fields, skip logic, the ID number
filling sex, birth date and age, duplicates, autosave, submit and keyboard entry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from ui_support import drain_pool, make_session, make_store  # noqa: F401

from collector.demo_data import SurveyRecords
from collector.storage.store import Store
from collector.ui.entry import EntryPage
from collector.workflow import Status


@pytest.fixture
def page(qtbot, tmp_path, survey_form):
    store = make_store(tmp_path / "data", survey_form)
    widget = EntryPage(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    widget.new_record()
    yield widget
    store.close()


@pytest.fixture
def person(survey_form):
    return SurveyRecords(survey_form, seed=11).take(1)[0]


def type_into(qtbot, page, name: str, text: str) -> None:
    editor = page.rows[name].editor.edit
    editor.clear()
    type_text(qtbot, editor, text)


def type_text(qtbot, widget, text: str) -> None:
    """Keys for ASCII; Chinese arrives as an input method commits it."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose(page, name: str, value) -> None:
    editor = page.rows[name].editor
    if isinstance(value, list):
        for choice in value:
            editor.boxes[choice].click()
        return
    combo = editor.combo
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def fill(qtbot, page, record) -> None:
    for f in page.form.walk():
        name, value = f.name, record.get(f.name)
        if value is None or name not in page.rows or page.rows[name].derived:
            continue
        if not page.rows[name].widget.isVisibleTo(page):
            continue
        if f.is_select:
            choose(page, name, value)
        else:
            type_into(qtbot, page, name, str(value))


def test_wrong_id_number_is_said_beside_the_field(qtbot, page, person):
    wrong = person["id_number"][:-1] + ("0" if person["id_number"][-1] != "0" else "1")
    type_into(qtbot, page, "id_number", wrong)
    message = page.rows["id_number"].message
    assert message.isVisible() and "校验位" in message.text()
    assert not page.rows["full_name"].message.isVisible()  # untouched: nothing said yet
    type_into(qtbot, page, "id_number", person["id_number"])
    assert not message.isVisible()


def test_id_number_fills_sex_birth_date_and_age(qtbot, page, person):
    type_into(qtbot, page, "id_number", person["id_number"])
    assert page.rows["birth_date"].editor.value() == person["birth_date"]
    assert page.rows["sex"].editor.value() == ("男" if person["sex"] == "1" else "女")
    assert page.rows["age"].editor.value().isdigit()


def test_skip_logic_hides_and_clears(qtbot, page, person):
    choose(page, "employment_status", "1")
    choose(page, "migration_range", "2")
    assert page.rows["migration_range"].widget.isVisible()
    choose(page, "employment_status", "8")  # unable to work: no job, no return plans
    assert not page.rows["migration_range"].widget.isVisible()
    assert not page.sections["return_home"].isVisible()
    assert page.rows["migration_range"].editor.value() is None
    choose(page, "employment_status", "1")
    assert page.rows["migration_range"].widget.isVisible()
    assert page.rows["migration_range"].editor.value() is None


def test_cascading_village_follows_township(page, person):
    choose(page, "township", person["township"])
    villages = page.rows["village"].editor.combo
    listed = [villages.itemData(i) for i in range(1, villages.count())]
    assert person["village"] in listed and all(v.startswith(person["township"]) for v in listed)


def test_autosave_survives_closing_the_window(qtbot, tmp_path, survey_form, person):
    data_dir = tmp_path / "data"
    store = make_store(data_dir, survey_form)
    page = EntryPage(make_session(data_dir, survey_form, store))
    qtbot.addWidget(page)
    page.show()
    page.new_record()
    type_into(qtbot, page, "full_name", person["full_name"])
    type_into(qtbot, page, "id_number", person["id_number"])
    qtbot.waitUntil(lambda: page.record_id is not None, timeout=3000)  # the timer saved it
    type_into(qtbot, page, "phone", person["phone"])
    page.close()  # what the main window does on close: the last keystrokes too
    page.save_draft()
    store.close()
    with Store.open(data_dir, "correct horse") as reopened:
        view = reopened.get(page.record_id)
        assert view.status == Status.DRAFT.value
        assert view.data["full_name"] == person["full_name"]
        assert view.data["phone"] == person["phone"]
        assert view.data["birth_date"] == person["birth_date"]


def test_submit_jumps_to_the_first_problem_then_submits(qtbot, page, person):
    type_into(qtbot, page, "full_name", person["full_name"])
    assert page.submit() is False
    assert page.rows["id_number"].message.isVisible()
    assert page.rows["id_number"].editor.edit.hasFocus()
    fill(qtbot, page, person)
    assert page.current.problems == []
    assert page.submit() is True
    assert page.session.store.get(page.record_id).status == Status.SUBMITTED.value
    assert not page.submit_button.isEnabled()  # a submitted record is the township's now


def test_duplicate_id_number_is_warned(qtbot, page, person):
    page.session.store.save(page.form, person, author="李明")
    type_into(qtbot, page, "id_number", person["id_number"])
    message = page.rows["id_number"].message
    assert message.isVisible() and "1 条记录" in message.text()


def test_enter_moves_to_the_next_question(qtbot, page):
    name = page.rows["full_name"].editor.edit
    name.setFocus()
    type_text(qtbot, name, "张三")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert page.rows["id_number"].editor.edit.hasFocus()


def test_a_searchable_list_takes_part_of_a_name_from_the_keyboard(qtbot, page):
    combo = page.rows["ethnicity"].editor.combo
    combo.setFocus()
    type_text(qtbot, combo.lineEdit(), "回")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert page.rows["ethnicity"].editor.value() == "03"
    assert page.rows["phone"].editor.edit.hasFocus()  # Enter moved on
    combo.lineEdit().clear()
    type_text(qtbot, combo.lineEdit(), "族")  # in every name: no single choice
    page.rows["ethnicity"].editor._typed()
    assert page.rows["ethnicity"].editor.value() is None


def test_a_village_cadre_starts_with_own_village_and_nothing_is_kept_untyped(page, person):
    page.session.division = person["village"]
    page.new_record()
    assert page.rows["village"].editor.value() == person["village"]
    assert page.rows["township"].editor.value() == person["township"]
    assert page.rows["surveyor"].editor.value() == "李明"
    page.dirty = True
    assert page.save_draft() is False and page.record_id is None


def test_enter_leaves_a_list_of_checkboxes_from_any_of_them(qtbot, page):
    choose(page, "employment_status", "1")
    boxes = list(page.rows["social_insurance"].editor.boxes.values())
    boxes[-1].setFocus()
    qtbot.keyClick(boxes[-1], Qt.Key.Key_Space)
    qtbot.keyClick(boxes[-1], Qt.Key.Key_Return)
    assert boxes[-1].isChecked() and not boxes[-1].hasFocus()


def test_a_closed_choice_keeps_its_answer_under_wheel_and_arrows(qtbot, page):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    combo = page.rows["education"].editor.combo
    combo.setFocus()
    qtbot.keyClicks(combo, "cz")  # pinyin initials of 初中
    assert page.rows["education"].editor.value() == "70"
    page.scroll.verticalScrollBar().setValue(0)
    centre = QPointF(combo.rect().center())
    for _ in range(3):
        wheel = QWheelEvent(
            centre,
            QPointF(combo.mapToGlobal(combo.rect().center())),
            QPoint(0, -120),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(combo, wheel)
    qtbot.keyClick(combo, Qt.Key.Key_Up)
    qtbot.keyClick(combo, Qt.Key.Key_PageDown)
    assert page.rows["education"].editor.value() == "70"
    assert page.scroll.verticalScrollBar().value() > 0  # the wheel scrolled the form
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # opens the list, changes nothing
    assert combo.view().isVisible() and page.rows["education"].editor.value() == "70"
    combo.hidePopup()


def test_a_code_picks_a_choice_and_tick_boxes_take_one_tab(qtbot, page):
    combo = page.rows["employment_status"].editor.combo
    combo.setFocus()
    qtbot.keyClicks(combo, "1")
    assert page.rows["employment_status"].editor.value() == "1"  # 外出务工
    ethnicity = page.rows["ethnicity"].editor.combo
    ethnicity.setFocus()
    qtbot.keyClicks(ethnicity.lineEdit(), "hz")
    qtbot.keyClick(ethnicity, Qt.Key.Key_Return)
    assert page.rows["ethnicity"].editor.value() == "01"  # 汉族
    boxes = page.rows["certificates"].editor
    first = boxes.focus_widget
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.keyClicks(QApplication.focusWidget(), "3")
    assert boxes.value() == ["2", "3"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() not in boxes.key_widgets  # one Tab leaves them all


def test_the_accounts_village_is_protected_until_changed_on_purpose(qtbot, tmp_path, survey_form):
    from collector.storage.settings import USER_DIVISION

    village = SurveyRecords(survey_form, seed=3).record()["village"]
    store = make_store(tmp_path / "v", survey_form)
    store.set_setting(USER_DIVISION, village)
    page = EntryPage(make_session(tmp_path / "v", survey_form, store))
    qtbot.addWidget(page)
    page.show()
    page.new_record()
    township = page.rows["township"].editor.combo
    assert not township.isEnabled() and page.rows["village"].unlock.isVisible()
    qtbot.keyClick(township, Qt.Key.Key_Down)  # a disabled choice takes no keys
    assert page.answers()["village"] == village
    page.rows["village"].unlock.click()
    assert township.isEnabled() and page.rows["village"].editor.combo.isEnabled()
    assert not page.rows["township"].unlock.isVisible()
    store.close()
