"""Applying a provisioning file (read and checked by `collector/provisioning.py`) to a new
store on the PC: the store's layer owns the store and its settings."""

from __future__ import annotations

import logging
from pathlib import Path

from collector.provisioning import CA_FILE, DIVISIONS_FILE, Provision
from collector.storage.settings import CA_BUNDLE, SERVER_URL, USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store

log = logging.getLogger(__name__)


def apply_provision(provision: Provision, data_dir: Path, password: str) -> Store:
    """Make the PC's store from a provisioning file: the forms kept in it, the account,
    role and division, the server and its CA certificate as the sync settings."""
    data_dir = Path(data_dir)
    forms = provision.compiled_forms()
    settings = {
        USER_NAME: provision.account,
        USER_ROLE: provision.role,
        USER_DIVISION: provision.division,
    }
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The files first: a store, once it exists, is one the program starts with.
    (data_dir / DIVISIONS_FILE).write_text(provision.divisions_csv(), encoding="utf-8")
    if provision.ca_certificate:
        (data_dir / CA_FILE).write_text(provision.ca_certificate, encoding="utf-8")
        settings[CA_BUNDLE] = str(data_dir / CA_FILE)
    if provision.server:
        settings[SERVER_URL] = provision.server
    store = Store.create(data_dir, password)
    try:
        for form in forms:
            store.keep_form(form)
        for key, value in settings.items():
            store.set_setting(key, value)
    except BaseException:
        store.close()
        raise
    log.info(
        "provisioned role=%s forms=%d divisions=%d server=%s",
        provision.role,
        len(forms),
        len(provision.divisions),
        bool(provision.server),
    )
    return store
