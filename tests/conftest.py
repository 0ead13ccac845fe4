from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from postgres import NoPostgres, cluster

from collector import logs
from collector.forms import load_form
from collector.messages import set_language

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FORMS = ROOT / "forms"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def chinese_messages():
    """Every test starts in the default language and leaves it so."""
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture(scope="session")
def survey_form():
    return load_form(FORMS / "outmigrant_labour.yaml")


@pytest.fixture(scope="session")
def enterprise_form():
    return load_form(FORMS / "enterprise_demand.yaml")


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    """A workbook with the given sheets, rows as lists (first row the headers)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away PostgreSQL database. In CI it must start; elsewhere its absence skips
    the tests that need it, with the reason printed in the summary."""
    try:
        with cluster() as url:
            yield url
    except NoPostgres as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must run in CI: {err}")
        pytest.skip(f"PostgreSQL is not available here: {err}")


@pytest.fixture
def log_file(tmp_path, monkeypatch):
    """The program's log, in a folder of the test's own; the file's path."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    root = logging.getLogger()
    level = root.level
    path = logs.setup_logging(tmp_path / "logs")
    yield path
    root.removeHandler(logs._handler)
    logs._handler.close()
    root.setLevel(level)
