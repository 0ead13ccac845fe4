"""Backups of a store: one zip file that stays encrypted, and a restore that is whole or
nothing.

The backup holds `collector.db` copied with SQLite's online backup (a consistent snapshot
while the program may be writing, WAL included) into a new file keyed with the same data
key, so its pages are encrypted as the store's are; `keys.json`, whose wrapped key opens
it with the user's password or the county's recovery key; the small files of the data
folder (language, the county's CA certificate and division list); and `manifest.json`
with the SHA-256 of each. The copy is opened with the key and checked before the zip is
written, and the zip is written beside its name and renamed, so a backup file that exists
is a whole one.

A restore checks the manifest and every checksum before it writes anything, refuses a
folder that holds a store, and moves the store file in last: a restore stopped half-way
leaves a folder without a store (the program starts its first-run wizard), never a store
without its key or a store with a damaged file.

A backup file comes from outside (a USB stick, a mail), so a restore trusts none of it:
the manifest may name only the files a backup holds (a planted `evil.sh` is refused, as
is any path), each member's size is bounded before a byte is unpacked (the small files
to `MAX_SMALL_FILE`, the store's encrypted pages, which do not compress, to
`MAX_STORE_RATIO` times their packed size: a 766 KB zip that unpacks to 200 MB is
refused by its header, and Python's zipfile never unpacks past the size a header
declares), the whole must fit on the disk, and every file is written 0600 from its first
byte, also over an older `keys.json` in the folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, text

from collector import __version__
from collector.provisioning import CA_FILE, DIVISIONS_FILE
from collector.storage.engine import cipher_engine
from collector.storage.errors import StoreDamaged, fault_of
from collector.storage.keys import KEY_FILE, KeyFile
from collector.storage.store import STORE_FILE, StoreError

FORMAT = "collector-backup/1"
MANIFEST = "manifest.json"
log = logging.getLogger(__name__)
EXTRA_FILES = ("ui.ini", CA_FILE, DIVISIONS_FILE)
"""Small files of the data folder that belong with the store, when present."""
KNOWN_FILES = frozenset({STORE_FILE, KEY_FILE, *EXTRA_FILES})
MAX_SMALL_FILE = 4 << 20
"""Bytes a backup's files other than the store may unpack to (a division list of the
whole country is under 1 MB)."""
MAX_STORE_RATIO = 2
"""How many times its packed size the store may unpack to: its pages are encrypted, so a
real backup stores them at ratio 1."""


class BackupError(StoreError):
    """A backup or restore refused; `code` names the message."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    records: int
    size: int


def make_backup(data_dir: Path, password: str, out: Path) -> BackupSummary:
    """Write the backup of the store in `data_dir` to `out` (which must not exist)."""
    data_dir, out = Path(data_dir), Path(out)
    if not (data_dir / STORE_FILE).exists():
        raise StoreError("store.missing", path=str(data_dir))
    if out.exists():
        raise BackupError("backup.out_exists", path=str(out))
    key = KeyFile.read(data_dir).unwrap(password)  # WrongPassword before any work
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".collector-backup-", dir=out.parent) as folder:
        copy = Path(folder) / STORE_FILE
        source, target = cipher_engine(data_dir / STORE_FILE, key), cipher_engine(copy, key)
        try:
            _online_copy(source, target, data_dir / STORE_FILE)
            records = _checked(target, data_dir / STORE_FILE)
        finally:
            source.dispose()
            target.dispose()
        members = {STORE_FILE: copy, KEY_FILE: data_dir / KEY_FILE}
        members.update(
            {name: data_dir / name for name in EXTRA_FILES if (data_dir / name).exists()}
        )
        manifest = {
            "format": FORMAT,
            "program_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "records": records,
            "files": {name: _sha256(path) for name, path in members.items()},
        }
        partial = Path(folder) / "backup.zip"
        with zipfile.ZipFile(partial, "w") as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2), zipfile.ZIP_DEFLATED)
            for name, path in members.items():
                # Encrypted pages do not compress; the small text files do.
                method = zipfile.ZIP_STORED if name == STORE_FILE else zipfile.ZIP_DEFLATED
                archive.write(path, name, compress_type=method)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, out)
    log.info("backup made records=%d bytes=%d", records, out.stat().st_size)
    return BackupSummary(out, records, out.stat().st_size)


def restore_backup(backup: Path, data_dir: Path) -> BackupSummary:
    """Put the store of `backup` into `data_dir`, which must hold no store."""
    backup, data_dir = Path(backup), Path(data_dir)
    if (data_dir / STORE_FILE).exists():
        raise BackupError("restore.store_exists", path=str(data_dir))
    manifest, unpacked = _read_manifest(backup)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    free = shutil.disk_usage(data_dir).free
    if unpacked > free:
        raise BackupError(
            "restore.no_space", path=str(data_dir), need_mb=_mb(unpacked), free_mb=_mb(free)
        )
    with tempfile.TemporaryDirectory(prefix=".collector-restore-", dir=data_dir) as folder:
        staged = Path(folder)
        try:
            with zipfile.ZipFile(backup) as archive:
                for name, digest in manifest["files"].items():
                    _unpack(archive, name, staged / name)
                    if _sha256(staged / name) != digest:
                        raise BackupError(
                            "backup.damaged", path=str(backup), detail=f"{name}: checksum"
                        )
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise BackupError("backup.damaged", path=str(backup), detail=str(err)) from None
        order = [n for n in manifest["files"] if n != STORE_FILE] + [STORE_FILE]
        for name in order:
            os.replace(staged / name, data_dir / name)
    log.info("backup restored records=%d", manifest["records"])
    return BackupSummary(data_dir, manifest["records"], backup.stat().st_size)


def _online_copy(source: Engine, target: Engine, path: Path) -> None:
    reader, writer = source.raw_connection(), target.raw_connection()
    try:
        reader.driver_connection.backup(writer.driver_connection)
    except sqlcipher3.dbapi2.DatabaseError as err:
        # The driver's own call, which the engine's error handling never sees.
        raise fault_of(err, path) or StoreDamaged(path, str(err)) from None
    finally:
        writer.close()
        reader.close()


def _checked(engine: Engine, source: Path) -> int:
    """The copy's record count, after SQLite's own check of every page. The copy holds the
    store's pages as they are, so a page that fails here is the store's damage."""
    try:
        with engine.connect() as conn:
            problems = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
            if problems != ["ok"]:
                raise StoreDamaged(source, "; ".join(problems[:3]))
            return conn.execute(text("SELECT count(*) FROM records")).scalar_one()
    except StoreDamaged as err:
        raise StoreDamaged(source, err.params["detail"]) from None


def _read_manifest(backup: Path) -> tuple[dict, int]:
    """The checked manifest, and the bytes its files unpack to."""
    try:
        with zipfile.ZipFile(backup) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if MANIFEST not in members:
                raise BackupError("backup.foreign", path=str(backup))
            _bounded(backup, members[MANIFEST], MAX_SMALL_FILE)
            manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as err:
        raise BackupError("backup.damaged", path=str(backup), detail=str(err)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("backup.foreign", path=str(backup))
    files = manifest.get("files")
    if not isinstance(files, dict) or not {STORE_FILE, KEY_FILE} <= files.keys() <= members.keys():
        raise BackupError("backup.damaged", path=str(backup), detail="manifest")
    unknown = sorted(files.keys() - KNOWN_FILES)
    if unknown:
        raise BackupError("backup.unknown_files", path=str(backup), names=", ".join(unknown)[:200])
    for name in files:
        info = members[name]
        if name == STORE_FILE:
            _bounded(backup, info, MAX_STORE_RATIO * info.compress_size)
        else:
            _bounded(backup, info, MAX_SMALL_FILE)
    return manifest, sum(members[name].file_size for name in files)


def _bounded(backup: Path, info: zipfile.ZipInfo, limit: int) -> None:
    if info.file_size > limit:
        raise BackupError(
            "backup.too_large",
            path=str(backup),
            name=info.filename,
            size_mb=_mb(info.file_size),
            limit_mb=_mb(limit),
        )


def _unpack(archive: zipfile.ZipFile, name: str, target: Path) -> None:
    """One member into a new file readable by its owner only, from its first byte."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with archive.open(name) as source, open(descriptor, "wb") as handle:
        shutil.copyfileobj(source, handle, 1 << 20)
        handle.flush()
        os.fsync(handle.fileno())


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f}"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
