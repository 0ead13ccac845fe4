"""The store commands as IT staff and scripts run them, in real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import FORMS, ROOT

SURVEY = str(FORMS / "outmigrant_labour.yaml")


def collector(*args, password=None, new_password=None, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLECTOR_")}
    if password:
        env["COLLECTOR_PASSWORD"] = password
    if new_password:
        env["COLLECTOR_NEW_PASSWORD"] = new_password
    exe = ROOT / ".venv" / "bin" / "collector"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "collector"]
    return subprocess.run(
        [*command, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        input=stdin,
        timeout=120,
    )


def test_init_fake_list_search_and_audit(tmp_path):
    store = tmp_path / "村"
    assert collector("init", "--data-dir", store, password="village-pass").returncode == 0
    done = collector(
        "records",
        "fake",
        "--data-dir",
        store,
        "--form",
        SURVEY,
        "--count",
        30,
        password="village-pass",
    )
    assert done.returncode == 0 and done.stdout.strip() == "30"
    listed = collector(
        "records", "list", "--data-dir", store, "--json", "--limit", 5, password="village-pass"
    )
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 5 and all(
        r["status"] == "draft" and len(r["id_number"]) == 18 for r in rows
    )
    name = rows[0]["full_name"]
    found = collector(
        "records", "list", "--data-dir", store, "--search", name, password="village-pass"
    )
    assert name in found.stdout and "草稿" in found.stdout
    verified = collector("audit", "verify", "--data-dir", store, password="village-pass")
    assert verified.returncode == 0 and "审计日志完整" in verified.stdout
    exported = tmp_path / "audit.jsonl"
    done = collector(
        "audit", "export", "--data-dir", store, "--out", exported, password="village-pass"
    )
    assert done.returncode == 0
    text = exported.read_text(encoding="utf-8")
    entries = [json.loads(line) for line in text.splitlines()]
    assert sum(e["action"] == "record.save" for e in entries) == 30
    for row in rows:  # the exported log holds no personal data
        assert (
            row["full_name"] not in text
            and row["id_number"] not in text
            and row["phone"] not in text
        )


def test_records_add_from_jsonl(tmp_path, survey_form):
    from collector.demo_data import SurveyRecords

    data = tmp_path / "in.jsonl"
    records = SurveyRecords(survey_form, seed=4).take(3)
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), "utf-8")
    collector("init", "--data-dir", tmp_path / "s", password="village-pass")
    done = collector(
        "records",
        "add",
        "--data-dir",
        tmp_path / "s",
        "--form",
        SURVEY,
        data,
        password="village-pass",
    )
    assert done.returncode == 0 and done.stdout.strip() == "3"


def test_wrong_or_missing_password_is_a_message_not_a_traceback(tmp_path):
    collector("init", "--data-dir", tmp_path, password="village-pass")
    wrong = collector("records", "list", "--data-dir", tmp_path, password="not-the-pass")
    assert wrong.returncode == 2
    assert wrong.stderr.strip() == "密码不对，请重新输入（注意大小写和输入法）"
    none = collector("records", "list", "--data-dir", tmp_path, stdin="")
    assert none.returncode == 2 and "COLLECTOR_PASSWORD" in none.stderr
    english = collector(
        "--lang", "en", "records", "list", "--data-dir", tmp_path / "x", password="p" * 8
    )
    assert english.returncode == 2 and "holds no store" in english.stderr
    for result in (wrong, none, english):
        assert "Traceback" not in result.stderr


def test_passwd_and_recover(tmp_path):
    keys = tmp_path / "keys"
    keys.mkdir()
    made = collector(
        "keys", "new", "--private", keys / "county.pem", "--public", keys / "county.pub"
    )
    assert made.returncode == 0
    store = tmp_path / "store"
    collector(
        "init",
        "--data-dir",
        store,
        "--recovery-public-key",
        keys / "county.pub",
        password="first-pass",
    )
    assert (
        collector(
            "passwd", "--data-dir", store, password="first-pass", new_password="short"
        ).returncode
        == 2
    )
    assert (
        collector(
            "passwd", "--data-dir", store, password="first-pass", new_password="second-pass"
        ).returncode
        == 0
    )
    assert collector("records", "list", "--data-dir", store, password="first-pass").returncode == 2
    assert collector("records", "list", "--data-dir", store, password="second-pass").returncode == 0
    recovered = collector(
        "recover",
        "--data-dir",
        store,
        "--recovery-key",
        keys / "county.pem",
        new_password="third-pass",
    )
    assert recovered.returncode == 0, recovered.stderr
    assert collector("records", "list", "--data-dir", store, password="third-pass").returncode == 0


def test_a_newcomer_is_told_what_init_made_and_that_nothing_matched(tmp_path):
    store = tmp_path / "采集数据"
    made = collector("init", "--data-dir", store, "--lang", "en", password="village-pass")
    assert made.returncode == 0
    assert f"Made the encrypted store collector.db in {store}" in made.stdout
    assert f"collector app --data-dir {store}" in made.stdout  # what to do next
    # --lang after the command and its options, as people type it.
    found = collector(
        "records", "list", "--data-dir", store, "--search", "zs", "--lang", "en",
        password="village-pass",
    )  # fmt: skip
    assert found.returncode == 0
    assert found.stdout == "" and found.stderr.strip() == "No records match"
    in_chinese = collector("records", "list", "--data-dir", store, password="village-pass")
    assert in_chinese.stderr.strip() == "没有符合条件的记录"
