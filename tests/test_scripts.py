"""The set-up scripts as a developer switches between them: each extra is installed once,
and a second run asks neither pip nor apt for anything."""

from __future__ import annotations

import subprocess

from conftest import ROOT


def script(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / name), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_switching_scripts_installs_nothing_again():
    for _ in range(2):  # the first round may install the server extra, once
        run = script("run.sh", "--version")
        assert run.returncode == 0, run.stderr
        tests = script("test.sh", "--version")  # pytest's version after ruff: no tests
        assert tests.returncode == 0, tests.stderr
    assert run.stdout.startswith("collector ")
    for done in (run, tests):
        assert "Setting up .venv" not in done.stderr
        assert "Installing system packages" not in done.stderr
    stamps = {path.name.rsplit("-", 1)[1] for path in (ROOT / ".venv").glob(".installed-*")}
    assert {"server", "dev"} <= stamps
