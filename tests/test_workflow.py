"""The status machine and who may move what: the rules client and server share."""

import pytest

from collector.workflow import (
    Role,
    Status,
    Version,
    WorkflowError,
    allowed_moves,
    check_change,
    check_edit,
    check_move,
)


def test_each_role_moves_only_what_it_should():
    assert allowed_moves(Role.VILLAGE, Status.DRAFT) == [Status.SUBMITTED]
    assert allowed_moves(Role.VILLAGE, Status.RETURNED) == [Status.SUBMITTED]
    assert allowed_moves(Role.VILLAGE, Status.SUBMITTED) == []
    assert allowed_moves(Role.TOWNSHIP, Status.SUBMITTED) == [Status.APPROVED, Status.RETURNED]
    assert allowed_moves(Role.TOWNSHIP, Status.APPROVED) == [Status.RETURNED]
    assert allowed_moves(Role.COUNTY, Status.APPROVED) == [Status.ACCEPTED, Status.RETURNED]
    assert allowed_moves(Role.COUNTY, Status.ACCEPTED) == [Status.RETURNED]
    assert allowed_moves(Role.ADMIN, Status.APPROVED) == allowed_moves(Role.COUNTY, Status.APPROVED)


@pytest.mark.parametrize(
    ("role", "old", "new", "reason", "code"),
    [
        (Role.VILLAGE, Status.SUBMITTED, Status.APPROVED, "", "workflow.not_your_move"),
        (Role.TOWNSHIP, Status.DRAFT, Status.ACCEPTED, "", "workflow.no_such_move"),
        (Role.TOWNSHIP, Status.SUBMITTED, Status.RETURNED, "  ", "workflow.reason_required"),
        (Role.TOWNSHIP, Status.APPROVED, Status.ACCEPTED, "", "workflow.not_your_move"),
    ],
)
def test_refused_moves_name_why(role, old, new, reason, code):
    with pytest.raises(WorkflowError) as caught:
        check_move(role, old, new, reason)
    assert caught.value.code == code


def test_who_may_edit_in_which_status():
    check_edit(Role.VILLAGE, Status.DRAFT)
    check_edit(Role.VILLAGE, Status.RETURNED)
    check_edit(Role.COUNTY, Status.ACCEPTED)
    with pytest.raises(WorkflowError) as caught:
        check_edit(Role.VILLAGE, Status.APPROVED)
    assert str(caught.value) == "记录处于“乡镇已审核”状态，村级账号不能修改"


def _refused(role, old, new) -> str:
    with pytest.raises(WorkflowError) as caught:
        check_change(role, old, new)
    return caught.value.code


def test_a_change_is_judged_on_everything_it_changes():
    approved = Version(Status.APPROVED, {"phone": "13800000000"})
    returned_with_edit = Version(Status.RETURNED, {"phone": "13900000000"}, reason="核实")
    # A township may return an approved record, but not change its answers or delete it
    # on the way (the hole: the move alone was judged).
    check_change(Role.TOWNSHIP, approved, Version(Status.RETURNED, approved.data, reason="核实"))
    assert _refused(Role.TOWNSHIP, approved, returned_with_edit) == "workflow.not_editable"
    deleted = Version(Status.RETURNED, approved.data, deleted=True, reason="核实")
    assert _refused(Role.TOWNSHIP, approved, deleted) == "workflow.not_deletable"
    assert (
        _refused(Role.TOWNSHIP, approved, Version(Status.APPROVED, {})) == "workflow.not_editable"
    )
    # A village resubmits a returned record with its corrections; a county edits anything.
    returned = Version(Status.RETURNED, {"phone": "1"}, reason="核实")
    check_change(Role.VILLAGE, returned, Version(Status.SUBMITTED, {"phone": "2"}))
    check_change(Role.COUNTY, approved, returned_with_edit)
    check_change(Role.VILLAGE, Version(Status.DRAFT), Version(Status.DRAFT, deleted=True))
    assert (
        _refused(Role.VILLAGE, Version(Status.SUBMITTED), Version(Status.SUBMITTED, deleted=True))
        == "workflow.not_deletable"
    )
    # A reason is part of the review: rewriting it is an edit.
    rewritten = Version(Status.APPROVED, approved.data, reason="x")
    assert _refused(Role.TOWNSHIP, approved, rewritten) == "workflow.not_editable"


def test_a_new_record_starts_where_its_role_may_start_it():
    check_change(Role.VILLAGE, None, Version(Status.SUBMITTED))
    check_change(Role.COUNTY, None, Version(Status.ACCEPTED))
    for role in (Role.VILLAGE, Role.TOWNSHIP):
        assert _refused(role, None, Version(Status.ACCEPTED)) == "workflow.bad_new_status"
    assert _refused(Role.VILLAGE, None, Version(Status.DRAFT, deleted=True)) == (
        "workflow.bad_new_status"
    )
