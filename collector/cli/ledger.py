"""Ledger and report commands: import, export, report, match.

`collector import` shows the preview (every row's problems, the column mapping) and writes
nothing unless `--yes` is given; with `--yes` it imports every row, or refuses while any
row has a problem, unless `--valid-only` asks for the rows without problems. The commands
open the store as the other store commands do (store.run: a wrong password or a missing
store is a message, never a traceback).
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from collector.cli import store as store_cli
from collector.cli.forms import EXIT_INVALID, EXIT_OK, EXIT_UNREADABLE
from collector.forms import load_form
from collector.forms.model import Form
from collector.forms.roles import MissingRole, Role, roles_of
from collector.ledger.columns import ChoiceLabels
from collector.ledger.errors import LedgerError
from collector.ledger.export import export_ledger
from collector.ledger.headers import load_mapping, save_mapping
from collector.messages import render
from collector.storage.store import Store

if TYPE_CHECKING:
    from collector.ledger.importer import Preview


def _pairs(texts: list[str] | None) -> dict[str, str]:
    pairs = {}
    for text in texts or []:
        key, sep, value = text.partition("=")
        if not sep:
            raise LedgerError("ledger.bad_pair", text=text)
        pairs[key.strip()] = value.strip()
    return pairs


def _guarded(command):
    """Run through store.run, with ledger errors shown as their message."""

    def catching(args) -> int:
        try:
            return command(args)
        except LedgerError as err:
            print(err.text(), file=sys.stderr)
            refused = err.code in ("ledger.has_problems", "ledger.open_questions")
            return EXIT_INVALID if refused else EXIT_UNREADABLE

    return lambda args: store_cli.run(catching, args)


def add_commands(commands) -> None:
    def common(parser, out_help: str = "") -> None:
        parser.add_argument("--data-dir", type=Path, required=True, help="the store's folder")
        parser.add_argument("--form", type=Path, required=True, help="the survey form")
        if out_help:
            parser.add_argument("out", type=Path, metavar="FILE", help=out_help)

    def township(parser) -> None:
        parser.add_argument("--township", help="9-digit township code (default: the county)")

    imp = commands.add_parser(
        "import", help="import an Excel or CSV ledger: preview its problems, then import"
    )
    common(imp)
    imp.add_argument("ledger", type=Path, metavar="LEDGER", help=".xlsx, .xls or .csv")
    imp.add_argument("--sheet", help="the sheet to read (default: the first list of people)")
    imp.add_argument("--mapping", type=Path, help="a saved column mapping (JSON)")
    imp.add_argument(
        "--map", action="append", metavar="HEADER=FIELD", help="map a column (FIELD empty: skip)"
    )
    imp.add_argument("--save-mapping", type=Path, help="save the mapping used (JSON)")
    imp.add_argument(
        "--set", action="append", metavar="FIELD=VALUE", help="value for cells left empty"
    )
    imp.add_argument("--yes", action="store_true", help="import (without it: preview only)")
    imp.add_argument("--valid-only", action="store_true", help="import the rows without problems")
    imp.add_argument("--author", default=getpass.getuser())
    imp.add_argument("--json", action="store_true", help="problems as JSON lines")
    imp.set_defaults(run=_guarded(_import))

    exp = commands.add_parser("export", help="export a ledger (台账) as .xlsx or .csv")
    common(exp, ".xlsx or .csv")
    township(exp)
    exp.add_argument("--village", help="12-digit village code")
    exp.add_argument("--per-village", action="store_true", help="one sheet per village")
    exp.set_defaults(run=_guarded(_export))

    rep = commands.add_parser("report", help="the stock, structure and flow report (.xlsx, .pdf)")
    common(rep, ".xlsx (tables) or .pdf (charts)")
    township(rep)
    rep.add_argument(
        "--enterprise-form", type=Path, help="add the job matches (enterprise demand form)"
    )
    rep.add_argument(
        "--all-records",
        action="store_true",
        help="count every record (drafts, returned, twice-entered people); by default only "
        "approved or accepted ones, one per ID number",
    )
    rep.set_defaults(run=_guarded(_report))

    match = commands.add_parser("match", help="match returnees to enterprise posts (.xlsx, .csv)")
    common(match, ".xlsx or .csv")
    match.add_argument("--enterprise-form", type=Path, required=True)
    match.add_argument("--per-post", type=int, default=10, help="candidates per post")
    match.set_defaults(run=_guarded(_match))


def _import(args) -> int:
    # The importer's readers (openpyxl) take a third of a second to import, like the
    # reports below: `collector app` does not wait for them.
    from collector.ledger.importer import import_ledger, preview_ledger

    form = load_form(args.form)
    mapping = load_mapping(args.mapping) if args.mapping else {}
    mapping.update(_pairs(args.map))
    with Store.open(args.data_dir, store_cli._password()) as store:
        preview = preview_ledger(
            store, form, args.ledger, sheet=args.sheet, mapping=mapping, defaults=_pairs(args.set)
        )
        _show(preview, form, args.json)
        if args.save_mapping:
            save_mapping(args.save_mapping, preview.mapping)
        if not args.yes:
            return EXIT_INVALID if preview.invalid or preview.questions else EXIT_OK
        done = import_ledger(store, form, preview, author=args.author, valid_only=args.valid_only)
    print(
        render(
            "ledger.imported",
            {"saved": done.saved, "existing": done.existing, "invalid": done.invalid},
        )
    )
    return EXIT_OK


def _show(preview: Preview, form, as_json: bool) -> None:
    asked = [
        text + render("ledger.question_map", {"example": example})
        for text, example in preview.question_texts(form)
    ]
    for text in [*asked, *preview.note_texts()]:
        print(text, file=sys.stderr if as_json else sys.stdout)
    for problem in preview.problems():
        if as_json:
            row = {
                "row": problem.row,
                "column": problem.column,
                "header": problem.header,
                "field": problem.field,
                "code": problem.code,
                "message": problem.message(),
            }
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(problem.text())
    if as_json:
        return
    for header, name in preview.mapping.items():
        print(render("ledger.mapped", {"header": header, "field": name or "-"}))
    counts = {
        "rows": len(preview.rows),
        "valid": len(preview.valid),
        "invalid": len(preview.invalid),
        "existing": len(preview.existing),
        "sheet": preview.sheet,
        "header_row": preview.header_row,
    }
    print(render("ledger.summary", counts))


def _checked(form: Form, args, kinds: tuple[str, ...]) -> None:
    """Refuse, before any work, an output whose kind the name does not say (a report
    written as Excel under 报告.docx) or a township the form does not have (an empty
    ledger that looks like a finished one)."""
    if args.out.suffix.lower() not in kinds:
        raise LedgerError("ledger.out_kind", file=args.out.name, kinds="、".join(kinds))
    if getattr(args, "township", None):
        key = roles_of(form).key(Role.TOWNSHIP)
        known = ChoiceLabels(form).labels.get(key or "", {})
        if known and args.township not in known:
            example = next((c for c in known if len(c) == len("341524100")), "")
            raise LedgerError("ledger.unknown_township", township=args.township, example=example)


def _export(args) -> int:
    form = load_form(args.form)
    _checked(form, args, (".xlsx", ".csv"))
    with Store.open(args.data_dir, store_cli._password()) as store:
        count = export_ledger(
            store,
            form,
            args.out,
            township=args.township,
            village=args.village,
            per_village=args.per_village,
            actor=getpass.getuser(),
        )
    print(render("ledger.exported", {"count": count, "file": str(args.out)}))
    return EXIT_OK


def _report(args) -> int:
    # pandas and matplotlib take a second to import: only the commands that use them wait
    # for it, not `collector app`, which goes through the same parser.
    from collector.reports.fonts import cjk_family
    from collector.reports.matching import match_candidates
    from collector.reports.pdf import write_report_pdf
    from collector.reports.tables import build_report
    from collector.reports.workbook import write_report_xlsx

    form = load_form(args.form)
    _checked(form, args, (".xlsx", ".pdf"))
    with Store.open(args.data_dir, store_cli._password()) as store:
        report = build_report(store, form, township=args.township, everyone=args.all_records)
        if not args.all_records:
            print(render("report.counting_rule"), file=sys.stderr)
        for note in report.notes():
            print(note, file=sys.stderr)
        if args.out.suffix.lower() == ".pdf":
            if cjk_family() is None:
                print(render("report.no_cjk_font"), file=sys.stderr)
            write_report_pdf(report, args.out)
        else:
            matches = None
            if args.enterprise_form:
                try:
                    matches = match_candidates(store, form, load_form(args.enterprise_form))
                except MissingRole as err:  # the report stands without its matches
                    print(err, file=sys.stderr)
            write_report_xlsx(report, args.out, matches=matches)
        store.log_export(getpass.getuser(), f"report {args.out.suffix.lstrip('.')}", report.people)
    print(render("ledger.exported", {"count": report.people, "file": str(args.out)}))
    return EXIT_OK


def _match(args) -> int:
    from collector.reports.matching import match_candidates
    from collector.reports.workbook import write_frames

    form = load_form(args.form)
    _checked(form, args, (".xlsx", ".csv"))
    with Store.open(args.data_dir, store_cli._password()) as store:
        try:
            found = match_candidates(
                store, form, load_form(args.enterprise_form), per_post=args.per_post
            )
        except MissingRole as err:
            print(err, file=sys.stderr)
            return EXIT_UNREADABLE
        if args.out.suffix.lower() == ".csv":
            found.to_csv(args.out, index=False, encoding="utf-8-sig")
        else:
            write_frames(args.out, [(render("match.title"), found)])
        store.log_export(getpass.getuser(), "matches", len(found))
    print(render("ledger.exported", {"count": len(found), "file": str(args.out)}))
    return EXIT_OK
