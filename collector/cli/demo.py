"""`collector demo`: the whole flow on one laptop, in one command.

It starts a county server on 127.0.0.1 (in this process, on a SQLite file in a demo
folder), imports 金寨县's divisions, makes a village cadre and a township reviewer with
printed passwords, publishes the survey form, and puts a few records on the server the
way a cadre's laptop would (synced: some submitted, one returned by the township with a
reason). The cadre's laptop store is then opened in the desktop program, logged in and
synced, with one name changed both there and on another laptop (a conflict at the first
sync); what to try is printed in Chinese and English. `--check` does all that and exits
instead of opening a window (for tests and for a machine without a display).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import secrets
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from collector.cli.app import EXIT_NO_DISPLAY, no_display
from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.forms.model import Form
from collector.forms.textform import dump_text_form
from collector.logs import setup_logging
from collector.messages import get_language
from collector.paths import install_root
from collector.storage.settings import SERVER_URL, USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store
from collector.sync.client import ACCOUNT, TOKEN, Connection, Syncer
from collector.ui.session import SURVEY_FORM
from collector.workflow import Role, Status

DIVISIONS = install_root() / "resources" / "divisions" / "jinzhai-341524.csv"
CADRE, REVIEWER = "李明", "王芳"
RECORDS = 8
SUBMITTED = 4
RETURN_REASON = "电话打不通，请核实电话号码后重新提交"
SEED = 2026
OTHER_PHONE = "13912345678"
TWIN_PHONE = "13700001111"
SERVER_PACKAGES = ("fastapi", "uvicorn")
MARKER = ".collector-demo"
"""Marks a folder this command made: only such a folder is emptied for a fresh demo."""


@dataclass
class Account:
    name: str
    role: Role
    division: str
    password: str


def new_password() -> str:
    return "demo-" + secrets.token_hex(3)


def set_up_county(db: str, form: Form, village: str) -> dict[str, Account]:
    """Divisions, a cadre of `village` and a reviewer of its township, the form published."""
    # The server's modules load only for this command: every other one starts faster.
    from collector.server.cli import main as server_cli
    from collector.server.db import prepare
    from collector.server.repository import ServerStore

    with contextlib.redirect_stdout(io.StringIO()):  # it prints the count, not ours to say
        # Its --lang sets the messages' language for the whole process: keep ours.
        imported = server_cli(
            ["--db", db, "--lang", get_language(), "division", "import", str(DIVISIONS)]
        )
    if imported != 0:
        raise RuntimeError(f"importing {DIVISIONS} failed")
    server = ServerStore(prepare(db))
    accounts = {
        CADRE: Account(CADRE, Role.VILLAGE, village, new_password()),
        REVIEWER: Account(REVIEWER, Role.TOWNSHIP, village[:9], new_password()),
    }
    for account in accounts.values():
        server.add_account(account.name, account.role, account.division, account.password)
    server.publish_form(
        form.id, form.version, form.title_text("zh"), dump_text_form(form), "县人社局"
    )
    return accounts


class ServerThread:
    """The county server in a thread of this process (uvicorn on 127.0.0.1)."""

    def __init__(self, db: str, port: int | None = None):
        import uvicorn

        from collector.server.api import create_app
        from collector.server.db import prepare
        from collector.server.repository import ServerStore

        store = ServerStore(prepare(db))
        self.port = port or free_port()
        config = uvicorn.Config(
            create_app(store, store.engine.dialect.name),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            timeout_graceful_shutdown=1,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="county-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the demo server did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def laptop_store(
    data_dir: Path, password: str, form: Form, url: str, account: Account
) -> tuple[Store, Connection]:
    """A laptop's store logged in to the server as `account`, the way the wizard leaves it."""
    store = Store.create(data_dir, password)
    store.keep_form(form)
    connection = Connection(url)
    answer = connection.login(account.name, account.password)
    for key, value in (
        (USER_NAME, account.name),
        (USER_ROLE, answer["role"]),
        (USER_DIVISION, answer["division"]),
        (SERVER_URL, url),
        (TOKEN, answer["access_token"]),
        (ACCOUNT, account.name),
    ):
        store.set_setting(key, value)
    return store, connection


def sample_records(form: Form, village: str, count: int) -> list[dict]:
    made = SurveyRecords(form, seed=SEED).take(count)
    return [r | {"village": village, "township": village[:9]} for r in made]


def fill(store: Store, connection: Connection, form: Form, url: str, reviewer: Account) -> str:
    """The cadre's records on the server: some submitted, one of them returned by the
    township (through the server's review API); returns that record's id."""
    village = store.setting(USER_DIVISION)
    made = sample_records(form, village, RECORDS)
    # The same person entered twice (another phone number): the county server accepts
    # both and says so on the laptop, beside the record.
    made[-1] = made[1] | {"phone": TWIN_PHONE}
    store.save_many(form, made, author=CADRE)
    ids = [s.id for s in store.page(None, 0, RECORDS)]
    for record_id in ids[:SUBMITTED]:
        store.move(record_id, Status.SUBMITTED, role=Role.VILLAGE, actor=CADRE)
    Syncer(store, connection).run()
    token = Connection(url).login(reviewer.name, reviewer.password)["access_token"]
    returned = ids[0]
    requests.post(
        f"{url}/api/v1/records/{returned}/review",
        json={"action": "return", "reason": RETURN_REASON},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ).raise_for_status()
    Syncer(store, connection).run()
    return returned


def add_commands(commands) -> None:
    command = commands.add_parser(
        "demo",
        help="演示：本机县服务器和示例数据 / demo with a local county server and sample data",
        description="启动本机演示县服务器并打开程序 / "
        "Start a demo county server and open the program",
    )
    command.add_argument(
        "--folder",
        type=Path,
        help="演示数据文件夹（会被清空） / "
        "demo folder (emptied first; default: a new temporary one)",
    )
    command.add_argument(
        "--check",
        action="store_true",
        help="只准备数据并打印，不打开窗口 / set up and print, open no window",
    )
    command.set_defaults(run=run)


def fresh_folder(folder: Path) -> Path | None:
    """The demo's folder, empty; None if it holds something this command did not make."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER).exists():
            return None
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).touch()
    return folder


def run(args) -> int:
    if not all(importlib.util.find_spec(name) for name in SERVER_PACKAGES):
        # The packaged program leaves the county server out.
        print(
            "演示需要县服务器组件：pip install 'collector[server]'（./scripts/run.sh 会自动安装）\n"
            "The demo needs the county server's packages: pip install 'collector[server]' "
            "(./scripts/run.sh installs them)",
            file=sys.stderr,
        )
        return 2
    if not args.check and no_display():
        return EXIT_NO_DISPLAY
    if args.folder is None:
        # Gone when the demo ends: each run would otherwise leave a server, two stores and
        # a log behind in the temporary folder. (Still-open files on Windows stay.)
        with tempfile.TemporaryDirectory(
            prefix="collector-demo-", ignore_cleanup_errors=True
        ) as folder:
            return _run(Path(folder), args.check, kept=False)
    folder = fresh_folder(args.folder)
    if folder is None:
        print(
            f"{args.folder} 不是空文件夹，也不是演示文件夹；请换一个文件夹。\n"
            f"{args.folder} is neither empty nor a demo folder; choose another one.",
            file=sys.stderr,
        )
        return 2
    return _run(folder, args.check, kept=True)


def _run(folder: Path, check: bool, kept: bool) -> int:
    # The demo's log stays with the demo, out of the user's own log folder.
    setup_logging(folder / "logs")
    demo = build(folder, load_form(SURVEY_FORM))
    try:
        print(_guide(demo, kept))
        if check:
            return 0
        from PySide6.QtWidgets import QApplication

        from collector.ui.app import run as run_app
        from collector.ui.sync import install

        # Started from a terminal, Ctrl+C ends it (Python's default would raise inside
        # whichever Qt callback runs next, and the window would stay).
        signal.signal(signal.SIGINT, lambda *_: QApplication.quit())
        return run_app(demo.data_dir, extensions=[install])
    finally:
        demo.server.stop()


@dataclass
class Demo:
    folder: Path
    server: ServerThread
    data_dir: Path
    password: str
    accounts: dict[str, Account]


def build(folder: Path, form: Form) -> Demo:
    """The county server (running) and the cadre's laptop store in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    village = SurveyRecords(form, seed=SEED).record()["village"]
    db = f"sqlite:///{folder / 'county-server.db'}"
    accounts = set_up_county(db, form, village)
    server = ServerThread(db).start()
    try:
        password = new_password()
        data_dir = folder / "cadre-laptop"
        store, connection = laptop_store(data_dir, password, form, server.url, accounts[CADRE])
        with store:
            fill(store, connection, form, server.url, accounts[REVIEWER])
            edited_on_both(store, form, server.url, accounts[CADRE], folder / "other-laptop")
    except BaseException:
        server.stop()
        raise
    return Demo(folder, server, data_dir, password, accounts)


def edited_on_both(store: Store, form: Form, url: str, account: Account, other_dir: Path) -> str:
    """A draft's name changed on another laptop of the account (synced, with a new phone
    number) and on this one (not yet synced): the next sync takes the phone number and
    leaves the name to a person, on the conflicts page. Returns the record's id."""
    record_id = next(s.id for s in store.page(None, 0, RECORDS) if s.status == "draft")
    other, link = laptop_store(other_dir, new_password(), form, url, account)
    with other:
        Syncer(other, link).run()
        data = other.get(record_id).data
        changed = {"full_name": data["full_name"] + "华", "phone": OTHER_PHONE}
        other.save(form, data | changed, author=account.name, record_id=record_id)
        Syncer(other, link).run()
    data = store.get(record_id).data
    store.save(
        form,
        data | {"full_name": data["full_name"] + "民"},
        author=account.name,
        record_id=record_id,
    )
    return record_id


def _guide(demo: Demo, kept: bool) -> str:
    cadre, reviewer = demo.accounts[CADRE], demo.accounts[REVIEWER]
    folder, data_dir, password, url = demo.folder, demo.data_dir, demo.password, demo.server.url
    removed = "" if kept else "，演示结束后删除 / removed when the demo ends; --folder keeps it"
    return f"""
演示已准备好 / The demo is ready
  县服务器 / county server:   {url}   (数据 / data: {folder}{removed})
  本机数据 / laptop store:    {data_dir}
  本机密码 / laptop password: {password}
  村干部 / village cadre:      {cadre.name}  密码 / password {cadre.password}
  乡镇审核 / township reviewer: {reviewer.name}  密码 / password {reviewer.password}

可以试试 / Things to try:
  1. 用上面的本机密码解锁。“记录”里有 {RECORDS} 条记录，其中 1 条被乡镇退回（红色，带原因）。
     Unlock with the laptop password. "记录" (Records) holds {RECORDS} records; one was returned
     by the township (red, with its reason).
  2. 打开被退回的记录，改正电话号码，点“检查并提交”，再到“同步”页点“立即同步”。
     Open the returned record, fix the phone number, "检查并提交" (check and submit), then
     "立即同步" (sync now) on the "同步" (Sync) page.
  3. 新录入一条记录：身份证号填错一位，看旁边的提示。状态栏显示未上传的条数。
     Enter a new record with one wrong digit in the ID number and see the message beside it;
     the status bar counts the unsent changes.
  4. 有一个人的姓名在本机和“另一台电脑”上都改了：程序连上服务器后自动同步，电话号码自动
     合并，姓名到“冲突”页选择保留哪一个。
     One person's name was changed here and on "another laptop": the program syncs by itself,
     the phone number merges, and the name waits on the "冲突" (Conflicts) page for a choice.
  5. 有一个人被录了两次（身份证号相同）：县服务器两条都收下，在“记录”的“县服务器意见”一栏
     说明与哪条记录重复，留给乡镇和县里核对。
     One person was entered twice (the same ID number): the county server keeps both and
     says which record it repeats, in the "县服务器意见" (County server says) column.
  6. 关闭程序时演示服务器也会停止；再次运行 ./scripts/run.sh 会重新准备一份演示数据。
     Closing the program stops the demo server; ./scripts/run.sh again sets up a fresh demo.
  县服务器的接口文档 / the server's API docs: {url}/docs
"""
