"""The program's log: per-user folders, rotation, and no personal data in it after a
save, a sync by USB bundle, a ledger export, a backup and an unexpected database error
whose text carries a record's values."""

from __future__ import annotations

import logging
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy.exc import IntegrityError

from collector import logs, paths
from collector.cli import parser
from collector.demo_data import SurveyRecords
from collector.ledger.export import export_ledger
from collector.storage.backup import make_backup
from collector.storage.store import Store
from collector.sync.bundle import export_bundle, import_bundle

PASSWORD = "correct horse"


def test_no_personal_data_reaches_the_log(log_file, tmp_path, survey_form):
    from collector.ui.workers import describe_error

    records = SurveyRecords(survey_form, seed=11).take(3)
    person = records[0]
    with Store.create(tmp_path / "laptop", PASSWORD) as laptop:
        saved = laptop.save(survey_form, person, author="李明")
        laptop.save_many(survey_form, records[1:], author="李明")
        export_ledger(laptop, survey_form, tmp_path / "台账.xlsx")
        export_bundle(laptop, tmp_path / "u盘.bundle", PASSWORD, author="李明")
    with Store.create(tmp_path / "township", PASSWORD) as township:
        import_bundle(township, tmp_path / "u盘.bundle", PASSWORD, author="乡镇")
    make_backup(tmp_path / "laptop", PASSWORD, tmp_path / "backup.zip")
    logging.getLogger("collector.storage").info("record saved id=%s", saved.record_id)
    statement = "INSERT INTO records (full_name, id_number, phone) VALUES (?, ?, ?)"
    values = (person["full_name"], person["id_number"], person["phone"])
    failure = IntegrityError(statement, values, Exception("UNIQUE constraint failed"))
    assert person["id_number"] in str(failure)  # what SQLAlchemy would have logged
    describe_error(failure)
    logging.getLogger("collector").warning("odd answer %s for %s", person["phone"], "x")

    text = log_file.read_text(encoding="utf-8")
    assert "start version=" in text and "backup made records=3" in text
    assert "unexpected error" in text and "IntegrityError" in text and "UNIQUE" in text
    assert saved.record_id in text
    for personal in (person["full_name"], person["id_number"], person["phone"]):
        assert personal not in text
    assert "<mobile>" in text


def test_the_log_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(logs, "MAX_BYTES", 2_000)
    path = logs.setup_logging(tmp_path)
    try:
        for number in range(200):
            logging.getLogger("collector").info("event number=%d", number)
    finally:
        logging.getLogger().removeHandler(logs._handler)
        logs._handler.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["collector.log", *(f"collector.log.{n}" for n in range(1, logs.BACKUPS + 1))]
    assert all((tmp_path / name).stat().st_size <= 2_000 for name in files)
    assert "number=199" in path.read_text()


def test_per_user_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    if sys.platform.startswith("linux"):
        assert paths.data_dir() == tmp_path / "data" / "collector"
        assert paths.log_dir() == tmp_path / "state" / "collector" / "log"
    assert parser().parse_args(["app"]).data_dir == paths.data_dir()
