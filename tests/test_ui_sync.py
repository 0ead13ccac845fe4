"""Sync in the desktop program, against a real county server process on 127.0.0.1: the
sync page and the status bar indicator, the conflicts page, the wizard's online way."""

from __future__ import annotations

import time

import pytest
import requests
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWizard
from server_process import free_port, running_server
from ui_support import PASSWORD, drain_pool, make_session  # noqa: F401

from collector.cli.demo import (
    CADRE,
    OTHER_PHONE,
    REVIEWER,
    ServerThread,
    edited_on_both,
    laptop_store,
    sample_records,
    set_up_county,
)
from collector.demo_data import SurveyRecords
from collector.storage import replica
from collector.storage.settings import SERVER_URL, USER_DIVISION, USER_ROLE
from collector.storage.store import Store
from collector.sync.client import TOKEN, Connection, Syncer
from collector.ui.app import start
from collector.ui.entry import EntryPage
from collector.ui.i18n import use_language
from collector.ui.main_window import MainWindow
from collector.ui.session import Session
from collector.ui.sync import SyncController, SyncIndicator, install
from collector.ui.wizard import ONLINE
from collector.workflow import Role, Status

VILLAGE_SEED = 31
pytestmark = pytest.mark.usefixtures("drain_pool")


@pytest.fixture(autouse=True)
def quick_monitor(monkeypatch):
    monkeypatch.setattr(SyncController, "waits", (0.1, 0.4, 0.3))


@pytest.fixture(scope="module")
def county(survey_form, tmp_path_factory):
    folder = tmp_path_factory.mktemp("county")
    db = f"sqlite:///{folder / 'server.db'}"
    village = SurveyRecords(survey_form, seed=VILLAGE_SEED).record()["village"]
    accounts = set_up_county(db, survey_form, village)
    with running_server(db, folder / "server.log") as base:
        yield {
            "url": base.removesuffix("/api/v1"),
            "db": db,
            "village": village,
            "cadre": accounts[CADRE],
            "reviewer": accounts[REVIEWER],
        }


def laptop(tmp_path, name, county, form, url=None, records=0):
    store, connection = laptop_store(
        tmp_path / name, PASSWORD, form, url or county["url"], county["cadre"]
    )
    if records:
        store.save_many(form, sample_records(form, county["village"], records), author=CADRE)
    return store, connection


def open_window(qtbot, tmp_path, name, form, store) -> MainWindow:
    session = Session(tmp_path / name, form)
    session.store = store
    window = MainWindow(session, extensions=[install])
    qtbot.addWidget(window)
    window.show()
    return window


def finished_reports(window) -> list:
    reports = []
    window.sync_controller.finished.connect(reports.append)
    return reports


def test_a_sync_shows_progress_and_ends_with_the_counts(
    qtbot,
    tmp_path,
    county,
    survey_form,
):
    store, _ = laptop(tmp_path, "a", county, survey_form, records=120)
    seen = []
    window = open_window(qtbot, tmp_path, "a", survey_form, store)
    controller = window.sync_controller
    controller.progressed.connect(lambda *stage: seen.append(stage))
    reports = finished_reports(window)
    window.show_page("sync")
    page = window.sync_page
    # Unsent work and a server that answers: the sync starts by itself.
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    assert ("push", 120, 120) in seen and any(stage == "pull" for stage, *_ in seen)
    assert reports[0].pushed == 120
    assert "同步完成" in page.message.text() and "上传 120 条" in page.message.text()
    assert page.unsent.text() == "0 条" and page.last.text() != "从未同步"
    assert "在线" in window.sync_indicator.state.text()
    assert window.sync_indicator.unsent.text() == "未上传 0 条"
    assert page.bar.isHidden()  # the bar shows only while syncing

    page.sync_button.click()
    assert controller.running and page.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert reports[1].pushed == 0 and "上传 0 条" in page.message.text()

    # A language switch rebuilds the pages: one indicator, the same controller.
    try:
        window.switch_language("en")
        assert window.sync_controller is controller
        assert len(window.statusBar().findChildren(SyncIndicator)) == 1
        assert window.nav.item(list(window.pages).index("sync")).text() == "Sync"
        assert "Online" in window.sync_indicator.state.text()
        # The last outcome is said again in the new language.
        assert window.sync_page.message.text().startswith("Sync done: ")
    finally:
        use_language("zh")
    # Locking stops the watching; the indicator has nothing to say without the store.
    window.lock()
    assert controller.monitor is None and window.sync_indicator.isHidden()
    window.close()


def test_a_conflict_resolved_on_the_page_reaches_the_server(
    qtbot,
    tmp_path,
    county,
    survey_form,
):
    store, link = laptop(tmp_path, "here", county, survey_form, records=1)
    Syncer(store, link).run()
    record = edited_on_both(store, survey_form, county["url"], county["cadre"], tmp_path / "o")
    window = open_window(qtbot, tmp_path, "here", survey_form, store)
    reports = finished_reports(window)
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    assert reports[0].conflicts == 1
    window.show_page("conflicts")
    page = window.conflicts_page
    assert page.list.count() == 1
    [row] = page.rows
    assert row.name == "full_name"
    assert row.local.text().endswith("民") and row.server.text().endswith("华")
    texts = [label.text() for label in page.scroll.widget().findChildren(QLabel)]
    assert "姓名" in texts
    assert f"其他改动已自动合并：联系电话：{OTHER_PHONE}" in texts
    assert not page.save_button.isEnabled()  # every field needs a choice

    row.typed.setChecked(True)
    row.editor.set_value("王晓敏")
    assert page.save_button.isEnabled()
    page.save_button.click()
    assert replica.open_conflicts(store) == []
    assert page.empty.isVisible() and "已保存" in page.message.text()
    qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
    assert reports[1].pushed == 1

    on_server = requests.get(
        f"{county['url']}/api/v1/records/{record}",
        headers={"Authorization": f"Bearer {store.setting(TOKEN)}"},
        timeout=10,
    ).json()
    assert on_server["data"]["full_name"] == "王晓敏"
    assert on_server["data"]["phone"] == OTHER_PHONE
    assert on_server["head"] == store.get(record).head
    window.close()
    store.close()


def test_the_entry_shows_what_the_server_said_of_a_record(qtbot, tmp_path, county, survey_form):
    store, link = laptop(tmp_path, "twice", county, survey_form)
    person = sample_records(survey_form, county["village"], 1)[0] | {"full_name": "郑重"}
    first, second = (store.save(survey_form, person, author=CADRE).record_id for _ in range(2))
    Syncer(store, link).run()
    page = EntryPage(make_session(tmp_path / "twice", survey_form, store))
    qtbot.addWidget(page)
    page.show()
    # The server names the other record on whichever of the two it met second; the note
    # names its person and village, not its id.
    noted, other = (first, second) if replica.sync_note(store, first) else (second, first)
    page.open_record(noted)
    assert page.server_note.isVisible()
    village = page.session.division_name(county["village"])
    assert page.server_note.text().startswith(f"县服务器：身份证号与其他记录相同：郑重（{village}")
    assert other not in page.server_note.text()
    page.new_record()
    assert not page.server_note.isVisible()
    store.close()


def test_the_indicator_follows_the_server_and_syncs_when_it_returns(
    qtbot,
    tmp_path,
    county,
    survey_form,
):
    # A server of its own, in this process, that can stop and start on one port.
    port = free_port()
    server = ServerThread(county["db"], port).start()
    store, _ = laptop(tmp_path, "c", county, survey_form, url=server.url)
    window = open_window(qtbot, tmp_path, "c", survey_form, store)
    reports = finished_reports(window)
    state = window.sync_indicator.state
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)  # the first sync of a new laptop
    assert "在线" in state.text()

    server.stop()
    qtbot.waitUntil(lambda: "离线" in state.text(), timeout=10_000)
    store.save_many(survey_form, sample_records(survey_form, county["village"], 3), author=CADRE)
    window.sync_indicator.refresh()
    assert window.sync_indicator.unsent.text() == "未上传 3 条"

    server = ServerThread(county["db"], port).start()
    try:
        qtbot.waitUntil(lambda: len(reports) == 2, timeout=20_000)
        assert reports[1].pushed == 3
        assert "在线" in state.text() and replica.unsent_count(store) == 0
    finally:
        window.close()
        server.stop()
        store.close()


def test_the_wizard_logs_in_fetches_the_forms_and_syncs(
    qtbot,
    tmp_path,
    county,
    survey_form,
):
    # Records the account may see are on the server already.
    other, link = laptop(tmp_path, "other", county, survey_form, records=5)
    Syncer(other, link).run()
    other.close()

    data_dir = tmp_path / "new"
    wizard = start(data_dir, extensions=[install])
    qtbot.addWidget(wizard)
    wizard.page(0).choices.button(ONLINE).setChecked(True)
    wizard.next()
    page = wizard.online
    assert wizard.currentPage() is page
    page.server.setText(county["url"])
    page.account.setText(CADRE)
    page.server_password.setText("wrong password")
    page.password.setText("local password")
    page.repeat.setText("local password")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: page.isEnabled() and bool(page.message.text()), timeout=10_000)
    assert "重新登录" in page.message.text()
    assert not (data_dir / "store.db").exists() or not any(data_dir.iterdir())

    page.server_password.setText(county["cadre"].password)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: getattr(wizard, "main_window", None) is not None, timeout=10_000)
    window = wizard.main_window
    qtbot.addWidget(window)
    reports = finished_reports(window)
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    store = window.session.store
    assert reports[0].pulled >= 5
    assert store.count_by_status()
    assert store.setting(USER_ROLE) == "village"
    assert store.setting(USER_DIVISION) == county["village"]
    assert store.setting(SERVER_URL) == county["url"] and store.setting(TOKEN)
    assert store.kept_form(survey_form.id, survey_form.version) is not None
    window.close()
    assert window.session.store is None
    with Store.open(data_dir, "local password") as reopened:
        assert reopened.setting(TOKEN)


def test_a_refused_token_asks_for_a_login_on_the_page(qtbot, tmp_path, county, survey_form):
    store, _ = laptop(tmp_path, "stale", county, survey_form)
    store.set_setting(TOKEN, "expired-token")
    window = open_window(qtbot, tmp_path, "stale", survey_form, store)
    reports = finished_reports(window)
    page = window.sync_page
    window.show_page("sync")
    qtbot.waitUntil(lambda: window.sync_controller.login_needed, timeout=20_000)
    assert page.message.text().startswith("需要重新登录县服务器")
    assert "b00020" in page.message.styleSheet()  # said as an error
    assert not page.login.isHidden()
    assert page.url_field.text() == county["url"] and page.account_field.text() == CADRE

    page.password_field.setText(county["cadre"].password)
    page.login_button.click()
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    assert store.setting(TOKEN) != "expired-token"
    assert page.login.isHidden() and page.password_field.text() == ""
    window.close()
    store.close()


def test_cancel_stops_a_sync_between_batches(qtbot, tmp_path, county, survey_form):
    store, _ = laptop(tmp_path, "many", county, survey_form, records=2500)
    window = open_window(qtbot, tmp_path, "many", survey_form, store)
    controller, indicator = window.sync_controller, window.sync_indicator
    pushed = []
    controller.progressed.connect(lambda stage, done, _total: pushed.append(done))
    qtbot.waitUntil(lambda: bool(pushed), timeout=20_000)
    assert indicator.button.text() == "取消同步" and indicator.bar.isVisible()
    indicator.button.click()
    qtbot.waitUntil(lambda: not controller.running, timeout=20_000)
    assert controller.message == "同步已取消，已完成的部分都已保存"
    assert not controller.message_is_error
    assert 0 < replica.unsent_count(store) < 2500
    assert indicator.button.text() == "立即同步" and indicator.bar.isHidden()
    window.close()
    store.close()


# Last in the module: every laptop that logs in later would pull these 5,000 records.
def test_a_sync_of_5000_records_keeps_the_event_loop_responsive(
    qtbot,
    tmp_path,
    county,
    survey_form,
):
    store, _ = laptop(tmp_path, "big", county, survey_form, records=5000)
    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    window = open_window(qtbot, tmp_path, "big", survey_form, store)
    reports = finished_reports(window)
    qtbot.waitUntil(lambda: window.sync_controller.running, timeout=10_000)
    started = time.perf_counter()
    last[0] = started
    timer.start()
    qtbot.waitUntil(lambda: bool(reports), timeout=60_000)
    timer.stop()
    took = time.perf_counter() - started
    assert reports[0].pushed == 5000
    longest, usual = max(gaps), sorted(gaps)[int(len(gaps) * 0.99)]
    print(
        f"5,000 records in {took:.1f} s; {len(gaps)} ticks, longest gap {longest * 1000:.0f} ms,"
        f" 99th percentile {usual * 1000:.0f} ms"
    )
    assert len(gaps) > took * 20  # the timer kept ticking all along
    # Work on the UI thread shows as many long gaps, or one the cadre feels; a loaded
    # machine's scheduler alone gave single gaps of 100-200 ms (seen with the sync
    # entirely on its worker), so the single gap's bound is what a person notices.
    assert usual < 0.05
    assert longest < 0.3
    window.close()
    store.close()


def test_online_a_record_returned_by_the_township_arrives_by_itself(
    qtbot, tmp_path, county, survey_form, monkeypatch
):
    from collector.ui import sync

    monkeypatch.setattr(sync, "AUTO_SYNC_MS", 300)
    store, _ = laptop(tmp_path, "r", county, survey_form, records=2)
    record_id = store.page(None, 0, 2)[0].id
    store.move(record_id, Status.SUBMITTED, role=Role.VILLAGE, actor=CADRE)
    window = open_window(qtbot, tmp_path, "r", survey_form, store)
    reports = finished_reports(window)
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)  # the first sync sends it
    reviewer = county["reviewer"]
    token = Connection(county["url"]).login(reviewer.name, reviewer.password)["access_token"]
    requests.post(
        f"{county['url']}/api/v1/records/{record_id}/review",
        json={"action": "return", "reason": "电话打不通"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    ).raise_for_status()
    # Nobody presses 立即同步: the timer's sync brings the return and the badge counts it.
    qtbot.waitUntil(lambda: store.get(record_id).status == Status.RETURNED.value, timeout=20_000)
    qtbot.waitUntil(lambda: window.nav.item(0).text().endswith("(1)"), timeout=5_000)
    window.close()
    store.close()
