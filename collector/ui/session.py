"""What every screen shares once the store is unlocked: the store, the form and the user."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from collector.forms import COUNTY_DIVISIONS, division_names, load_form
from collector.forms.model import Form, pick_text
from collector.paths import install_root
from collector.storage.settings import USER_DIVISION, USER_NAME, USER_ROLE
from collector.storage.store import Store
from collector.workflow import Role

SURVEY_FORM = install_root() / "forms" / "outmigrant_labour.yaml"


@dataclass
class Session:
    data_dir: Path
    form: Form
    store: Store | None = None
    user: str = ""
    role: Role = Role.VILLAGE
    division: str = ""

    def attach(self, store: Store) -> None:
        """Take an unlocked store and read who works with it."""
        self.store = store
        self.user = store.setting(USER_NAME, "") or ""
        self.role = Role(store.setting(USER_ROLE, Role.VILLAGE.value))
        self.division = store.setting(USER_DIVISION, "") or ""

    def detach(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @cached_property
    def division_names(self) -> dict[str, str]:
        """Division code -> name, from the county's list the form uses."""
        return division_names(self.form)

    def division_name(self, code: str) -> str:
        return self.division_names.get(code, code)

    def villages(self) -> list[tuple[str, str]]:
        """(code, name) of the villages this user works on: the own one, those of the own
        township, or the whole county's."""
        division = self.division
        return [
            (code, name)
            for code, name in self.divisions_of_level("village")
            if code.startswith(division[:9] if len(division) >= 9 else division)
        ]

    def divisions_of_level(self, level: str) -> list[tuple[str, str]]:
        divisions = self.form.choice_files.get(COUNTY_DIVISIONS)
        if divisions is None:
            return []
        return [
            (c.name, pick_text(c.label)) for c in divisions.choices if c.extra.get("level") == level
        ]


def survey_form(data_dir: Path | None = None) -> Form:
    """The shipped survey form, with the county's own division list when the data folder
    holds one (a PC set up from a provisioning file), else the demo county's."""
    county = Path(data_dir) / COUNTY_DIVISIONS if data_dir is not None else None
    if county is not None and county.exists():
        return load_form(SURVEY_FORM, choice_files={COUNTY_DIVISIONS: county})
    return load_form(SURVEY_FORM)
