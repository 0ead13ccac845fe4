"""Resolving a delete-against-edit conflict: the choice decides whether the record is
deleted; it never becomes an answer named `_deleted`."""

from __future__ import annotations

import pytest

from collector.demo_data import SurveyRecords
from collector.merge import DELETED_FIELD
from collector.revisions import revision_content, revision_id
from collector.storage import replica
from collector.storage.store import Store
from collector.workflow import Role


def deleted_elsewhere(tmp_path, form):
    """This laptop changed a phone number; a bundle deletes the record from the same base."""
    store = Store.create(tmp_path / "store", "password1")
    person = SurveyRecords(form, seed=3).record()
    record = store.save(form, person, author="a").record_id
    [base] = replica.unsent(store)
    store.save(form, person | {"phone": "13900000009"}, author="a", record_id=record)
    gone = base.model_copy(
        update={
            "revision": revision_id(
                base.revision, revision_content(record, person, "draft", True, "")
            ),
            "parent": base.revision,
            "deleted": True,
            "author": "b",
        }
    )
    assert replica.apply_bundle(store, [gone], author="a", role=Role.VILLAGE).conflicts == 1
    [conflict] = replica.open_conflicts(store)
    assert [f["name"] for f in conflict.fields] == [DELETED_FIELD]
    return store, record, conflict


@pytest.mark.parametrize("delete", [True, False])
def test_the_choice_on_deletion_decides_the_record(tmp_path, survey_form, delete):
    store, record, conflict = deleted_elsewhere(tmp_path, survey_form)
    with store:
        revision = replica.resolve(store, conflict.id, {DELETED_FIELD: delete}, author="a")
        [resolution] = [r for r in replica.unsent(store) if r.revision == revision]
        assert resolution.deleted is delete
        assert DELETED_FIELD not in resolution.data
        assert resolution.data["phone"] == "13900000009"
        assert (record in [s.id for s in store.page(None, 0, 10)]) is not delete
