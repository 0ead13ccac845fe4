"""Load an XLSForm (.xlsx, .xls, pyxform's .md and .csv) into the form model.

All the spellings real forms use are folded here into the model's one name per thing:
`begin group` / `begin_group`, `select one from x` / `select_one x`, `label:English` /
`label::English (en)`, `relevance`, `read only`, `required` = yes / true / 1, and so on.
Structural problems are collected with their sheet, row and column; the checks that do
not depend on the file format run afterwards in `forms.check`.
"""

from __future__ import annotations

import re
from pathlib import Path

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
from collector.forms.sheets import Row, Sheet, Workbook, csv_pair_stem

TYPE_ALIASES: dict[str, FieldType] = {
    **{t.value: t for t in FieldType},
    "string": FieldType.TEXT,
    "int": FieldType.INTEGER,
    "select1": FieldType.SELECT_ONE,
    "photo": FieldType.IMAGE,
    "gps": FieldType.GEOPOINT,
    "location": FieldType.GEOPOINT,
    "imei": FieldType.DEVICEID,
    "uri:deviceid": FieldType.DEVICEID,
    "phone_number": FieldType.PHONENUMBER,
    "date_time": FieldType.DATETIME,
    "add image prompt": FieldType.IMAGE,
    "add photo prompt": FieldType.IMAGE,
    "add audio prompt": FieldType.AUDIO,
    "add video prompt": FieldType.VIDEO,
    "add file prompt": FieldType.FILE,
    "add note prompt": FieldType.NOTE,
    "add text prompt": FieldType.TEXT,
    "add integer prompt": FieldType.INTEGER,
    "add decimal prompt": FieldType.DECIMAL,
    "add date prompt": FieldType.DATE,
    "add datetime prompt": FieldType.DATETIME,
    "add time prompt": FieldType.TIME,
    "add barcode prompt": FieldType.BARCODE,
    "add location prompt": FieldType.GEOPOINT,
    "add acknowledge prompt": FieldType.ACKNOWLEDGE,
    "resident_id": FieldType.ID_NUMBER,
}
for _t in list(TYPE_ALIASES):
    TYPE_ALIASES.setdefault(_t.replace("_", " "), TYPE_ALIASES[_t])
    TYPE_ALIASES.setdefault(_t.replace("-", "_"), TYPE_ALIASES[_t])

SELECT_PREFIXES: list[tuple[str, FieldType]] = [
    # ODK's external selects: the list is on the external_choices sheet (ODK ships it as
    # itemsets.csv); here it is a list like any other, cascading filters included.
    ("select_one_external", FieldType.SELECT_ONE),
    ("select_multiple_external", FieldType.SELECT_MULTIPLE),
    ("select one external", FieldType.SELECT_ONE),
    ("select multiple external", FieldType.SELECT_MULTIPLE),
    ("select_one_from_file", FieldType.SELECT_ONE_FROM_FILE),
    ("select_multiple_from_file", FieldType.SELECT_MULTIPLE_FROM_FILE),
    ("select one from file", FieldType.SELECT_ONE_FROM_FILE),
    ("select multiple from file", FieldType.SELECT_MULTIPLE_FROM_FILE),
    ("select all that apply from", FieldType.SELECT_MULTIPLE),
    ("add select one prompt using", FieldType.SELECT_ONE),
    ("add select multiple prompt using", FieldType.SELECT_MULTIPLE),
    ("select one from", FieldType.SELECT_ONE),
    ("select all that apply", FieldType.SELECT_MULTIPLE),
    ("select_multiple", FieldType.SELECT_MULTIPLE),
    ("select multiple", FieldType.SELECT_MULTIPLE),
    ("select_one", FieldType.SELECT_ONE),
    ("select one", FieldType.SELECT_ONE),
    ("select1", FieldType.SELECT_ONE),
    ("rank", FieldType.RANK),
]
OTHER_SUFFIXES = (" or_other", " or specify other")
BEGIN = re.compile(r"^begin[ _](group|repeat|loop)(?:\s+over\s+(\S+))?$")
END = re.compile(r"^end[ _](group|repeat|loop)$")
CONTAINERS = {"group": FieldType.GROUP, "repeat": FieldType.REPEAT, "loop": FieldType.LOOP}

# Survey columns: canonical attribute -> the spellings seen in real forms.
SURVEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "type": ("type", "command"),
    "name": ("name", "value", "tag"),
    "label": ("label", "caption"),
    "hint": ("hint",),
    "required": ("required",),
    "required_message": ("required_message", "required message", "requiredmsg"),
    "constraint": ("constraint",),
    "constraint_message": (
        "constraint_message",
        "constraint message",
        "constraining_message",
        "jr:constraintmsg",
    ),
    "relevant": ("relevant", "relevance"),
    "calculation": ("calculation", "calculate"),
    "default": ("default",),
    "read_only": ("read_only", "readonly", "read only"),
    "carry": ("carry",),
    "appearance": ("appearance",),
    "choice_filter": ("choice_filter", "choice filter"),
    "parameters": ("parameters", "collector:parameters"),
    "repeat_count": ("repeat_count", "count", "jr:count", "repeat count"),
    "conflict_policy": ("conflict_policy", "conflict policy", "collector:conflict_policy"),
    "role": ("role", "collector:role"),
    "domain_type": ("collector:type",),
}
OWN_NAMESPACE = 'collector="urn:collector:xforms"'
"""The `namespaces` setting pyxform needs to carry `bind::collector:…` columns."""
PASSED_ON = {"bind", "instance", "body", "control"}
"""Column prefixes pyxform copies into the XForm as attributes of the bind, instance
node or body element; the program's own attributes travel in them (`bind::collector:type`)."""

# How the program's own types go out as a standard XLSForm: a `text` question whose
# constraint starts with what a regex can say of the type, the rest (check digit, region,
# age, a real division) being the program's to check; `bind::collector:type` brings the
# type back on loading. The patterns use only what Python, Java and JavaScript regex share.
DOMAIN_PATTERNS: dict[FieldType, str] = {
    FieldType.ID_NUMBER: (
        "^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]$"
    ),
    FieldType.MOBILE: "^((\\+|00)86)?[ -]*1[3-9]([ -]*[0-9]){9}$",
    FieldType.DIVISION: "^[0-9]{12}$",
}


def domain_constraint(ftype: FieldType, constraint: str) -> str:
    """The constraint a domain type is exported with: its regex, then the field's own."""
    check = f"regex(., '{DOMAIN_PATTERNS[ftype]}')"
    return f"{check} and ({constraint})" if constraint else check


def _undo_domain_constraint(ftype: FieldType, constraint: str) -> str:
    check = domain_constraint(ftype, "")
    if constraint == check:
        return ""
    if constraint.startswith(f"{check} and (") and constraint.endswith(")"):
        return constraint[len(check) + 6 : -1]
    return constraint


TRANSLATABLE = {"label", "hint", "required_message", "constraint_message"}
CHOICE_COLUMNS = {
    "list_name": ("list_name", "list name", "list"),
    "name": ("name", "value"),
    "label": ("label", "caption"),
}
MEDIA_COLUMNS = {"image", "big-image", "audio", "video", "media"}
SETTINGS_ALIASES = {
    "form_title": "title",
    "set_form_title": "title",
    "title": "title",
    "form_id": "id",
    "set_form_id": "id",
    "id_string": "id",
    "version": "version",
    "default_language": "default_language",
}
YES = {"yes", "true", "1", "true()", "y", "是"}
NO = {"no", "false", "0", "false()", "n", "否"}
KNOWN_LANGUAGES = {
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "简体中文": "zh",
    "english": "en",
    "英文": "en",
    "english (en)": "en",
    "french": "fr",
    "français": "fr",
    "spanish": "es",
    "español": "es",
    "portuguese": "pt",
    "arabic": "ar",
    "swahili": "sw",
}
LANGUAGE_NAMES = {"zh": "Chinese", "en": "English"}


SMART_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
EXPRESSION_COLUMNS = frozenset(
    {
        "required",
        "constraint",
        "relevant",
        "calculation",
        "default",
        "choice_filter",
        "repeat_count",
    }
)


def language_code(name: str) -> str:
    """`Chinese (zh)` -> zh, `English` -> en; an unknown name is kept as it is."""
    match = re.search(r"\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)\)\s*$", name)
    if match:
        return match.group(1).lower()
    return KNOWN_LANGUAGES.get(name.strip().lower(), name.strip())


def yes_no(value: str) -> bool | None:
    lowered = value.strip().lower()
    return True if lowered in YES else False if lowered in NO else None


def expression_or_flag(value: str) -> str:
    """`required` and friends: yes/true/1 -> "true()", no/false/0 -> "", else the expression."""
    flag = yes_no(value) if value else False
    return value if flag is None else "true()" if flag else ""


SHEETS_NAMED = 5
"""Sheet names a "no survey sheet" message lists; a wrong file may have hundreds."""


def load_xlsform(book: Workbook, problems: ProblemCollector) -> Form:
    file = Path(book.path).name
    for caught in book.warnings:
        row = int(re.sub(r"^[A-Z]+", "", caught.cell) or 0)
        column = re.sub(r"[0-9]+$", "", caught.cell)
        where = Location(file, caught.sheet, row, column)
        problems.warn(where, "form.reader_warning", detail=caught.detail)
    for sheet in book.sheets.values():
        for header, columns in sheet.duplicates.items():
            where = Location(file, sheet.name, sheet.header_row)
            problems.warn(
                where,
                "form.duplicate_columns",
                header=sheet.written.get(header, header),
                columns="、".join(columns),
                used=columns[-1],
            )
    settings = _read_settings(book.sheet("settings"))
    default_lang = language_code(settings.pop("default_language", "")) or "default"
    form = Form(
        id=settings.pop("id", "") or csv_pair_stem(book.path) or Path(book.path).stem,
        version=settings.pop("version", ""),
        default_language=default_lang,
        source=book.path,
    )
    title = settings.pop("title", "")
    if title:
        form.title = {default_lang: title}
    form.title.update(
        {
            language_code(k.split("::", 1)[1]): v
            for k, v in settings.items()
            if k.startswith("label::")
        }
    )
    form.settings = {k: v for k, v in settings.items() if not k.startswith("label::")}
    # The export declares the program's own namespace; it is no setting of the form.
    namespaces = form.settings.pop("namespaces", "").replace(OWN_NAMESPACE, "").strip()
    if namespaces:
        form.settings["namespaces"] = namespaces
    survey = book.sheet("survey")
    if survey is None:
        if len(book.sheets) == 1:  # pyxform reads a lone unnamed sheet as the survey
            survey = next(iter(book.sheets.values()))
        else:
            found = [s.name for s in book.sheets.values()]
            names = "、".join(found[:SHEETS_NAMED]) + ("、…" if len(found) > SHEETS_NAMED else "")
            problems.add(Location(file), "form.not_a_form", sheets=names or "-")
            return form
    reader = _SurveyReader(file, survey, default_lang, problems)
    form.fields = reader.read()
    form.choices = _read_choices(file, book.sheet("choices"), default_lang, settings, problems)
    external = _read_choices(file, book.sheet("external_choices"), default_lang, settings, problems)
    for name, choice_list in external.items():
        if name in form.choices:
            # pyxform takes it (itemsets.csv for the external selects, the choices sheet
            # for the rest); one list per name here, so the author hears which one counts.
            problems.warn(choice_list.location, "form.external_list_twice", list=name)
        else:
            form.choices[name] = choice_list
    return form


def _canonical_columns(
    sheet: Sheet, spellings: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, str]]:
    """Header as written -> (canonical attribute, language or "")."""
    lookup = {s: attr for attr, names in spellings.items() for s in names}
    result = {}
    for header in sheet.headers:
        base, _, lang = header.partition("::")
        if base in PASSED_ON and lang:
            # pyxform's `bind::x` / `instance::x`: the attribute x written as it stands.
            base, lang = lang.strip().lower(), ""
        base = re.sub(r"^(bind|control|body)\s*:\s*", "", base).strip()
        attr = lookup.get(base)
        if attr:
            result[header] = (attr, lang)
    return result


class _SurveyReader:
    def __init__(self, file: str, sheet: Sheet, default_lang: str, problems: ProblemCollector):
        self.file = file
        self.sheet = sheet
        self.default_lang = default_lang
        self.problems = problems
        self.columns = _canonical_columns(sheet, SURVEY_COLUMNS)

    def where(self, row: Row, attribute: str = "") -> Location:
        column = next(
            (self.sheet.columns[h] for h, (a, _) in self.columns.items() if a == attribute), ""
        )
        return Location(self.file, self.sheet.name, row.number, column)

    def read(self) -> list[Field]:
        found = {attr for attr, _ in self.columns.values()}
        for required in ("type", "name"):
            if required not in found:
                self.problems.add(
                    Location(self.file, self.sheet.name, self.sheet.header_row),
                    "form.missing_column",
                    column=required,
                )
        if "type" not in found:
            return []
        root: list[Field] = []
        stack: list[tuple[Field, Row, list[Field]]] = []
        for row in self.sheet.rows:
            values = self._values(row)
            raw_type = re.sub(r"\s+", " ", values.get("type", "").strip())
            if not raw_type:
                if values.get("name"):
                    name = values["name"]
                    self.problems.add(self.where(row, "type"), "form.missing_type", name=name)
                elif row.cells:
                    # A stray `required` left in a blank row: pyxform skips it too.
                    columns = "、".join(self.sheet.columns.get(h, h) for h in row.cells)
                    where = Location(self.file, self.sheet.name, row.number)
                    self.problems.warn(where, "form.row_without_type", columns=columns)
                continue
            siblings = stack[-1][2] if stack else root
            end = END.match(raw_type.lower())
            if end or (raw_type.lower() == "end" and stack and "name" not in values):
                self._close(row, raw_type, end.group(1) if end else "", stack)
                continue
            f = self._field(row, raw_type, values)
            if f is None:
                continue
            siblings.append(f)
            if f.is_container:
                stack.append((f, row, f.children))
        for f, row, _ in stack:
            self.problems.add(self.where(row, "type"), "form.unclosed_group", name=f.name)
        return root

    def _close(self, row: Row, raw_type: str, kind: str, stack: list) -> None:
        if not stack:
            self.problems.add(self.where(row, "type"), "form.unmatched_end", type=raw_type)
            return
        f, begin_row, _ = stack[-1]
        if kind and CONTAINERS[kind] != f.type:
            self.problems.add(
                self.where(row, "type"),
                "form.mismatched_end",
                type=raw_type,
                name=f.name,
                begin_row=begin_row.number,
            )
        # Closed either way, so that one wrong `end` does not also report an unclosed group.
        stack.pop()

    def _values(self, row: Row) -> dict[str, str]:
        values: dict[str, str] = {}
        for header, text in row.cells.items():
            attr, _lang = self.columns.get(header, ("", ""))
            if attr in EXPRESSION_COLUMNS:
                # Excel turns typed quotes into curly ones; pyxform folds them back too.
                values[attr] = text.translate(SMART_QUOTES)
            elif attr and attr not in TRANSLATABLE:
                values[attr] = text
        return values

    def _texts(self, row: Row, attribute: str) -> Texts:
        texts: Texts = {}
        for header, text in row.cells.items():
            attr, lang = self.columns.get(header, ("", ""))
            if attr == attribute:
                texts[language_code(lang) if lang else self.default_lang] = text
        return texts

    def _field(self, row: Row, raw_type: str, values: dict[str, str]) -> Field | None:
        parsed = self._parse_type(row, raw_type)
        if parsed is None:
            self.problems.unusable_names.add(values.get("name", "").strip())
            return None
        ftype, choices, or_other = parsed
        name = values.get("name", "").strip()
        if not name and ftype == FieldType.NOTE:
            name = f"_note_{row.number}"  # pyxform takes unnamed notes; they hold no answer
        if not name:
            self.problems.add(self.where(row, "name"), "form.missing_name", type=raw_type)
            return None
        f = Field(
            name=name,
            type=ftype,
            label=self._texts(row, "label"),
            hint=self._texts(row, "hint"),
            required_message=self._texts(row, "required_message"),
            constraint_message=self._texts(row, "constraint_message"),
            constraint=values.get("constraint", ""),
            relevant=values.get("relevant", ""),
            calculation=values.get("calculation", ""),
            default=values.get("default", ""),
            appearance=values.get("appearance", ""),
            choices=choices,
            or_other=or_other,
            choice_filter=values.get("choice_filter", ""),
            repeat_count=values.get("repeat_count", ""),
            location=Location(self.file, self.sheet.name, row.number),
            columns={attr: self.where(row, attr).column for attr in SURVEY_COLUMNS},
        )
        f.required = expression_or_flag(values.get("required", ""))
        read_only = values.get("read_only", "")
        if read_only:
            f.read_only = yes_no(read_only) is not False
        f.carry = yes_no(values.get("carry", "")) is True
        f.parameters = self._parameters(row, values.get("parameters", ""))
        f.conflict_policy = self._policy(row, values.get("conflict_policy", ""))
        f.role = values.get("role", "").strip()
        domain = values.get("domain_type", "").strip().lower()
        if domain:
            self._domain_type(f, row, domain)
        return f

    def _parse_type(self, row: Row, raw_type: str) -> tuple[FieldType, str, bool] | None:
        lowered = raw_type.lower()
        begin = BEGIN.match(lowered)
        if begin:
            list_name = raw_type.split()[-1] if begin.group(2) else ""
            return CONTAINERS[begin.group(1)], list_name, False
        for prefix, ftype in SELECT_PREFIXES:
            if lowered == prefix or lowered.startswith(prefix + " "):
                rest = " " + raw_type[len(prefix) :].strip()
                suffix = next((s for s in OTHER_SUFFIXES if rest.lower().endswith(s)), "")
                list_name = rest[: len(rest) - len(suffix)].strip()
                if not list_name:
                    self.problems.add(
                        self.where(row, "type"), "form.missing_list_name", type=raw_type
                    )
                    return None
                return ftype, list_name, bool(suffix)
        if lowered.startswith("osm "):
            return FieldType.FILE, "", False  # ODK's OpenStreetMap question: a file answer
        ftype = TYPE_ALIASES.get(lowered)
        if ftype is None or ftype in (FieldType.GROUP, FieldType.REPEAT, FieldType.LOOP):
            self.problems.add(self.where(row, "type"), "form.unknown_type", type=raw_type)
            return None
        return ftype, "", False

    def _domain_type(self, f: Field, row: Row, domain: str) -> None:
        ftype = next((t for t in DOMAIN_PATTERNS if t.value == domain), None)
        if ftype is None or f.type != FieldType.TEXT:
            self.problems.add(self.where(row, "domain_type"), "form.unknown_type", type=domain)
            return
        f.type = ftype
        f.constraint = _undo_domain_constraint(ftype, f.constraint)

    def _parameters(self, row: Row, value: str) -> dict[str, str]:
        if not value:
            return {}
        pairs = re.split(r"[\s;,]+", value.strip())
        result = {}
        for pair in pairs:
            key, sep, val = pair.partition("=")
            if not sep or not key:
                self.problems.add(self.where(row, "parameters"), "form.bad_parameters", value=value)
                return {}
            result[key.strip().lower()] = val.strip()
        return result

    def _policy(self, row: Row, value: str) -> ConflictPolicy:
        if not value:
            return ConflictPolicy.MANUAL
        try:
            return ConflictPolicy(value.strip().lower())
        except ValueError:
            self.problems.add(self.where(row, "conflict_policy"), "form.bad_policy", value=value)
            return ConflictPolicy.MANUAL


def _read_settings(sheet: Sheet | None) -> dict[str, str]:
    if sheet is None or not sheet.rows:
        return {}
    settings: dict[str, str] = {}
    for header, value in sheet.rows[0].cells.items():
        base, sep, lang = header.partition("::")
        key = SETTINGS_ALIASES.get(base, base)
        settings[f"{key}::{lang}" if sep else key] = value
    return settings


def _read_choices(
    file: str,
    sheet: Sheet | None,
    default_lang: str,
    settings: dict[str, str],
    problems: ProblemCollector,
) -> dict[str, ChoiceList]:
    if sheet is None:
        return {}
    columns = _canonical_columns(sheet, CHOICE_COLUMNS)
    allow_duplicates = yes_no(settings.get("allow_choice_duplicates", "")) is True
    name_column = next((sheet.columns[h] for h, (a, _) in columns.items() if a == "name"), "")
    lists: dict[str, ChoiceList] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in sheet.rows:
        list_name, name, label, extra = "", "", {}, {}
        for header, text in row.cells.items():
            attr, lang = columns.get(header, ("", ""))
            if attr == "list_name":
                list_name = text
            elif attr == "name":
                name = text
            elif attr == "label":
                label[language_code(lang) if lang else default_lang] = text
            elif header.partition("::")[0] not in MEDIA_COLUMNS:
                extra[sheet.written.get(header, header)] = text
        if not list_name:
            continue
        where = Location(file, sheet.name, row.number, name_column)
        choice_list = lists.setdefault(list_name, ChoiceList(list_name, location=where))
        if not name:
            problems.add(where, "form.choice_missing_name", list=list_name)
            continue
        if (list_name, name) in seen and not allow_duplicates:
            problems.add(where, "form.duplicate_choice", list=list_name, name=name)
            continue
        seen[(list_name, name)] = row.number
        choice_list.choices.append(Choice(name, label, extra))
    return lists
