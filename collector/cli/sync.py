"""Sync commands: `collector sync` (one sync, headless) and `collector bundle export|import`.

The county server's password comes from COLLECTOR_SERVER_PASSWORD or the prompt, and only
when logging in (`--user`); the token it gives is kept in the encrypted store, so later
syncs need only the store's password. A bundle's password comes from
COLLECTOR_BUNDLE_PASSWORD or the prompt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from collector.cli.forms import EXIT_INVALID, EXIT_OK
from collector.cli.store import _password, _Refused
from collector.messages import render
from collector.storage.settings import CA_BUNDLE, SERVER_URL
from collector.storage.store import Store
from collector.sync.bundle import BundleError, export_bundle, import_bundle
from collector.sync.client import (
    ACCOUNT,
    TOKEN,
    Connection,
    Syncer,
    SyncError,
    check_address,
)

SERVER_PROMPT = "县服务器密码 / Server password: "


def add_commands(commands) -> None:
    sync = commands.add_parser("sync", help="sync the store with the county server once")
    sync.add_argument("--data-dir", type=Path, required=True, help="the store's folder")
    sync.add_argument("--server", help="the county server's address (remembered)")
    sync.add_argument("--user", help="log in as this account first (remembered)")
    sync.add_argument("--ca-bundle", type=Path, help="the county's CA certificate (PEM)")
    sync.set_defaults(run=_sync)

    bundle = commands.add_parser("bundle", help="carry unsent work on a USB stick")
    actions = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    out = actions.add_parser("export", help="write unsent revisions to an encrypted file")
    out.add_argument("--data-dir", type=Path, required=True)
    out.add_argument("--out", type=Path, required=True)
    out.set_defaults(run=_export)
    into = actions.add_parser("import", help="apply a bundle to this store")
    into.add_argument("--data-dir", type=Path, required=True)
    into.add_argument("file", type=Path)
    into.set_defaults(run=_import)


def _sync(args) -> int:
    with Store.open(args.data_dir, _password()) as store:
        server = args.server or store.setting(SERVER_URL)
        if not server:
            raise _Refused(render("sync.not_set_up"))
        ca = str(args.ca_bundle) if args.ca_bundle else store.setting(CA_BUNDLE)
        try:
            warning = check_address(server)
            if warning:
                print(render(warning, {"url": server}), file=sys.stderr)
            connection = Connection(server, token=store.setting(TOKEN), ca_bundle=ca)
            if args.user:
                password = _password(
                    "COLLECTOR_SERVER_PASSWORD", "县服务器密码 / Server password: "
                )
                answer = connection.login(args.user, password)
                store.set_setting(TOKEN, answer["access_token"])
                store.set_setting(ACCOUNT, args.user)
            elif not connection.token:
                raise _Refused(render("sync.not_set_up"))
            store.set_setting(SERVER_URL, server)
            if ca:
                store.set_setting(CA_BUNDLE, ca)
            report = Syncer(store, connection).run()
        except SyncError as err:
            raise _Refused(str(err)) from None
    print(report.lines())
    return EXIT_OK


def _bundle_password() -> str:
    return _password("COLLECTOR_BUNDLE_PASSWORD", "数据包密码 / Bundle password: ")


def _export(args) -> int:
    with Store.open(args.data_dir, _password()) as store:
        author = store.setting(ACCOUNT) or "user"
        count = export_bundle(store, args.out, _bundle_password(), author=author)
    print(render("bundle.exported", {"count": count, "path": str(args.out)}))
    return EXIT_OK


def _import(args) -> int:
    with Store.open(args.data_dir, _password()) as store:
        try:
            done = import_bundle(
                store, args.file, _bundle_password(), author=store.setting(ACCOUNT) or "user"
            )
        except BundleError as err:
            raise _Refused(render(err.code, err.params)) from None
    print(render("bundle.imported", done.__dict__))
    return EXIT_OK if done.held == 0 else EXIT_INVALID
