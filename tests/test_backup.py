"""Backup and restore of a real SQLCipher store: the backup stays encrypted, restores into
an empty folder and opens with the same password; a damaged or foreign file, an existing
store or backup file are refused and leave nothing behind."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from collector.cli import main
from collector.demo_data import SurveyRecords
from collector.storage.backup import BackupError, make_backup, restore_backup
from collector.storage.keys import WrongPassword
from collector.storage.store import STORE_FILE, Store

PASSWORD = "correct horse"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def store_dir(tmp_path, survey_form):
    data_dir = tmp_path / "store"
    with Store.create(data_dir, PASSWORD) as store:
        records = SurveyRecords(survey_form, seed=3).take(5)
        store.save_many(survey_form, records, author="李明")
        # Left open while the backup runs: the online backup copies a live store.
        store.save(survey_form, records[0] | {"full_name": "王小明"}, author="李明")
        (data_dir / "ui.ini").write_text("[General]\nlanguage=en\n")
        yield data_dir, records


def test_backup_is_encrypted_and_restores_whole(store_dir, tmp_path):
    data_dir, records = store_dir
    made = make_backup(data_dir, PASSWORD, tmp_path / "b.zip")
    assert made.records == 6
    with zipfile.ZipFile(made.path) as archive:
        assert {"manifest.json", STORE_FILE, "keys.json", "ui.ini"} == set(archive.namelist())
        copy = archive.read(STORE_FILE)
    assert not copy.startswith(b"SQLite format 3")
    assert records[1]["id_number"].encode() not in copy
    assert "王小明".encode() not in copy

    restored = tmp_path / "restored"
    assert restore_backup(made.path, restored).records == 6
    assert (restored / "ui.ini").read_text().endswith("language=en\n")
    with Store.open(restored, PASSWORD) as store:
        names = {r.full_name for r in store.page(limit=10)}
    assert "王小明" in names and records[1]["full_name"] in names


def test_backup_needs_the_password_and_never_overwrites(store_dir, tmp_path):
    data_dir, _ = store_dir
    with pytest.raises(WrongPassword):
        make_backup(data_dir, "wrong password", tmp_path / "b.zip")
    assert not (tmp_path / "b.zip").exists()
    (tmp_path / "old.zip").write_bytes(b"yesterday's backup")
    with pytest.raises(BackupError) as refused:
        make_backup(data_dir, PASSWORD, tmp_path / "old.zip")
    assert refused.value.code == "backup.out_exists"
    assert (tmp_path / "old.zip").read_bytes() == b"yesterday's backup"


def test_restore_refuses_a_folder_with_a_store(store_dir, tmp_path):
    data_dir, _ = store_dir
    made = make_backup(data_dir, PASSWORD, tmp_path / "b.zip")
    before = (data_dir / STORE_FILE).read_bytes()
    with pytest.raises(BackupError) as refused:
        restore_backup(made.path, data_dir)
    assert refused.value.code == "restore.store_exists"
    assert (data_dir / STORE_FILE).read_bytes() == before


def _rewrite(source, target, change):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))


def _truncated(path, out):
    out.write_bytes(path.read_bytes()[:5000])


def _flipped_bit(path, out):
    _rewrite(path, out, lambda n, b: b[:-1] + bytes([b[-1] ^ 1]) if n == STORE_FILE else b)


def _foreign(path, out):
    other = json.dumps({"format": "other/1"}).encode()
    _rewrite(path, out, lambda n, b: other if n == "manifest.json" else b)


def _not_a_zip(path, out):
    out.write_text("not a zip at all")


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (_truncated, "backup.damaged"),
        (_flipped_bit, "backup.damaged"),
        (_foreign, "backup.foreign"),
        (_not_a_zip, "backup.damaged"),
    ],
)
def test_a_damaged_or_foreign_backup_restores_nothing(store_dir, tmp_path, damage, code):
    data_dir, _ = store_dir
    made = make_backup(data_dir, PASSWORD, tmp_path / "b.zip")
    broken = tmp_path / "broken.zip"
    damage(made.path, broken)
    target = tmp_path / "target"
    with pytest.raises(BackupError) as refused:
        restore_backup(broken, target)
    assert refused.value.code == code
    assert not target.exists() or list(target.iterdir()) == []


def test_commands(store_dir, tmp_path, monkeypatch, capsys):
    data_dir, _ = store_dir
    monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)
    out = tmp_path / "b.zip"
    assert main(["backup", "--data-dir", str(data_dir), "--out", str(out)]) == 0
    assert "6 条记录" in capsys.readouterr().out
    assert main(["restore", "--from", str(out), "--data-dir", str(data_dir)]) == 2
    assert "已经有数据" in capsys.readouterr().err
    assert (
        main(["--lang", "en", "restore", "--from", str(out), "--data-dir", str(tmp_path / "n")])
        == 0
    )
    assert "Restored" in capsys.readouterr().out
    (tmp_path / "junk.zip").write_text("junk")
    assert (
        main(["restore", "--from", str(tmp_path / "junk.zip"), "--data-dir", str(tmp_path / "m")])
        == 2
    )
    assert "已损坏" in capsys.readouterr().err


def test_a_backup_of_the_first_release_restores_and_opens_migrated(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(DATA / "store-v1", old)
    made = make_backup(old, "release-0.1-password", tmp_path / "v1.zip")
    restore_backup(made.path, tmp_path / "upgraded")
    with Store.open(tmp_path / "upgraded", "release-0.1-password") as store:
        assert [r.full_name for r in store.search("zs")] == ["张三"]
        assert store.verify_audit()[1] is None
