"""Starting the program: `collector app --data-dir DIR` opens the wizard on an empty
folder and the unlock screen on a store."""

from __future__ import annotations

from ui_support import make_store

from collector.cli import app as app_command
from collector.cli import parser
from collector.ui.app import start
from collector.ui.i18n import save_language, use_language
from collector.ui.main_window import MainWindow
from collector.ui.wizard import SetupWizard


def test_the_command_is_registered(tmp_path):
    args = parser().parse_args(["app", "--data-dir", str(tmp_path)])
    assert args.run is app_command.run and args.data_dir == tmp_path


def test_an_empty_folder_starts_the_wizard(qtbot, tmp_path):
    first = start(tmp_path / "new")
    qtbot.addWidget(first)
    assert isinstance(first, SetupWizard) and first.isVisible()


def test_a_store_starts_locked_in_its_language(qtbot, tmp_path, survey_form):
    make_store(tmp_path / "data", survey_form).close()
    save_language(tmp_path / "data", "en")
    try:
        first = start(tmp_path / "data")
        qtbot.addWidget(first)
        assert isinstance(first, MainWindow)
        assert first.outer.currentWidget() is first.unlock_page
        assert first.unlock_page.button.text() == "Unlock"
    finally:
        use_language("zh")
