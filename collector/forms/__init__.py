"""Forms: the model, its loaders (XLSForm and text), its checks and its export.

`load_form(path)` is the one entry point: it reads any supported file, checks it, compiles
its expressions and returns a `Form` whose `compiled` attribute the validator uses, or
raises `FormError` listing every problem with its place in the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from collector.forms.compile import CompiledForm, compile_form
from collector.forms.errors import FormError, FormProblem, ProblemCollector
from collector.forms.model import Field, FieldType, Form, Location, pick_text
from collector.forms.sheets import (
    OLE2_MAGIC,
    ZIP_MAGIC,
    LayoutError,
    SheetReadError,
    csv_pair_stem,
    read_csv_pair,
    read_workbook,
)
from collector.forms.textform import load_text_form, looks_like_text_form
from collector.forms.xlsform import load_xlsform
from collector.paths import divisions_dir

__all__ = [
    "CompiledForm",
    "Field",
    "FieldType",
    "Form",
    "FormError",
    "FormProblem",
    "form_from_definition",
    "load_form",
]


COUNTY_DIVISIONS = "county_divisions.csv"
"""The name by which forms refer to the division list of the county that runs the program."""
DEMO_COUNTY = "jinzhai-341524.csv"


def division_names(form: Form, lang: str | None = None) -> dict[str, str]:
    """Division code -> name, from the county's list the form uses ({} without one)."""
    divisions = form.choice_files.get(COUNTY_DIVISIONS)
    return {c.name: pick_text(c.label, lang) for c in divisions.choices} if divisions else {}


def default_choice_files() -> dict[str, Path]:
    # Until the county server hands out the county's own list, the demo county stands in.
    return {COUNTY_DIVISIONS: divisions_dir() / DEMO_COUNTY}


def load_form(
    path: str | Path,
    choice_dirs: Iterable[Path] | None = None,
    choice_files: Mapping[str, Path] | None = None,
) -> Form:
    path = Path(path)
    problems = ProblemCollector()
    try:
        form = _read(path, problems)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError, csv.Error) as err:
        # The readers report what they foresee with its cell; whatever else a damaged
        # file provokes is still the file's fault, and is said so rather than crashing.
        problems.add(Location(path.name), "form.unreadable", detail=f"{type(err).__name__}: {err}")
        problems.raise_if_any()
    return _compiled(form, path.name, problems, choice_dirs, choice_files)


def form_from_definition(definition: str, name: str = "form.yaml") -> Form:
    """A form from the text definition a store or the county server kept of it
    (`dump_text_form`), checked and compiled as a file would be."""
    problems = ProblemCollector()
    form = load_text_form(Path(name), definition, problems)
    return _compiled(form, name, problems, None, None)


def _compiled(
    form: Form,
    name: str,
    problems: ProblemCollector,
    choice_dirs: Iterable[Path] | None,
    choice_files: Mapping[str, Path] | None,
) -> Form:
    if not form.fields:
        if not problems.problems:
            problems.add(Location(name, "survey"), "form.no_fields")
        problems.raise_if_any()
    # Compile even a form with problems so far, so that all its problems come out at once.
    dirs = list(choice_dirs) if choice_dirs is not None else [divisions_dir()]
    files = default_choice_files() if choice_files is None else choice_files
    try:
        form.compiled = compile_form(form, problems, dirs, files)
    except RecursionError:
        problems.add(Location(name), "form.unreadable", detail="expressions nested too deeply")
    problems.raise_if_any()
    form.warnings = problems.warnings
    return form


def _read(path: Path, problems: ProblemCollector) -> Form:
    try:
        head = path.read_bytes()[:8]
    except OSError as err:
        problems.add(Location(path.name), "form.unreadable", detail=err.strerror or str(err))
        return Form(id=path.stem)
    if not head.startswith((ZIP_MAGIC, OLE2_MAGIC)):
        text = _text(path, problems)
        if text is None:
            return Form(id=path.stem)
        if looks_like_text_form(text):
            return load_text_form(path, text, problems)
    try:
        book = read_csv_pair(path) if csv_pair_stem(path) else read_workbook(path)
    except LayoutError as err:
        problems.add(Location(path.name), f"form.bad_layout_{err.kind}")
        return Form(id=path.stem)
    except SheetReadError as err:
        problems.add(Location(path.name), "form.unreadable", detail=str(err))
        return Form(id=path.stem)
    return load_xlsform(book, problems)


def _text(path: Path, problems: ProblemCollector) -> str | None:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    problems.add(Location(path.name), "form.unreadable", detail="not a spreadsheet or text file")
    return None
