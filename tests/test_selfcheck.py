"""`collector --self-check` from source: every step runs and is reported, and a broken
installation (no shipped forms) fails with the step named and exit code 1."""

from __future__ import annotations

import os

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
