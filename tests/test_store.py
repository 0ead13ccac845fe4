"""The encrypted store on real SQLCipher files: keys, revisions, workflow, search, audit."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
import sqlcipher3
from conftest import DATA
from sqlalchemy import inspect

from collector.demo_data import SurveyRecords
from collector.revisions import revision_content, revision_id
from collector.storage import keys as keys_module
from collector.storage.keys import (
    KeyFile,
    NoRecoveryWrap,
    WrongPassword,
    WrongRecoveryKey,
    new_recovery_key_pair,
)
from collector.storage.migrations import MIGRATIONS
from collector.storage.schema import metadata
from collector.storage.store import STORE_FILE, RecordFilter, Store, StoreError
from collector.workflow import Role, Status, WorkflowError

PASSWORD = "correct horse"


@pytest.fixture
def records(survey_form):
    return SurveyRecords(survey_form, seed=21).take(40)


@pytest.fixture
def store(tmp_path):
    with Store.create(tmp_path / "store", PASSWORD) as opened:
        yield opened


def test_wrong_password_is_refused_plainly_and_audited(tmp_path):
    Store.create(tmp_path, PASSWORD).close()
    with pytest.raises(WrongPassword) as caught:
        Store.open(tmp_path, "not it")
    assert caught.value.code == "store.wrong_password"
    with Store.open(tmp_path, PASSWORD) as store, store.reading() as conn:
        actions = [row.action for row in conn.execute(metadata.tables["audit"].select())]
    assert actions == ["store.create", "store.unlock_failed", "store.unlock"]


def test_opening_what_is_not_a_store(tmp_path):
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path / "nothing", PASSWORD)
    assert caught.value.code == "store.missing"
    Store.create(tmp_path / "s", PASSWORD).close()
    with pytest.raises(StoreError) as caught:
        Store.create(tmp_path / "s", PASSWORD)
    assert caught.value.code == "store.exists"


def test_no_plaintext_in_any_file(tmp_path, survey_form, records):
    record = dict(records[0], full_name="欧阳明珠", id_number=records[0]["id_number"])
    needles = ["欧阳明珠".encode(), record["id_number"].encode(), record["phone"].encode()]
    store = Store.create(tmp_path, PASSWORD)
    store.save_many(survey_form, records[1:], author="李明")
    store.save(survey_form, record, author="李明")
    with pytest.raises(WrongPassword):
        Store.open(tmp_path, "wrong password")

    def scan() -> list[str]:
        files = [p for p in tmp_path.rglob("*") if p.is_file()]
        return [p.name for p in files for n in needles if n in p.read_bytes()]

    assert (tmp_path / (STORE_FILE + "-wal")).exists()
    assert scan() == []  # while open, WAL and all
    store.close()
    assert scan() == []
    # The needles are really there to be found once decrypted.
    with Store.open(tmp_path, PASSWORD) as again:
        assert again.search("欧阳明珠")[0].id_number == record["id_number"]


def test_revision_ids_are_deterministic():
    content = revision_content("r1", {"a": 1, "b": "二"}, "draft")
    same = revision_content("r1", {"b": "二", "a": 1}, "draft")
    assert revision_id(None, content) == revision_id(None, same)
    assert revision_id(None, content).startswith("1-")
    assert revision_id("1-abc", content).startswith("2-")
    assert revision_id("1-abc", content) != revision_id("1-abd", content)
    assert revision_id(None, content) != revision_id(
        None, revision_content("r2", {"a": 1, "b": "二"}, "draft")
    )


def test_save_edit_and_history(store, survey_form, records):
    saved = store.save(survey_form, records[0], author="李明")
    assert saved.problems == [] and saved.status == "draft"
    again = store.save(survey_form, records[0], author="李明", record_id=saved.record_id)
    assert not again.changed and again.revision == saved.revision
    edited = dict(records[0], trade="厨师")
    second = store.save(survey_form, edited, author="李明", record_id=saved.record_id)
    assert second.revision.startswith("2-")
    view = store.get(saved.record_id)
    assert view.data["trade"] == "厨师" and view.head == second.revision
    history = store.history(saved.record_id)
    assert [h.id for h in history] == [saved.revision, second.revision]
    assert history[1].parent == saved.revision and history[0].data == records[0]


def test_drafts_with_problems_are_kept_but_not_submitted(store, survey_form, records):
    half_done = {"full_name": "王芳", "phone": "1380013"}
    saved = store.save(survey_form, half_done, author="李明")
    assert saved.problems and store.get(saved.record_id).problems == len(saved.problems)
    with pytest.raises(WorkflowError) as caught:
        store.move(saved.record_id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    assert caught.value.code == "workflow.has_problems"


def test_workflow_through_the_store(store, survey_form, records):
    rid = store.save(survey_form, records[0], author="李明").record_id
    store.move(rid, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    with pytest.raises(WorkflowError) as caught:
        store.save(survey_form, records[0] | {"trade": "瓦工"}, author="李明", record_id=rid)
    assert caught.value.code == "workflow.not_editable"
    with pytest.raises(WorkflowError) as caught:
        store.move(rid, Status.APPROVED, role=Role.VILLAGE, actor="李明")
    assert str(caught.value) == "村级账号不能把记录从“已提交”改为“乡镇已审核”"
    with pytest.raises(WorkflowError) as caught:
        store.move(rid, Status.RETURNED, role=Role.TOWNSHIP, actor="乡镇")
    assert caught.value.code == "workflow.reason_required"
    store.move(rid, Status.RETURNED, role=Role.TOWNSHIP, actor="乡镇", reason="电话号码请核实")
    returned = store.get(rid)
    assert (returned.status, returned.reason) == ("returned", "电话号码请核实")
    assert [r.id for r in store.page(RecordFilter(returned=True))] == [rid]
    store.save(survey_form, records[0] | {"phone": "13912345678"}, author="李明", record_id=rid)
    store.move(rid, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    store.move(rid, Status.APPROVED, role=Role.TOWNSHIP, actor="乡镇")
    store.move(rid, Status.ACCEPTED, role=Role.COUNTY, actor="县")
    statuses = [h.status for h in store.history(rid)]
    assert statuses == [
        "draft",
        "submitted",
        "returned",
        "returned",
        "submitted",
        "approved",
        "accepted",
    ]


def test_pages_counts_and_search(store, survey_form, records):
    records[3]["full_name"] = "张三"
    records[4]["full_name"] = "曾小明"
    store.save_many(survey_form, records, author="李明")
    village = records[0]["village"]
    assert len(store.page(limit=10)) == 10
    assert len(store.page(offset=35, limit=10)) == 5
    in_village = store.page(RecordFilter(village=village))
    assert in_village and {r.village for r in in_village} == {village}
    assert store.count_by_status()["draft"] == len(records)
    assert store.count_by_status(RecordFilter(status="accepted"))["draft"] == 0
    assert "张三" in [r.full_name for r in store.search("zs")]
    assert "张三" not in [r.full_name for r in store.search("zx")]
    assert "张三" in [r.full_name for r in store.search("zhangs")]
    assert "曾小明" in [r.full_name for r in store.search("zxm")]  # 曾 read zeng
    assert "曾小明" in [r.full_name for r in store.search("cxm")]  # and ceng
    assert [r.full_name for r in store.search("张三")] == ["张三"]
    assert store.search(records[7]["id_number"][:12])[0].id_number == records[7]["id_number"]
    assert store.search(records[9]["phone"])[0].phone == records[9]["phone"]
    assert store.search("%") == []  # LIKE wildcards are text, not patterns


def test_change_password_is_atomic(tmp_path, monkeypatch):
    Store.create(tmp_path, PASSWORD).close()
    store = Store.open(tmp_path, PASSWORD)

    def crash(*args):
        raise OSError("power cut")

    monkeypatch.setattr(keys_module.os, "replace", crash)
    with pytest.raises(OSError):
        store.change_password(PASSWORD, "a new password")
    monkeypatch.undo()
    store.close()
    Store.open(tmp_path, PASSWORD).close()  # the old one still opens
    with Store.open(tmp_path, PASSWORD) as store:
        with pytest.raises(WrongPassword):
            store.change_password("not the old one", "a new password")
        store.change_password(PASSWORD, "a new password")
    Store.open(tmp_path, "a new password").close()
    with pytest.raises(WrongPassword):
        Store.open(tmp_path, PASSWORD)


def test_county_recovers_a_forgotten_password(tmp_path, survey_form, records):
    private, public = new_recovery_key_pair(bits=2048)
    with Store.create(tmp_path, PASSWORD, public) as store:
        rid = store.save(survey_form, records[0], author="李明").record_id
    with Store.recover(tmp_path, private, "set by county IT") as store:
        assert store.get(rid).data == records[0]
    Store.open(tmp_path, "set by county IT").close()
    other_private, _ = new_recovery_key_pair(bits=2048)
    with pytest.raises(WrongRecoveryKey):
        Store.recover(tmp_path, other_private, "whatever it is")
    with pytest.raises(WrongRecoveryKey):
        Store.recover(tmp_path, b"not a key", "whatever it is")
    Store.create(tmp_path / "plain", PASSWORD).close()
    with pytest.raises(NoRecoveryWrap):
        Store.recover(tmp_path / "plain", private, "whatever it is")


def raw_connection(data_dir, password):
    key = KeyFile.read(data_dir).unwrap(password)
    conn = sqlcipher3.dbapi2.connect(str(data_dir / STORE_FILE), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def test_audit_log_is_append_only_and_tamper_evident(tmp_path, survey_form, records):
    with Store.create(tmp_path, PASSWORD) as store:
        store.save_many(survey_form, records[:5], author="李明")
        assert store.verify_audit() == (6, None)
    conn = raw_connection(tmp_path, PASSWORD)
    with pytest.raises(sqlcipher3.dbapi2.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET actor = 'someone' WHERE seq = 3")
    conn.execute("DROP TRIGGER audit_no_update")  # someone with the key and a SQL shell
    conn.execute("UPDATE audit SET actor = 'someone' WHERE seq = 3")
    conn.close()
    with Store.open(tmp_path, PASSWORD) as store:
        count, broken = store.verify_audit()
    assert (count, broken.seq, broken.reason) == (2, 3, "altered")


def test_audit_holds_no_personal_data(tmp_path, survey_form, records):
    with Store.create(tmp_path, PASSWORD) as store:
        store.save_many(survey_form, records[:5], author="李明")
        with store.reading() as conn:
            text = " ".join(str(tuple(r)) for r in conn.execute(metadata.tables["audit"].select()))
    for record in records[:5]:
        assert record["full_name"] not in text and record["id_number"] not in text


def test_two_threads_write_at_once_without_lock_errors(store, survey_form, records):
    errors: list[BaseException] = []
    saved: list[str] = []

    def entry_screen():
        try:
            for record in records[:20]:
                saved.append(store.save(survey_form, record, author="李明").record_id)
        except BaseException as err:
            errors.append(err)

    def background_sync():
        try:
            store.save_many(survey_form, records[20:], author="同步", batch=2)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=entry_screen), threading.Thread(target=background_sync)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.count_by_status()["draft"] == len(records)
    assert store.verify_audit()[1] is None


def test_a_store_of_the_previous_release_opens_and_is_migrated(tmp_path):
    shutil.copytree(DATA / "store-v1", tmp_path / "old")
    with Store.open(tmp_path / "old", "release-0.1-password") as store:
        assert [r.full_name for r in store.search("zs")] == ["张三"]
        assert store.get("r-1").data["id_number"] == "342426199005151235"
        assert store.verify_audit()[1] is None
        with store.reading() as conn:
            versions = [r[0] for r in conn.exec_driver_sql("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, len(MIGRATIONS) + 1))


def test_migrated_schema_matches_the_declared_tables(store):
    inspector = inspect(store.engine)
    for table in metadata.sorted_tables:
        assert [c["name"] for c in inspector.get_columns(table.name)] == [
            c.name for c in table.columns
        ]


def test_integrity_after_work(store, survey_form, records):
    store.save_many(survey_form, records, author="李明")
    assert store.integrity() == []
    assert os.path.getsize(store.data_dir / STORE_FILE) > 0


def test_forms_and_settings_are_kept(store, survey_form, records):
    from collector.forms.errors import ProblemCollector
    from collector.forms.textform import load_text_form

    store.save(survey_form, records[0], author="李明")
    kept = store.form_definition(survey_form.id, survey_form.version)
    assert load_text_form("kept.yaml", kept, ProblemCollector()) == survey_form
    assert store.form_definition(survey_form.id, "0.0") is None
    assert store.setting("idle_lock_minutes", "10") == "10"
    store.set_setting("idle_lock_minutes", "5")
    store.set_setting("idle_lock_minutes", "15")
    assert store.setting("idle_lock_minutes") == "15"


def test_save_all_is_one_transaction(store, survey_form, records):
    broken = [*records[:5], {"village": object()}]  # the last cannot be stored as JSON
    with pytest.raises(TypeError):
        store.save_all(survey_form, broken, author="importer")
    assert sum(store.count_by_status().values()) == 0
    assert store.save_all(survey_form, records[:5], author="importer") == 5
    numbers = [r["id_number"] for r in records[:7]]
    assert store.existing_id_numbers(numbers) == set(numbers[:5])


def test_iter_records_and_progress_by_village(store, survey_form, records):
    store.save_many(survey_form, records, author="cadre")
    seen = list(store.iter_records(chunk=7))
    assert len(seen) == len(records) == len({r.id for r in seen})
    assert sorted(r.data["id_number"] for r in seen) == sorted(r["id_number"] for r in records)
    village = records[0]["village"]
    only = list(store.iter_records(RecordFilter(village=village), chunk=3))
    assert {r.village for r in only} == {village}
    progress = store.progress_by_village()
    assert progress[village]["draft"] == len(only)
    assert sum(sum(c.values()) for c in progress.values()) == len(records)


def test_save_all_takes_the_callers_validation(store, survey_form, records):
    from collector.validation import Problem

    found = [[Problem("phone", "value.required")], []]
    store.save_all(survey_form, records[:2], author="importer", problems=found)
    assert sorted(s.problems for s in store.page()) == [0, 1]
    with pytest.raises(ValueError):
        store.save_all(survey_form, records[2:4], author="importer", problems=[[]])


def test_only_a_draft_that_never_left_the_laptop_can_be_deleted(
    tmp_path, store, records, survey_form
):
    from collector.sync.bundle import export_bundle

    carried, theirs = (
        store.save(survey_form, records[i], author=who).record_id for i, who in ((0, "a"), (1, "b"))
    )
    assert store.undeletable(theirs, "a") == "store.delete_not_own"
    export_bundle(store, tmp_path / "to-town.bundle", "bundle-pass1", author="a")
    # In the bundle on its way to the township: gone from here, it would come back.
    assert store.undeletable(carried, "a") == "store.delete_sent"
    with pytest.raises(StoreError) as refused:
        store.delete_draft(carried, actor="a")
    assert refused.value.code == "store.delete_sent"
    after = store.save(survey_form, records[3], author="a").record_id
    assert store.undeletable(after, "a") is None
    store.delete_draft(after, actor="a")
    assert store.get(after) is None and store.get(carried) is not None
    assert store.undeletable(after, "a") == "store.no_such_record"
