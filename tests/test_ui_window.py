"""The main window: unlock, idle lock, closing with a draft open, settings and the
language switch, and the first-run wizard's offline path."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from ui_support import PASSWORD, drain_pool, make_session, make_store  # noqa: F401

from collector.messages import get_language
from collector.storage.settings import IDLE_MINUTES, SERVER_URL
from collector.storage.store import Store
from collector.ui.i18n import saved_language, use_language
from collector.ui.main_window import MainWindow
from collector.ui.wizard import LOCAL, SetupWizard
from collector.workflow import Role


@pytest.fixture
def locked(qtbot, tmp_path, survey_form, drain_pool):  # noqa: F811
    data_dir = tmp_path / "data"
    make_store(data_dir, survey_form, 5).close()
    window = MainWindow(make_session(data_dir, survey_form, None))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()
    use_language("zh")


def unlock(qtbot, window, password: str) -> None:
    window.unlock_page.password.setText(password)
    window.unlock_page.button.click()


def test_wrong_password_says_so_and_right_one_opens(qtbot, locked):
    assert locked.outer.currentWidget() is locked.unlock_page
    unlock(qtbot, locked, "not it")
    qtbot.waitUntil(lambda: "密码不对" in locked.unlock_page.message.text(), timeout=5000)
    assert locked.session.store is None
    unlock(qtbot, locked, PASSWORD)
    qtbot.waitUntil(lambda: locked.session.store is not None, timeout=5000)
    assert locked.outer.currentWidget() is locked.workspace
    assert locked.records.model.rowCount() == 5
    assert locked.nav.item(2).isHidden()  # review is for townships


def test_idle_lock_saves_the_draft_and_asks_again(qtbot, locked):
    unlock(qtbot, locked, PASSWORD)
    qtbot.waitUntil(lambda: locked.session.store is not None, timeout=5000)
    locked.new_record()
    entry = locked.entry
    entry.rows["full_name"].editor.edit.setText("张三")
    entry.rows["full_name"].editor.changed.emit()
    locked.idle.set_timeout(50)
    locked.idle.timer.start()
    qtbot.waitUntil(lambda: locked.session.store is None, timeout=3000)
    assert locked.outer.currentWidget() is locked.unlock_page
    assert entry.record_id is not None
    with Store.open(locked.session.data_dir, PASSWORD) as store:
        assert store.get(entry.record_id).data["full_name"] == "张三"


def test_closing_the_window_keeps_the_last_keystrokes(qtbot, locked):
    unlock(qtbot, locked, PASSWORD)
    qtbot.waitUntil(lambda: locked.session.store is not None, timeout=5000)
    locked.new_record()
    locked.entry.rows["phone"].editor.edit.setText("13912345678")
    locked.entry.rows["phone"].editor.changed.emit()
    locked.close()  # before the autosave timer fires
    with Store.open(locked.session.data_dir, PASSWORD) as store:
        saved = store.page(None, 0, 1)[0]
        assert saved.phone == "13912345678"


def test_settings_are_kept_and_language_switches(qtbot, locked):
    unlock(qtbot, locked, PASSWORD)
    qtbot.waitUntil(lambda: locked.session.store is not None, timeout=5000)
    locked.show_page("settings")
    settings = locked.settings
    settings.idle.setValue(3)
    settings.server.setText("https://rsj.example.gov.cn")
    settings.language.setCurrentIndex(settings.language.findData("en"))
    settings.save()
    store = locked.session.store
    assert store.setting(IDLE_MINUTES) == "3" and store.setting(SERVER_URL).startswith("https")
    assert locked.idle.timer.interval() == 3 * 60_000
    assert get_language() == "en" and saved_language(locked.session.data_dir) == "en"
    assert locked.nav.item(0).text() == "Records"
    assert locked.settings.save_button.text() == "Save settings"
    assert locked.records.status.itemText(1) == "draft"
    # The entry page built anew shows a record: a title, questions behind skip logic hidden.
    entry = locked.entry
    assert entry.heading.text() == "New record" and entry.current is not None
    assert not entry.rows["migration_range"].widget.isVisibleTo(entry)


def test_the_window_fits_a_small_screen_and_shows_its_keys(qtbot, locked):
    from PySide6.QtCore import Qt

    from collector.ui.keys import ShortcutsDialog

    unlock(qtbot, locked, PASSWORD)
    qtbot.waitUntil(lambda: locked.session.store is not None, timeout=5000)
    for lang in ("zh", "en"):
        locked.switch_language(lang)
        assert locked.minimumSizeHint().width() <= 1024, lang
    assert "Ctrl+N" in locked.records.add_button.toolTip()
    assert "Ctrl+Enter" in locked.entry.next_button.toolTip()
    assert "Esc" in locked.entry.back_button.toolTip()
    dialog = ShortcutsDialog(locked)
    keys = {dialog.grid.item(r, 1).text() for r in range(dialog.grid.rowCount())}
    assert {"Ctrl+N", "Ctrl+F", "Ctrl+S", "Ctrl+Enter", "Esc", "Ctrl+R"} <= keys
    locked.show_page("records")
    qtbot.keyClick(locked.records.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert locked.stack.currentWidget() is locked.entry


def test_change_password(qtbot, locked):
    unlock(qtbot, locked, PASSWORD)
    qtbot.waitUntil(lambda: locked.session.store is not None, timeout=5000)
    settings = locked.settings
    settings.old_password.setText("wrong one")
    settings.new_password.setText("new password 1")
    settings.repeat_password.setText("new password 1")
    settings.change_password()
    qtbot.waitUntil(lambda: "密码不对" in settings.password_note.text(), timeout=5000)
    settings.repeat_password.setText("other")
    settings.change_password()
    assert "不一致" in settings.password_note.text()
    settings.old_password.setText(PASSWORD)
    settings.repeat_password.setText("new password 1")
    settings.change_password()
    qtbot.waitUntil(lambda: "已修改" in settings.password_note.text(), timeout=5000)
    Store.open(locked.session.data_dir, "new password 1").close()


def test_wizard_creates_a_local_store(qtbot, tmp_path, survey_form, drain_pool):  # noqa: F811
    session = make_session(tmp_path / "new", survey_form, None)
    wizard = SetupWizard(session)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentId() == LOCAL
    page = wizard.local
    page.name.setText("王芳")
    page.role.setCurrentIndex(page.role.findData(Role.TOWNSHIP.value))
    page.password.setText("short")
    page.repeat.setText("short")
    wizard.next()
    assert "8" in page.message.text()
    page.password.setText("long enough 1")
    page.repeat.setText("long enough 1")
    with qtbot.waitSignal(wizard.created, timeout=5000) as created:
        wizard.next()
    store = created.args[0]
    try:
        session.attach(store)
        assert session.user == "王芳" and session.role == Role.TOWNSHIP
        assert session.division == page.division.itemData(0)
    finally:
        store.close()
    QApplication.processEvents()
