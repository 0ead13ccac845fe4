"""`collector --self-check` from source: every step runs and is reported, and a broken
installation (no shipped forms) fails with the step named and exit code 1."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collector.cli import main, selfcheck


def test_self_check_passes_and_says_what_it_checked(qapp, capsys):
    assert main(["--self-check"]) == 0
    out = capsys.readouterr().out
    for said in ("加密数据", "outmigrant_labour", "enterprise_demand", "主窗口", "自检通过"):
        assert said in out
    assert "自检失败" not in out


def test_self_check_in_english(qapp, capsys):
    assert main(["--lang", "en", "--self-check"]) == 0
    out = capsys.readouterr().out
    assert "Encrypted store" in out and "Self-check passed" in out


def test_an_installation_without_its_forms_fails_the_check(qapp, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(selfcheck, "install_root", lambda: tmp_path)
    assert main(["--self-check"]) == 1
    out = capsys.readouterr().out
    assert "自检失败：store" in out
    assert "自检通过" not in out


def test_the_screen_plugin_users_get_loads_with_its_system_libraries(qapp, capsys):
    """Offscreen, as here, the window never loads xcb: this step does. It fails on a
    machine without libxcb-icccm4, libxcb-keysyms1 and the rest that scripts/_venv.sh
    installs, naming the missing library."""
    assert main(["--lang", "en", "--self-check"]) == 0
    out = capsys.readouterr().out
    assert "Screen plugin: qxcb and the system libraries it needs load" in out


def test_a_screen_plugin_that_cannot_load_fails_the_check(qapp, capsys, monkeypatch, tmp_path):
    from PySide6.QtCore import QCoreApplication

    (tmp_path / "platforms").mkdir()
    (tmp_path / "platforms" / "libqbroken.so").write_bytes(b"\x7fELF cut short by a bad copy")
    monkeypatch.setitem(selfcheck.SCREEN_PLUGINS, sys.platform, "qbroken")
    QCoreApplication.addLibraryPath(str(tmp_path))
    try:
        assert main(["--lang", "en", "--self-check"]) == 1
    finally:
        QCoreApplication.removeLibraryPath(str(tmp_path))
    out = capsys.readouterr().out
    assert "Self-check failed: platform: RuntimeError: " in out
    assert "libqbroken.so' is not a valid ELF object" in out and "passed" not in out
    monkeypatch.setitem(selfcheck.SCREEN_PLUGINS, sys.platform, "qgone")
    assert main(["--lang", "en", "--self-check"]) == 1
    assert "qgone is in none of" in capsys.readouterr().out
