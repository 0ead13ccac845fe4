"""The `collector` command: checks of forms and records from the shell.

Exit codes of `validate`: 0 every record valid, 1 some invalid, 2 the form or the data
could not be read. Messages are in Chinese unless `--lang en` is given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from collector import __version__
from collector.forms import FormError, load_form
from collector.messages import LANGUAGES, render, set_language
from collector.record_files import RecordFileError, read_records
from collector.validation import validate

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="collector",
        description="外出劳动力资源信息采集 / Out-migrant labour survey",
    )
    parser.add_argument("--version", action="version", version=f"collector {__version__}")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh", help="message language")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    forms = commands.add_parser("forms", help="work with form definitions")
    forms_commands = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    check = forms_commands.add_parser("check", help="load forms and print a summary or errors")
    check.add_argument("forms", nargs="+", type=Path, metavar="FORM")
    export = forms_commands.add_parser("export", help="write a form as an XLSForm workbook")
    export.add_argument("form", type=Path, metavar="FORM")
    export.add_argument("out", type=Path, metavar="OUT.xlsx")

    val = commands.add_parser("validate", help="validate records (.xlsx, .csv, .jsonl)")
    val.add_argument("--form", required=True, type=Path, help="the form the records follow")
    val.add_argument("data", type=Path, metavar="DATA")
    val.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    val.add_argument(
        "--survey-date",
        type=dt.date.fromisoformat,
        help="date the records were taken (YYYY-MM-DD); default: the records' survey_date",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    set_language(args.lang)
    if args.command == "forms" and args.forms_command == "check":
        return forms_check(args.forms)
    if args.command == "forms" and args.forms_command == "export":
        return forms_export(args.form, args.out)
    if args.command == "validate":
        return validate_file(args.form, args.data, as_json=args.json, survey_date=args.survey_date)
    parser.print_help()
    return EXIT_OK


def forms_check(paths: Sequence[Path]) -> int:
    status = EXIT_OK
    for path in paths:
        try:
            form = load_form(path)
        except FormError as err:
            print(err.text(), file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        for warning in form.warnings:
            print(warning.text(), file=sys.stderr)
        fields = sum(1 for f in form.walk() if f.holds_answer)
        print(
            render(
                "cli.form_summary",
                {
                    "file": path.name,
                    "title": form.title_text(),
                    "id": form.id,
                    "version": form.version or "-",
                    "fields": fields,
                    "lists": len(form.choices) + len(form.choice_files),
                    "languages": ", ".join(form.languages()) or "-",
                },
            )
        )
    return status


def forms_export(path: Path, out: Path) -> int:
    from collector.forms.export import write_xlsform

    try:
        form = load_form(path)
    except FormError as err:
        print(err.text(), file=sys.stderr)
        return EXIT_UNREADABLE
    write_xlsform(form, out)
    return EXIT_OK


def validate_file(
    form_path: Path, data_path: Path, *, as_json: bool, survey_date: dt.date | None
) -> int:
    try:
        form = load_form(form_path)
    except FormError as err:
        print(err.text(), file=sys.stderr)
        return EXIT_UNREADABLE
    count = invalid = 0
    try:
        for row, record in read_records(data_path):
            count += 1
            problems = validate(form, record, survey_date=survey_date)
            if not problems:
                continue
            invalid += 1
            if as_json:
                out = {"row": row, "problems": [p.as_dict() for p in problems]}
                print(json.dumps(out, ensure_ascii=False))
            else:
                _print_table(row, record, problems)
    except RecordFileError as err:
        print(render("cli.data_unreadable", {"detail": str(err)}), file=sys.stderr)
        return EXIT_UNREADABLE
    summary = (
        render("cli.some_invalid", {"count": count, "invalid": invalid})
        if invalid
        else render("cli.all_valid", {"count": count})
    )
    print(summary, file=sys.stderr if as_json else sys.stdout)
    return EXIT_INVALID if invalid else EXIT_OK


def _print_table(row: int, record: dict, problems: list) -> None:
    print(render("cli.record_problems", {"row": row, "count": len(problems)}))
    width = max(_display_width(p.field) for p in problems)
    for p in problems:
        pad = " " * (width - _display_width(p.field))
        print(f"  {p.field}{pad}  {p.message()}")


def _display_width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


if __name__ == "__main__":
    sys.exit(main())
