"""Translations: every widget text of collector/ui is in the .ts file with its English, and
the shipped .qm is built from that .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from collector.ui.i18n import I18N_DIR

TS = I18N_DIR / "collector_en.ts"
QM = I18N_DIR / "collector_en.qm"
BIN = Path(sys.executable).parent
UI = Path(__file__).resolve().parent.parent / "collector" / "ui"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_every_text_has_its_english():
    messages = list(ET.parse(TS).iter("message"))
    assert len(messages) > 50
    untranslated = [
        m.find("source").text
        for m in messages
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
        or not m.find("translation").text
    ]
    assert untranslated == []


def test_ts_holds_every_text_of_the_sources(tmp_path):
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in UI.glob("*.py"))
    result = subprocess.run(
        [tool("pyside6-lupdate"), *sources, "-ts", str(copy)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in result.stdout, result.stdout


def test_qm_is_built_from_the_ts(tmp_path):
    built = tmp_path / QM.name
    subprocess.run(
        [tool("pyside6-lrelease"), str(TS), "-qm", str(built)], capture_output=True, check=True
    )
    assert built.read_bytes() == QM.read_bytes()
