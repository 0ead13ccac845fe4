"""The one in-memory model of a form, whatever file it was loaded from.

Typed dataclasses with one canonical name per question type (pyxform keeps loose dicts
with synonyms; the synonyms live only in the XLSForm loader here). Expressions are kept as
text in the model, so that two loaders can be compared for equality and the model can be
written back to a file; their compiled form is attached by `forms.compile`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from collector.messages import get_language

Texts = dict[str, str]
"""Text in several languages: language code ("zh", "en", ...) -> text."""


def pick_text(texts: Texts, lang: str | None = None) -> str:
    """The text in the asked (or current) language, else in the first language there is."""
    return texts.get(lang or get_language()) or next(iter(texts.values()), "")


class FieldType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    DECIMAL = "decimal"
    DATE = "date"
    DATETIME = "datetime"
    TIME = "time"
    SELECT_ONE = "select_one"
    SELECT_MULTIPLE = "select_multiple"
    SELECT_ONE_FROM_FILE = "select_one_from_file"
    SELECT_MULTIPLE_FROM_FILE = "select_multiple_from_file"
    RANK = "rank"
    NOTE = "note"
    CALCULATE = "calculate"
    ACKNOWLEDGE = "acknowledge"
    RANGE = "range"
    # Domain types of this program: checked beyond what an XLSForm constraint can say.
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    DIVISION = "division"
    # Types real forms carry that a laptop survey stores as text or leaves empty.
    GEOPOINT = "geopoint"
    GEOTRACE = "geotrace"
    GEOSHAPE = "geoshape"
    BARCODE = "barcode"
    IMAGE = "image"
    AUDIO = "audio"
    VIDEO = "video"
    FILE = "file"
    HIDDEN = "hidden"
    TRIGGER = "trigger"
    # Metadata the device fills in.
    START = "start"
    END = "end"
    TODAY = "today"
    DEVICEID = "deviceid"
    SUBSCRIBERID = "subscriberid"
    SIMSERIAL = "simserial"
    PHONENUMBER = "phonenumber"
    USERNAME = "username"
    EMAIL = "email"
    AUDIT = "audit"
    START_GEOPOINT = "start-geopoint"
    BACKGROUND_AUDIO = "background-audio"
    # Structure.
    GROUP = "group"
    REPEAT = "repeat"
    LOOP = "loop"
    """pyxform's `begin loop over LIST`: the group once per choice of LIST."""


SELECT_TYPES = frozenset(
    {
        FieldType.SELECT_ONE,
        FieldType.SELECT_MULTIPLE,
        FieldType.SELECT_ONE_FROM_FILE,
        FieldType.SELECT_MULTIPLE_FROM_FILE,
        FieldType.RANK,
    }
)
MULTI_SELECT_TYPES = frozenset(
    {FieldType.SELECT_MULTIPLE, FieldType.SELECT_MULTIPLE_FROM_FILE, FieldType.RANK}
)
FROM_FILE_TYPES = frozenset({FieldType.SELECT_ONE_FROM_FILE, FieldType.SELECT_MULTIPLE_FROM_FILE})
CONTAINER_TYPES = frozenset({FieldType.GROUP, FieldType.REPEAT, FieldType.LOOP})
NO_ANSWER_TYPES = frozenset({FieldType.NOTE, *CONTAINER_TYPES})


class ConflictPolicy(StrEnum):
    """What sync does when both sides changed a field since their common ancestor."""

    MANUAL = "manual"
    LATEST = "latest"
    SERVER = "server"
    CLIENT = "client"
    UNION = "union"


@dataclass(frozen=True)
class Location:
    """Where something was defined: file, sheet, row and column, for error messages."""

    file: str = ""
    sheet: str = ""
    row: int = 0
    column: str = ""

    def describe(self, lang: str | None = None) -> str:
        zh = (lang or get_language()) != "en"
        parts = [self.file] if self.file else []
        if self.sheet:
            parts.append(f"工作表 {self.sheet}" if zh else f"sheet {self.sheet}")
        if self.row:
            parts.append(f"第 {self.row} 行" if zh else f"row {self.row}")
        if self.column:
            parts.append(f"{self.column} 列" if zh else f"column {self.column}")
        return ("，" if zh else ", ").join(parts)


@dataclass
class Field:
    name: str
    type: FieldType
    label: Texts = field(default_factory=dict)
    hint: Texts = field(default_factory=dict)
    required: str = ""
    """Empty (optional), "true()" (always required) or an expression."""
    required_message: Texts = field(default_factory=dict)
    constraint: str = ""
    constraint_message: Texts = field(default_factory=dict)
    relevant: str = ""
    calculation: str = ""
    default: str = ""
    read_only: bool = False
    carry: bool = False
    """The next record of the same household starts with this answer (village, surveyor)."""
    appearance: str = ""
    choices: str = ""
    """The choice list of a select or loop; for *_from_file types, the file name."""
    or_other: bool = False
    choice_filter: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    repeat_count: str = ""
    conflict_policy: ConflictPolicy = ConflictPolicy.MANUAL
    role: str = ""
    """What the field means to the program's reports and imports (forms.roles.Role)."""
    children: list[Field] = field(default_factory=list)
    location: Location = field(default_factory=Location, compare=False, repr=False)
    columns: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Attribute -> the column (or key) it was read from, to point errors at the cell."""
    key: str = field(default="", compare=False, repr=False)
    """Where a record keeps this field's answer: its name, or, when the name stands more
    than once in the form (names need only be unique within their group, as in pyxform),
    its group path (`section_b/note`). Set by `forms.compile`."""

    def __post_init__(self) -> None:
        self.key = self.key or self.name

    def where(self, attribute: str = "") -> Location:
        return replace(self.location, column=self.columns.get(attribute, ""))

    @property
    def is_container(self) -> bool:
        return self.type in CONTAINER_TYPES

    @property
    def is_select(self) -> bool:
        return self.type in SELECT_TYPES

    @property
    def is_multi_select(self) -> bool:
        return self.type in MULTI_SELECT_TYPES

    @property
    def holds_answer(self) -> bool:
        return self.type not in NO_ANSWER_TYPES


@dataclass
class Choice:
    name: str
    label: Texts = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    """Further columns, such as the ones a choice_filter reads (e.g. township)."""

    def as_item(self, lang: str | None = None) -> dict[str, str]:
        return {**self.extra, "name": self.name, "label": pick_text(self.label, lang) or self.name}


@dataclass
class ChoiceList:
    name: str
    choices: list[Choice] = field(default_factory=list)
    location: Location = field(default_factory=Location, compare=False, repr=False)

    def names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.choices)


@dataclass
class Form:
    id: str
    version: str = ""
    title: Texts = field(default_factory=dict)
    default_language: str = "zh"
    fields: list[Field] = field(default_factory=list)
    choices: dict[str, ChoiceList] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    """Other settings, kept so that an export writes them back."""
    source: str = field(default="", compare=False)
    choice_files: dict[str, ChoiceList] = field(default_factory=dict, compare=False, repr=False)
    """Lists of select_*_from_file questions, read from files next to the form."""
    warnings: list[Any] = field(default_factory=list, compare=False, repr=False)
    """Problems the form can be used with (FormProblem), such as a missing choice file."""
    compiled: Any = field(default=None, compare=False, repr=False)
    """The compiled form (collector.forms.compile.CompiledForm), set by the loaders."""

    def walk(self) -> Iterator[Field]:
        """Every field, groups and repeats included, in form order."""
        stack = list(reversed(self.fields))
        while stack:
            f = stack.pop()
            yield f
            stack.extend(reversed(f.children))

    def field(self, key: str) -> Field:
        """The field whose answers a record keeps under `key` (its name, if unique)."""
        for f in self.walk():
            if f.key == key:
                return f
        raise KeyError(key)

    def languages(self) -> list[str]:
        found: dict[str, None] = {}
        for texts in [self.title, *(f.label for f in self.walk())]:
            found.update(dict.fromkeys(texts))
        return list(found)

    def choice_list(self, f: Field) -> ChoiceList | None:
        if f.type in FROM_FILE_TYPES:
            return self.choice_files.get(f.choices)
        return self.choices.get(f.choices)

    def title_text(self, lang: str | None = None) -> str:
        return pick_text(self.title, lang) or self.id
