"""Store commands: init, passwd, recover, audit verify, records list|add|fake, keys new.

Passwords come from the prompt, or from COLLECTOR_PASSWORD (and COLLECTOR_NEW_PASSWORD for
a new one) in scripts; never from a command-line argument, which other users of the PC
could read in the process list.
"""

from __future__ import annotations

import errno
import getpass
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from collector.cli.forms import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE
from collector.demo_data import SurveyRecords
from collector.forms import FormError, load_form
from collector.messages import render
from collector.record_files import RecordFileError, read_records
from collector.storage.keys import MIN_PASSWORD, KeyFileError, new_recovery_key_pair
from collector.storage.store import STORE_FILE, RecordFilter, Store, StoreError
from collector.workflow import Status

SURVEY_FORM_ID = "outmigrant_labour"


class _Refused(Exception):
    """A command that cannot go on; the message is already rendered."""


def add_commands(commands) -> None:
    def data_dir(parser):
        parser.add_argument("--data-dir", type=Path, required=True, help="the store's folder")

    init = commands.add_parser("init", help="create an encrypted store")
    data_dir(init)
    init.add_argument("--recovery-public-key", type=Path, help="the county's recovery key (PEM)")
    init.set_defaults(run=_init)

    passwd = commands.add_parser("passwd", help="change the store's password")
    data_dir(passwd)
    passwd.set_defaults(run=_passwd)

    recover = commands.add_parser(
        "recover", help="county IT: set a new password with the recovery key"
    )
    data_dir(recover)
    recover.add_argument("--recovery-key", type=Path, required=True, help="private key (PEM)")
    recover.set_defaults(run=_recover)

    audit = commands.add_parser("audit", help="the audit log")
    audit_actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = audit_actions.add_parser("verify", help="check the hash chain of the audit log")
    data_dir(verify)
    verify.set_defaults(run=_audit_verify)
    export = audit_actions.add_parser("export", help="write the audit log as JSON lines")
    data_dir(export)
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(run=_audit_export)

    keys = commands.add_parser("keys", help="county IT: recovery keys")
    key_actions = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    new = key_actions.add_parser("new", help="make a recovery key pair")
    new.add_argument("--private", type=Path, required=True, help="where the private key goes")
    new.add_argument("--public", type=Path, required=True, help="where the public key goes")
    new.set_defaults(run=_keys_new)

    records = commands.add_parser("records", help="records in a store")
    actions = records.add_subparsers(dest="records_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list records, newest first")
    data_dir(listing)
    listing.add_argument("--village", help="12-digit village code")
    listing.add_argument("--status", choices=[s.value for s in Status])
    listing.add_argument("--form", dest="form_id", help="form id")
    listing.add_argument("--returned", action="store_true", help="only returned records")
    listing.add_argument("--search", help="name, pinyin initials, ID number or phone")
    listing.add_argument("--offset", type=int, default=0)
    listing.add_argument("--limit", type=int, default=50)
    listing.add_argument("--json", action="store_true", help="JSON lines")
    listing.set_defaults(run=_records_list)

    add = actions.add_parser("add", help="validate and save records from a .jsonl file")
    data_dir(add)
    add.add_argument("--form", type=Path, required=True)
    add.add_argument("data", type=Path, metavar="FILE.jsonl")
    add.add_argument("--author", default=getpass.getuser())
    add.set_defaults(run=_records_add)

    fake = actions.add_parser("fake", help="save realistic synthetic survey records")
    data_dir(fake)
    fake.add_argument("--form", type=Path, required=True)
    fake.add_argument("--count", type=int, required=True)
    fake.add_argument("--seed", type=int, default=1)
    fake.set_defaults(run=_records_fake)


def run(command, args) -> int:
    """Run a store command, turning what a user can cause into a message and an exit code."""
    try:
        return command(args)
    except _Refused as refused:
        print(refused, file=sys.stderr)
    except (StoreError, KeyFileError) as err:
        print(
            render(err.code, getattr(err, "params", None) or {"detail": str(err)}), file=sys.stderr
        )
    except FormError as err:
        print(err.text(), file=sys.stderr)
    except RecordFileError as err:
        print(render("cli.data_unreadable", {"detail": str(err)}), file=sys.stderr)
    except OSError as err:
        if err.errno != errno.ENOSPC:  # a missing file, a folder
            print(render("cli.data_unreadable", {"detail": str(err)}), file=sys.stderr)
        else:
            print(render("store.disk_full", {"path": err.filename or ""}), file=sys.stderr)
    except ValueError as err:  # a key that is no key
        print(render("cli.data_unreadable", {"detail": str(err)}), file=sys.stderr)
    return EXIT_UNREADABLE


def _password(env: str = "COLLECTOR_PASSWORD", prompt: str = "密码 / Password: ") -> str:
    given = os.environ.get(env)
    if given:
        return given
    if not sys.stdin.isatty():
        raise _Refused(render("store.no_password"))
    return getpass.getpass(prompt)


def _new_password(*env: str) -> str:
    given = next((os.environ[name] for name in env if os.environ.get(name)), None)
    if given is None:
        if not sys.stdin.isatty():
            raise _Refused(render("store.no_password"))
        given = getpass.getpass("新密码 / New password: ")
        if getpass.getpass("再输一次 / Again: ") != given:
            raise _Refused(render("store.password_mismatch"))
    if len(given) < MIN_PASSWORD:
        raise _Refused(render("store.password_short"))
    return given


def _init(args) -> int:
    public = args.recovery_public_key.read_bytes() if args.recovery_public_key else None
    Store.create(args.data_dir, _new_password("COLLECTOR_PASSWORD"), public).close()
    print(render("cli.store_made", {"folder": args.data_dir, "file": STORE_FILE}))
    return EXIT_OK


def _passwd(args) -> int:
    old = _password()
    with Store.open(args.data_dir, old) as store:
        store.change_password(old, _new_password("COLLECTOR_NEW_PASSWORD"))
    return EXIT_OK


def _recover(args) -> int:
    new = _new_password("COLLECTOR_NEW_PASSWORD", "COLLECTOR_PASSWORD")
    Store.recover(args.data_dir, args.recovery_key.read_bytes(), new).close()
    return EXIT_OK


def _audit_verify(args) -> int:
    with Store.open(args.data_dir, _password()) as store:
        count, broken = store.verify_audit()
    if broken is None:
        print(render("audit.ok", {"count": count}))
        return EXIT_OK
    print(render("audit.broken", {"seq": broken.seq, "reason": broken.reason, "count": count}))
    return EXIT_INVALID


def _audit_export(args) -> int:
    with Store.open(args.data_dir, _password()) as store:
        entries = store.audit_entries()
        lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        store.log_export("user", "audit", len(entries))
    print(len(entries))
    return EXIT_OK


def _keys_new(args) -> int:
    if args.private.resolve() == args.public.resolve():
        raise _Refused(render("cli.key_paths_same"))
    private, public = new_recovery_key_pair()
    # Never over an existing key (stores wrapped for it would lose their recovery), and
    # the private key readable by its owner only from the first byte.
    _write_new(args.private, private, 0o600)
    _write_new(args.public, public, 0o644)
    return EXIT_OK


def _write_new(path: Path, data: bytes, mode: int) -> None:
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:
        raise _Refused(render("cli.file_exists", {"path": str(path)})) from None
    with open(descriptor, "wb") as handle:
        handle.write(data)


def _records_list(args) -> int:
    filters = RecordFilter(args.village, args.status, args.form_id, args.returned)
    with Store.open(args.data_dir, _password()) as store:
        if args.search:
            rows = store.search(args.search, filters, args.limit)
        else:
            rows = store.page(filters, args.offset, args.limit)
    if not rows:
        # On stderr: a script reading the lines (or --json) still gets none.
        print(render("cli.no_records"), file=sys.stderr)
    for row in rows:
        if args.json:
            print(json.dumps(asdict(row), ensure_ascii=False))
        else:
            status = render(f"status.{row.status}")
            print(
                f"{row.full_name}\t{row.id_number}\t{row.phone}\t{row.village}\t{status}\t{row.id}"
            )
    return EXIT_OK


def _records_add(args) -> int:
    form = load_form(args.form)
    items = [record for _, record in read_records(args.data)]
    with Store.open(args.data_dir, _password()) as store:
        # One transaction: a file stopped half-way (a full disk, a power cut) and run
        # again must not save its first records twice.
        count = store.save_all(form, items, author=args.author)
    print(count)
    return EXIT_OK


def _records_fake(args) -> int:
    form = load_form(args.form)
    if form.id != SURVEY_FORM_ID:
        raise _Refused(render("cli.fake_unsupported", {"form": form.id, "survey": SURVEY_FORM_ID}))
    records = SurveyRecords(form, seed=args.seed).take(args.count)
    with Store.open(args.data_dir, _password()) as store:
        count = store.save_many(form, records, author="demo")
    print(count)
    return EXIT_OK
