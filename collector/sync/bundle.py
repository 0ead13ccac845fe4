"""Offline bundles: a village laptop's unsent revisions in one encrypted file, carried
on a USB stick to the township laptop where there is no network at all.

The file is `MAGIC`, a format byte, a scrypt salt and an AES-GCM nonce (the header, also
authenticated), then the AES-GCM ciphertext of gzip'd JSON: the revisions and the
definitions of the forms they were made with. The key comes from a bundle password the
two people agree on. A damaged file, a file made with another password and a file that
is not a bundle are each refused with their own message before anything is applied;
applying is one transaction (see `replica.apply_bundle`), so importing twice changes
nothing the second time.

The password only keeps the bundle from other eyes: anyone who knows it (and the two
people share it) can write a bundle. So a bundle is checked as the server checks a push,
and refused whole, nothing applied, when one revision fails: its id must be the hash of
its content, its village within the importing account's area and the one its answers
name, and what it changes must be what a village account may change (`check_change`;
bundles are what village laptops make, and the author a bundle names is only a claim).
The file is bounded (`file_bounds.MAX_FILE_BYTES`) and so is what it unpacks to.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from pydantic import BaseModel, ValidationError

from collector.file_bounds import FileTooLarge, check_size
from collector.forms import form_from_definition
from collector.forms.model import Form
from collector.messages import render, texts
from collector.revisions import revision_content, revision_id
from collector.storage import replica
from collector.storage.settings import USER_DIVISION
from collector.storage.store import Store, StoreError, now
from collector.wire import WireRevision
from collector.workflow import Role

MAGIC = b"COLLECTOR-BUNDLE"
FORMAT = 1
SALT, NONCE = 16, 12
HEADER = len(MAGIC) + 1 + SALT + NONCE
MAX_UNPACKED = 512 << 20
"""What a bundle's contents may unpack to: 100,000 revisions are some 150 MB of JSON."""


class BundleError(StoreError):
    """A bundle refused before anything of it is applied; `code` names the message."""


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
    try:
        check_size(path)
    except FileTooLarge as err:
        raise BundleError(err.code, **err.params) from None
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
        return Contents.model_validate(json.loads(_gunzip(path, plain)))
    except InvalidTag:
        raise BundleError("bundle.damaged", path=str(path)) from None
    except (OSError, ValueError, zlib.error, ValidationError) as err:
        # Sealed with the right key yet not a bundle's contents: made by something else.
        raise BundleError("bundle.foreign", path=str(path), detail=str(err)[:200]) from None


def _gunzip(path: Path, packed: bytes) -> bytes:
    unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)  # gzip's header
    plain = unpacker.decompress(packed, MAX_UNPACKED + 1)
    if len(plain) > MAX_UNPACKED:
        raise BundleError(
            "file.too_large",
            file=Path(path).name,
            what=texts("bound.unpacked"),
            size=f"> {MAX_UNPACKED / 1e6:,.1f} MB",
            limit=f"{MAX_UNPACKED / 1e6:,.1f} MB",
        )
    if not unpacker.eof:
        raise ValueError("gzip data cut short")
    return plain


def import_bundle(store: Store, path: Path, password: str, *, author: str) -> replica.Applied:
    contents = read_bundle(path, password)
    forms = [form_from_definition(definition) for definition in contents.forms]
    _check(store, contents.revisions, forms)
    for form in forms:
        store.keep_form(form)
    return replica.apply_bundle(store, contents.revisions, author=author, role=Role.VILLAGE)


def _check(store: Store, revisions: list[WireRevision], forms: list[Form]) -> None:
    """Refuse (BundleError `bundle.refused`) a revision whose id is not its content's, or
    whose village is outside the importing account's area or not the one its answers name."""
    area = store.setting(USER_DIVISION) or ""
    carried = {(form.id, form.version): form for form in forms}
    for rev in revisions:
        content = revision_content(
            rev.record_id, rev.data, rev.status.value, rev.deleted, rev.reason
        )
        if revision_id(rev.parent, content) != rev.revision:
            _refuse(rev, "bundle.id_mismatch")
        if not rev.village.startswith(area):
            _refuse(rev, "bundle.out_of_area", village=rev.village, area=area)
        form = store.kept_form(rev.form_id, rev.form_version) or carried.get(
            (rev.form_id, rev.form_version)
        )
        named = str(rev.data.get(store.keys_of(form).village) or "") if form else rev.village
        if named != rev.village:
            _refuse(rev, "bundle.village_mismatch", village=rev.village, named=named)


def _refuse(rev: WireRevision, code: str, **params: str) -> None:
    raise BundleError(
        "bundle.refused",
        record_id=rev.record_id,
        revision=rev.revision,
        reason=render(code, params),
    )
