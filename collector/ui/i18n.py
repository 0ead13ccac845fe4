"""The program's language: Qt translators for the widgets, the catalogue for messages.

Widget texts are written in Chinese in the source (Chinese is the default and needs no
file); resources/i18n/collector_en.qm holds their English. The language is kept in
`ui.ini` in the data folder, not in the store, because the unlock screen needs it before
the store is open.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSettings, QTranslator

from collector.messages import LANGUAGES, set_language
from collector.paths import resources_dir

I18N_DIR = resources_dir() / "i18n"
QT_FILES = {"zh": "qtbase_zh_CN", "en": ""}
"""Qt's own texts (dialog buttons, wizard Next/Back): shipped with PySide6."""
_installed: list[QTranslator] = []


def settings_file(data_dir: Path) -> QSettings:
    return QSettings(str(Path(data_dir) / "ui.ini"), QSettings.Format.IniFormat)


def saved_language(data_dir: Path) -> str:
    lang = str(settings_file(data_dir).value("language", "zh"))
    return lang if lang in LANGUAGES else "zh"


def save_language(data_dir: Path, lang: str) -> None:
    settings = settings_file(data_dir)
    settings.setValue("language", lang)
    settings.sync()


def use_language(lang: str) -> None:
    """Switch widgets (for windows built from now on) and catalogue messages to `lang`."""
    set_language(lang)
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    candidates = [(I18N_DIR, f"collector_{lang}")] if lang != "zh" else []
    if QT_FILES[lang]:
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        candidates.append((Path(qt_dir), QT_FILES[lang]))
    for folder, name in candidates:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            _installed.append(translator)
