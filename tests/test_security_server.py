"""Attacks on the county server, each named after the hole it found (issue 15), against
the real server process on SQLite and on PostgreSQL.

Client addresses: the server trusts X-Forwarded-For from 127.0.0.1 (uvicorn's default, for
nginx on the same machine), so the tests can speak from several addresses; each login
test uses addresses of its own, so that the per-address limit of one does not reach the
next.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import socket
import stat
import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from conftest import FORMS, SHARED
from server_process import free_port, running_server
from sqlalchemy import create_engine, make_url, text
from tcp_proxy import CuttingProxy

from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.forms.textform import dump_text_form
from collector.revisions import revision_content, revision_id
from collector.server.cli import main as server_cli
from collector.server.db import prepare
from collector.server.repository import (
    ADDRESS_FAILURES,
    THROTTLE_FAILURES,
    Account,
    ServerStore,
)
from collector.storage.store import Store
from collector.sync.client import Connection, Syncer, SyncError
from collector.workflow import Role, Status

JINZHAI, HUOQIU = "341524", "341522"
TOWN_A = "341524100"
PASSWORD = "security-pass-1"
FORM = load_form(FORMS / "outmigrant_labour.yaml")


def _database(kind: str, tmp_path_factory, request, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(name) / 'server.db'}"
    # A database of its own on the session's cluster: other modules' accounts differ.
    url = make_url(request.getfixturevalue("postgres_url"))
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def county(request, tmp_path_factory, survey_form):
    """Jinzhai and Huoqiu on one server: two villages of one township, the township, each
    county, an admin; the survey form published; the server running."""
    kind = request.param
    db = _database(kind, tmp_path_factory, request, f"security_{uuid.uuid4().hex[:8]}")
    for county_file in ("jinzhai-341524.csv", "huoqiu-341522.csv"):
        assert (
            server_cli(["--db", db, "division", "import", str(SHARED / "divisions" / county_file)])
            == 0
        )
    store = ServerStore(prepare(db))
    villages = [d["code"] for d in store.divisions(TOWN_A)][:2]
    far_village = next(
        d["code"]
        for d in store.divisions()
        if d["code"].startswith(HUOQIU) and d["level"] == "village"
    )
    accounts = {
        "village_a": (Role.VILLAGE, villages[0]),
        "village_a2": (Role.VILLAGE, villages[1]),
        "township_a": (Role.TOWNSHIP, TOWN_A),
        "jinzhai": (Role.COUNTY, JINZHAI),
        "huoqiu": (Role.COUNTY, HUOQIU),
        "admin": (Role.ADMIN, JINZHAI),
        # Only for the login tests, which lock them or time them.
        "locked_town": (Role.TOWNSHIP, TOWN_A),
        "timed": (Role.VILLAGE, villages[1]),
    }
    for name, (role, division) in accounts.items():
        store.add_account(name, role, division, PASSWORD)
    store.publish_form(
        survey_form.id, survey_form.version, "外出劳动力", dump_text_form(survey_form), "县人社局"
    )
    folder = tmp_path_factory.mktemp("log")
    with running_server(db, folder / "server.log") as base:
        yield {
            "kind": kind,
            "db": db,
            "base": base,
            "store": store,
            "form": survey_form,
            "villages": villages,
            "far_village": far_village,
            "log": folder / "server.log",
            "generator": SurveyRecords(survey_form, seed=15),
            "personal": set(),
        }


def login(county, name: str, address: str = "10.0.0.1") -> dict[str, str]:
    answer = requests.post(
        f"{county['base']}/token",
        json={"username": name, "password": PASSWORD},
        headers={"X-Forwarded-For": address},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def person(county, village: str) -> dict:
    """A new person's answers in `village`; their name, ID number and phone are noted for
    the log test at the end."""
    data = county["generator"].record() | {"village": village, "township": village[:9]}
    county["personal"] |= {data["full_name"], data["id_number"], data["phone"]}
    return data


def wire(
    record_id, data, status="draft", parent=None, *, author, village, deleted=False, reason=""
):
    content = revision_content(record_id, data, status, deleted, reason)
    return {
        "record_id": record_id,
        "revision": revision_id(parent, content),
        "parent": parent,
        "form_id": FORM.id,
        "form_version": FORM.version,
        "village": village,
        "status": status,
        "reason": reason,
        "deleted": deleted,
        "data": data,
        "author": author,
        "created_at": "2026-12-05T10:00:00.000+00:00",
    }


def push(county, headers, revisions: list[dict], gzipped: bool = True) -> requests.Response:
    body = json.dumps({"revisions": revisions}, ensure_ascii=False).encode()
    extra = {"Content-Encoding": "gzip"} if gzipped else {}
    return requests.post(
        f"{county['base']}/sync/push",
        data=gzip.compress(body) if gzipped else body,
        headers=headers | extra | {"Content-Type": "application/json"},
        timeout=60,
    )


def outcomes(answer: requests.Response) -> list[dict]:
    assert answer.status_code == 200, answer.text[:500]
    return answer.json()["outcomes"]


# --- closed before any login ---------------------------------------------------------------


def _server_rss_kb(port: int) -> int:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            status = (entry / "status").read_text()
        except OSError:
            continue
        if b"collector.server.cli" in command and str(port).encode() in command:
            return int(
                next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            )
    raise AssertionError(f"no server process on port {port}")


def _send_chunked(base: str, path: str, total: int) -> bytes:
    """POST `total` bytes chunked to `path` until the server answers; its answer."""
    url = requests.utils.urlparse(base)
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(
            f"POST {url.path}{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        chunk = b"x" * 65536
        sent = 0
        sock.settimeout(0.001)
        answer = b""
        while sent < total:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError, TimeoutError, BlockingIOError):
                break
            sent += len(chunk)
            try:
                answer = sock.recv(65536)
                if answer:
                    break
            except (TimeoutError, BlockingIOError):
                pass
        sock.settimeout(30)
        if not answer:
            with contextlib.suppress(OSError):
                sock.sendall(b"0\r\n\r\n")
            answer = sock.recv(65536)
        head, _, body = answer.partition(b"\r\n\r\n")
        length = int(next(
            line.split(b":")[1] for line in head.lower().split(b"\r\n")
            if line.startswith(b"content-length")
        ))  # fmt: skip
        while len(body) < length:
            body += sock.recv(65536)
    return head + b"\r\n\r\n" + body


def test_a_chunked_body_past_the_limit_is_refused_by_the_bytes_read_and_memory_stays_flat(county):
    port = int(county["base"].split(":")[2].split("/")[0])
    before = _server_rss_kb(port)
    for path in ("/token", "/sync/push", "/rounds"):
        answer = _send_chunked(county["base"], path, 64 * 1024 * 1024)
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b"server.too_large" in answer
    grown = _server_rss_kb(port) - before
    assert grown < 20_000, f"the server grew by {grown} kB"


def test_a_gzip_body_is_refused_past_its_unpacked_limit(county):
    headers = login(county, "village_a", "10.1.0.1")
    bomb = gzip.compress(b" " * (80 * 1024 * 1024))  # 80 MB of spaces in 80 kB
    for path, extra in (("/sync/push", headers), ("/token", {})):
        answer = requests.post(
            f"{county['base']}{path}",
            data=bomb,
            headers=extra | {"Content-Encoding": "gzip", "Content-Type": "application/json"},
            timeout=60,
        )
        assert answer.status_code == 413, (path, answer.text[:300])
    damaged = requests.post(
        f"{county['base']}/sync/push",
        data=b"\x1f\x8b not gzip",
        headers=headers | {"Content-Encoding": "gzip"},
        timeout=10,
    )
    assert damaged.status_code == 400 and damaged.json()["detail"]["code"] == "sync.bad_gzip"


def test_a_lone_surrogate_gets_422_naming_the_field_not_500(county):
    headers = login(county, "jinzhai", "10.2.0.1")
    lone = '"\\ud800"'
    cases = [
        ("/token", f'{{"username": {lone}, "password": "x"}}', {}, "username"),
        ("/review", f'{{"ids": ["a"], "action": "return", "reason": {lone}}}', headers, "reason"),
        ("/rounds", f'{{"name": {lone}}}', headers, "name"),
        ("/records/x/review", f'{{"action": "return", "reason": {lone}}}', headers, "reason"),
        ("/sync/push", f'{{"revisions": [{{"record_id": {lone}}}]}}', headers, None),
    ]
    for path, body, extra, field in cases:
        answer = requests.post(
            f"{county['base']}{path}",
            data=body.encode(),
            headers=extra | {"Content-Type": "application/json"},
            timeout=10,
        )
        assert answer.status_code == 422, (path, answer.status_code, answer.text[:300])
        if field:
            assert answer.json()["detail"][0]["loc"][-1] == field


def _try_login(county, name: str, password: str, address: str) -> requests.Response:
    return requests.post(
        f"{county['base']}/token",
        json={"username": name, "password": password},
        headers={"X-Forwarded-For": address},
        timeout=60,
    )


def test_an_unknown_or_disabled_name_costs_as_much_time_as_a_real_one(county):
    def timed(name: str, address: str) -> float:
        started = time.perf_counter()
        answer = _try_login(county, name, "wrong-password", address)
        assert answer.status_code == 401, answer.text
        return time.perf_counter() - started

    # One try per name and address: no counter comes near its limit.
    real = [timed("timed", f"10.3.0.{i}") for i in range(4)]
    unknown = [timed(f"nobody-{i}", f"10.3.1.{i}") for i in range(4)]
    assert statistics.median(unknown) > 0.5 * statistics.median(real), (real, unknown)


def test_64_parallel_logins_check_at_most_the_allowed_number_of_passwords(county):
    def guess(i: int) -> requests.Response:
        return _try_login(county, "locked_town", f"guess-{i}", f"10.4.{i // 200}.{i % 200}")

    with ThreadPoolExecutor(max_workers=64) as pool:
        answers = list(pool.map(guess, range(64)))
    checked = [a for a in answers if a.status_code == 401]
    assert len(checked) <= THROTTLE_FAILURES
    assert {a.status_code for a in answers} <= {401, 429}
    # The owner, with the right password, learns when the account opens again.
    locked = _try_login(county, "locked_town", PASSWORD, "10.4.9.9")
    assert locked.status_code == 429
    detail = locked.json()["detail"]
    assert detail["code"] == "server.throttled"
    assert "分钟后再试" in detail["message"] and "UTC 解锁" in detail["message"]
    assert "UTC" in detail["message_en"]


def test_one_password_across_many_names_is_limited_per_client_address(county):
    answers = [
        _try_login(county, f"name-{i}", "123456", "10.5.0.1") for i in range(ADDRESS_FAILURES + 10)
    ]
    codes = [a.status_code for a in answers]
    assert codes.count(401) == ADDRESS_FAILURES
    assert answers[-1].json()["detail"]["code"] == "server.throttled_address"
    # Another address is not held up by it.
    assert _try_login(county, "village_a2", PASSWORD, "10.5.0.2").status_code == 200


def test_old_login_counters_are_pruned(county):
    store = county["store"]
    from collector.server import schema as t

    with store.writing() as conn:
        conn.execute(
            t.login_throttle.insert().values(
                key="account:long-ago", count=3, since="2000-01-01T00:00:00.000+00:00"
            )
        )
    _try_login(county, "village_a2", PASSWORD, "10.6.0.1")
    with store.engine.connect() as conn:
        keys = set(
            conn.execute(
                t.login_throttle.select().with_only_columns(t.login_throttle.c.key)
            ).scalars()
        )
    assert "account:long-ago" not in keys


def test_a_reset_or_disable_ends_the_sessions_at_once_across_workers(county, tmp_path, monkeypatch):
    port = free_port()
    with running_server(county["db"], tmp_path / "workers.log", port, ("--workers", "2")) as base:

        def token(address: str) -> dict:
            answer = requests.post(
                f"{base}/token",
                json={"username": "village_a2", "password": PASSWORD},
                headers={"X-Forwarded-For": address},
                timeout=30,
            )
            assert answer.status_code == 200, answer.text
            return {"Authorization": f"Bearer {answer.json()['access_token']}"}

        def works(headers) -> list[int]:
            # Several requests, new connections each: both workers answer some of them.
            return [
                requests.get(f"{base}/forms", headers=headers, timeout=10).status_code
                for _ in range(8)
            ]

        headers = token("10.7.0.1")
        assert set(works(headers)) == {200}
        monkeypatch.setenv("COLLECTOR_PASSWORD", PASSWORD)  # the same password, set anew
        assert server_cli(["--db", county["db"], "user", "reset", "village_a2"]) == 0
        assert set(works(headers)) == {401}

        headers = token("10.7.0.2")
        assert set(works(headers)) == {200}
        assert server_cli(["--db", county["db"], "user", "disable", "village_a2"]) == 0
        try:
            assert set(works(headers)) == {401}
        finally:
            assert server_cli(["--db", county["db"], "user", "enable", "village_a2"]) == 0


# --- every privilege a change needs ------------------------------------------------------


def _approved_record(county) -> tuple[str, dict, str]:
    """A record of village_a's village that the township approved: (id, answers, head)."""
    village = county["villages"][0]
    data = person(county, village)
    record_id = f"rec-{uuid.uuid4().hex[:12]}"
    head = county["store"].put_record(
        record_id, FORM.id, FORM.version, village, data, author="seed", status=Status.APPROVED
    )
    return record_id, data, head


def test_a_township_cannot_return_and_change_or_delete_an_approved_record_in_one_push(county):
    township = login(county, "township_a", "10.8.0.1")
    record_id, data, head = _approved_record(county)
    village = county["villages"][0]
    changed = data | {"phone": "13912345678"}
    attempts = [
        # (answers, status, deleted, reason): each part alone or with the move it rides on
        (changed, "returned", True, "核实"),
        (changed, "returned", False, "核实"),
        (data, "returned", True, "核实"),
        (changed, "approved", False, ""),
    ]
    for answers, status, deleted, reason in attempts:
        attempt = wire(
            record_id, answers, status, head, author="township_a", village=village,
            deleted=deleted, reason=reason,
        )  # fmt: skip
        (answer,) = outcomes(push(county, township, [attempt]))
        assert (answer["outcome"], answer["code"]) == ("rejected", "sync.stale_move"), answer
        assert not re.search(r"[\u4e00-\u9fff]", answer["message_en"]), answer  # all English
    seen = requests.get(
        f"{county['base']}/records/{record_id}",
        headers=login(county, "village_a", "10.8.0.2"),
        timeout=10,
    )
    assert seen.status_code == 200 and seen.json()["data"]["phone"] == data["phone"]
    assert seen.json()["status"] == "approved"
    # The move alone is the township's to make.
    plain = wire(
        record_id, data, "returned", head, author="township_a", village=village, reason="核实"
    )
    assert outcomes(push(county, township, [plain]))[0]["outcome"] == "accepted"


def test_duplicate_answers_name_only_records_the_sender_may_see(county):
    store = county["store"]
    someone = person(county, county["villages"][0])
    number = someone["id_number"]
    elsewhere = {}
    for place in (county["far_village"], county["villages"][1]):  # another county, another village
        data = someone | {"village": place, "township": place[:9]}
        record_id = f"rec-{uuid.uuid4().hex[:12]}"
        store.put_record(record_id, FORM.id, FORM.version, place, data, author="seed")
        elsewhere[place] = record_id
    village = county["villages"][0]
    new_id = f"rec-{uuid.uuid4().hex[:12]}"
    (answer,) = outcomes(
        push(
            county,
            login(county, "village_a", "10.9.0.1"),
            [wire(new_id, someone, "submitted", author="village_a", village=village)],
        )
    )
    assert answer["outcome"] == "accepted"
    assert answer.get("duplicates", []) == []
    # The township sees both of its villages' records; the admin also Huoqiu's.
    groups = requests.get(
        f"{county['base']}/sync/duplicates",
        headers=login(county, "township_a", "10.9.0.2"),
        timeout=10,
    ).json()
    found = {r["id"] for g in groups if g["id_number"] == number for r in g["records"]}
    assert found == {new_id, elsewhere[county["villages"][1]]}
    groups = requests.get(
        f"{county['base']}/sync/duplicates", headers=login(county, "admin", "10.9.0.3"), timeout=10
    ).json()
    found = {r["id"] for g in groups if g["id_number"] == number for r in g["records"]}
    assert found == {new_id, *elsewhere.values()}


def test_a_record_filed_under_another_village_than_its_answers_name_is_refused(county):
    headers = login(county, "jinzhai", "10.10.0.1")
    named = county["villages"][1]
    data = person(county, named)
    record_id = f"rec-{uuid.uuid4().hex[:12]}"
    revision = wire(record_id, data, "submitted", author="jinzhai", village=county["villages"][0])
    (answer,) = outcomes(push(county, headers, [revision]))
    assert (answer["outcome"], answer["code"]) == ("rejected", "sync.village_mismatch")
    assert named in answer["message"]


def test_a_township_naming_a_village_author_gets_no_village_powers_on_another_villages_record(
    county,
):
    # A draft of the township's second village: only that village may edit it.
    other = county["villages"][1]
    data = person(county, other)
    record_id = f"rec-{uuid.uuid4().hex[:12]}"
    head = county["store"].put_record(
        record_id, FORM.id, FORM.version, other, data, author="seed", status=Status.DRAFT
    )
    forged = wire(
        record_id, data | {"phone": "13700000000"}, "submitted", head,
        author="village_a", village=county["villages"][0],
    )  # fmt: skip
    (answer,) = outcomes(push(county, login(county, "township_a", "10.11.0.1"), [forged]))
    assert answer["outcome"] == "rejected", answer
    # The real village account of that village may.
    real = wire(
        record_id,
        data | {"phone": "13700000000"},
        "submitted",
        head,
        author="village_a2",
        village=other,
    )
    assert (
        outcomes(push(county, login(county, "village_a2", "10.11.0.2"), [real]))[0]["outcome"]
        == "accepted"
    )


def test_the_audit_log_and_survey_rounds_are_scoped_by_county(county):
    jinzhai, huoqiu = login(county, "jinzhai", "10.12.0.1"), login(county, "huoqiu", "10.12.0.2")
    base = county["base"]
    opened = requests.post(
        f"{base}/rounds", json={"name": "2027年上半年"}, headers=huoqiu, timeout=10
    )
    assert opened.status_code == 200, opened.text
    try:
        assert requests.get(f"{base}/rounds", headers=jinzhai, timeout=10).json() == []
        closing = requests.post(f"{base}/rounds/current/close", headers=jinzhai, timeout=10)
        assert (
            closing.status_code == 409
            and closing.json()["detail"]["code"] == "server.no_open_round"
        )
        # Jinzhai may run a round of its own meanwhile, even by the same name.
        same = requests.post(
            f"{base}/rounds", json={"name": "2027年上半年"}, headers=jinzhai, timeout=10
        )
        assert same.status_code == 200, same.text
        assert (
            requests.post(f"{base}/rounds/current/close", headers=jinzhai, timeout=10).status_code
            == 200
        )
        actors = {
            e["actor"]
            for e in requests.get(
                f"{base}/audit", params={"limit": 1000}, headers=jinzhai, timeout=10
            ).json()
        }
        assert "huoqiu" not in actors and "jinzhai" in actors
        listed = requests.get(f"{base}/rounds", headers=huoqiu, timeout=10).json()
        assert [(r["name"], r["county"], r["closed_at"]) for r in listed] == [
            ("2027年上半年", HUOQIU, None)
        ]
    finally:
        assert (
            requests.post(f"{base}/rounds/current/close", headers=huoqiu, timeout=10).status_code
            == 200
        )


# --- one bad record never fails a batch; no personal data in logs ---------------------------


def test_a_nul_in_one_record_is_refused_alone_and_the_rest_of_the_batch_lands(county):
    headers = login(county, "village_a", "10.13.0.1")
    village = county["villages"][0]
    batch = []
    for field in (None, "full_name", "id_number", None):
        data = person(county, village)
        if field:
            data[field] = data[field][:2] + "\x00" + data[field][2:]
        batch.append(
            wire(f"rec-{uuid.uuid4().hex[:12]}", data, "draft", author="village_a", village=village)
        )
    answers = outcomes(push(county, headers, batch))
    assert [a["outcome"] for a in answers] == ["accepted", "rejected", "rejected", "accepted"]
    assert [a.get("code") for a in answers[1:3]] == ["sync.bad_text", "sync.bad_text"]
    assert "full_name" in answers[1]["message"] and "id_number" in answers[2]["message"]


def test_a_record_the_database_refuses_gets_its_own_answer_and_the_rest_land(county):
    """A refusal no check foresaw, made by the database itself (here a trigger that quotes
    the person's name in its error): that revision is answered, the others are stored."""
    bad_id = f"rec-bad-{uuid.uuid4().hex[:8]}"
    if county["kind"] == "sqlite":
        ddl = [
            f"CREATE TRIGGER refuse_one BEFORE INSERT ON records WHEN NEW.id = '{bad_id}' "
            "BEGIN SELECT RAISE(ABORT, 'refused by the county DBA'); END"
        ]
    else:
        ddl = [
            "CREATE FUNCTION refuse_one() RETURNS trigger AS $$ BEGIN "
            f"IF NEW.id = '{bad_id}' THEN RAISE EXCEPTION 'refused: %%', NEW.full_name; END IF; "
            "RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_one BEFORE INSERT ON records FOR EACH ROW "
            "EXECUTE FUNCTION refuse_one()",
        ]
    with county["store"].writing() as conn:
        for statement in ddl:
            conn.exec_driver_sql(statement)
    village = county["villages"][0]
    ids = [f"rec-{uuid.uuid4().hex[:12]}", bad_id, f"rec-{uuid.uuid4().hex[:12]}"]
    batch = [
        wire(i, person(county, village), "draft", author="village_a", village=village) for i in ids
    ]
    answers = outcomes(push(county, login(county, "village_a", "10.13.1.1"), batch))
    assert [(a["outcome"], a.get("code")) for a in answers] == [
        ("accepted", None), ("rejected", "sync.not_stored"), ("accepted", None),
    ]  # fmt: skip
    county_headers = login(county, "jinzhai", "10.13.1.2")
    stored = [
        requests.get(f"{county['base']}/records/{i}", headers=county_headers, timeout=10)
        for i in ids
    ]
    assert [r.status_code for r in stored] == [200, 404, 200]


def test_two_laptops_pushing_the_same_new_records_at_once_each_get_answers_not_500(county):
    village = county["villages"][0]
    headers = [login(county, "village_a", f"10.14.0.{i}") for i in range(2)]
    for _ in range(3):
        batch = [
            wire(
                f"rec-{uuid.uuid4().hex[:12]}",
                person(county, village),
                "submitted",
                author="village_a",
                village=village,
            )
            for _ in range(49)
        ]
        start = threading.Barrier(2)

        def send(h, batch=batch, start=start):
            start.wait()
            return push(county, h, batch)

        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(send, headers))
        for answer in answers:
            assert [o["outcome"] for o in outcomes(answer)] == ["accepted"] * len(batch)


def test_push_is_described_in_the_openapi_document(county):
    document = requests.get(county["base"].replace("/api/v1", "/openapi.json"), timeout=10).json()
    body = document["paths"]["/api/v1/sync/push"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["properties"]["revisions"]["items"]["properties"]["record_id"]["type"] == "string"


def test_a_laptop_syncing_through_faults_logs_no_name_id_number_or_phone(
    county, tmp_path, log_file
):
    """A village laptop pushes through a link that cuts connections, with records the
    server refuses (another county's village, a NUL in a name) among its own."""
    port = int(county["base"].split(":")[2].split("/")[0])
    proxy = CuttingProxy(port)
    village = county["villages"][0]
    with Store.create(tmp_path / "laptop", "laptop-pass") as store:
        store.keep_form(county["form"])
        records = [person(county, village) for _ in range(60)]
        records.append(person(county, county["far_village"]))
        records[5]["full_name"] = records[5]["full_name"][:1] + "\x00" + records[5]["full_name"][1:]
        store.save_many(county["form"], records, author="village_a")
        connection = Connection(f"http://127.0.0.1:{proxy.port}", backoff=0.05)
        connection.login("village_a", PASSWORD)
        try:
            for after in (2000, 20000):
                proxy.cut(connections=2, after_bytes=after)
                with contextlib.suppress(SyncError):
                    Syncer(store, connection, batch=20).run()
            proxy.cut(0, 0)
            report = Syncer(store, connection, batch=20).run()
        finally:
            proxy.close()
        assert proxy.cut_count >= 2
        assert report.rejected >= 1
    text = log_file.read_text(encoding="utf-8")
    assert "start version=" in text
    leaked = sorted(value for value in county["personal"] if value and value in text)
    assert leaked == []


def test_no_server_log_line_holds_a_name_id_number_or_phone(county):
    """Last: greps the server's log of the whole module's run (bad gzip, surrogates, NUL,
    races, refused pushes, cut connections) for every person the tests pushed."""
    log = county["log"].read_text(encoding="utf-8", errors="replace")
    assert county["personal"], "the tests above pushed people"
    leaked = sorted(value for value in county["personal"] if value and value in log)
    assert leaked == []


# --- at rest -------------------------------------------------------------------------------


def test_the_sqlite_database_is_created_owner_only_and_a_readable_one_is_refused(tmp_path, capsys):
    folder = tmp_path / "county"
    db = f"sqlite:///{folder / 'server.db'}"
    prepare(db)
    path = folder / "server.db"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for made in (path, path.with_name("server.db-wal"), path.with_name("server.db-shm")):
        if made.exists():
            assert stat.S_IMODE(made.stat().st_mode) == 0o600, made
    os.chmod(path, 0o644)
    assert server_cli(["--db", db, "run", "--port", str(free_port())]) == 2
    assert "chmod 600" in capsys.readouterr().err
    with running_server(db, tmp_path / "log", options=("--allow-readable-db",)) as base:
        assert requests.get(f"{base}/health", timeout=10).status_code == 200


def test_the_round_commands_act_in_one_county(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'server.db'}"
    divisions = SHARED / "divisions"
    assert (
        server_cli(["--db", db, "division", "import", str(divisions / "jinzhai-341524.csv")]) == 0
    )
    assert server_cli(["--db", db, "round", "open", "2026年下半年"]) == 0  # the only county
    assert server_cli(["--db", db, "division", "import", str(divisions / "huoqiu-341522.csv")]) == 0
    capsys.readouterr()
    assert server_cli(["--db", db, "round", "close"]) == 2
    assert "--county" in capsys.readouterr().err
    assert server_cli(["--db", db, "round", "open", "2026年下半年", "--county", HUOQIU]) == 0
    assert server_cli(["--db", db, "round", "close", "--county", JINZHAI]) == 0
    rounds = ServerStore(prepare(db)).rounds(Account(0, "admin", Role.ADMIN, JINZHAI))
    assert [(r["county"], r["closed_at"] is None) for r in rounds] == [
        (JINZHAI, False), (HUOQIU, True),
    ]  # fmt: skip
