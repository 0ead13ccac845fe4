"""The provisioning file county IT makes on the server for one office PC
(`collector-server provision`) and the first-run wizard imports without a network.

A JSON file, versioned by its `format`:

    {"format": "collector-provision/1", "created_at": "...",
     "server": "https://county.example/" or null,
     "ca_certificate": "-----BEGIN CERTIFICATE-----..." or null,
     "account": "...", "role": "village", "division": "341524100201",
     "forms": ["<text definition>", ...],
     "divisions": [{"code", "name", "parent", "level"}, ...]}

It holds no password: the account's password stays on the server, and the local password
that encrypts the store is chosen on the PC. Reading checks everything a store would need
(the role, the division code, each form compiled) so that a damaged or foreign file is
refused before any store is made, with a message that says which.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from collector.forms import COUNTY_DIVISIONS, FormError, form_from_definition
from collector.forms.model import Form
from collector.workflow import Role

FORMAT = "collector-provision/1"
CA_FILE = "ca-certificate.pem"
"""Where the county's CA certificate is kept in the data folder (its path is a setting)."""
DIVISIONS_FILE = COUNTY_DIVISIONS
"""The county's division list from the server, in the layout of the forms' choice files;
the survey form takes it in place of the demo county's (ui.session.survey_form)."""
PEM_BEGIN = "-----BEGIN CERTIFICATE-----"
DIVISION_LENGTHS = (2, 4, 6, 9, 12)


class ProvisionError(Exception):
    """A provisioning file that cannot be used; `code` names the message."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Provision:
    account: str
    role: str
    division: str
    server: str | None = None
    ca_certificate: str | None = None
    forms: list[str] = field(default_factory=list)
    divisions: list[dict[str, str]] = field(default_factory=list)

    def compiled_forms(self) -> list[Form]:
        return [form_from_definition(text) for text in self.forms]

    def divisions_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "name", "parent_code", "level"])
        for row in self.divisions:
            writer.writerow([row["code"], row["name"], row.get("parent") or "", row["level"]])
        return out.getvalue()


def write_provision(provision: Provision, path: Path) -> None:
    """Write the file whole or not at all (beside its name, then renamed)."""
    path = Path(path)
    data = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **asdict(provision),
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(partial, path)


def read_provision(path: Path) -> Provision:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ProvisionError("provision.foreign", path=str(path)) from None
    except ValueError as err:
        raise ProvisionError("provision.damaged", path=str(path), detail=str(err)) from None
    if not isinstance(data, dict) or not str(data.get("format", "")).startswith(
        "collector-provision/"
    ):
        raise ProvisionError("provision.foreign", path=str(path))
    if data["format"] != FORMAT:
        raise ProvisionError("provision.newer", path=str(path), format=data["format"])

    def damaged(detail: str) -> ProvisionError:
        return ProvisionError("provision.damaged", path=str(path), detail=detail)

    text_fields = {"account": str, "role": str, "division": str, "forms": list, "divisions": list}
    for name, kind in text_fields.items():
        if not isinstance(data.get(name), kind) or not data[name]:
            raise damaged(name)
    for name in ("server", "ca_certificate"):
        if data.get(name) is not None and not isinstance(data[name], str):
            raise damaged(name)
    if data["role"] not in {role.value for role in Role}:
        raise damaged(f"role '{data['role']}'")
    if not _division_code(data["division"]):
        raise damaged(f"division '{data['division']}'")
    if data.get("ca_certificate") and PEM_BEGIN not in data["ca_certificate"]:
        raise damaged("ca_certificate")
    for row in data["divisions"]:
        if not isinstance(row, dict) or not _division_code(row.get("code")) or not row.get("name"):
            raise damaged(f"divisions: {row!r:.60}")
    provision = Provision(
        account=data["account"],
        role=data["role"],
        division=data["division"],
        server=data.get("server"),
        ca_certificate=data.get("ca_certificate"),
        forms=[str(text) for text in data["forms"]],
        divisions=[{k: str(row.get(k) or "") for k in ("code", "name", "parent", "level")}
                   for row in data["divisions"]],
    )  # fmt: skip
    try:
        provision.compiled_forms()
    except FormError as err:
        raise ProvisionError("provision.bad_form", path=str(path), detail=err.text()) from None
    return provision


def _division_code(code: object) -> bool:
    return isinstance(code, str) and code.isdigit() and len(code) in DIVISION_LENGTHS
