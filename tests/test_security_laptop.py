"""The laptop's holes of issue 15, one test each, against real SQLCipher stores, real
files shaped as an attacker or a careless clerk would make them, the real `collector`
command and the real Qt program."""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from pathlib import Path

import pytest

from collector.cli import main
from collector.demo_data import SurveyRecords
from collector.storage.backup import make_backup
from collector.storage.store import STORE_FILE, Store

PASSWORD = "correct horse"


@pytest.fixture
def store_dir(tmp_path, survey_form):
    data_dir = tmp_path / "store"
    with Store.create(data_dir, PASSWORD) as store:
        store.save_many(survey_form, SurveyRecords(survey_form, seed=3).take(5), author="李明")
    return data_dir


@pytest.fixture
def cli(monkeypatch, capsys):
    """`collector …` as a user runs it: exit code, what it printed and what it wrote to stderr."""
    monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)

    def run(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _members(backup: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(backup) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _repack(backup: Path, out: Path, members: dict[str, bytes], **extra_files: bytes) -> Path:
    """A backup as an attacker rewrites it: the manifest lists every file with its real
    checksum, so only the restore's own rules can refuse it."""
    manifest = json.loads(members.pop("manifest.json"))
    members.update(extra_files)
    manifest["files"] = {name: hashlib.sha256(data).hexdigest() for name, data in members.items()}
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out


# --- backups and restore ----------------------------------------------------------------


def test_restore_writes_only_the_files_a_backup_holds(store_dir, tmp_path, cli):
    made = make_backup(store_dir, PASSWORD, tmp_path / "b.zip")
    planted = _repack(
        made.path, tmp_path / "planted.zip", _members(made.path), **{"evil.sh": b"rm -rf ~\n"}
    )
    target = tmp_path / "target"
    code, _, err = cli("restore", "--from", planted, "--data-dir", target)
    assert code == 2
    assert "evil.sh" in err and "没有恢复任何数据" in err
    assert not (target / "evil.sh").exists()
    assert not (target / STORE_FILE).exists()


def test_a_backup_that_unpacks_far_beyond_its_size_is_refused_by_its_header(
    store_dir, tmp_path, cli
):
    made = make_backup(store_dir, PASSWORD, tmp_path / "b.zip")
    members = _members(made.path)
    zeros, size = bytes(1 << 20), 200 << 20
    digest = hashlib.sha256()
    for _ in range(size >> 20):
        digest.update(zeros)
    manifest = json.loads(members["manifest.json"])
    manifest["files"][STORE_FILE] = digest.hexdigest()
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("keys.json", members["keys.json"])
        with archive.open(STORE_FILE, "w", force_zip64=True) as handle:
            for _ in range(size >> 20):
                handle.write(zeros)
    assert bomb.stat().st_size < 1 << 20
    target = tmp_path / "target"
    code, _, err = cli("--lang", "en", "restore", "--from", bomb, "--data-dir", target)
    assert code == 2
    assert "209.7 MB" in err and "over the limit of" in err and "nothing was restored" in err
    assert not target.exists() or sum(f.stat().st_size for f in target.rglob("*")) == 0


def test_a_restore_into_an_existing_folder_leaves_every_file_owner_only(store_dir, tmp_path, cli):
    made = make_backup(store_dir, PASSWORD, tmp_path / "b.zip")
    # A folder where a first run stopped after writing its key file, or where a store was
    # moved away: keys.json (0600) is there, the store is not.
    target = tmp_path / "target"
    target.mkdir(mode=0o700)
    (target / "keys.json").write_bytes((store_dir / "keys.json").read_bytes())
    (target / "keys.json").chmod(0o600)
    (store_dir / "ui.ini").write_text("[General]\nlanguage=en\n")
    made = make_backup(store_dir, PASSWORD, tmp_path / "c.zip")
    assert cli("restore", "--from", made.path, "--data-dir", target)[0] == 0
    modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in target.iterdir()}
    assert modes == {"keys.json": 0o600, STORE_FILE: 0o600, "ui.ini": 0o600}
