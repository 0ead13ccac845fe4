"""Names unique within their group, as pyxform allows: a name standing twice is kept
under its group path, through validation, the store, sync, and ledgers out and in."""

from __future__ import annotations

import pytest
from conftest import SHARED
from form_md import md_form, md_problems
from openpyxl import load_workbook
from server_process import free_port, running_server
from ui_support import drain_pool, entry_page  # noqa: F401

from collector.forms.textform import dump_text_form
from collector.ledger.export import export_ledger
from collector.ledger.importer import import_ledger, preview_ledger
from collector.server.cli import main as server_cli
from collector.server.db import prepare
from collector.server.repository import ServerStore
from collector.storage import replica
from collector.storage.store import Store
from collector.sync.client import Connection, Syncer
from collector.validation import validate
from collector.workflow import Role

VILLAGE = "341524100001"
PASSWORD = "scoped-pass-1"
FORM = """
    | survey |
    | | type        | name      | label    | role        | conflict_policy | relevant   |
    | | text        | full_name | 姓名     | person_name |                 |            |
    | | text        | village   | 村       | village     |                 |            |
    | | begin group | work      | 务工     |             |                 |            |
    | | integer     | months    | 外出月数 |             |                 |            |
    | | text        | note      | 备注     |             | latest          | ${months} > 0 |
    | | end group   |           |          |             |                 |            |
    | | begin group | home      | 家庭     |             |                 |            |
    | | text        | note      | 备注     |             | manual          |            |
    | | end group   |           |          |             |                 |            |
    | settings |
    | | form_id | version |
    | | scoped  | 1       |
"""


@pytest.fixture
def form(tmp_path):
    return md_form(tmp_path, FORM)


def test_a_name_in_two_groups_gets_its_group_path_and_unique_names_stay_as_they_are(form):
    assert [(f.name, f.key) for f in form.walk() if f.holds_answer] == [
        ("full_name", "full_name"),
        ("village", "village"),
        ("months", "months"),
        ("note", "work/note"),
        ("note", "home/note"),
    ]
    assert form.field("home/note").label == {"default": "备注"}
    problems = validate(
        form,
        {"full_name": "张三", "village": VILLAGE, "months": "0", "work/note": "x", "note": "?"},
    )
    assert sorted((p.field, p.code) for p in problems) == [
        ("note", "value.unknown_field"),  # the bare name is no key of this form
        ("work/note", "value.not_relevant"),
    ]


def test_a_reference_to_a_name_that_stands_twice_names_both_rows(tmp_path):
    problems = md_problems(
        tmp_path,
        """
        | survey |
        | | type        | name | label | relevant      |
        | | begin group | a    | A     |               |
        | | text        | note | N     |               |
        | | end group   |      |       |               |
        | | begin group | b    | B     |               |
        | | text        | note | N     |               |
        | | text        | x    | X     | ${note} != '' |
        | | end group   |      |       |               |
        """,
    )
    [problem] = problems
    assert problem.code == "form.ambiguous_reference"
    assert (problem.location.row, problem.location.column) == (9, "relevant")
    assert "5、8" in problem.text() and "5、8" in problem.text("en")


def test_a_name_twice_in_the_same_group_is_still_an_error(tmp_path):
    problems = md_problems(
        tmp_path,
        """
        | survey |
        | | type        | name | label |
        | | begin group | a    | A     |
        | | text        | note | N     |
        | | text        | note | N     |
        | | end group   |      |       |
        """,
    )
    assert [p.code for p in problems] == ["form.duplicate_name"]


def test_two_notes_through_store_sync_conflict_and_ledgers(tmp_path, form):
    db = f"sqlite:///{tmp_path / 'server.db'}"
    divisions = str(SHARED / "divisions" / "jinzhai-341524.csv")
    assert server_cli(["--db", db, "division", "import", divisions]) == 0
    server = ServerStore(prepare(db))
    for account in ("cadre", "cadre2"):
        server.add_account(account, Role.VILLAGE, VILLAGE, PASSWORD)
    server.publish_form(form.id, form.version, "scoped", dump_text_form(form), "县")
    record = {"full_name": "张三", "village": VILLAGE, "months": 6}
    record |= {"work/note": "在工地", "home/note": "老人在家"}
    with running_server(db, tmp_path / "server.log", free_port()) as base:
        laptops = []
        for account in ("cadre", "cadre2"):
            store = Store.create(tmp_path / account, "laptop-pass")
            store.keep_form(form)
            connection = Connection(base.removesuffix("/api/v1"), backoff=0.05)
            connection.login(account, PASSWORD)
            laptops.append((store, Syncer(store, connection, batch=50), account))
        (a, sync_a, _), (b, sync_b, _) = laptops
        rid = a.save(form, record, author="cadre").record_id
        assert sync_a.run().pushed == 1 and sync_b.run().pulled == 1
        assert b.get(rid).data == a.get(rid).data

        def edit(store, author, **changes):
            data = store.get(rid).data | changes
            store.save(form, data, author=author, role=Role.VILLAGE, record_id=rid)

        # Both change both notes: the work note (latest) merges, the home note is asked.
        edit(a, "cadre", **{"work/note": "在工厂", "home/note": "老人住院"})
        edit(b, "cadre2", **{"work/note": "在码头", "home/note": "老人康复"})
        sync_a.run()
        assert sync_b.run().conflicts == 1
        [conflict] = replica.open_conflicts(b)
        assert [f["name"] for f in conflict.fields] == ["home/note"]
        replica.resolve(b, conflict.id, {"home/note": "老人康复"}, author="cadre2")
        sync_b.run()
        sync_a.run()
        for store in (a, b):
            data = store.get(rid).data
            assert (data["home/note"], data["work/note"]) == ("老人康复", "在码头")
            assert "note" not in data

        ledger = tmp_path / "台账.xlsx"
        assert export_ledger(a, form, ledger) == 1
        sheet = load_workbook(ledger).worksheets[0]
        row = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
        # Both labelled 备注: each column says its section, and imports back to it.
        assert (row["务工·备注"], row["家庭·备注"]) == ("在码头", "老人康复")

        fresh = Store.create(tmp_path / "township", "laptop-pass")
        preview = preview_ledger(fresh, form, ledger)
        assert preview.invalid == [] and len(preview.valid) == 1
        import_ledger(fresh, form, preview, author="town")
        [view] = fresh.iter_records()
        assert (view.data["home/note"], view.data["work/note"]) == ("老人康复", "在码头")
        for store, _, _ in [*laptops, (fresh, None, None)]:
            store.close()


@pytest.mark.usefixtures("drain_pool")
def test_the_entry_screen_keeps_the_two_notes_apart(qtbot, tmp_path, form):
    with entry_page(qtbot, tmp_path / "data", form) as page:
        assert {"work/note", "home/note"} <= set(page.rows)
        qtbot.keyClicks(page.rows["months"].editor.edit, "3")
        qtbot.keyClicks(page.rows["work/note"].editor.edit, "factory")
        qtbot.keyClicks(page.rows["home/note"].editor.edit, "parents")
        answers = page.refresh().answers
        assert (answers["work/note"], answers["home/note"]) == ("factory", "parents")
        # Skip logic hides the work note only.
        page.rows["months"].editor.edit.clear()
        qtbot.keyClicks(page.rows["months"].editor.edit, "0")
        page.refresh()
        assert not page.rows["work/note"].widget.isVisibleTo(page)
        assert page.rows["home/note"].widget.isVisibleTo(page)
