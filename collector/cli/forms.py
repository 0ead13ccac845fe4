"""`collector forms check|export` and `collector validate`: forms and records from the shell.

Exit codes of `validate`: 0 every record valid, 1 some invalid, 2 the form or the data
could not be read.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from collector.forms import FormError, load_form
from collector.forms.sheets import csv_pair_stem
from collector.messages import render
from collector.record_files import RecordFileError, read_records
from collector.validation import validate

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def add_commands(commands) -> None:
    forms = commands.add_parser("forms", help="work with form definitions")
    actions = forms.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="load forms and print a summary or errors")
    check.add_argument("forms", nargs="+", type=Path, metavar="FORM")
    check.set_defaults(run=lambda a: forms_check(a.forms))
    export = actions.add_parser("export", help="write a form as an XLSForm workbook")
    export.add_argument("form", type=Path, metavar="FORM")
    export.add_argument("out", type=Path, metavar="OUT.xlsx")
    export.set_defaults(run=lambda a: forms_export(a.form, a.out))

    val = commands.add_parser("validate", help="validate records (.xlsx, .csv, .jsonl)")
    val.add_argument("--form", required=True, type=Path, help="the form the records follow")
    val.add_argument("data", type=Path, metavar="DATA")
    val.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    val.add_argument(
        "--survey-date",
        type=dt.date.fromisoformat,
        help="date the records were taken (YYYY-MM-DD); default: the records' survey_date",
    )
    val.set_defaults(
        run=lambda a: validate_file(a.form, a.data, as_json=a.json, survey_date=a.survey_date)
    )


def forms_check(paths: Sequence[Path]) -> int:
    status = EXIT_OK
    # A CSV pair named in full (x-survey.csv x-choices.csv) is one form, checked once.
    once: dict[tuple, Path] = {}
    for p in paths:
        once.setdefault((p.parent, csv_pair_stem(p) or p), p)
    paths = list(once.values())
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
    try:
        write_xlsform(form, out)
    except OSError as err:
        print(render("cli.data_unreadable", {"detail": str(err)}), file=sys.stderr)
        return EXIT_UNREADABLE
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
