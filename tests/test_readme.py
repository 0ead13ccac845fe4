"""README's command-line examples run as written, on the files in examples/, in real
processes: a newcomer's first commands must not fail on a missing file or a wrong option.
`./scripts/run.sh` is the installed `collector` here (the script only sets it up)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess

from conftest import ROOT

NEEDS_A_SERVER = ("sync", "bundle import")


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Run it\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [
        line.split("  #", 1)[0].strip()
        for block in blocks
        for line in block.splitlines()
        if line.startswith("./scripts/run.sh ")
    ]


def test_readme_examples_run_as_written(tmp_path):
    commands = readme_commands()
    assert len(commands) >= 12  # the section was found and read
    for folder in ("forms", "examples"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = os.environ | {
        "HOME": str(tmp_path),
        "COLLECTOR_PASSWORD": "example-password",
        "COLLECTOR_BUNDLE_PASSWORD": "bundle-password",
    }
    collector = shlex.quote(str(ROOT / ".venv" / "bin" / "collector"))
    ran = 0
    for line in commands:
        words = shlex.split(line)[1:]
        if " ".join(words[:2]).startswith(NEEDS_A_SERVER):
            continue
        done = subprocess.run(
            ["bash", "-c", line.replace("./scripts/run.sh", collector, 1)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        # The examples hold mistakes to show: validate and the import's preview say so.
        preview = words[0] == "import" and "--yes" not in words
        expected = 1 if words[0] == "validate" or preview else 0
        assert done.returncode == expected, (line, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr, line
        if words[:2] == ["records", "list"]:
            assert "胡梅海" in done.stdout  # imported from the example ledger, found by pinyin
        ran += 1
    assert ran >= 10
    store = tmp_path / "采集数据"
    assert (store / "collector.db").exists() and (tmp_path / "新文件夹" / "collector.db").exists()
    assert (tmp_path / "报告.pdf").stat().st_size > 10_000
    assert (tmp_path / "台账.xlsx").exists() and (tmp_path / "梅山村.bundle").exists()
