"""`${last-saved#name}`: the answer this device saved last time, from the local store (a
cadre going from house to house keeps the village, the surveyor, the date)."""

from __future__ import annotations

import pytest
from form_md import md_form, md_problems
from ui_support import drain_pool, entry_page  # noqa: F401

from collector.expressions import MappingContext, compile_expression
from collector.storage.store import Store
from collector.validation.live import defaults

FORM = """
    | survey |
    | | type    | name     | label | default                 | calculation               |
    | | text    | village  | 村    | ${last-saved#village}   |                           |
    | | text    | surveyor | 调查员 | ${last-saved#surveyor} |                           |
    | | text    | person   | 姓名  |                         |                           |
    | | integer | visits   | 户数  | coalesce(${last-saved#visits}, 0) + 1 |             |
    | | calculate | before | 上户  |                         | ${last-saved#person}      |
    | settings |
    | | form_id |
    | | rounds  |
"""


def test_last_saved_reads_from_what_the_context_offers():
    expression = compile_expression("${last-saved#village} = ${village}")
    assert expression.references == {"village"}
    assert expression.last_saved == {"village"}
    with_store = MappingContext({"village": "红石村"}, last_saved={"village": "红石村"})
    assert expression.evaluate(with_store) is True
    assert compile_expression("${last-saved#village}").evaluate(MappingContext({})) is None


def test_a_last_saved_reference_to_no_field_is_an_error(tmp_path):
    problems = md_problems(
        tmp_path,
        """
        | survey |
        | | type | name | label | default           |
        | | text | a    | A     | ${last-saved#nope} |
        """,
    )
    [problem] = problems
    assert problem.code == "form.unknown_reference" and "last-saved#nope" in problem.text()


def test_defaults_of_a_new_record_come_from_the_last_one_this_cadre_saved(tmp_path):
    form = md_form(tmp_path, FORM)
    store = Store.create(tmp_path / "store", "pass-1234")
    try:
        assert store.last_saved(form.id, "李明") == {}
        assert defaults(form, last_saved={}) == {"visits": "1"}
        mine = {"village": "红石村", "surveyor": "李明", "person": "张三", "visits": 1}
        store.save(form, mine, author="李明")
        store.save(form, {"village": "桂花村", "surveyor": "王芳", "person": "赵六"}, author="王芳")
        last = store.last_saved(form.id, "李明")
        assert last["person"] == "张三"
        assert defaults(form, last_saved=last) == {
            "village": "红石村",
            "surveyor": "李明",
            "visits": "2",
        }
    finally:
        store.close()


@pytest.mark.usefixtures("drain_pool")
def test_the_entry_screen_starts_a_new_record_with_the_last_saved_village(qtbot, tmp_path):
    with entry_page(qtbot, tmp_path / "data", md_form(tmp_path, FORM)) as page:
        assert page.rows["village"].editor.value() in (None, "")
        qtbot.keyClicks(page.rows["village"].editor.edit, "Hongshi")
        qtbot.keyClicks(page.rows["person"].editor.edit, "Zhang")
        assert page.save_draft()
        page.new_record()
        assert page.rows["village"].editor.value() == "Hongshi"
        assert page.rows["person"].editor.value() in (None, "")
