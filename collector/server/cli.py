"""`collector-server`: run the county server and manage its accounts, divisions and forms.

The database is `--db URL` or COLLECTOR_SERVER_DB (a SQLite file `collector-server.db`
by default; `postgresql+psycopg://user@host/db` in production). Passwords come from the
prompt or COLLECTOR_PASSWORD, never from an argument.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from collector.forms import FormError, load_form
from collector.forms.textform import dump_text_form
from collector.messages import LANGUAGES, render, set_language
from collector.provisioning import PEM_BEGIN, Provision, write_provision
from collector.record_files import RecordFileError, read_records
from collector.server.db import prepare, readable_by_others
from collector.server.repository import ServerError, ServerStore
from collector.storage.keys import MIN_PASSWORD
from collector.workflow import Role

DEFAULT_DB = "sqlite:///collector-server.db"
GRACE_SECONDS = 5
"""How long a stopping server waits for open connections (a client that dropped halfway
through a TLS handshake would otherwise hold it up for good)."""
LEVEL_BY_LENGTH = {2: "province", 4: "city", 6: "county", 9: "township", 12: "village"}


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="collector-server", description="县级服务器 / County server"
    )
    main.add_argument("--db", default=os.environ.get("COLLECTOR_SERVER_DB", DEFAULT_DB))
    main.add_argument("--lang", choices=LANGUAGES, default="zh")
    commands = main.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser("run", help="serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--cert", type=Path, help="TLS certificate (PEM) for HTTPS")
    run.add_argument("--key", type=Path, help="TLS private key (PEM)")
    run.add_argument("--workers", type=int, default=1, help="processes (one per core)")
    run.add_argument(
        "--allow-readable-db",
        action="store_true",
        help="start even if other users of this machine may read the SQLite database file",
    )
    run.add_argument(
        "--access-log",
        action="store_true",
        help="log every request (off: nginx in front keeps the access log)",
    )
    run.set_defaults(action=_run)

    user = commands.add_parser("user", help="accounts")
    users = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = users.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], required=True)
    add.add_argument("--division", required=True, help="the account's division code")
    add.set_defaults(action=_user_add)
    for name, action, text in (
        ("disable", _user_disable, "disable an account"),
        ("enable", _user_enable, "enable an account again"),
        ("reset", _user_reset, "set a new password"),
    ):
        sub = users.add_parser(name, help=text)
        sub.add_argument("name")
        sub.set_defaults(action=action)

    division = commands.add_parser("division", help="administrative divisions")
    divisions = division.add_subparsers(dest="division_command", metavar="ACTION", required=True)
    load = divisions.add_parser(
        "import", help="import code,name,parent_code[,level] from .csv or .xlsx"
    )
    load.add_argument("file", type=Path)
    load.set_defaults(action=_division_import)

    survey_round = commands.add_parser("round", help="half-yearly survey rounds")
    round_actions = survey_round.add_subparsers(
        dest="round_command", metavar="ACTION", required=True
    )
    opening = round_actions.add_parser("open", help="open a round, e.g. 2026年下半年")
    opening.add_argument("name")
    opening.set_defaults(action=_round_open)
    closing = round_actions.add_parser("close", help="close the open round")
    closing.set_defaults(action=_round_close)
    for sub in (opening, closing):
        sub.add_argument("--by", default=getpass.getuser())
        sub.add_argument("--county", help="the county's code (needed if the server has several)")

    form = commands.add_parser("form", help="survey forms")
    forms = form.add_subparsers(dest="form_command", metavar="ACTION", required=True)
    publish = forms.add_parser("publish", help="check a form and publish it to the laptops")
    publish.add_argument("file", type=Path)
    publish.add_argument("--by", default=getpass.getuser())
    publish.set_defaults(action=_form_publish)

    provision = commands.add_parser(
        "provision", help="write the provisioning file for an office PC (holds no password)"
    )
    provision.add_argument("--division", required=True, help="the PC's village or township code")
    provision.add_argument("--account", required=True, help="the account the PC works as")
    provision.add_argument("--out", type=Path, required=True, help="the file to write")
    provision.add_argument("--ca-cert", type=Path, help="the county's CA certificate (PEM)")
    provision.add_argument("--server-url", help="the address laptops sync with, https://...")
    provision.set_defaults(action=_provision)
    return main


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    set_language(args.lang)
    try:
        return args.action(args)
    except ServerError as err:
        print(render(err.code, err.params), file=sys.stderr)
    except FormError as err:
        print(err.text(), file=sys.stderr)
    except OSError as err:
        print(render("cli.data_unreadable", {"detail": str(err)}), file=sys.stderr)
    return 2


def _store(args) -> ServerStore:
    return ServerStore(prepare(args.db))


def _password() -> str:
    """An account's new password; as long as a laptop's, since it opens everyone's records."""
    given = os.environ.get("COLLECTOR_PASSWORD")
    if not given:
        if not sys.stdin.isatty():
            raise ServerError(400, "store.no_password")
        given = getpass.getpass("密码 / Password: ")
        if getpass.getpass("再输一次 / Again: ") != given:
            raise ServerError(400, "store.password_mismatch")
    if len(given) < MIN_PASSWORD:
        raise ServerError(400, "store.password_short")
    return given


def _run(args) -> int:
    import uvicorn

    from collector.server.api import create_app

    exposed = readable_by_others(args.db)
    if exposed and not args.allow_readable_db:
        raise ServerError(400, "server.db_readable", path=str(exposed[0]))
    store = _store(args)  # migrates before any worker starts
    tls = {"ssl_certfile": str(args.cert), "ssl_keyfile": str(args.key)} if args.cert else {}
    options = {
        "host": args.host,
        "port": args.port,
        "log_level": "info",
        "access_log": args.access_log,
        "timeout_graceful_shutdown": GRACE_SECONDS,
        **tls,
    }
    if args.workers > 1:
        # Each worker process opens the database itself, named by the environment.
        os.environ["COLLECTOR_SERVER_DB"] = args.db
        target = "collector.server.api:app_from_environment"
        uvicorn.run(target, factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(create_app(store, store.engine.dialect.name), **options)
    return 0


def _user_add(args) -> int:
    _store(args).add_account(args.name, Role(args.role), args.division, _password())
    return 0


def _user_disable(args) -> int:
    _store(args).set_disabled(args.name, True)
    return 0


def _user_enable(args) -> int:
    _store(args).set_disabled(args.name, False)
    return 0


def _user_reset(args) -> int:
    _store(args).reset_password(args.name, _password())
    return 0


def _division_import(args) -> int:
    rows = []
    try:
        found = list(read_records(args.file))  # .csv or .xlsx, by content
    except RecordFileError as err:
        raise ServerError(
            400, "server.division_file", file=args.file.name, row=1, detail=str(err)
        ) from None
    for number, row in found:
        code = str(row.get("code") or "").strip()
        if not code.isdigit() or len(code) not in LEVEL_BY_LENGTH:
            raise ServerError(
                400,
                "server.division_file",
                file=args.file.name,
                row=number,
                detail=f"code '{code}'",
            )
        rows.append(
            {
                "code": code,
                "name": str(row.get("name") or "").strip(),
                "parent": str(row.get("parent_code") or row.get("parent") or "").strip(),
                "level": str(row.get("level") or LEVEL_BY_LENGTH[len(code)]).strip(),
            }
        )
    count = _store(args).import_divisions(rows)
    print(render("server.divisions_imported", {"count": count, "file": args.file.name}))
    return 0


def _county(args, store: ServerStore) -> str:
    counties = [d["code"] for d in store.divisions() if d["level"] == "county"]
    if args.county in counties or (args.county is None and len(counties) == 1):
        return args.county or counties[0]
    raise ServerError(400, "server.which_county", counties=" ".join(counties))


def _round_open(args) -> int:
    store = _store(args)
    print(store.open_round(args.name, args.by, _county(args, store)))
    return 0


def _round_close(args) -> int:
    store = _store(args)
    store.close_round(args.by, _county(args, store))
    return 0


def _form_publish(args) -> int:
    form = load_form(args.file)
    _store(args).publish_form(
        form.id, form.version, form.title_text("zh"), dump_text_form(form), args.by
    )
    print(f"{form.id} {form.version}")
    return 0


def _provision(args) -> int:
    store = _store(args)
    account = store.account(args.account)
    if account is None:
        raise ServerError(404, "server.no_such_account", name=args.account)
    if account.division != args.division:
        raise ServerError(
            400, "provision.account_division", name=account.name, division=account.division
        )
    ca_certificate = args.ca_cert.read_text(encoding="utf-8") if args.ca_cert else None
    if ca_certificate is not None and PEM_BEGIN not in ca_certificate:
        raise ServerError(400, "provision.bad_ca", path=str(args.ca_cert))
    county = args.division[:6]
    latest = {row["form_id"]: row["version"] for row in store.forms()}  # oldest first
    provision = Provision(
        account=account.name,
        role=account.role.value,
        division=account.division,
        server=args.server_url,
        ca_certificate=ca_certificate,
        forms=[store.form_definition(form_id, version) for form_id, version in latest.items()],
        divisions=[
            {key: row[key] or "" for key in ("code", "name", "parent", "level")}
            for row in store.divisions()
            if row["code"].startswith(county)
        ],
    )
    if not provision.forms:
        raise ServerError(400, "provision.no_forms")
    write_provision(provision, args.out)
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
