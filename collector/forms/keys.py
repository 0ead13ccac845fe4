"""Where a form keeps the answers that identify a record: village, name, ID number, phone.

The laptop's store indexes them for its list and search, and the county server for its
lists and duplicate checks; both read them from the form the same way: the `name_field`
and `village_field` settings, else the fields with those roles (forms.roles), where the
first field of type id_number and mobile plays the ID number and phone by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from collector.forms.model import Form
from collector.forms.roles import Role, roles_of
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
        roles = roles_of(form)
        return cls(
            village=form.settings.get("village_field") or roles.key(Role.VILLAGE) or "village",
            name=form.settings.get("name_field") or roles.key(Role.PERSON_NAME) or "full_name",
            id_number=roles.key(Role.ID_NUMBER),
            phone=roles.key(Role.PHONE),
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
