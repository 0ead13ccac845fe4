"""Shared set-up of the desktop program's tests: Qt without a display, a real SQLCipher
store in tmp_path with demo records, and a session over it."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from collector.demo_data import SurveyRecords
from collector.storage.settings import USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store
from collector.ui.session import Session
from collector.ui.workers import store_pool
from collector.workflow import Role

PASSWORD = "correct horse"


def make_store(data_dir, form, count: int = 0, role: Role = Role.VILLAGE) -> Store:
    store = Store.create(data_dir, PASSWORD)
    store.set_setting(USER_NAME, "李明")
    store.set_setting(USER_ROLE, role.value)
    store.set_setting(USER_DIVISION, "")
    if count:
        store.save_many(form, SurveyRecords(form, seed=7).take(count), author="李明")
    return store


def make_session(data_dir, form, store: Store | None) -> Session:
    session = Session(data_dir, form)
    if store is not None:
        session.attach(store)
    return session


@pytest.fixture
def drain_pool():
    """Store work left running by a test ends before its tmp_path goes."""
    yield
    store_pool().waitForDone(10_000)
