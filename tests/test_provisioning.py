"""Provisioning an office PC: `collector-server provision` on a real server database, the
file read back (and refused when damaged or foreign), the store made from it, and the
first-run wizard's page doing that from the file and a password."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from server_process import self_signed
from ui_support import PASSWORD, drain_pool  # noqa: F401 (a fixture)

from collector.provisioning import (
    CA_FILE,
    DIVISIONS_FILE,
    Provision,
    ProvisionError,
    read_provision,
    write_provision,
)
from collector.server.cli import main as server_cli
from collector.storage.provision import apply_provision
from collector.storage.settings import CA_BUNDLE, SERVER_URL, USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
ROOT_DIVISIONS = ROOT / "resources" / "divisions"
VILLAGE = "341524100001"
HUOQIU_VILLAGE = "341522100001"
SERVER_PASSWORD = "server-side secret"


@pytest.fixture(scope="module")
def server_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("server")
    db = f"sqlite:///{folder / 's.db'}"
    assert (
        server_cli(["--db", db, "division", "import", f"{ROOT_DIVISIONS}/jinzhai-341524.csv"]) == 0
    )
    # Another county on the same server: its divisions stay out of Jinzhai's files.
    assert (
        server_cli(["--db", db, "division", "import", f"{ROOT_DIVISIONS}/huoqiu-341522.csv"]) == 0
    )
    for form in ("outmigrant_labour.yaml", "enterprise_demand.yaml"):
        assert server_cli(["--db", db, "form", "publish", str(ROOT / "forms" / form)]) == 0
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COLLECTOR_PASSWORD", SERVER_PASSWORD)
        for name, village in (("青山社区", VILLAGE), ("师部社区", HUOQIU_VILLAGE)):
            args = ["--db", db, "user", "add", name, "--role", "village", "--division", village]
            assert server_cli(args) == 0
    cert, _key = self_signed(folder)
    return db, cert


@pytest.fixture
def provision_file(server_db, tmp_path):
    db, cert = server_db
    out = tmp_path / "青山社区.json"
    args = ["--db", db, "provision", "--division", VILLAGE, "--account", "青山社区"]
    args += ["--out", str(out), "--ca-cert", cert, "--server-url", "https://127.0.0.1:8443"]
    assert server_cli(args) == 0
    return out


def test_the_server_writes_what_a_pc_needs_and_no_password(provision_file):
    text = provision_file.read_text(encoding="utf-8")
    assert SERVER_PASSWORD not in text
    assert "password" not in json.loads(text)
    provision = read_provision(provision_file)
    assert (provision.account, provision.role, provision.division) == (
        "青山社区",
        "village",
        VILLAGE,
    )
    assert provision.server == "https://127.0.0.1:8443"
    assert provision.ca_certificate.startswith("-----BEGIN CERTIFICATE-----")
    assert sorted(f.id for f in provision.compiled_forms()) == [
        "enterprise_demand",
        "outmigrant_labour",
    ]
    codes = {row["code"] for row in provision.divisions}
    assert len(codes) == 256 and all(code.startswith("341524") for code in codes)


def test_the_server_refuses_what_it_cannot_provision(server_db, tmp_path, capsys):
    db, _ = server_db
    out = tmp_path / "p.json"
    base = ["--db", db, "provision", "--out", str(out)]
    assert server_cli([*base, "--division", VILLAGE, "--account", "nobody"]) == 2
    assert server_cli([*base, "--division", "341524100002", "--account", "青山社区"]) == 2
    assert "--division" in capsys.readouterr().err
    not_pem = tmp_path / "ca.txt"
    not_pem.write_text("hello")
    args = [*base, "--division", VILLAGE, "--account", "青山社区", "--ca-cert", str(not_pem)]
    assert server_cli(args) == 2
    assert "PEM" in capsys.readouterr().err
    assert not out.exists()


def test_a_store_made_from_the_file(provision_file, tmp_path, survey_form):
    data_dir = tmp_path / "pc"
    apply_provision(read_provision(provision_file), data_dir, PASSWORD).close()
    with Store.open(data_dir, PASSWORD) as store:
        assert store.setting(USER_NAME) == "青山社区"
        assert store.setting(USER_ROLE) == "village"
        assert store.setting(USER_DIVISION) == VILLAGE
        assert store.setting(SERVER_URL) == "https://127.0.0.1:8443"
        assert store.setting(CA_BUNDLE) == str(data_dir / CA_FILE)
        assert store.form_definition(survey_form.id, survey_form.version) is not None
    assert (data_dir / CA_FILE).read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert (data_dir / DIVISIONS_FILE).read_text().count("\n") == 257


def test_the_program_uses_the_provisioned_county(server_db, tmp_path):
    from collector.ui.session import Session, survey_form

    db, _ = server_db
    out = tmp_path / "师部社区.json"
    args = ["--db", db, "provision", "--division", HUOQIU_VILLAGE, "--account", "师部社区"]
    assert server_cli([*args, "--out", str(out)]) == 0
    data_dir = tmp_path / "pc"
    apply_provision(read_provision(out), data_dir, PASSWORD).close()
    session = Session(data_dir, survey_form(data_dir))
    villages = dict(session.divisions_of_level("village"))
    assert villages[HUOQIU_VILLAGE] == "师部社区"
    assert all(code.startswith("341522") for code in villages)
    assert all(code.startswith("341524") for code, _ in Session(tmp_path, survey_form()).villages())


def _good() -> dict:
    data = {"format": "collector-provision/1"}
    data.update(account="a", role="village", division=VILLAGE, server=None, ca_certificate=None)
    data.update(forms=[(ROOT / "forms" / "enterprise_demand.yaml").read_text(encoding="utf-8")])
    data.update(divisions=[{"code": VILLAGE, "name": "青山", "parent": "", "level": "village"}])
    return data


@pytest.mark.parametrize(
    ("content", "code"),
    [
        ("{not json", "provision.damaged"),
        (b"\x89PNG\r\n\x1a\n\xff\xfe", "provision.foreign"),
        (json.dumps({"hello": 1}), "provision.foreign"),
        (json.dumps(_good() | {"format": "collector-provision/2"}), "provision.newer"),
        (json.dumps({k: v for k, v in _good().items() if k != "account"}), "provision.damaged"),
        (json.dumps(_good() | {"role": "mayor"}), "provision.damaged"),
        (json.dumps(_good() | {"ca_certificate": "not a pem"}), "provision.damaged"),
        (
            json.dumps(_good() | {"forms": ["id: x\nfields: [{type: nonsense}]"]}),
            "provision.bad_form",
        ),
    ],
    ids=["not-json", "binary", "other-json", "newer", "no-account", "role", "ca", "form"],
)
def test_damaged_or_foreign_files_are_refused(tmp_path, content, code):
    path = tmp_path / "p.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ProvisionError) as refused:
        read_provision(path)
    assert refused.value.code == code


def test_write_and_read_round_trip(tmp_path):
    provision = Provision(**{k: v for k, v in _good().items() if k != "format"})
    write_provision(provision, tmp_path / "p.json")
    assert read_provision(tmp_path / "p.json") == provision
    assert [p.name for p in tmp_path.iterdir()] == ["p.json"]


def test_the_wizard_page_imports_the_file(qtbot, provision_file, tmp_path, survey_form, drain_pool):  # noqa: F811
    from collector.ui.session import Session
    from collector.ui.wizard import PROVISION, SetupWizard

    data_dir = tmp_path / "pc"
    wizard = SetupWizard(Session(data_dir, survey_form))
    qtbot.addWidget(wizard)
    page = wizard.page(PROVISION)
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    page.load(broken)
    assert not page.isComplete() and "已损坏" in page.message.text()

    page.load(provision_file)
    assert page.isComplete() and "青山社区居委会" in page.summary.text()
    page.password.setText(PASSWORD)
    page.repeat.setText("something else")
    assert page.validatePage() is False and page.message.text()
    page.repeat.setText(PASSWORD)
    with qtbot.waitSignal(wizard.created, timeout=10_000) as created:
        page.validatePage()
    store = created.args[0]
    try:
        assert store.setting(USER_NAME) == "青山社区"
        assert store.setting(SERVER_URL) == "https://127.0.0.1:8443"
    finally:
        store.close()
