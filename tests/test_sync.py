"""Sync between real SQLCipher stores and a real county server process on 127.0.0.1."""

from __future__ import annotations

import contextlib
import gzip
import json

import pytest
import requests
from conftest import SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from server_process import free_port, running_server, self_signed
from tcp_proxy import CuttingProxy

from collector.cli import main as cli
from collector.demo_data import SurveyRecords
from collector.forms.textform import dump_text_form
from collector.merge import STATUS_FIELD
from collector.server.cli import main as server_cli
from collector.server.db import prepare
from collector.server.replication import Replication
from collector.server.repository import Account, ServerStore
from collector.storage import replica
from collector.storage.store import RecordFilter, Store
from collector.sync.bundle import export_bundle, import_bundle
from collector.sync.client import Connection, Report, Syncer, SyncError, push_body
from collector.workflow import Role, Status

PASSWORD = "sync-pass-1"
LOCAL = "laptop-pass"


def county_database(folder, survey_form, accounts: dict) -> tuple[str, ServerStore]:
    """A server database (SQLite file) with the county's divisions, these accounts
    ({name: (role, division)}) and the survey form published."""
    db = f"sqlite:///{folder / 'server.db'}"
    divisions = str(SHARED / "divisions" / "jinzhai-341524.csv")
    assert server_cli(["--db", db, "division", "import", divisions]) == 0
    server = ServerStore(prepare(db))
    for name, (role, division) in accounts.items():
        server.add_account(name, role, division, PASSWORD)
    server.publish_form(
        survey_form.id, survey_form.version, "外出劳动力", dump_text_form(survey_form), "县人社局"
    )
    return db, server


@pytest.fixture(scope="module")
def county(survey_form, tmp_path_factory):
    """A county server (SQLite file) with a village cadre, a second cadre of the same
    village, the township and the county, and the survey form published."""
    folder = tmp_path_factory.mktemp("county")
    village = SurveyRecords(survey_form, seed=5).record()["village"]
    accounts = {
        "cadre": (Role.VILLAGE, village),
        "cadre2": (Role.VILLAGE, village),
        "town": (Role.TOWNSHIP, village[:9]),
        "county": (Role.COUNTY, "341524"),
    }
    db, server = county_database(folder, survey_form, accounts)
    port = free_port()
    with running_server(db, folder / "server.log", port) as base:
        yield {
            "url": base.removesuffix("/api/v1"),
            "village": village,
            "server": server,
            "port": port,
        }


def records_of(survey_form, village: str, count: int, seed: int) -> list[dict]:
    made = SurveyRecords(survey_form, seed=seed).take(count)
    return [r | {"village": village, "township": village[:9]} for r in made]


class Laptop:
    def __init__(self, path, county, account: str, form, url: str | None = None):
        self.store = Store.create(path, LOCAL)
        self.store.keep_form(form)
        self.form = form
        self.account = account
        self.connection = Connection(url or county["url"], backoff=0.05)
        self.connection.login(account, PASSWORD)
        self.role = {"town": Role.TOWNSHIP, "county": Role.COUNTY}.get(account, Role.VILLAGE)
        self.village = county["village"]

    def add(self, seed: int) -> str:
        """A new record of the county's village, made from `seed`; its id."""
        record = records_of(self.form, self.village, 1, seed)[0]
        return self.store.save(self.form, record, author=self.account).record_id

    def carry_to(self, other: Laptop, path) -> replica.Applied:
        """This laptop's unsent work taken to `other` on a USB bundle."""
        export_bundle(self.store, path, "usb-pass-1", author=self.account)
        return import_bundle(other.store, path, "usb-pass-1", author=other.account)

    def sync(self):
        return Syncer(self.store, self.connection, batch=50).run()

    def edit(self, record_id: str, **changes):
        data = self.store.get(record_id).data | changes
        return self.store.save(
            self.form, data, author=self.account, role=self.role, record_id=record_id
        )

    def move(self, record_id: str, status: Status, reason: str = ""):
        return self.store.move(record_id, status, role=self.role, actor=self.account, reason=reason)


@pytest.fixture
def laptops(tmp_path, county, survey_form):
    made = []

    def make(account: str, url: str | None = None) -> Laptop:
        laptop = Laptop(tmp_path / f"{account}-{len(made)}", county, account, survey_form, url)
        made.append(laptop)
        return laptop

    yield make
    for laptop in made:
        laptop.store.close()


def test_two_laptops_merge_different_fields_and_conflict_on_the_same(laptops, county, survey_form):
    a, b = laptops("cadre"), laptops("cadre2")
    record = a.add(11)
    assert a.sync().pushed == 1
    assert b.sync().pulled == 1

    # Different fields, offline on both: both end with both changes.
    a.edit(record, phone="13900000001")
    b.edit(record, trade="木工")
    assert a.sync().pushed == 1
    assert b.sync().merged == 1
    a.sync()
    for laptop in (a, b):
        data = laptop.store.get(record).data
        assert (data["phone"], data["trade"]) == ("13900000001", "木工")
    assert a.store.get(record).head == b.store.get(record).head
    assert replica.unsent_count(a.store) == replica.unsent_count(b.store) == 0

    # The same identity field: the second to sync gets a conflict keeping both sides.
    a.edit(record, full_name="王小明")
    b.edit(record, full_name="王晓明")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    [conflict] = replica.open_conflicts(b.store)
    [field] = conflict.fields
    assert (field["name"], field["incoming"], field["current"]) == ("full_name", "王晓明", "王小明")
    assert conflict.local["full_name"] == "王晓明" and conflict.remote["full_name"] == "王小明"
    assert b.store.get(record).data["full_name"] == "王晓明"  # nothing overwritten meanwhile

    # Resolved on b; the resolution reaches a.
    replica.resolve(b.store, conflict.id, {"full_name": "王晓明"}, author="cadre2")
    assert b.sync().pushed == 1
    a.sync()
    assert a.store.get(record).data["full_name"] == "王晓明"
    assert a.store.get(record).head == b.store.get(record).head
    assert replica.open_conflicts(b.store) == []


def test_three_levels_of_review_end_to_end(laptops, county, survey_form):
    cadre, town = laptops("cadre"), laptops("town")
    first, second = (
        cadre.store.save(survey_form, r, author="cadre").record_id
        for r in records_of(survey_form, county["village"], 2, 12)
    )
    for record in (first, second):
        cadre.move(record, Status.SUBMITTED)
    cadre.sync()
    town.sync()
    town.move(first, Status.RETURNED, "电话号码不对，请核实")
    town.move(second, Status.APPROVED)
    assert town.sync().pushed == 2

    cadre.sync()
    returned = cadre.store.get(first)
    assert (returned.status, returned.reason) == ("returned", "电话号码不对，请核实")
    assert cadre.store.get(second).status == "approved"
    cadre.edit(first, phone="13800138000")
    cadre.move(first, Status.SUBMITTED)
    cadre.sync()
    town.sync()
    town.move(first, Status.APPROVED)
    town.sync()

    county_account = requests.post(
        f"{county['url']}/api/v1/token",
        json={"username": "county", "password": PASSWORD},
        timeout=10,
    ).json()
    headers = {"Authorization": f"Bearer {county_account['access_token']}"}
    for record in (first, second):
        answer = requests.post(
            f"{county['url']}/api/v1/records/{record}/review",
            json={"action": "accept"},
            headers=headers,
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
    cadre.sync()
    assert {cadre.store.get(r).status for r in (first, second)} == {"accepted"}

    admin = Account(0, "admin", Role.ADMIN, "341524")
    audit = county["server"].audit(admin, limit=1000)
    steps = [(e["actor"], e["action"]) for e in audit if e["record_id"] == first]
    assert steps == [
        ("cadre", "sync.draft"),
        ("cadre", "sync.submitted"),
        ("town", "sync.returned"),
        ("cadre", "sync.returned"),
        ("cadre", "sync.submitted"),
        ("town", "sync.approved"),
        ("county", "record.accepted"),
    ]


def test_a_stale_edit_never_undoes_an_approval(laptops, county, survey_form):
    a, b, town = laptops("cadre"), laptops("cadre2"), laptops("town")
    r = records_of(survey_form, county["village"], 1, 13)[0]
    record = a.store.save(survey_form, r, author="cadre").record_id
    a.move(record, Status.SUBMITTED)
    a.sync()
    town.sync()
    town.move(record, Status.RETURNED, "请补充工种")
    town.sync()
    a.sync()
    b.sync()  # b now holds the returned record, and goes offline
    a.edit(record, trade="电焊工")
    a.move(record, Status.SUBMITTED)
    a.sync()
    town.sync()
    town.move(record, Status.APPROVED)
    town.sync()
    b.edit(record, phone="13700000000")  # a stale edit of the returned record
    assert b.sync().conflicts == 1
    [conflict] = replica.open_conflicts(b.store)
    assert [f["name"] for f in conflict.fields] == [STATUS_FIELD]
    town.sync()
    kept = town.store.get(record)
    assert (kept.status, kept.data["phone"]) == ("approved", r["phone"])


def test_replayed_batches_change_nothing_and_answer_the_same(laptops, county, survey_form):
    cadre = laptops("cadre")
    for r in records_of(survey_form, county["village"], 3, 14):
        cadre.store.save(survey_form, r, author="cadre")
    batch = replica.unsent(cadre.store)
    first = cadre.connection.push(batch)
    again = cadre.connection.push(batch)
    half = cadre.connection.push(batch[1:])
    assert [o.model_dump() for o in again.outcomes] == [o.model_dump() for o in first.outcomes]
    assert [o.model_dump() for o in half.outcomes] == [o.model_dump() for o in first.outcomes[1:]]
    seqs = [o.seq for o in first.outcomes]
    assert len(set(seqs)) == 3 and all(seqs)
    # A revision id that does not match its content is refused, not taken as a replay.
    forged = batch[0].model_copy(update={"data": batch[0].data | {"phone": "13000000000"}})
    [outcome] = cadre.connection.push([forged]).outcomes
    assert (outcome.outcome, outcome.code) == ("rejected", "sync.revision_mismatch")


def test_malformed_and_foreign_pushes_are_refused_plainly(laptops, county, survey_form):
    cadre = laptops("cadre")
    headers = {"Authorization": f"Bearer {cadre.connection.token}"}
    url = f"{county['url']}/api/v1/sync/push"
    bad = requests.post(url, json={"revisions": [{"record_id": "x"}]}, headers=headers, timeout=10)
    assert bad.status_code == 422
    assert "revision" in json.dumps(bad.json()["detail"])
    broken = requests.post(
        url, data=b"not gzip", headers=headers | {"Content-Encoding": "gzip"}, timeout=10
    )
    assert broken.status_code == 400 and broken.json()["detail"]["code"] == "sync.bad_gzip"
    # A record of another village is out of the cadre's scope.
    other = records_of(survey_form, "341524100201", 1, 15)[0]
    record_id = cadre.store.save(survey_form, other, author="cadre").record_id
    report = cadre.sync()
    assert report.rejected == 1
    note = replica.sync_note(cadre.store, record_id)
    assert note["code"] == "sync.out_of_scope"
    assert "341524100201" in note["zh"]  # the village outside the area, not the cadre's own
    assert replica.unsent_count(cadre.store) == 1  # kept, to go once it is fixed


def test_edits_built_on_a_refused_revision_are_judged_without_it(laptops, county, survey_form):
    cadre, county_laptop = laptops("cadre"), laptops("county")
    own, other = county["village"], "341524100201"
    # A new record's first revision is refused (another village): the fix built on it
    # starts the record on the server, instead of waiting for a parent that never comes.
    first = records_of(survey_form, other, 1, 16)[0]
    record_id = cadre.store.save(survey_form, first, author="cadre").record_id
    assert cadre.sync().rejected == 1
    cadre.edit(record_id, village=own, township=own[:9])
    report = cadre.sync()
    assert (report.pushed, report.held) == (1, 0)
    assert replica.unsent_count(cadre.store) == 0
    assert replica.sync_note(cadre.store, record_id) is None
    county_laptop.sync()
    assert county_laptop.store.get(record_id).village == own

    # An existing record: a refused edit in the middle of the laptop's line, then its fix.
    cadre.edit(record_id, village=other, township=other[:9])
    assert cadre.sync().rejected == 1
    assert replica.sync_note(cadre.store, record_id)["code"] == "sync.out_of_scope"
    cadre.edit(record_id, village=own, township=own[:9], phone="13811112222")
    report = cadre.sync()
    assert (report.pushed, report.held, report.merged) == (1, 0, 0)
    assert replica.unsent_count(cadre.store) == 0
    county_laptop.sync()
    kept = county_laptop.store.get(record_id)
    assert (kept.village, kept.data["phone"]) == (own, "13811112222")
    # A second laptop's stale edit still finds its common ancestor across the refused one.
    county_laptop.edit(record_id, trade="瓦工")
    county_laptop.sync()
    cadre.sync()
    assert cadre.store.get(record_id).data["trade"] == "瓦工"
    assert cadre.store.get(record_id).data["phone"] == "13811112222"


def test_cut_connections_resume_without_duplicates(laptops, county, survey_form):
    proxy = CuttingProxy(county["port"])
    try:
        cadre = laptops("cadre", url=f"http://127.0.0.1:{proxy.port}")
        records = records_of(survey_form, county["village"], 120, 16)
        cadre.store.save_many(survey_form, records, author="cadre")
        for after in (3000, 20000, 60000):
            proxy.cut(connections=3, after_bytes=after)
            try:
                cadre.sync()
            except SyncError as err:
                assert err.code == "sync.offline"
        proxy.cut(0, 0)
        cadre.sync()
        assert proxy.cut_count >= 3
        assert replica.unsent_count(cadre.store) == 0
        ids = {r.id for r in cadre.store.iter_records()}
        on_server = county["server"].records(
            _county_account(county), village=county["village"], limit=1000
        )
        assert ids <= {r["id"] for r in on_server}
        assert len(on_server) == len({r["id"] for r in on_server})

        # A fresh laptop pulling through cut connections ends with every record once.
        other = laptops("cadre2", url=f"http://127.0.0.1:{proxy.port}")
        proxy.cut(connections=4, after_bytes=30000)
        with contextlib.suppress(SyncError):
            other.sync()
        proxy.cut(0, 0)
        other.sync()
        _, checkpoint = replica.checkpoint(other.store)
        assert checkpoint == max(
            r["seq"] for r in county["server"].records(_county_account(county), limit=1000)
        )
        assert {r.id for r in other.store.iter_records()} == {r["id"] for r in on_server}
    finally:
        proxy.close()


class Watched(Connection):
    """A real connection that notes what it sends: revisions per push, ids asked after a
    cut, changes per pulled page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pushed, self.asked, self.pulled = [], [], []

    def push_body(self, body, **kwargs):
        self.pushed.append(len(json.loads(gzip.decompress(body))["revisions"]))
        return super().push_body(body, **kwargs)

    def known(self, revisions):
        self.asked.append(len(revisions))
        return super().known(revisions)

    def changes(self, since, *args, **kwargs):
        page = super().changes(since, *args, **kwargs)
        self.pulled.append(len(page.changes))
        return page


def test_a_push_cut_after_the_server_stored_it_resends_nothing_and_pulls_nothing_back(
    laptops, county, survey_form
):
    """The answer to a batch is lost on the way back: the laptop asks what the server
    has answered, sends only the rest, and its pull does not bring its own work back."""
    proxy = CuttingProxy(county["port"])
    try:
        cadre = laptops("cadre", url=f"http://127.0.0.1:{proxy.port}")
        cadre.connection = watched = Watched(cadre.connection.url, backoff=0.05)
        watched.login("cadre", PASSWORD)
        cadre.sync()  # up to date with the server before the test
        cadre.store.save_many(
            survey_form, records_of(survey_form, county["village"], 120, 61), author="cadre"
        )
        unsent = replica.unsent(cadre.store, limit=1000)
        bodies = [len(push_body(unsent[n : n + 50])) for n in (0, 50, 100)]
        # The request goes through whole (headers under 600 bytes); its answer is cut.
        proxy.cut(connections=1, after_bytes=bodies[0] + 600)
        watched.pushed, watched.pulled, proxy.upstream = [], [], 0
        report = cadre.sync()
        assert proxy.cut_count == 1
        assert (report.pushed, report.rejected, report.held) == (120, 0, 0)
        # The batch in flight was not sent again: what went up is the three batches, the
        # ask (50 revision ids) and a few requests' headers.
        assert proxy.upstream < sum(bodies) + bodies[0] / 2
        assert watched.asked == [50]
        assert watched.pushed == [50, 50, 20]
        assert sum(watched.pulled) == 0  # its own 120 records did not come back
        assert replica.unsent_count(cadre.store) == 0
        on_server = county["server"].records(
            _county_account(county), village=county["village"], limit=1000
        )
        assert {r.id for r in cadre.store.iter_records()} <= {r["id"] for r in on_server}
        assert len(on_server) == len({r["id"] for r in on_server})
    finally:
        proxy.close()


def test_a_pull_brings_what_others_pushed_between_the_laptops_own_pushes(
    laptops, county, survey_form
):
    a, b = laptops("cadre"), laptops("cadre2")
    a.connection = watched = Watched(county["url"], backoff=0.05)
    watched.login("cadre", PASSWORD)
    a.sync()
    b.sync()
    mine = [a.add(70)]
    Syncer(a.store, watched).push(Report(), lambda _: None, lambda: False)  # no pull yet
    theirs = b.add(71)
    b.sync()
    mine.append(a.add(72))
    watched.pulled = []
    a.sync()
    assert sum(watched.pulled) == 1  # b's record, not a's two
    assert a.store.get(theirs) is not None
    _, checkpoint = replica.checkpoint(a.store)
    assert checkpoint == max(
        r["seq"] for r in county["server"].records(_county_account(county), limit=1000)
    )
    assert replica.own_changes(a.store) == []
    for record_id in mine:
        assert (
            a.store.get(record_id).head
            == county["server"].record(_county_account(county), record_id)["head"]
        )


def test_the_known_revisions_ask_answers_only_within_the_callers_area(laptops, county, survey_form):
    cadre = laptops("cadre")
    cadre.add(80)
    cadre.sync()
    revisions = [cadre.store.get(s.id).head for s in cadre.store.page(limit=5)]
    assert [o.revision for o in cadre.connection.known(revisions)] == revisions
    county["server"].add_account("outsider", Role.VILLAGE, "341524100001", PASSWORD)
    outsider = Connection(county["url"])
    outsider.login("outsider", PASSWORD)
    assert outsider.known(revisions) == []
    headers = {"Authorization": f"Bearer {outsider.token}"}
    bad = requests.get(
        f"{county['url']}/api/v1/sync/changes", params={"skip": "1-2;drop"},
        headers=headers, timeout=10,
    )  # fmt: skip
    assert bad.status_code == 422


def _county_account(county):
    from collector.server.repository import Account

    return Account(0, "test", Role.COUNTY, "341524")


def test_an_unknown_checkpoint_means_a_full_pull(laptops, county, survey_form):
    cadre = laptops("cadre")
    cadre.sync()
    count = sum(cadre.store.count_by_status().values())
    with cadre.store.writing() as conn:
        replica._set_state(conn, replica.CHECKPOINT, str(10**8))
    cadre.sync()
    assert sum(cadre.store.count_by_status().values()) == count
    _, checkpoint = replica.checkpoint(cadre.store)
    assert checkpoint < 10**8


def test_sync_and_bundles_from_the_command_line(tmp_path, county, survey_form, monkeypatch, capsys):
    monkeypatch.setenv("COLLECTOR_PASSWORD", LOCAL)
    monkeypatch.setenv("COLLECTOR_SERVER_PASSWORD", PASSWORD)
    monkeypatch.setenv("COLLECTOR_BUNDLE_PASSWORD", "usb-stick-pass")
    village, town = tmp_path / "village", tmp_path / "town"
    for folder in (village, town):
        Store.create(folder, LOCAL).close()
    with Store.open(village, LOCAL) as store:
        for r in records_of(survey_form, county["village"], 3, 17):
            store.save(survey_form, r, author="cadre")

    bundle = tmp_path / "to-township.bundle"
    assert cli(["bundle", "export", "--data-dir", str(village), "--out", str(bundle)]) == 0
    assert "3" in capsys.readouterr().out
    assert b"full_name" not in bundle.read_bytes()  # sealed, not plain
    assert cli(["bundle", "import", "--data-dir", str(town), str(bundle)]) == 0
    assert cli(["bundle", "import", "--data-dir", str(town), str(bundle)]) == 0  # twice: no change
    with Store.open(town, LOCAL) as store:
        assert sum(store.count_by_status().values()) == 3
        assert replica.unsent_count(store) == 3  # the township pushes them on too

    # A damaged bundle, another password, and a file that is no bundle: refused, nothing applied.
    damaged = tmp_path / "damaged.bundle"
    damaged.write_bytes(bundle.read_bytes()[:-5] + b"xxxxx")
    capsys.readouterr()
    assert cli(["bundle", "import", "--data-dir", str(town), str(damaged)]) == 2
    assert "损坏" in capsys.readouterr().err
    monkeypatch.setenv("COLLECTOR_BUNDLE_PASSWORD", "another-pass")
    assert cli(["bundle", "import", "--data-dir", str(town), str(bundle)]) == 2
    (tmp_path / "notes.txt").write_text("not a bundle")
    assert cli(["bundle", "import", "--data-dir", str(town), str(tmp_path / "notes.txt")]) == 2
    assert "不是采集程序的数据包" in capsys.readouterr().err

    # Headless sync: log in once, then the kept token suffices.
    args = ["sync", "--data-dir", str(village), "--server", county["url"], "--user", "cadre"]
    assert cli(args) == 0
    assert "上传 3 条" in capsys.readouterr().out
    assert cli(["sync", "--data-dir", str(village)]) == 0
    assert "上传 0 条" in capsys.readouterr().out
    # The township's copy of the same revisions changes nothing on the server.
    assert cli(["sync", "--data-dir", str(town), "--server", county["url"], "--user", "town"]) == 0
    with Store.open(town, LOCAL) as store:
        assert replica.unsent_count(store) == 0
    on_server = county["server"].records(
        _county_account(county), village=county["village"], limit=1000
    )
    assert len(on_server) == len({r["id"] for r in on_server})

    # A server that is not there: a plain message, exit 2.
    dead = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setattr(
        "collector.sync.client.Connection.__init__.__defaults__", None, raising=False
    )
    assert cli(["sync", "--data-dir", str(village), "--server", dead]) == 2
    assert "连不上县服务器" in capsys.readouterr().err


step = st.tuples(
    st.integers(0, 2),  # which laptop
    st.sampled_from(["edit", "edit", "sync", "cut"]),
    st.integers(0, 1),  # which record
    st.sampled_from(["full_name", "phone", "trade"]),
    st.integers(0, 3),  # which value
)
VALUES = {
    "full_name": ["赵一", "钱二", "孙三", "李四"],
    "phone": ["13900000001", "13900000002", "13900000003", "13900000004"],
    "trade": ["木工", "电工", "焊工", "厨师"],
}


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, min_size=4, max_size=14))
def test_replicas_converge_and_no_edit_vanishes(tmp_path_factory, county, survey_form, steps):
    proxy = CuttingProxy(county["port"])
    folder = tmp_path_factory.mktemp("replicas")
    url = f"http://127.0.0.1:{proxy.port}"
    replicas = [Laptop(folder / f"r{i}", county, "cadre", survey_form, url) for i in range(3)]
    try:
        made = records_of(survey_form, county["village"], 2, 30)
        ids = [replicas[0].store.save(survey_form, r, author="cadre").record_id for r in made]
        for laptop in replicas:
            laptop.sync()
        edits = []
        for who, action, which, name, value in steps:
            laptop = replicas[who]
            if action == "edit":
                saved = laptop.edit(ids[which], **{name: VALUES[name][value]})
                if saved.changed:
                    edits.append(saved.revision)
            elif action == "sync":
                laptop.sync()
            else:
                proxy.cut(connections=2, after_bytes=1500 + 4000 * value)
                with contextlib.suppress(SyncError):
                    laptop.sync()
                proxy.cut(0, 0)

        # A full round: everyone syncs, open conflicts are settled (each laptop keeps its
        # own value), and everyone syncs until nothing is left to do.
        for _ in range(4):
            for laptop in replicas:
                laptop.sync()
                for conflict in replica.open_conflicts(laptop.store):
                    chosen = {f["name"]: f["incoming"] for f in conflict.fields}
                    replica.resolve(laptop.store, conflict.id, chosen, author="cadre")
        for laptop in replicas * 2:
            laptop.sync()

        account = _county_account(county)
        for record_id in ids:
            on_server = county["server"].record(account, record_id)
            for laptop in replicas:
                mine = laptop.store.get(record_id)
                # Said in full when it fails: a rare failure is worth its whole story.
                story = (
                    f"replica {replicas.index(laptop)}, record {record_id}: head {mine.head}, "
                    f"server {on_server['head']}; unsent {replica.unsent_count(laptop.store)}, "
                    f"conflicts {len(replica.open_conflicts(laptop.store))}, "
                    f"checkpoint {replica.checkpoint(laptop.store)}; steps {steps}"
                )
                assert (mine.head, mine.data) == (on_server["head"], on_server["data"]), story
        for laptop in replicas:
            assert replica.unsent_count(laptop.store) == 0
            assert replica.open_conflicts(laptop.store) == []
        # Every edit reached the server and is in the record's line, in a merge, or in
        # a conflict a person settled: nothing vanished.
        answers = Replication(county["server"]).answers(edits)
        assert set(answers) == set(edits)
        assert {a.outcome for a in answers.values()} <= {"accepted", "merged", "conflict"}
    finally:
        for laptop in replicas:
            laptop.store.close()
        proxy.close()


def test_five_thousand_offline_changes_survive_a_server_restart(tmp_path, county, survey_form):
    """A laptop offline for weeks (5,000 records) syncs while the server restarts: the
    sync says the server is gone, the next one finishes, and each record is there once."""
    db, server = county_database(
        tmp_path, survey_form, {"cadre": (Role.VILLAGE, county["village"])}
    )
    port = free_port()
    log = tmp_path / "server.log"
    store = Store.create(tmp_path / "laptop", LOCAL)
    store.save_many(survey_form, records_of(survey_form, county["village"], 5000, 40), author="c")
    pushed_before_restart = 0
    with running_server(db, log, port) as base:
        connection = Connection(base.removesuffix("/api/v1"), backoff=0.05, retries=2)
        connection.login("cadre", PASSWORD)
        stop_after = {"batches": 3}

        def progress(step):
            nonlocal pushed_before_restart
            pushed_before_restart = step.done
            stop_after["batches"] -= 1
            if stop_after["batches"] == 0:
                raise KeyboardInterrupt  # leave the sync here, as a pulled plug would

        with pytest.raises(KeyboardInterrupt):
            Syncer(store, connection).run(progress=progress)
    with pytest.raises(SyncError) as gone:
        Syncer(store, connection).run()
    assert gone.value.code == "sync.offline"
    with running_server(db, log, port):
        report = Syncer(store, connection).run()
    assert 0 < pushed_before_restart < 5000
    assert report.pushed + pushed_before_restart >= 5000
    assert replica.unsent_count(store) == 0
    with server.engine.connect() as conn:
        count, distinct = conn.exec_driver_sql(
            "SELECT count(*), count(DISTINCT id) FROM records"
        ).one()
    assert count == distinct == 5000
    store.close()


def test_clock_skew_between_laptops(laptops, county, survey_form, monkeypatch):
    """A laptop whose clock is years ahead: pulls still follow the server's change
    numbers, the `latest` policy picks the same value everywhere, and identity fields
    still make a conflict whatever the clocks say."""
    import collector.storage.store as store_module

    a, b = laptops("cadre"), laptops("cadre2")
    record = a.add(41)
    a.sync()
    b.sync()
    real_now = store_module.now
    monkeypatch.setattr(store_module, "now", lambda: "2031-06-01T00:00:00.000+00:00")
    b.edit(record, phone="13911111111", full_name="周八")
    monkeypatch.setattr(store_module, "now", real_now)
    a.edit(record, phone="13922222222", full_name="吴九")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    [conflict] = replica.open_conflicts(b.store)
    assert [f["name"] for f in conflict.fields] == ["full_name"]
    replica.resolve(b.store, conflict.id, {"full_name": "周八"}, author="cadre2")
    b.sync()
    a.sync()
    for laptop in (a, b):
        data = laptop.store.get(record).data
        # b's edit is "later" by its clock: the latest policy keeps it on both laptops.
        assert (data["phone"], data["full_name"]) == ("13911111111", "周八")
    _, checkpoint_a = replica.checkpoint(a.store)
    _, checkpoint_b = replica.checkpoint(b.store)
    assert checkpoint_a == checkpoint_b


def test_a_conflict_resolved_on_two_laptops_at_once_makes_no_new_conflict(
    laptops, county, survey_form
):
    a, b, c = laptops("cadre"), laptops("cadre2"), laptops("cadre")
    r = records_of(survey_form, county["village"], 1, 42)[0]
    record = a.store.save(survey_form, r, author="cadre").record_id
    for laptop in (a, b, c):
        laptop.sync()
    a.edit(record, full_name="甲")
    b.edit(record, full_name="乙")
    c.edit(record, full_name="丙")
    a.sync()
    assert b.sync().conflicts == 1
    assert c.sync().conflicts == 1
    # Both settle the same conflict, each for their own value, before seeing the other.
    for laptop, name in ((b, "乙"), (c, "丙")):
        [conflict] = replica.open_conflicts(laptop.store)
        replica.resolve(laptop.store, conflict.id, {"full_name": name}, author=laptop.account)
    assert b.sync().pushed == 1
    report = c.sync()
    assert (report.conflicts, report.merged) == (0, 1)
    a.sync()
    assert {laptop.store.get(record).data["full_name"] for laptop in (a, b, c)} == {"乙"}
    assert replica.open_conflicts(c.store) == []


def test_sync_over_https_with_the_county_certificate(tmp_path, county, survey_form):
    cert, key = self_signed(tmp_path)
    db, _ = county_database(tmp_path, survey_form, {"cadre": (Role.VILLAGE, county["village"])})
    with running_server(db, tmp_path / "server.log", tls=(cert, key)) as base:
        url = base.removesuffix("/api/v1")
        with pytest.raises(SyncError) as refused:
            Connection(url).login("cadre", PASSWORD)  # the system's CAs do not know it
        assert refused.value.code == "sync.tls"
        assert "证书" in str(refused.value)
        with Store.create(tmp_path / "laptop", LOCAL) as store:
            store.save(
                survey_form, records_of(survey_form, county["village"], 1, 43)[0], author="c"
            )
            connection = Connection(url, ca_bundle=cert)
            connection.login("cadre", PASSWORD)
            assert Syncer(store, connection).run().pushed == 1


def test_half_yearly_refresh_through_a_survey_round(laptops, county, survey_form):
    cadre = laptops("cadre")
    made = records_of(survey_form, county["village"], 3, 44)
    ids = [cadre.store.save(survey_form, r, author="cadre").record_id for r in made]
    cadre.sync()
    token = requests.post(
        f"{county['url']}/api/v1/token",
        json={"username": "county", "password": PASSWORD},
        timeout=10,
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    opened = requests.post(
        f"{county['url']}/api/v1/rounds", json={"name": "2027年上半年"}, headers=headers, timeout=10
    )
    assert opened.status_code == 200, opened.text
    try:
        cadre.sync()
        round_ = replica.survey_round(cadre.store)
        assert round_["name"] == "2027年上半年"
        due = RecordFilter(village=county["village"], due_before=round_["opened_at"])
        assert set(ids) <= {r.id for r in cadre.store.page(due, limit=1000)}

        cadre.store.confirm(ids[0], author="cadre")  # still as recorded: one action
        cadre.edit(ids[1], phone="13955555555")  # changed since the last round
        assert cadre.sync().pushed == 2
        still_due = {r.id for r in cadre.store.page(due, limit=1000)}
        assert ids[0] not in still_due and ids[1] not in still_due and ids[2] in still_due
        confirmed = requests.get(
            f"{county['url']}/api/v1/stats",
            params={"round": round_["id"]},
            headers=headers,
            timeout=10,
        ).json()
        in_village = sum(c["count"] for c in confirmed if c["division"] == county["village"])
        assert in_village == 2
    finally:
        requests.post(f"{county['url']}/api/v1/rounds/current/close", headers=headers, timeout=10)
    cadre.sync()
    assert replica.survey_round(cadre.store) is None


def test_a_bundle_edit_merges_on_the_receiving_laptop_as_the_server_merges_it(
    laptops, county, survey_form, tmp_path
):
    # The receiving laptop is the county's: it edits the village's draft itself, which a
    # township may not.
    village, town = laptops("cadre"), laptops("county")
    record = village.add(45)
    village.sync()
    town.sync()
    # No network at the village: its edit travels on a USB stick, while the county
    # changes another field of the same record.
    village.edit(record, phone="13966666666")
    town.store.save(
        survey_form, town.store.get(record).data | {"trade": "瓦工"}, author="county",
        role=Role.COUNTY, record_id=record,
    )  # fmt: skip
    applied = village.carry_to(town, tmp_path / "usb.bundle")
    assert (applied.merged, applied.conflicts) == (1, 0)
    data = town.store.get(record).data
    assert (data["phone"], data["trade"]) == ("13966666666", "瓦工")
    # The county pushes all of it; the village's own push later changes nothing more.
    report = town.sync()
    assert report.conflicts == 0
    village.sync()
    town.sync()
    heads = {laptop.store.get(record).head for laptop in (village, town)}
    on_server = county["server"].record(_county_account(county), record)
    assert heads == {on_server["head"]}
    assert (on_server["data"]["phone"], on_server["data"]["trade"]) == ("13966666666", "瓦工")


def test_a_township_carries_a_village_bundle_on_to_the_server(
    laptops, county, survey_form, tmp_path
):
    village, town = laptops("cadre"), laptops("town")
    kept = village.add(46)
    village.sync()
    town.sync()
    # Offline at the village: a draft edited, a new record made and submitted, all on a
    # USB stick to the township, which has the network. None of it is the township's to
    # make itself (it may not edit drafts), but it carries it for the cadre who made it.
    village.edit(kept, phone="13955555555")
    new = village.add(47)
    village.move(new, Status.SUBMITTED)
    village.carry_to(town, tmp_path / "usb.bundle")

    # The same revision said to be made by someone who is no account of that village is
    # judged as the township's own edit of a draft: refused.
    [edit] = [r for r in replica.unsent(town.store) if r.record_id == kept]
    [outcome] = town.connection.push([edit.model_copy(update={"author": "town-clerk"})]).outcomes
    assert (outcome.outcome, outcome.code) == ("rejected", "sync.stale_move")

    report = town.sync()
    assert (report.pushed, report.rejected, report.held) == (3, 0, 0)
    assert replica.unsent_count(town.store) == 0
    server = county["server"]
    assert server.record(_county_account(county), kept)["data"]["phone"] == "13955555555"
    assert server.record(_county_account(county), new)["status"] == "submitted"
    # The village's own push later finds it all there.
    report = village.sync()
    assert (report.rejected, report.conflicts, report.held) == (0, 0, 0)
    assert replica.unsent_count(village.store) == 0
    for record in (kept, new):
        assert village.store.get(record).head == town.store.get(record).head


def test_the_same_person_twice_is_flagged_for_the_township_not_merged(laptops, county, survey_form):
    a, b, town = laptops("cadre"), laptops("cadre2"), laptops("town")
    person = records_of(survey_form, county["village"], 1, 48)[0]
    # Entered twice on one laptop (both in one batch), and once more on another laptop.
    twice = [
        a.store.save(survey_form, person | {"phone": phone}, author="cadre").record_id
        for phone in ("13700000001", "13700000002")
    ]
    batch = replica.unsent(a.store)
    a.sync()
    third = b.store.save(survey_form, person, author="cadre2").record_id
    assert b.sync().pushed == 1
    for laptop, record in ((a, twice[0]), (a, twice[1]), (b, third)):
        note = replica.sync_note(laptop.store, record)
        assert note["code"] == "sync.duplicate", record
    assert person["full_name"] in replica.sync_note(a.store, twice[0])["zh"]
    assert twice[1] not in replica.sync_note(a.store, twice[0])["zh"]
    # A replay (an answer lost to a cut) is answered the same, duplicates and all.
    again = {o.record_id: o for o in a.connection.push(batch).outcomes}
    assert (again[twice[0]].outcome, again[twice[0]].duplicates) == ("accepted", [twice[1]])
    # b pushed before it pulled a's two: it names none of them, it counts them.
    assert replica.sync_note(b.store, third)["zh"].endswith("另有 2 条记录（不在本机）")
    # Three records kept, none merged; the township sees the group.
    answer = requests.get(
        f"{county['url']}/api/v1/sync/duplicates",
        headers={"Authorization": f"Bearer {town.connection.token}"},
        timeout=10,
    )
    groups = {g["id_number"]: {r["id"] for r in g["records"]} for g in answer.json()}
    assert groups[person["id_number"]] == {*twice, third}
    town.sync()
    assert all(town.store.get(r) is not None for r in (*twice, third))


def test_a_lost_answer_replayed_late_does_not_leave_the_laptop_behind(laptops, county, survey_form):
    """The answer to a push is lost; before the laptop sends it again, a pull passes the
    record's newer server head (kept aside: the laptop still had unsent work on it). The
    replayed answer names an older merge: the laptop must still end at the server's head."""

    a, b = laptops("cadre"), laptops("cadre2")
    record = a.add(49)
    a.sync()
    b.sync()
    a.edit(record, phone="13911110000")
    b.edit(record, trade="瓦工")
    b.sync()
    a.connection.push(replica.unsent(a.store))  # merged on the server; the answer is lost
    b.edit(record, full_name="李四")
    b.sync()
    syncer = Syncer(a.store, a.connection)
    syncer.pull(Report(), lambda _: None, lambda: False)  # passes b's head, keeps a's edit
    a.sync()  # the replay is answered with the older merge
    on_server = county["server"].record(_county_account(county), record)
    mine = a.store.get(record)
    assert (mine.head, mine.data) == (on_server["head"], on_server["data"])
    assert (mine.data["phone"], mine.data["trade"], mine.data["full_name"]) == (
        "13911110000", "瓦工", "李四",
    )  # fmt: skip

    # The same with a plain acceptance: the replay accepts what the server holds already.
    a.edit(record, phone="13911112222")
    a.connection.push(replica.unsent(a.store))  # accepted; the answer is lost
    b.sync()
    b.edit(record, trade="木工")
    b.sync()
    syncer.pull(Report(), lambda _: None, lambda: False)
    a.sync()
    on_server = county["server"].record(_county_account(county), record)
    assert a.store.get(record).head == on_server["head"]
    assert (on_server["data"]["phone"], on_server["data"]["trade"]) == ("13911112222", "木工")


def test_a_push_answer_that_is_not_one_is_refused_and_nothing_is_marked_sent(tmp_path, survey_form):
    """A server (or a proxy in the way) answers a push with something else: the sync
    stops with a plain message and every revision stays unsent, to go again."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class NotAServer(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            body = b'{"outcomes": [{"revision": 1}]}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NotAServer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        store = Store.create(tmp_path / "laptop", LOCAL)
        store.save_many(survey_form, records_of(survey_form, "341524100201", 3, 50), author="c")
        connection = Connection(f"http://127.0.0.1:{server.server_port}", token="t")
        with pytest.raises(SyncError) as refused:
            Syncer(store, connection).push(Report(), lambda _: None, lambda: False)
        assert refused.value.code == "sync.bad_answer"
        assert "服务器" in str(refused.value)
        assert replica.unsent_count(store) == 3
        store.close()
    finally:
        server.shutdown()
