"""The layers point one way (docs/architecture.md): every module under collector/ is read
(its source, not imported: a lazy import inside a function counts as much as one at the
top) and each import is checked against the layer the module belongs to."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "collector"

# A layer is a subpackage of collector/; every other module is the core. Each layer may
# import the ones named here and itself, nothing else of collector.
MAY_IMPORT = {
    "core": {"core"},
    "storage": {"core"},
    "ledger": {"core", "storage"},
    "reports": {"core", "storage", "ledger"},
    "sync": {"core", "storage"},
    "server": {"core", "storage"},
    "ui": {"core", "storage", "ledger", "reports", "sync"},
    "cli": {"core", "storage", "ledger", "reports", "sync", "server", "ui"},
}

# Frameworks and drivers, and the only layers that may use them.
FRAMEWORKS = {
    "PySide6": {"ui", "cli"},  # cli: the self-check opens the window off screen
    "shiboken6": {"ui", "cli"},
    "fastapi": {"server"},
    "starlette": {"server"},
    "uvicorn": {"server", "cli"},  # cli: the demo runs a county server
    "sqlalchemy": {"storage", "server"},
    "sqlcipher3": {"storage"},
    "psycopg": {"server"},
}


def layer_of(module: str) -> str:
    """collector.storage.replica -> storage; collector.workflow -> core."""
    parts = module.split(".")
    if parts[:2] == ["collector", "__main__"]:
        return "cli"
    if len(parts) > 1 and parts[1] in MAY_IMPORT:
        return parts[1]
    return "core"


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, module: str) -> list[tuple[int, str]]:
    """(line, imported module) for every import in the file, relative ones made absolute."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            name = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([name] if name else []))
            if name == "collector":  # `from collector import cli`: the names are modules
                found += [(node.lineno, f"{name}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, name))
    return found


def wrong_arrows(package: Path) -> list[str]:
    wrong = []
    for path in sorted(package.rglob("*.py")):
        module = module_name(path, package)
        layer = layer_of(module)
        where = path.relative_to(package.parent).as_posix()
        for line, imported in imports_of(path, module):
            top = imported.split(".")[0]
            if top == "collector":
                target = layer_of(imported)
                if target != layer and target not in MAY_IMPORT[layer]:
                    wrong.append(f"{where}:{line} ({layer}) imports {imported} ({target})")
            elif top in FRAMEWORKS and layer not in FRAMEWORKS[top]:
                wrong.append(f"{where}:{line} ({layer}) imports {imported}")
    return wrong


def test_no_module_imports_a_layer_above_it():
    wrong = wrong_arrows(PACKAGE)
    assert not wrong, "imports that run against the layers:\n" + "\n".join(wrong)


def test_every_layer_is_a_package():
    # A layer renamed or moved would leave its rule checking nothing.
    for layer in MAY_IMPORT:
        if layer != "core":
            assert (PACKAGE / layer / "__init__.py").is_file(), layer


@pytest.mark.parametrize(
    ("module", "source", "arrow"),
    [
        ("storage/replica.py", "from collector.sync.client import Syncer", "(storage) imports"),
        ("provisioning.py", "from collector.storage.store import Store", "(core) imports"),
        ("ui/settings.py", "from collector.cli.store import MIN_PASSWORD", "(ui) imports"),
        ("sync/client.py", "from collector.server.api import create_app", "(sync) imports"),
        ("workflow.py", "from PySide6.QtCore import Qt", "imports PySide6.QtCore"),
        ("merge.py", "import sqlalchemy", "imports sqlalchemy"),
        ("storage/__init__.py", "from ..ui import session", "imports collector.ui"),
        ("ui/app.py", "from .. import cli", "imports collector.cli"),
    ],
)
def test_an_arrow_up_is_named(tmp_path, module, source, arrow):
    """The check itself, on a small package: each kind of wrong arrow is found and named
    with its file and line."""
    package = tmp_path / "collector"
    for layer in MAY_IMPORT:
        (package / ("" if layer == "core" else layer)).mkdir(parents=True, exist_ok=True)
        (package / ("" if layer == "core" else layer) / "__init__.py").touch()
    target = package / module
    target.write_text(f'"""A module."""\n\n{source}\n', encoding="utf-8")
    wrong = wrong_arrows(package)
    assert len(wrong) == 1 and wrong[0].startswith(f"collector/{module}:3 ")
    assert arrow in wrong[0]
