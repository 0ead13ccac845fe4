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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from collector import __version__
from collector.provisioning import CA_FILE, DIVISIONS_FILE
from collector.storage.engine import StoreLocked, cipher_engine
from collector.storage.keys import KEY_FILE, KeyFile
from collector.storage.store import STORE_FILE, StoreError

FORMAT = "collector-backup/1"
MANIFEST = "manifest.json"
log = logging.getLogger(__name__)
EXTRA_FILES = ("ui.ini", CA_FILE, DIVISIONS_FILE)
"""Small files of the data folder that belong with the store, when present."""


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
            _online_copy(source, target)
            records = _checked(target, str(out))
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
    manifest = _read_manifest(backup)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tempfile.TemporaryDirectory(prefix=".collector-restore-", dir=data_dir) as folder:
        staged = Path(folder)
        try:
            with zipfile.ZipFile(backup) as archive:
                for name, digest in manifest["files"].items():
                    archive.extract(name, staged)
                    if _sha256(staged / name) != digest:
                        raise BackupError(
                            "backup.damaged", path=str(backup), detail=f"{name}: checksum"
                        )
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise BackupError("backup.damaged", path=str(backup), detail=str(err)) from None
        order = [n for n in manifest["files"] if n != STORE_FILE] + [STORE_FILE]
        for name in order:
            os.replace(staged / name, data_dir / name)
    (data_dir / STORE_FILE).chmod(0o600)
    log.info("backup restored records=%d", manifest["records"])
    return BackupSummary(data_dir, manifest["records"], backup.stat().st_size)


def _online_copy(source: Engine, target: Engine) -> None:
    reader, writer = source.raw_connection(), target.raw_connection()
    try:
        reader.driver_connection.backup(writer.driver_connection)
    finally:
        writer.close()
        reader.close()


def _checked(engine: Engine, out: str) -> int:
    """The copy's record count, after SQLite's own check of every page."""
    try:
        with engine.connect() as conn:
            problems = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
            if problems != ["ok"]:
                raise BackupError("backup.copy_bad", path=out, detail="; ".join(problems[:3]))
            return conn.execute(text("SELECT count(*) FROM records")).scalar_one()
    except StoreLocked as err:
        raise BackupError("backup.copy_bad", path=out, detail=str(err)) from None


def _read_manifest(backup: Path) -> dict:
    try:
        with zipfile.ZipFile(backup) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names:
                raise BackupError("backup.foreign", path=str(backup))
            manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, EOFError, ValueError) as err:
        raise BackupError("backup.damaged", path=str(backup), detail=str(err)) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("backup.foreign", path=str(backup))
    files = manifest.get("files")
    if not isinstance(files, dict) or not {STORE_FILE, KEY_FILE} <= files.keys() <= names:
        raise BackupError("backup.damaged", path=str(backup), detail="manifest")
    if any(Path(name).name != name for name in files):
        raise BackupError("backup.damaged", path=str(backup), detail="manifest")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
