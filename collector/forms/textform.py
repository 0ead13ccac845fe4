"""The text format of a form: YAML (or JSON, which YAML reads too) that diffs well in git.

One key per model attribute, nested `fields` for groups and repeats, `choices` as lists
under their names; see forms/outmigrant_labour.yaml. Errors name the line of the mapping
and the key that is wrong, found through a loader that remembers where each key stood.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from collector.forms.errors import ProblemCollector
from collector.forms.model import (
    Choice,
    ChoiceList,
    ConflictPolicy,
    Field,
    FieldType,
    Form,
    Location,
    Texts,
)
from collector.forms.xlsform import expression_or_flag

TEXT_ATTRIBUTES = ("label", "hint", "required_message", "constraint_message")
PLAIN_ATTRIBUTES = (
    "constraint",
    "relevant",
    "calculation",
    "default",
    "appearance",
    "choice_filter",
    "repeat_count",
    "role",
)
FIELD_KEYS = {
    "name",
    "type",
    "required",
    "read_only",
    "carry",
    "choices",
    "choice_file",
    "loop_over",
    "or_other",
    "parameters",
    "conflict_policy",
    "fields",
    *TEXT_ATTRIBUTES,
    *PLAIN_ATTRIBUTES,
}
FORM_KEYS = {"id", "version", "title", "default_language", "fields", "choices", "settings"}


class _Mapping(dict):
    """A YAML mapping that remembers the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


# libyaml's parser (in PyYAML's wheels) reads the survey form ~10x faster than the pure
# Python one, which was a fifth of the desktop program's start; the marks are the same.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {str(key.value): key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def looks_like_text_form(text: str) -> bool:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return True
    return any(line.startswith(("fields:", "id:", "choices:")) for line in text.splitlines()[:200])


class _TextFormReader:
    def __init__(self, path: str, problems: ProblemCollector):
        self.file = Path(path).name
        self.problems = problems

    def where(self, mapping: Any, key: str = "") -> Location:
        if not isinstance(mapping, _Mapping):
            return Location(self.file)
        line = mapping.key_lines.get(key, mapping.line) if key else mapping.line
        return Location(self.file, row=line, column=key)

    def bad(self, mapping: Any, key: str, detail: str) -> None:
        self.problems.add(self.where(mapping, key), "form.bad_text_form", detail=detail)

    def read(self, data: Any, source: str) -> Form:
        if not isinstance(data, dict):
            self.bad(data, "", "the top level must be a mapping with id, title, fields, choices")
            return Form(id=Path(source).stem, source=source)
        for key in data:
            if key not in FORM_KEYS:
                self.bad(data, str(key), f"unknown key '{key}'")
        default_lang = str(data.get("default_language") or "zh")
        form = Form(
            id=str(data.get("id") or Path(source).stem),
            version=str(data.get("version") or ""),
            title=self.texts(data, "title", default_lang),
            default_language=default_lang,
            settings=self.settings(data),
            source=source,
        )
        if not isinstance(data.get("fields"), list):
            self.bad(data, "fields", "'fields' must be a list of fields")
        else:
            form.fields = self.fields(data["fields"], default_lang)
        form.choices = self.choices(data, default_lang)
        return form

    def settings(self, data: dict) -> dict[str, str]:
        raw = data.get("settings") or {}
        if not isinstance(raw, dict):
            self.bad(data, "settings", "'settings' must be a mapping of names to values")
            return {}
        return {str(k): str(v) for k, v in raw.items()}

    def texts(self, mapping: dict, key: str, default_lang: str) -> Texts:
        value = mapping.get(key)
        if value is None or value == "":
            return {}
        if isinstance(value, dict):
            return {str(lang): str(text) for lang, text in value.items() if text is not None}
        if isinstance(value, str | int | float):
            return {default_lang: str(value)}
        self.bad(mapping, key, f"'{key}' must be text or a mapping of language to text")
        return {}

    def fields(self, items: list, default_lang: str) -> list[Field]:
        result = []
        for item in items:
            f = self.field(item, default_lang)
            if f is not None:
                result.append(f)
        return result

    def field(self, item: Any, default_lang: str) -> Field | None:
        if not isinstance(item, dict):
            self.bad(item, "", "each entry of 'fields' must be a mapping")
            return None
        for key in item:
            if key not in FIELD_KEYS:
                self.bad(item, str(key), f"unknown key '{key}'")
        name, raw_type = str(item.get("name") or ""), str(item.get("type") or "")
        where = self.where(item)
        if not raw_type:
            self.problems.add(self.where(item, "type"), "form.missing_type", name=name or "?")
            return None
        if not name:
            self.problems.add(where, "form.missing_name", type=raw_type)
            return None
        try:
            ftype = FieldType(raw_type)
        except ValueError:
            self.problems.add(self.where(item, "type"), "form.unknown_type", type=raw_type)
            return None
        f = Field(name=name, type=ftype, location=where)
        f.columns = {key: key for key in item}
        for key in TEXT_ATTRIBUTES:
            setattr(f, key, self.texts(item, key, default_lang))
        for key in PLAIN_ATTRIBUTES:
            value = item.get(key)
            setattr(f, key, "" if value is None else str(value))
        required = item.get("required", False)
        f.required = expression_or_flag("yes" if required is True else str(required or ""))
        f.read_only = bool(item.get("read_only", False))
        f.carry = bool(item.get("carry", False))
        f.or_other = bool(item.get("or_other", False))
        f.choices = str(
            item.get("choices") or item.get("choice_file") or item.get("loop_over") or ""
        )
        f.columns.setdefault("choices", "choice_file" if "choice_file" in item else "choices")
        f.columns["type"] = "type"
        parameters = item.get("parameters") or {}
        if not isinstance(parameters, dict):
            self.bad(item, "parameters", "'parameters' must be a mapping")
        else:
            f.parameters = {str(k): str(v) for k, v in parameters.items()}
        policy = item.get("conflict_policy")
        if policy:
            try:
                f.conflict_policy = ConflictPolicy(str(policy))
            except ValueError:
                self.problems.add(
                    self.where(item, "conflict_policy"), "form.bad_policy", value=policy
                )
        children = item.get("fields")
        if f.is_container:
            if not isinstance(children, list):
                self.bad(item, "fields", f"the {ftype.value} '{name}' needs a list of 'fields'")
            else:
                f.children = self.fields(children, default_lang)
        elif children is not None:
            self.bad(item, "fields", f"only groups and repeats have 'fields', not {ftype.value}")
        return f

    def choices(self, data: dict, default_lang: str) -> dict[str, ChoiceList]:
        raw = data.get("choices") or {}
        if not isinstance(raw, dict):
            self.bad(data, "choices", "'choices' must map list names to lists of choices")
            return {}
        lists: dict[str, ChoiceList] = {}
        for list_name, items in raw.items():
            list_name = str(list_name)
            if not isinstance(items, list):
                self.bad(raw, list_name, f"the choice list '{list_name}' must be a list")
                continue
            choice_list = ChoiceList(list_name, location=self.where(raw, list_name))
            seen: set[str] = set()
            for item in items:
                if not isinstance(item, dict) or item.get("name") in (None, ""):
                    self.problems.add(self.where(item), "form.choice_missing_name", list=list_name)
                    continue
                name = str(item["name"])
                if name in seen:
                    self.problems.add(
                        self.where(item, "name"), "form.duplicate_choice", list=list_name, name=name
                    )
                    continue
                seen.add(name)
                extra = {str(k): str(v) for k, v in item.items() if k not in ("name", "label")}
                choice_list.choices.append(
                    Choice(name, self.texts(item, "label", default_lang), extra)
                )
            lists[list_name] = choice_list
        return lists


def load_text_form(path: str | Path, text: str, problems: ProblemCollector) -> Form:
    reader = _TextFormReader(str(path), problems)
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark
        where = Location(Path(path).name, row=mark.line + 1 if mark else 0)
        problems.add(where, "form.bad_text_form", detail=str(err.problem or err))
        return Form(id=Path(path).stem, source=str(path))
    return reader.read(data, str(path))


def form_to_data(form: Form) -> dict[str, Any]:
    """The model as plain data in the text format, leaving out what is empty."""
    data: dict[str, Any] = {"id": form.id, "version": form.version, "title": dict(form.title)}
    data["default_language"] = form.default_language
    if form.settings:
        data["settings"] = dict(form.settings)
    data["fields"] = [_field_to_data(f) for f in form.fields]
    data["choices"] = {
        name: [_choice_to_data(c) for c in cl.choices] for name, cl in form.choices.items()
    }
    return data


def _field_to_data(f: Field) -> dict[str, Any]:
    data: dict[str, Any] = {"name": f.name, "type": f.type.value}
    for key in ("label", "hint"):
        if getattr(f, key):
            data[key] = dict(getattr(f, key))
    if f.required:
        data["required"] = True if f.required == "true()" else f.required
    if f.required_message:
        data["required_message"] = dict(f.required_message)
    for key in PLAIN_ATTRIBUTES:
        if getattr(f, key):
            data[key] = getattr(f, key)
    if f.constraint_message:
        data["constraint_message"] = dict(f.constraint_message)
    if f.read_only:
        data["read_only"] = True
    if f.carry:
        data["carry"] = True
    if f.choices:
        key = "choice_file" if f.type.value.endswith("_from_file") else "choices"
        data["loop_over" if f.type == FieldType.LOOP else key] = f.choices
    if f.or_other:
        data["or_other"] = True
    if f.parameters:
        data["parameters"] = dict(f.parameters)
    if f.conflict_policy != ConflictPolicy.MANUAL:
        data["conflict_policy"] = f.conflict_policy.value
    if f.is_container:
        data["fields"] = [_field_to_data(c) for c in f.children]
    return data


def _choice_to_data(c: Choice) -> dict[str, Any]:
    return {"name": c.name, "label": dict(c.label), **c.extra}


def dump_text_form(form: Form) -> str:
    return yaml.safe_dump(
        form_to_data(form), allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
