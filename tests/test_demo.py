"""`collector demo --check`: a county server on 127.0.0.1 with demo accounts and records,
and a cadre's laptop store logged in and synced, without opening a window."""

from __future__ import annotations

import importlib.util
import re
import tempfile
from pathlib import Path

from collector.cli import main as cli
from collector.cli.demo import (
    MARKER,
    OTHER_PHONE,
    RECORDS,
    RETURN_REASON,
    SUBMITTED,
    build,
)
from collector.storage import replica
from collector.storage.settings import USER_ROLE
from collector.storage.store import Store
from collector.sync.client import TOKEN, Connection, Syncer


def test_the_demo_sets_up_a_synced_laptop_and_says_what_to_try(tmp_path, capsys):
    folder = tmp_path / "demo"
    assert cli(["demo", "--check", "--folder", str(folder)]) == 0
    printed = capsys.readouterr().out
    password = re.search(r"laptop password: (\S+)", printed).group(1)
    assert "可以试试" in printed and "Things to try" in printed
    assert re.search(r"village cadre:\s+李明\s+密码 / password demo-\w+", printed)

    with Store.open(folder / "cadre-laptop", password) as store:
        counts = {k: v for k, v in store.count_by_status().items() if v}
        assert counts == {"draft": RECORDS - SUBMITTED, "submitted": SUBMITTED - 1, "returned": 1}
        [returned] = [s for s in store.page(None, 0, RECORDS) if s.status == "returned"]
        assert store.get(returned.id).reason == RETURN_REASON
        assert store.setting(USER_ROLE) == "village" and store.setting(TOKEN)
        assert replica.last_sync(store)
        assert replica.unsent_count(store) == 1  # the name changed here, to meet the other
        noted = [s for s in store.page(None, 0, RECORDS) if s.sync_note]
        # Both entries of the same person say so (they arrived in one batch).
        assert [replica.note_of(s.sync_note)["code"] for s in noted] == ["sync.duplicate"] * 2

    # Run again: the demo folder is made fresh; a folder of anything else is left alone.
    assert cli(["demo", "--check", "--folder", str(folder)]) == 0
    assert (folder / MARKER).exists()
    other = tmp_path / "papers"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    assert cli(["demo", "--check", "--folder", str(other)]) == 2
    assert (other / "keep.txt").read_text() == "mine"


def test_a_demo_without_folder_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the machine's /tmp, here
    assert cli(["demo", "--check"]) == 0
    printed = capsys.readouterr().out
    used = Path(re.search(r"data: (\S+?)，", printed).group(1))
    assert used.parent == tmp_path and "removed when the demo ends" in printed
    assert not used.exists() and list(tmp_path.iterdir()) == []


def test_the_demos_first_sync_merges_the_phone_and_leaves_the_name_to_decide(tmp_path, survey_form):
    demo = build(tmp_path, survey_form)
    try:
        store = Store.open(demo.data_dir, demo.password)
        with store:
            connection = Connection(demo.server.url, token=store.setting(TOKEN))
            report = Syncer(store, connection).run()
            assert report.conflicts == 1
            [conflict] = replica.open_conflicts(store)
            assert [f["name"] for f in conflict.fields] == ["full_name"]
            here, there = conflict.local["full_name"], conflict.remote["full_name"]
            assert here[:-1] == there[:-1] and (here[-1], there[-1]) == ("民", "华")
            assert conflict.remote["phone"] == OTHER_PHONE
    finally:
        demo.server.stop()


def test_without_the_server_packages_the_demo_says_what_to_install(tmp_path, capsys, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    assert cli(["demo", "--check", "--folder", str(tmp_path / "demo")]) == 2
    assert "collector[server]" in capsys.readouterr().err
    assert not (tmp_path / "demo").exists()
