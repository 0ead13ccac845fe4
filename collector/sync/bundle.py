"""Offline bundles: a village laptop's unsent revisions in one encrypted file, carried
on a USB stick to the township laptop where there is no network at all.

The file is `MAGIC`, a format byte, a scrypt salt and an AES-GCM nonce (the header, also
authenticated), then the AES-GCM ciphertext of gzip'd JSON: the revisions and the
definitions of the forms they were made with. The key comes from a bundle password the
two people agree on. A damaged file, a file made with another password and a file that
is not a bundle are each refused with their own message before anything is applied;
applying is one transaction (see `replica.apply_bundle`), so importing twice changes
nothing the second time.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ValidationError

from collector.forms import form_from_definition
from collector.storage import replica
from collector.storage.store import Store, now
from collector.wire import WireRevision

MAGIC = b"COLLECTOR-BUNDLE"
FORMAT = 1
SALT, NONCE = 16, 12
HEADER = len(MAGIC) + 1 + SALT + NONCE


class BundleError(Exception):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


class Contents(BaseModel):
    made_at: str
    made_by: str
    forms: list[str]
    revisions: list[WireRevision]


def _key(password: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(password.encode("utf-8"))


def export_bundle(store: Store, path: Path, password: str, *, author: str) -> int:
    """Write every unsent revision to `path`; returns how many."""
    revisions, after = [], (0, "")
    while chunk := replica.unsent(store, after, 2000):
        revisions += chunk
        last = chunk[-1]
        after = (int(last.revision.split("-")[0]), last.revision)
    forms = sorted(
        {store.form_definition(r.form_id, r.form_version) or "" for r in revisions} - {""}
    )
    contents = Contents(made_at=now(), made_by=author, forms=forms, revisions=revisions)
    salt, nonce = os.urandom(SALT), os.urandom(NONCE)
    header = MAGIC + bytes([FORMAT]) + salt + nonce
    sealed = AESGCM(_key(password, salt)).encrypt(
        nonce, gzip.compress(contents.model_dump_json().encode()), header
    )
    # Written beside, then moved: a stick pulled out mid-write leaves no half bundle.
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(header + sealed)
    os.replace(partial, path)
    store.log_export(author, "bundle", len(revisions))
    return len(revisions)


def read_bundle(path: Path, password: str) -> Contents:
    data = Path(path).read_bytes()
    if not data.startswith(MAGIC):
        raise BundleError("bundle.not_a_bundle", path=str(path))
    if len(data) <= HEADER or data[len(MAGIC)] != FORMAT:
        raise BundleError("bundle.damaged", path=str(path))
    header = data[:HEADER]
    salt = header[len(MAGIC) + 1 : len(MAGIC) + 1 + SALT]
    nonce = header[-NONCE:]
    try:
        plain = AESGCM(_key(password, salt)).decrypt(nonce, data[HEADER:], header)
        return Contents.model_validate(json.loads(gzip.decompress(plain)))
    except InvalidTag:
        raise BundleError("bundle.damaged", path=str(path)) from None
    except (OSError, ValueError, ValidationError) as err:
        # Sealed with the right key yet not a bundle's contents: made by something else.
        raise BundleError("bundle.foreign", path=str(path), detail=str(err)[:200]) from None


def import_bundle(store: Store, path: Path, password: str, *, author: str) -> replica.Applied:
    contents = read_bundle(path, password)
    for definition in contents.forms:
        store.keep_form(form_from_definition(definition))
    return replica.apply_bundle(store, contents.revisions, author=author)
