"""What `collector app` imports before its first window: none of the libraries that take
a quarter of a second or more and that only other commands need (bench/startup.py has the
figures; each of these once made the start miss its 2 s target)."""

from __future__ import annotations

import subprocess
import sys

SLOW = ("pandas", "matplotlib", "numpy", "openpyxl", "pypinyin", "fastapi", "uvicorn")


def test_the_desktop_program_starts_without_the_slow_libraries():
    program = (
        "import sys; import collector.cli, collector.ui.app, collector.ui.sync, "
        "collector.ui.startup; "
        f"print(' '.join(m for m in {SLOW!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []
