"""Write the form model as an XLSForm workbook that county staff can edit in Excel.

The workbook uses the canonical spellings (`select_one list`, `begin_group`, `label::Chinese
(zh)`) and only the columns the form uses. It is a standard XLSForm that pyxform converts:
the program's own types go out as `text` with a regex constraint (`DOMAIN_PATTERNS`), and
what ODK has no column for (the type, parameters of an ID number, conflict policy, role)
goes in `bind::collector:…` columns, which pyxform carries into the XForm's binds under
the `collector` namespace declared in the settings. Loading it back gives an equal model.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from collector.forms.model import ConflictPolicy, Field, FieldType, Form, Texts
from collector.forms.xlsform import (
    DOMAIN_PATTERNS,
    LANGUAGE_NAMES,
    OWN_NAMESPACE,
    domain_constraint,
)

TRANSLATED = ("label", "hint", "required_message", "constraint_message")
PLAIN = (
    "required",
    "constraint",
    "relevant",
    "calculation",
    "default",
    "read_only",
    "carry",
    "appearance",
    "choice_filter",
    "parameters",
    "repeat_count",
    "conflict_policy",
    "role",
    "domain_type",
    "domain_parameters",
)
OWN_COLUMNS = {
    "domain_parameters": "bind::collector:parameters",
    "conflict_policy": "bind::collector:conflict_policy",
    "role": "bind::collector:role",
    "domain_type": "bind::collector:type",
}


def language_header(attribute: str, lang: str) -> str:
    name = LANGUAGE_NAMES.get(lang)
    return f"{attribute}::{name} ({lang})" if name else f"{attribute}::{lang}"


def _type_text(f: Field) -> str:
    if f.type in DOMAIN_PATTERNS:
        return FieldType.TEXT.value
    if f.type == FieldType.LOOP:
        return f"begin loop over {f.choices}"
    if f.is_container:
        return f"begin_{f.type.value}"
    if f.is_select:
        return f"{f.type.value} {f.choices}" + (" or_other" if f.or_other else "")
    return f.type.value


def _plain_value(f: Field, attribute: str) -> str:
    if attribute == "domain_type":
        return f.type.value if f.type in DOMAIN_PATTERNS else ""
    if attribute == "constraint" and f.type in DOMAIN_PATTERNS:
        return domain_constraint(f.type, f.constraint)
    if attribute in ("parameters", "domain_parameters"):
        # pyxform refuses parameters it does not know on a question of its type.
        own = f.type in DOMAIN_PATTERNS
        if own != (attribute == "domain_parameters"):
            return ""
        return " ".join(f"{k}={v}" for k, v in f.parameters.items())
    if attribute == "required":
        return "yes" if f.required == "true()" else f.required
    if attribute in ("read_only", "carry"):
        return "yes" if getattr(f, attribute) else ""
    if attribute == "conflict_policy":
        return "" if f.conflict_policy == ConflictPolicy.MANUAL else f.conflict_policy.value
    return getattr(f, attribute)


def _survey_rows(fields: list[Field]) -> list[tuple[str, Field | None]]:
    rows: list[tuple[str, Field | None]] = []
    for f in fields:
        rows.append((_type_text(f), f))
        if f.is_container:
            rows.extend(_survey_rows(f.children))
            end = "end loop" if f.type == FieldType.LOOP else f"end_{f.type.value}"
            rows.append((end, None))
    return rows


def _languages(texts: list[Texts]) -> list[str]:
    found: dict[str, None] = {}
    for t in texts:
        found.update(dict.fromkeys(t))
    return list(found)


def write_xlsform(form: Form, path: str | Path) -> None:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    fields = list(form.walk())
    headers: list[tuple[str, str, str]] = [("type", "", "type"), ("name", "", "name")]
    for attribute in TRANSLATED:
        for lang in _languages([getattr(f, attribute) for f in fields]):
            headers.append((attribute, lang, language_header(attribute, lang)))
    for attribute in PLAIN:
        if attribute == "conflict_policy" or any(_plain_value(f, attribute) for f in fields):
            headers.append((attribute, "", OWN_COLUMNS.get(attribute, attribute)))
    survey.append([h for _, _, h in headers])
    for type_text, f in _survey_rows(form.fields):
        row = [type_text]
        for attribute, lang, _ in headers[1:]:
            if f is None:
                row.append("")
            elif attribute == "name":
                row.append(f.name)
            elif lang:
                row.append(getattr(f, attribute).get(lang, ""))
            else:
                row.append(_plain_value(f, attribute))
        survey.append(row)
    _write_choices(book.create_sheet("choices"), form)
    _write_settings(book.create_sheet("settings"), form)
    for sheet in book.worksheets:
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text such as "=== 基本信息 ===", not a formula
    book.save(path)


def _write_choices(sheet, form: Form) -> None:
    choices = [c for cl in form.choices.values() for c in cl.choices]
    langs = _languages([c.label for c in choices])
    extras = list(dict.fromkeys(k for c in choices for k in c.extra))
    sheet.append(["list_name", "name", *(language_header("label", lg) for lg in langs), *extras])
    for cl in form.choices.values():
        for c in cl.choices:
            labels = [c.label.get(lg, "") for lg in langs]
            sheet.append([cl.name, c.name, *labels, *(c.extra.get(k, "") for k in extras)])


def _write_settings(sheet, form: Form) -> None:
    values = {"form_id": form.id, "version": form.version}
    values["default_language"] = form.default_language
    for lang, text in form.title.items():
        key = "form_title" if lang == form.default_language else language_header("label", lang)
        values[key] = text
    values.update(form.settings)
    declared = values.get("namespaces", "")
    if OWN_NAMESPACE not in declared:
        values["namespaces"] = f"{declared} {OWN_NAMESPACE}".strip()
    sheet.append(list(values))
    sheet.append(list(values.values()))
