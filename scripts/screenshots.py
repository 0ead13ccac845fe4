"""Render every screen of the desktop program offscreen, with demo data, into docs/*.png.

    .venv/bin/python scripts/screenshots.py [--out docs] [--lang en]

Needs a CJK font (Debian: fonts-noto-cjk). The store is made in a temporary folder; the
sync and conflicts pages are shot against `collector demo`'s server (the `server` extra).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from collector.cli.demo import build  # noqa: E402
from collector.demo_data import SurveyRecords  # noqa: E402
from collector.storage.settings import USER_DIVISION, USER_NAME, USER_ROLE  # noqa: E402
from collector.storage.store import Store  # noqa: E402
from collector.ui.app import application  # noqa: E402
from collector.ui.i18n import use_language  # noqa: E402
from collector.ui.keys import ShortcutsDialog  # noqa: E402
from collector.ui.main_window import MainWindow  # noqa: E402
from collector.ui.session import Session, survey_form  # noqa: E402
from collector.ui.sync import install  # noqa: E402
from collector.ui.wizard import LOCAL, SetupWizard  # noqa: E402
from collector.workflow import Role, Status  # noqa: E402

PASSWORD = "screenshot password"
SIZE = (1366, 728)
"""A 1366x768 screen less a taskbar: the office PCs' usual."""


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(path)


def place(window: QWidget) -> None:
    # Offscreen, the window would fill the platform's small screen.
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(*SIZE)


def demo_store(data_dir: Path, form) -> Store:
    store = Store.create(data_dir, PASSWORD)
    records = SurveyRecords(form, seed=2026).take(400)
    township = records[0]["township"]
    for record in records[:60]:
        record["township"] = township
        record["village"] = SurveyRecords(form, seed=1).villages[township][len(record) % 3]
    store.save_many(form, records, author="李明")
    store.set_setting(USER_NAME, "王芳")
    store.set_setting(USER_ROLE, Role.TOWNSHIP.value)
    store.set_setting(USER_DIVISION, township)
    # The township's own records, most approved: the report counts approved ones.
    ids = [s.id for s in store.page(None, 0, 400) if s.village.startswith(township)]
    for record_id in ids[:50]:
        store.move(record_id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    for record_id in ids[:30]:
        store.move(record_id, Status.APPROVED, role=Role.TOWNSHIP, actor="王芳")
    for record_id in ids[30:34]:
        store.move(
            record_id,
            Status.RETURNED,
            role=Role.TOWNSHIP,
            actor="王芳",
            reason="务工城市与工作单位不符，请核实",
        )
    edited = store.get(ids[40])
    store.move(edited.id, Status.RETURNED, role=Role.TOWNSHIP, actor="王芳", reason="电话打不通")
    data = {**edited.data, "phone": "13956781234", "trade": "电工"}
    store.save(form, data, author="李明", record_id=edited.id)
    store.move(edited.id, Status.SUBMITTED, role=Role.VILLAGE, actor="李明")
    return store


def shoot(out: Path, lang: str) -> None:
    app = application()
    use_language(lang)
    form = survey_form()
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        demo_store(data_dir, form).close()
        session = Session(data_dir, form)
        window = MainWindow(session)
        place(window)
        window.show()
        window.unlock_page.password.setText("wrong")
        window.unlock_page.unlock()
        window.unlock_page.password.setText("")
        while window.unlock_page.button.isEnabled() is False:
            app.processEvents()
        save(app, window, out / "unlock.png")

        session.attach(Store.open(data_dir, PASSWORD))
        window._unlocked_with(session.store)
        window.show_page("records")
        save(app, window, out / "records.png")

        window.show_page("review")
        review = window.review
        submitted = review.model
        target = next(
            r for r in range(submitted.rowCount()) if submitted.summary(r).full_name and r > 0
        )
        for row in range(submitted.rowCount()):
            if len(session.store.history(submitted.summary(row).id)) > 2:
                target = row
        review.queue.selectionModel().select(
            submitted.index(target, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        save(app, window, out / "review.png")

        window.show_page("reports")
        reports = window.reports
        while reports.report is None or reports.busy():
            app.processEvents()
        reports.chooser.setCurrentIndex(
            next(i for i, t in enumerate(reports.report.tables) if t.code == "report.education")
        )
        save(app, window, out / "reports.png")

        session.role = Role.VILLAGE
        window.new_record()
        entry = window.entry
        sample = SurveyRecords(form, seed=8).take(1)[0]
        fill_some(entry, sample)
        save(app, window, out / "entry.png")
        entry.autosave.stop()
        entry.dirty = False

        window.show_page("settings")
        save(app, window, out / "settings.png")
        shortcuts = ShortcutsDialog(window)
        shortcuts.show()
        save(app, shortcuts, out / "shortcuts.png")
        shortcuts.close()
        window.close()

        wizard = SetupWizard(Session(Path.home() / "采集数据", form))
        wizard.resize(760, 560)
        wizard.show()
        wizard.next()
        assert wizard.currentId() == LOCAL
        wizard.local.name.setText("李明")
        save(app, wizard, out / "wizard.png")
        wizard.close()


def shoot_sync(app: QApplication, out: Path) -> None:
    """The sync page after the demo's first sync, and the conflict it met (needs the
    `server` extra: the demo's county server runs in this process)."""
    form = survey_form()
    with tempfile.TemporaryDirectory() as tmp:
        demo = build(Path(tmp), form)
        try:
            session = Session(demo.data_dir, form)
            session.store = Store.open(demo.data_dir, demo.password)
            window = MainWindow(session, extensions=[install])
            place(window)
            window.show()
            reports = []
            window.sync_controller.finished.connect(reports.append)
            window.show_page("sync")
            while not reports:
                app.processEvents()
                time.sleep(0.01)
            save(app, window, out / "sync.png")
            window.show_page("conflicts")
            window.conflicts_page.rows[0].server.setChecked(True)
            save(app, window, out / "conflicts.png")
            window.close()
        finally:
            demo.server.stop()


def fill_some(entry, sample: dict) -> None:
    """A record half typed: a name, an ID number with a typo, a phone, a township."""
    rows = entry.rows
    rows["full_name"].editor.set_value(sample["full_name"])
    rows["id_number"].editor.set_value(sample["id_number"][:-1] + "7")
    rows["phone"].editor.set_value(sample["phone"][:8])
    combo = rows["township"].editor.combo
    combo.setCurrentIndex(combo.findData(sample["township"]))
    for name in ("full_name", "id_number", "phone", "township"):
        entry._edited(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--lang", choices=("zh", "en"), default="zh")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    shoot(args.out, args.lang)
    shoot_sync(application(), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
