"""The three-way merge, alone: policies, workflow state, deletion, and determinism."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from collector.forms.model import ConflictPolicy
from collector.merge import DELETED_FIELD, STATUS_FIELD, Side, merge, policies_of
from collector.revisions import canonical_json, revision_content, revision_id, revision_id_from_text

POLICIES = {
    "full_name": ConflictPolicy.MANUAL,
    "phone": ConflictPolicy.LATEST,
    "skills": ConflictPolicy.UNION,
    "pay": ConflictPolicy.SERVER,
    "plan": ConflictPolicy.CLIENT,
}
BASE = {"full_name": "张三", "phone": "13800000000", "skills": "a", "pay": 3000, "plan": "1"}


def side(status="draft", at="2026-01-01", deleted=False, reason="", **changes) -> Side:
    return Side(BASE | changes, status, reason, deleted, at)


def test_one_sided_changes_merge_whatever_the_policy():
    result = merge(POLICIES, side(), side(full_name="李四"), side(pay=4000))
    assert result.clean
    assert (result.data["full_name"], result.data["pay"]) == ("李四", 4000)


def test_both_sided_changes_follow_each_fields_policy():
    incoming = side(at="2026-02-02", phone="13900000001", skills="a b", pay=1, plan="2")
    current = side(at="2026-01-05", phone="13700000002", skills="a c", pay=2, plan="3")
    result = merge(POLICIES, side(), incoming, current)
    assert result.clean
    assert result.data == BASE | {"phone": "13900000001", "skills": "a b c", "pay": 2, "plan": "2"}


def test_identity_fields_are_manual_and_keep_both_sides():
    result = merge(POLICIES, side(), side(full_name="李四"), side(full_name="王五"))
    [conflict] = result.manual
    assert (conflict.name, conflict.base, conflict.incoming, conflict.current) == (
        "full_name",
        "张三",
        "李四",
        "王五",
    )
    assert result.data["full_name"] == "王五"  # the current value stands until decided


def test_unknown_fields_are_manual_and_multi_select_lists_unite():
    result = merge({}, Side({}, "draft"), Side({"x": 1}, "draft"), Side({"x": 2}, "draft"))
    assert [c.name for c in result.manual] == ["x"]
    lists = {"certs": ConflictPolicy.UNION}
    both = merge(
        lists, Side({"certs": ["a"]}, "d"), Side({"certs": ["a", "b"]}, "d"),
        Side({"certs": ["c"]}, "d"),
    )  # fmt: skip
    assert both.data["certs"] == ["a", "b", "c"]


def test_an_approval_met_by_a_stale_edit_is_manual():
    base = side(status="returned", reason="请核实")
    approved = side(status="approved")
    edited = side(status="returned", reason="请核实", phone="13600000000")
    result = merge(POLICIES, base, edited, approved)
    assert [c.name for c in result.manual] == [STATUS_FIELD]
    assert result.status == "approved"
    # A status moved on one side only, with no answers changed on the other, merges.
    moved = merge(POLICIES, side(status="submitted"), side(status="submitted"), approved)
    assert moved.clean and moved.status == "approved"


def test_status_changed_on_both_sides_differently_is_manual():
    result = merge(
        POLICIES, side(status="submitted"), side(status="approved"),
        side(status="returned", reason="补充材料"),
    )  # fmt: skip
    assert [c.name for c in result.manual] == [STATUS_FIELD]
    assert (result.status, result.reason) == ("returned", "补充材料")


def test_delete_against_edit_is_a_conflict_and_against_nothing_a_delete():
    clash = merge(POLICIES, side(), side(deleted=True), side(phone="13500000000"))
    assert [c.name for c in clash.manual] == [DELETED_FIELD]
    assert not clash.deleted
    plain = merge(POLICIES, side(), side(), side(deleted=True))
    assert plain.clean and plain.deleted


values = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "a b"]), st.integers(0, 3))
records = st.dictionaries(st.sampled_from(sorted(BASE)), values, max_size=5)
statuses = st.sampled_from(["draft", "submitted", "returned", "approved"])
sides = st.builds(
    Side, records, statuses, st.sampled_from(["", "r"]), st.booleans(),
    st.sampled_from(["2026-01-01", "2026-01-02"]),
)  # fmt: skip


@given(sides, sides, sides)
def test_the_merge_depends_only_on_its_inputs_and_loses_nothing(base, incoming, current):
    first = merge(POLICIES, base, incoming, current)
    assert merge(POLICIES, base, incoming, current) == first
    for name in base.data.keys() | incoming.data.keys() | current.data.keys():
        b, i, c = (s.data.get(name) for s in (base, incoming, current))
        kept = first.data.get(name)
        in_conflict = any(m.name == name for m in first.manual)
        # Every change is in the result, or the field is in a conflict that keeps both.
        if i != b and c == b:
            assert kept == i
        if c != b and i == b:
            assert kept == c
        if i != b and c != b and i != c and POLICIES[name] == ConflictPolicy.MANUAL:
            assert in_conflict
    if incoming == current:
        assert first.clean and first.data == {
            k: v for k, v in current.data.items() if v is not None
        }


def test_policies_come_from_the_form(survey_form):
    policies = policies_of(survey_form)
    assert policies["full_name"] == ConflictPolicy.MANUAL
    assert policies["phone"] == ConflictPolicy.LATEST


@given(
    st.dictionaries(st.text(max_size=5), st.one_of(st.text(), st.integers(), st.none())),
    st.sampled_from(["draft", "submitted"]),
    st.booleans(),
    st.text(max_size=10),
    st.sampled_from([None, "1-" + "a" * 32]),
)
def test_revision_ids_from_canonical_text_are_the_same(data, status, deleted, reason, parent):
    made = revision_id(parent, revision_content("r-1", data, status, deleted, reason))
    assert (
        revision_id_from_text(parent, "r-1", canonical_json(data), status, deleted, reason) == made
    )
