"""Check a loaded form for what no file format can catch by itself, and compile it.

Both loaders end here, so a form is held to the same rules whether it came from Excel or
from YAML: unique names, existing choice lists, expressions that parse, references to
fields that exist, no circular calculations. Every problem is collected with the cell (or
YAML line) it comes from. The result, `CompiledForm`, holds each expression compiled once;
validation and the entry screen evaluate those, never the text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from collector.expressions import Expression, ExpressionSyntaxError, compile_expression
from collector.forms.errors import ProblemCollector
from collector.forms.model import (
    FROM_FILE_TYPES,
    Choice,
    ChoiceList,
    Field,
    FieldType,
    Form,
    Location,
)
from collector.forms.roles import Role, is_known_role

EXPRESSION_ATTRIBUTES = (
    "relevant",
    "required",
    "constraint",
    "calculation",
    "default",
    "choice_filter",
    "repeat_count",
)
SYNTAX_CODES = {
    "unknown_function": "form.unknown_function",
    "wrong_arity": "form.wrong_arity",
    "unsupported": "form.unsupported_expression",
}
NAME_PATTERN = re.compile(r"^[^\W\d][\w.\-]*$")
DYNAMIC_DEFAULT = re.compile(r"\$\{|\(")


@dataclass
class CompiledField:
    field: Field
    repeat_path: tuple[str, ...]
    """Keys of the repeats this field sits in, outermost first."""
    groups: tuple[str, ...]
    """Keys of the groups and repeats around it, outermost first (their relevance applies)."""
    expressions: dict[str, Expression] = field(default_factory=dict)
    literal_default: str = ""


@dataclass
class CompiledForm:
    form: Form
    fields: dict[str, CompiledField]
    """Fields that hold data (answers, calculations, repeats), by key (`Field.key`)."""
    groups: dict[str, CompiledField]
    """Plain groups, by key: they hold no data, so one may share its name with a field
    (real forms often wrap question `x` in group `x`)."""
    calculation_order: list[str]
    """Fields with a calculation, each after the ones it reads."""

    @property
    def last_saved_fields(self) -> frozenset[str]:
        """Fields read as `${last-saved#name}` anywhere in the form."""
        return frozenset(
            name
            for cf in [*self.fields.values(), *self.groups.values()]
            for expression in cf.expressions.values()
            for name in expression.last_saved
        )

    def of(self, f: Field) -> CompiledField:
        return self.groups[f.key] if f.type == FieldType.GROUP else self.fields[f.key]


def is_dynamic_default(text: str) -> bool:
    """pyxform's rule: a default with a reference or a function call is an expression."""
    return bool(DYNAMIC_DEFAULT.search(text))


def compile_form(
    form: Form,
    problems: ProblemCollector,
    choice_dirs: Iterable[Path] = (),
    choice_files: Mapping[str, Path] | None = None,
) -> CompiledForm:
    """`choice_dirs` are searched for select_*_from_file lists after the form's own folder;
    `choice_files` names files outright (the county's own division list, say)."""
    fields, groups, repeated = _index_fields(form, problems)
    _check_choice_lists(form, problems, list(choice_dirs), dict(choice_files or {}))
    known = fields.keys() | groups.keys()
    interned: dict[str, Expression] = {}
    for compiled in [*fields.values(), *groups.values()]:
        _compile_expressions(compiled, known, repeated, problems, interned)
        _check_parameters(compiled, problems)
    _check_roles(form, problems)
    order = _calculation_order(fields, problems)
    return CompiledForm(form, fields, groups, order)


def _index_fields(
    form: Form, problems: ProblemCollector
) -> tuple[dict[str, CompiledField], dict[str, CompiledField], dict[str, list[Field]]]:
    """Fields and groups by key, and the names that stand more than once in the form.

    pyxform's rule: a name is unique among the children of its group (or of the survey).
    A name used in two groups gets its group path as key in both places; a name used once
    keeps itself as key, so records of forms with unique names look as they always did."""
    everywhere: dict[str, list[Field]] = {}
    for f in form.walk():
        everywhere.setdefault(f.name, []).append(f)
    fields: dict[str, CompiledField] = {}
    groups: dict[str, CompiledField] = {}

    def visit(children: list[Field], repeats: tuple[str, ...], outer: tuple[Field, ...]) -> None:
        siblings: dict[tuple[bool, str], Field] = {}
        for f in children:
            if not NAME_PATTERN.match(f.name):
                problems.add(f.where("name"), "form.bad_name", name=f.name)
            is_group = f.type == FieldType.GROUP
            # A group holds no data: it may share its name with a field (real forms often
            # wrap question `x` in group `x`), so the two kinds are counted apart.
            same_kind = [g for g in everywhere[f.name] if (g.type == FieldType.GROUP) == is_group]
            f.key = "/".join([*(o.name for o in outer), f.name]) if len(same_kind) > 1 else f.name
            first = siblings.setdefault((is_group, f.name), f)
            if first is not f:
                problems.add(
                    f.where("name"),
                    "form.duplicate_name",
                    name=f.name,
                    first_row=first.location.row,
                )
            else:
                (groups if is_group else fields)[f.key] = CompiledField(
                    f, repeats, tuple(o.key for o in outer)
                )
            if f.is_container:
                inner = (*repeats, f.key) if not is_group else repeats
                visit(f.children, inner, (*outer, f))

    visit(form.fields, (), ())
    repeated = {
        name: [f for f in found if f.type != FieldType.GROUP] for name, found in everywhere.items()
    }
    return fields, groups, {name: found for name, found in repeated.items() if len(found) > 1}


def _check_choice_lists(
    form: Form, problems: ProblemCollector, choice_dirs: list[Path], choice_files: dict[str, Path]
) -> None:
    for f in form.walk():
        if f.type in FROM_FILE_TYPES:
            if f.choices not in form.choice_files:
                loaded = _load_choice_file(f, form, problems, choice_dirs, choice_files)
                if loaded is not None:
                    form.choice_files[f.choices] = loaded
        elif f.is_select or (f.type == FieldType.LOOP and f.choices):
            if f.choices not in form.choices:
                problems.add(f.where("type"), "form.missing_choice_list", list=f.choices)
            elif not form.choices[f.choices].choices:
                problems.add(f.where("type"), "form.empty_choice_list", list=f.choices)


def _load_choice_file(
    f: Field,
    form: Form,
    problems: ProblemCollector,
    choice_dirs: list[Path],
    choice_files: dict[str, Path],
) -> ChoiceList | None:
    """A select_*_from_file list: a CSV beside the form or in the shipped resources."""
    dirs = ([Path(form.source).parent] if form.source else []) + choice_dirs
    candidates = [choice_files[f.choices]] if f.choices in choice_files else []
    candidates += [d / f.choices for d in dirs]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        # Like a form published without its attachment: usable, but the answers to this
        # question cannot be checked against a list until the file is there.
        searched = "、".join(str(d) for d in dirs) or "-"
        problems.warn(
            f.where("type"), "form.choice_file_missing", file=f.choices, searched=searched
        )
        return None
    kind = path.suffix.lower()
    value_col = f.parameters.get("value", "id" if kind == ".geojson" else "name")
    label_col = f.parameters.get("label", "title" if kind == ".geojson" else "label")
    try:
        if path.stat().st_size > MAX_CHOICE_FILE_BYTES:
            raise ValueError(f"larger than {MAX_CHOICE_FILE_BYTES // 1_000_000} MB")
        rows = CHOICE_FILE_READERS.get(kind, _csv_items)(path.read_bytes())
    except (OSError, csv.Error, ValueError, ParseError, DefusedXmlException) as err:
        problems.add(
            f.where("type"), "form.choice_file_unreadable", file=f.choices, detail=str(err)
        )
        return None
    for column in (value_col, label_col):
        if rows and column not in rows[0]:
            problems.add(
                f.where("parameters"), "form.choice_file_bad", file=f.choices, column=column
            )
            return None
    choices = [
        Choice(
            row[value_col] or "",
            {form.default_language: row[label_col] or ""},
            {
                k: v
                for k, v in row.items()
                if k not in (value_col, label_col) and k and v is not None
            },
        )
        for row in rows
    ]
    return ChoiceList(f.choices, choices, location=Location(str(path)))


MAX_CHOICE_FILE_BYTES = 50_000_000
"""A choice file beyond this is no list a cadre picks from: refused, not read."""

Items = list[dict[str, str]]


def _csv_items(data: bytes) -> Items:
    return list(csv.DictReader(io.StringIO(decode_text(data))))


def _xml_items(data: bytes) -> Items:
    """ODK's external XML instance: `<root><item><name>…</name><label>…</label>…</item>`;
    each child of the root is an item, each of its children a column. Read with defusedxml:
    the file comes from outside, and entity tricks must not expand inside the program."""
    root = DefusedET.fromstring(data)
    return [
        {child.tag: (child.text or "").strip() for child in item if len(child) == 0}
        for item in root
    ]


def _geojson_items(data: bytes) -> Items:
    """A GeoJSON FeatureCollection, as ODK reads it: one item per feature, its `id` and
    properties as columns, and `geometry` as ODK's geo text ("lat lon 0 0" per point)."""
    found = json.loads(decode_text(data))
    if not isinstance(found, dict) or found.get("type") != "FeatureCollection":
        raise ValueError("not a GeoJSON FeatureCollection")
    items = []
    for feature in found.get("features") or []:
        if not isinstance(feature, dict):
            raise ValueError("a feature that is no object")
        properties = feature.get("properties") or {}
        item = {str(k): "" if v is None else str(v) for k, v in properties.items()}
        if feature.get("id") is not None:
            item["id"] = str(feature["id"])
        item["geometry"] = _odk_geometry(feature.get("geometry"))
        items.append(item)
    return items


def _odk_geometry(geometry: object) -> str:
    if not isinstance(geometry, dict):
        return ""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    if kind == "Point":
        points = [coordinates]
    elif kind == "LineString":
        points = coordinates
    elif kind == "Polygon" and isinstance(coordinates, list) and coordinates:
        points = coordinates[0]  # the outer ring, as a geoshape
    else:
        return ""
    if not isinstance(points, list):
        return ""
    return "; ".join(f"{p[1]} {p[0]} 0 0" for p in points if isinstance(p, list) and len(p) >= 2)


CHOICE_FILE_READERS = {".csv": _csv_items, ".xml": _xml_items, ".geojson": _geojson_items}


def decode_text(data: bytes) -> str:
    """Text files from county PCs: UTF-8, or GB18030 (what Chinese Excel saves as CSV)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def _check_roles(form: Form, problems: ProblemCollector) -> None:
    given: dict[str, Field] = {}
    for f in form.walk():
        if not f.role:
            continue
        if not is_known_role(f.role):
            known = ", ".join(r.value for r in Role)
            problems.add(f.where("role"), "form.unknown_role", role=f.role, known=known)
        elif f.role in given:
            first = given[f.role]
            problems.add(
                f.where("role"),
                "form.duplicate_role",
                role=f.role,
                first=first.name,
                first_row=first.location.row,
            )
        else:
            given[f.role] = f


def _check_parameters(compiled: CompiledField, problems: ProblemCollector) -> None:
    f = compiled.field
    if f.type == FieldType.ID_NUMBER:
        for key in ("age_min", "age_max"):
            value = f.parameters.get(key)
            if value is not None and not value.strip().isdigit():
                problems.add(f.where("parameters"), "form.bad_parameters", value=f"{key}={value}")


def _compile_expressions(
    compiled: CompiledField,
    known: Set[str],
    repeated: Mapping[str, list[Field]],
    problems: ProblemCollector,
    interned: dict[str, Expression],
) -> None:
    """Compile each expression of a field; the same text anywhere in the form gives the same
    Expression object, so that validation can evaluate a shared condition once per record."""
    f = compiled.field
    for attribute in EXPRESSION_ATTRIBUTES:
        text = getattr(f, attribute)
        if not text:
            continue
        if attribute == "default" and not is_dynamic_default(text):
            compiled.literal_default = text
            continue
        if attribute == "repeat_count" and text.strip().isdigit():
            text = text.strip()
        try:
            expression = interned.get(text) or compile_expression(text)
        except ExpressionSyntaxError as err:
            code = SYNTAX_CODES.get(err.kind, "form.expression_syntax")
            problems.add(
                f.where(attribute),
                code,
                position=err.position + 1,
                detail=err.detail,
                expression=text,
            )
            continue
        for name in sorted(expression.references):
            if name in repeated:
                # As in pyxform: ${note} to a note in two groups could mean either.
                rows = "、".join(str(r.location.row) for r in repeated[name])
                problems.add(f.where(attribute), "form.ambiguous_reference", name=name, rows=rows)
            elif name not in known and name not in problems.unusable_names:
                problems.add(f.where(attribute), "form.unknown_reference", name=name)
        for name in sorted(expression.last_saved - known):
            if name not in problems.unusable_names:
                problems.add(
                    f.where(attribute), "form.unknown_reference", name=f"last-saved#{name}"
                )
        compiled.expressions[attribute] = interned[text] = expression


def _calculation_order(fields: dict[str, CompiledField], problems: ProblemCollector) -> list[str]:
    """Topological order of calculations; a cycle is reported with its path."""
    calculated = {n: c for n, c in fields.items() if "calculation" in c.expressions}
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []
    reported: set[frozenset[str]] = set()

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in sorted(calculated[name].expressions["calculation"].references):
            if dep not in calculated:
                continue
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    where = calculated[dep].field.where("calculation")
                    problems.add(where, "form.circular_calculation", cycle=" → ".join(cycle))
            elif dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2
        order.append(name)

    for name in calculated:
        if name not in state:
            visit(name)
    return order
