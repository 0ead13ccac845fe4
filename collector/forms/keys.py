"""Where a form keeps the answers that identify a record: village, name, ID number, phone.

The laptop's store indexes them for its list and search, and the county server for its
lists and duplicate checks; both read them from the form the same way (the `name_field`
and `village_field` settings, the first field of type id_number and mobile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collector.forms.model import FieldType, Form
from collector.names import name_keys


@dataclass
class FormKeys:
    """Where a form keeps what the store indexes: village, name, ID number, phone."""

    village: str
    name: str
    id_number: str | None
    phone: str | None

    @classmethod
    def of(cls, form: Form) -> FormKeys:
        by_type = {f.type: f.name for f in reversed(list(form.walk()))}
        return cls(
            village=form.settings.get("village_field", "village"),
            name=form.settings.get("name_field", "full_name"),
            id_number=by_type.get(FieldType.ID_NUMBER),
            phone=by_type.get(FieldType.MOBILE),
        )

    def identity(self, data: dict[str, Any]) -> tuple[str, str]:
        """(name, ID number) of a record."""
        number = str(data.get(self.id_number) or "") if self.id_number else ""
        return str(data.get(self.name) or ""), number

    def columns(self, data: dict[str, Any]) -> dict[str, str]:
        """The store's columns for finding a record: name, pinyin keys, ID and phone."""
        name = str(data.get(self.name) or "")
        initials, full = name_keys(name) if name else ("", "")
        return {
            "full_name": name,
            "id_number": str(data.get(self.id_number) or "") if self.id_number else "",
            "phone": str(data.get(self.phone) or "") if self.phone else "",
            "name_initials": f"|{initials}|" if initials else "",
            "name_pinyin": full,
        }
