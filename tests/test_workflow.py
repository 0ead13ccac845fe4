"""The status machine and who may move what: the rules client and server share."""

import pytest

from collector.workflow import Role, Status, WorkflowError, allowed_moves, check_edit, check_move


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
