"""`collector --self-check`: prove an installation works, without touching real data.

It runs what a first start needs, in a temporary folder: an encrypted store created,
written, closed and opened again with its password; the shipped forms and division lists
loaded; Qt's plugin for the screens users have (xcb on Linux, windows on Windows) loaded
with the system libraries it needs, even where this check runs without a display; the
main window built and shown (on the display if there is one, offscreen if not, or where
QT_QPA_PLATFORM says); the English translation loaded. Each step prints one line; the
first failure is printed with its step and the exit code is 1. County IT runs it after
installing, and CI runs it on the built package, where a missing data file, Qt plugin or
the SQLCipher driver shows up here rather than on a village PC.
"""

from __future__ import annotations

import csv
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from collector import __version__
from collector.cli.app import has_display
from collector.messages import render
from collector.paths import divisions_dir, install_root

EXIT_OK, EXIT_FAILED = 0, 1
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
SCREEN_PLUGINS = {"win32": "qwindows", "darwin": "qcocoa"}
"""Qt's platform plugin of a desktop, by sys.platform; X11's xcb elsewhere."""


def run(args) -> int:
    # Before Qt is imported anywhere: the check must run on a PC (or CI) with no display.
    if not has_display():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="collector-check-") as folder:
        steps: list[tuple[str, Callable[[], str]]] = [
            ("store", lambda: _check_store(Path(folder) / "store")),
            ("forms", _check_forms),
            ("divisions", _check_divisions),
            ("platform", _check_platform),
            ("window", lambda: _check_window(Path(folder) / "window")),
            ("translations", _check_translations),
        ]
        for step, check in steps:
            try:
                print(check(), flush=True)
            except Exception as err:  # every failure is the report's subject, not a crash
                detail = f"{type(err).__name__}: {err}"
                print(render("check.failed", {"step": step, "detail": detail}), flush=True)
                return EXIT_FAILED
    print(render("check.passed", {"version": __version__}), flush=True)
    return EXIT_OK


def _shipped_forms() -> list[Path]:
    return sorted((install_root() / "forms").glob("*.yaml"))


def _check_store(data_dir: Path) -> str:
    from collector.demo_data import SurveyRecords
    from collector.forms import load_form
    from collector.storage.engine import CIPHER_SQLITE_VERSION
    from collector.storage.store import STORE_FILE, Store

    form = load_form(install_root() / "forms" / "outmigrant_labour.yaml")
    password = secrets.token_urlsafe(12)
    data = SurveyRecords(form).take(1)[0]
    with Store.create(data_dir, password) as store:
        saved = store.save(form, data, author="self-check")
    with Store.open(data_dir, password) as store:
        found = store.get(saved.record_id)
    if found is None or found.data != data:
        raise RuntimeError("the record read back differs from the one saved")
    with open(data_dir / STORE_FILE, "rb") as handle:
        if handle.read(len(PLAIN_SQLITE_HEADER)) == PLAIN_SQLITE_HEADER:
            raise RuntimeError("the store file is not encrypted")
    return render("check.store", {"cipher": f"SQLite {CIPHER_SQLITE_VERSION}"})


def _check_forms() -> str:
    from collector.forms import load_form

    paths = _shipped_forms()
    if not paths:
        raise RuntimeError(f"no forms in {install_root() / 'forms'}")
    described = []
    for path in paths:
        form = load_form(path)
        fields = sum(1 for f in form.walk() if f.type.value not in ("group", "repeat"))
        described.append(
            render("check.form", {"id": form.id, "version": form.version, "fields": fields})
        )
    return render("check.forms", {"forms": "; ".join(described)})


def _check_divisions() -> str:
    files = sorted(divisions_dir().glob("*.csv"))
    with (divisions_dir() / "china-counties.csv").open(encoding="utf-8") as handle:
        counties = sum(1 for row in csv.DictReader(handle) if row["level"] == "county")
    return render("check.divisions", {"files": len(files), "counties": counties})


def _check_platform() -> str:
    """Loads the platform plugin a user's screen needs, as Qt would at start. Offscreen,
    the window below never touches it, and a library it needs that the PC (or the
    package) lacks, such as libxcb-icccm.so.4, would only show on the user's desktop."""
    from PySide6.QtCore import QCoreApplication, QPluginLoader

    plugin = SCREEN_PLUGINS.get(sys.platform, "qxcb")
    folders = [Path(folder) / "platforms" for folder in QCoreApplication.libraryPaths()]
    files = [f for folder in folders for f in sorted(folder.glob(f"*{plugin}.*"))]
    if not files:
        raise RuntimeError(f"{plugin} is in none of {', '.join(map(str, folders))}")
    loader = QPluginLoader(str(files[0]))
    if not loader.load():
        raise RuntimeError(loader.errorString())
    loader.unload()
    return render("check.platform", {"plugin": plugin, "file": files[0]})


def _check_window(data_dir: Path) -> str:
    from PySide6 import __version__ as qt_version
    from PySide6.QtWidgets import QApplication

    from collector.storage.store import Store
    from collector.ui.app import application
    from collector.ui.main_window import MainWindow
    from collector.ui.session import Session, survey_form

    app = application()
    session = Session(data_dir, survey_form())
    session.attach(Store.create(data_dir, secrets.token_urlsafe(12)))
    window = MainWindow(session)
    window.show()
    app.processEvents()
    if not window.isVisible():
        raise RuntimeError("the main window did not show")
    pages = len(window.pages)
    window.close()
    app.processEvents()
    if session.store is not None:
        raise RuntimeError("closing the window left the store open")
    window.deleteLater()
    return render(
        "check.window",
        {"platform": QApplication.platformName(), "pages": pages, "qt": qt_version},
    )


def _check_translations() -> str:
    from PySide6.QtCore import QTranslator

    from collector.ui.i18n import I18N_DIR

    translator = QTranslator()
    if not translator.load("collector_en", str(I18N_DIR)):
        raise RuntimeError(f"collector_en.qm cannot be loaded from {I18N_DIR}")
    if translator.translate("UnlockPage", "解锁") in ("", "解锁"):
        raise RuntimeError("collector_en.qm does not translate the unlock screen")
    return render("check.translations", {"file": translator.filePath()})
