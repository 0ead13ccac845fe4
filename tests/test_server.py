"""The county server as a real process on 127.0.0.1: logins, scope, review, bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

import pytest
import requests
from conftest import ROOT, SHARED
from server_process import free_port, running_server, self_signed

from collector.demo_data import SurveyRecords
from collector.forms.textform import dump_text_form
from collector.server.cli import main as server_cli
from collector.server.db import prepare
from collector.server.repository import Account, ServerError, ServerStore
from collector.workflow import Role

COUNTY = "341524"
TOWN_A, TOWN_B = "341524100", "341524101"  # 梅山镇, 麻埠镇
PASSWORD = "server-pass-1"
ACCOUNTS = {
    "village_a": (Role.VILLAGE, None),  # a village of TOWN_A, filled in below
    "township_a": (Role.TOWNSHIP, TOWN_A),
    "county": (Role.COUNTY, COUNTY),
    "admin": (Role.ADMIN, COUNTY),
}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def database(request, tmp_path_factory):
    """Every server test runs on the default SQLite file and on real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('server') / 'server.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="module")
def server(database, survey_form, tmp_path_factory):
    db = database
    assert (
        server_cli(
            ["--db", db, "division", "import", str(SHARED / "divisions" / "jinzhai-341524.csv")]
        )
        == 0
    )
    huoqiu = str(SHARED / "divisions" / "huoqiu-341522.csv")  # a second county, out of scope
    assert server_cli(["--db", db, "division", "import", huoqiu]) == 0
    store = ServerStore(prepare(db))
    villages = {town: [d["code"] for d in store.divisions(town)][:2] for town in (TOWN_A, TOWN_B)}
    for name, (role, division) in ACCOUNTS.items():
        store.add_account(name, role, division or villages[TOWN_A][0], PASSWORD)
    store.publish_form(
        survey_form.id,
        survey_form.version,
        "外出劳动力资源信息采集表",
        dump_text_form(survey_form),
        "县人社局",
    )
    generator = SurveyRecords(survey_form, seed=8)
    placed = {}
    for codes in villages.values():
        for code in codes:
            record = generator.record() | {"village": code}
            record_id = f"rec-{code}"
            store.put_record(
                record_id, survey_form.id, survey_form.version, code, record, author="seed"
            )
            placed[code] = record_id
    far_village = next(
        d["code"]
        for d in store.divisions()
        if d["code"].startswith("341522") and d["level"] == "village"
    )
    other_county = "rec-other-county"
    store.put_record(
        other_county,
        survey_form.id,
        survey_form.version,
        far_village,
        generator.record(),
        author="seed",
    )
    log = tmp_path_factory.mktemp("log") / "server.log"
    with running_server(db, log) as base:
        yield {"base": base, "villages": villages, "records": placed, "other_county": other_county}


def login(server, name: str) -> dict[str, str]:
    answer = requests.post(
        f"{server['base']}/token", json={"username": name, "password": PASSWORD}, timeout=10
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_health_and_openapi(server, database):
    health = requests.get(f"{server['base']}/health", timeout=5).json()
    assert health["database"] == database.split(":")[0].split("+")[0]
    paths = requests.get(server["base"].replace("/api/v1", "/openapi.json"), timeout=5).json()[
        "paths"
    ]
    assert "/api/v1/records/{record_id}/review" in paths


def test_wrong_login_and_throttling(server):
    for _ in range(5):
        answer = requests.post(
            f"{server['base']}/token", json={"username": "nobody", "password": "x"}, timeout=5
        )
        assert answer.status_code == 401
        assert answer.json()["detail"]["message"] == "账号或密码不对"
    answer = requests.post(
        f"{server['base']}/token", json={"username": "nobody", "password": "x"}, timeout=5
    )
    assert answer.status_code == 429 and "分钟后再试" in answer.json()["detail"]["message"]
    assert requests.get(f"{server['base']}/records", timeout=5).status_code == 401


def test_forms_are_published_to_the_laptops(server, survey_form):
    headers = login(server, "village_a")
    listed = requests.get(f"{server['base']}/forms", headers=headers, timeout=5).json()
    assert [(f["form_id"], f["version"]) for f in listed] == [(survey_form.id, survey_form.version)]
    one = requests.get(
        f"{server['base']}/forms/{survey_form.id}/{survey_form.version}", headers=headers, timeout=5
    )
    assert "id_number" in one.json()["definition"]


def visible(server, name: str) -> set[str]:
    answer = requests.get(f"{server['base']}/records", headers=login(server, name), timeout=5)
    return {r["id"] for r in answer.json()}


def test_each_account_sees_its_scope_only(server):
    records, villages = server["records"], server["villages"]
    assert visible(server, "village_a") == {records[villages[TOWN_A][0]]}
    assert visible(server, "township_a") == {records[c] for c in villages[TOWN_A]}
    assert visible(server, "county") == set(records.values())
    assert visible(server, "admin") == {*records.values(), server["other_county"]}


@pytest.mark.parametrize(
    ("name", "outside_of"),
    [("village_a", "town_b"), ("township_a", "town_b"), ("village_a", "other_county"),
     ("township_a", "other_county"), ("county", "other_county")],
)  # fmt: skip
def test_every_endpoint_refuses_a_record_out_of_scope(server, name, outside_of):
    if outside_of == "town_b":
        village_b = server["villages"][TOWN_B][1]
        outside = server["records"][village_b]
    else:
        outside = server["other_county"]
        village_b = requests.get(
            f"{server['base']}/records/{outside}", headers=login(server, "admin"), timeout=5
        ).json()["village"]
    headers = login(server, name)
    base = server["base"]
    answers = [
        requests.get(f"{base}/records/{outside}", headers=headers, timeout=5),
        requests.post(
            f"{base}/records/{outside}/review",
            json={"action": "approve"},
            headers=headers,
            timeout=5,
        ),
        requests.post(
            f"{base}/records/{outside}/review",
            json={"action": "return", "reason": "x"},
            headers=headers,
            timeout=5,
        ),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404]
    batch = requests.post(
        f"{base}/review", json={"ids": [outside], "action": "approve"}, headers=headers, timeout=5
    )
    assert batch.json() == [{"id": outside, "error": "server.no_such_record", "status_code": 404}]
    filtered = requests.get(
        f"{base}/records", params={"village": village_b}, headers=headers, timeout=5
    )
    assert filtered.status_code == 200 and filtered.json() == []
    stats = requests.get(f"{base}/stats", headers=headers, timeout=5).json()
    assert village_b not in {row["division"] for row in stats}
    assert outside not in json.dumps(
        requests.get(f"{base}/audit", headers=headers, timeout=5).json()
    )


def test_review_follows_the_workflow(server):
    record = server["records"][server["villages"][TOWN_A][1]]
    base = server["base"]
    village, township, county = (login(server, n) for n in ("village_a", "township_a", "county"))
    refused = requests.post(
        f"{base}/records/{record}/review", json={"action": "approve"}, headers=county, timeout=5
    )
    assert (
        refused.status_code == 403 and refused.json()["detail"]["code"] == "workflow.not_your_move"
    )
    no_reason = requests.post(
        f"{base}/records/{record}/review", json={"action": "return"}, headers=township, timeout=5
    )
    assert (
        no_reason.status_code == 400
        and no_reason.json()["detail"]["message"] == "退回时必须写明原因"
    )
    approved = requests.post(
        f"{base}/records/{record}/review", json={"action": "approve"}, headers=township, timeout=5
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = requests.post(
        f"{base}/records/{record}/review", json={"action": "approve"}, headers=township, timeout=5
    )
    assert again.status_code == 409
    accepted = requests.post(
        f"{base}/review", json={"ids": [record], "action": "accept"}, headers=county, timeout=5
    )
    assert accepted.json()[0]["status"] == "accepted"
    detail = requests.get(f"{base}/records/{record}", headers=county, timeout=5).json()
    assert detail["status"] == "accepted" and detail["head"].startswith("3-")
    assert requests.get(f"{base}/audit", headers=village, timeout=5).status_code == 403
    actions = [e["action"] for e in requests.get(f"{base}/audit", headers=county, timeout=5).json()]
    assert "record.approved" in actions and "record.accepted" in actions


def test_bad_input_gets_a_4xx_naming_the_problem(server):
    base, headers = server["base"], login(server, "county")
    malformed = requests.post(
        f"{base}/token", data="{not json", headers={"Content-Type": "application/json"}, timeout=5
    )
    assert malformed.status_code == 422
    missing = requests.post(f"{base}/token", json={"username": "county"}, timeout=5)
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "password"]
    wrong_type = requests.get(
        f"{base}/records", params={"limit": "many"}, headers=headers, timeout=5
    )
    assert wrong_type.status_code == 422 and wrong_type.json()["detail"][0]["loc"] == [
        "query",
        "limit",
    ]
    bad_village = requests.get(
        f"{base}/records", params={"village": "12"}, headers=headers, timeout=5
    )
    assert bad_village.status_code == 422
    for field, value in (("village", "341524999999"), ("township", "341524999"), ("form", "nope")):
        unknown_filter = requests.get(
            f"{base}/records", params={field: value}, headers=headers, timeout=5
        )
        assert unknown_filter.status_code == 422
        assert unknown_filter.json()["detail"]["message"] == f"筛选条件 {field} 的值“{value}”不存在"
    unknown = requests.post(
        f"{base}/review", json={"ids": ["x"], "action": "delete"}, headers=headers, timeout=5
    )
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["body", "action"]
    huge = requests.post(
        f"{base}/review", data=b"x" * (2 * 1024 * 1024), headers=headers, timeout=10
    )
    assert huge.status_code == 413 and huge.json()["detail"]["code"] == "server.too_large"


def test_survey_rounds(server):
    base = server["base"]
    county, township = login(server, "county"), login(server, "township_a")
    refused = requests.post(
        f"{base}/rounds", json={"name": "2026年下半年"}, headers=township, timeout=5
    )
    assert refused.status_code == 403
    opened = requests.post(
        f"{base}/rounds", json={"name": "2026年下半年"}, headers=county, timeout=5
    )
    assert opened.status_code == 200
    round_id = opened.json()["id"]
    twice = requests.post(
        f"{base}/rounds", json={"name": "2027年上半年"}, headers=county, timeout=5
    )
    assert twice.status_code == 409 and twice.json()["detail"]["code"] == "server.round_open"
    record = server["records"][server["villages"][TOWN_A][0]]
    requests.post(
        f"{base}/records/{record}/review",
        json={"action": "return", "reason": "请核实电话"},
        headers=township,
        timeout=5,
    )
    in_round = requests.get(
        f"{base}/records", params={"round": round_id}, headers=county, timeout=5
    ).json()
    assert [r["id"] for r in in_round] == [record]
    stats = requests.get(
        f"{base}/stats", params={"round": round_id}, headers=county, timeout=5
    ).json()
    assert stats == [{"division": server["villages"][TOWN_A][0], "status": "returned", "count": 1}]
    assert (
        requests.post(f"{base}/rounds/current/close", headers=county, timeout=5).status_code == 200
    )
    assert (
        requests.post(f"{base}/rounds/current/close", headers=county, timeout=5).status_code == 409
    )
    listed = requests.get(f"{base}/rounds", headers=township, timeout=5).json()
    assert [(r["name"], r["closed_at"] is not None) for r in listed] == [("2026年下半年", True)]


def test_counts_follow_every_change(server):
    """Counts by division and status are kept by each write; they match the records."""
    from collections import Counter

    county = login(server, "county")
    rows = requests.get(
        f"{server['base']}/records", params={"limit": 1000}, headers=county, timeout=5
    )
    expected = Counter((r["village"], r["status"]) for r in rows.json())
    stats = requests.get(f"{server['base']}/stats", headers=county, timeout=5).json()
    assert {(r["division"], r["status"]): r["count"] for r in stats} == dict(expected)
    assert {r["status"] for r in stats} >= {"submitted", "accepted"}  # reviews moved counts


# Last in the module: the generated requests change the server's data (rounds, reviews).
def test_generated_requests_never_make_the_server_fail(server, tmp_path):
    """schemathesis sends requests generated from the OpenAPI document, valid and not,
    with a county account's token: the server answers each with less than 500."""
    exe = ROOT / ".venv" / "bin" / "schemathesis"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "schemathesis.cli"]
    token = login(server, "county")["Authorization"]
    done = subprocess.run(
        [
            *command,
            "run",
            server["base"].replace("/api/v1", "/openapi.json"),
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "25",
            # A fixed seed: CI must not fail on a case no earlier run could have shown;
            # change it (or drop it locally) to explore further.
            "--seed",
            os.environ.get("COLLECTOR_FUZZ_SEED", "20261123"),
            "--header",
            f"Authorization: {token}",
            "--report-dir",
            str(tmp_path),
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    tested = re.search(r"Tested: (\d+)", done.stdout)
    passed = re.search(r"(\d+) generated, (\d+) passed", done.stdout)
    assert tested and int(tested.group(1)) >= 10, done.stdout[-1500:]
    assert passed and passed.group(1) == passed.group(2) and int(passed.group(1)) > 100


def test_division_import_from_xlsx_and_bad_files(tmp_path, capsys):
    from conftest import write_xlsx

    db = f"sqlite:///{tmp_path / 's.db'}"
    book = write_xlsx(
        tmp_path / "d.xlsx",
        {
            "区划": [
                ["code", "name", "parent_code"],
                [341524, "金寨县", 3415],
                [341524100, "梅山镇", 341524],
            ]
        },
    )
    assert server_cli(["--db", db, "division", "import", str(book)]) == 0
    assert "已从 d.xlsx 导入 2 个区划" in capsys.readouterr().out
    levels = {d["code"]: d["level"] for d in ServerStore(prepare(db)).divisions()}
    assert levels == {"341524": "county", "341524100": "township"}
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\n3415x,错\n", encoding="utf-8")
    assert server_cli(["--db", db, "division", "import", str(bad)]) == 2
    assert "第 2 行" in capsys.readouterr().err


def test_https_with_the_county_certificate(tmp_path):
    cert, key = self_signed(tmp_path)
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "collector.server.cli",
        "--db",
        f"sqlite:///{tmp_path / 's.db'}",
    ]
    command += ["run", "--port", str(port), "--cert", cert, "--key", key]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        url = f"https://127.0.0.1:{port}/api/v1/health"
        for _ in range(100):
            try:
                answer = requests.get(url, verify=cert, timeout=2)
                break
            except requests.exceptions.SSLError:
                raise  # the server answers, with a certificate the test did not expect
            except requests.ConnectionError:
                time.sleep(0.2)
        assert answer.json()["status"] == "ok"
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(url, timeout=5)  # without the county's CA bundle: refused
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_disable_enable_and_reset_accounts(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 's.db'}"
    divisions = str(SHARED / "divisions" / "jinzhai-341524.csv")
    assert server_cli(["--db", db, "division", "import", divisions]) == 0
    monkeypatch.setenv("COLLECTOR_PASSWORD", "first-pass")
    assert (
        server_cli(
            ["--db", db, "user", "add", "梅山镇", "--role", "township", "--division", TOWN_A]
        )
        == 0
    )
    store = ServerStore(prepare(db))
    token, _, _ = store.login("梅山镇", "first-pass")
    assert server_cli(["--db", db, "user", "disable", "梅山镇"]) == 0
    fresh = ServerStore(prepare(db))  # another server process: no remembered tokens
    assert fresh.account_for_token(token) is None  # the disabled account's tokens are gone
    with pytest.raises(ServerError) as caught:
        fresh.login("梅山镇", "first-pass")
    assert caught.value.status == 401
    assert server_cli(["--db", db, "user", "enable", "梅山镇"]) == 0
    monkeypatch.setenv("COLLECTOR_PASSWORD", "second-pass")
    assert server_cli(["--db", db, "user", "reset", "梅山镇"]) == 0
    assert fresh.login("梅山镇", "second-pass")[2].role == Role.TOWNSHIP
    assert server_cli(["--db", db, "user", "reset", "nobody"]) == 2
    assert (
        server_cli(["--db", db, "user", "add", "x", "--role", "village", "--division", TOWN_A]) == 2
    )
    err = capsys.readouterr().err
    assert "没有账号“nobody”" in err and "村级账号应属于对应级别的区划" in err
    # The server's accounts open everyone's records: no shorter password than a laptop's.
    monkeypatch.setenv("COLLECTOR_PASSWORD", "1234567")
    assert server_cli(["--db", db, "user", "reset", "梅山镇"]) == 2
    assert (
        server_cli(["--db", db, "user", "add", "县局", "--role", "county", "--division", "341524"])
        == 2
    )
    assert "密码至少要 8 位" in capsys.readouterr().err
    assert fresh.login("梅山镇", "second-pass")[2].role == Role.TOWNSHIP  # unchanged


def test_names_and_id_numbers_are_read_where_the_form_keeps_them(tmp_path, survey_form):
    """A form whose name field is not called full_name: the server's lists and duplicate
    checks read it from the form (its `name_field` setting), and a review keeps it."""
    store = ServerStore(prepare(f"sqlite:///{tmp_path / 'server.db'}"))
    text = dump_text_form(survey_form).replace("- name: full_name", "- name: xingming")
    text = text.replace("version: '2026.12'", "version: 'renamed'")
    text += "settings: {name_field: xingming}\n"
    store.publish_form(survey_form.id, "renamed", "外出劳动力", text, "县人社局")
    record = SurveyRecords(survey_form, seed=9).record()
    record["xingming"] = record.pop("full_name")
    village = record["village"]
    store.put_record("rec-1", survey_form.id, "renamed", village, record, author="seed")
    town = Account(1, "town", Role.TOWNSHIP, village[:9])
    [listed] = store.records(town)
    assert (listed["full_name"], listed["id_number"]) == (record["xingming"], record["id_number"])
    store.review(town, "rec-1", "return", "请核对")
    [listed] = store.records(town)
    assert (listed["status"], listed["full_name"]) == ("returned", record["xingming"])
    with pytest.raises(ServerError) as unknown:
        store.put_record("rec-2", survey_form.id, "9999", village, record, author="seed")
    assert unknown.value.code == "sync.unknown_form"
