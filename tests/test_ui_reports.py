"""The reports page: the report's tables and charts, exports, and the ledger import."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from PySide6.QtCore import Qt, QTimer
from test_reports import ENTERPRISE, TOWNSHIP, person
from ui_support import drain_pool, make_session, make_store  # noqa: F401

from collector.demo_data import SurveyRecords
from collector.forms import load_form
from collector.ledger.export import export_ledger
from collector.reports.tables import build_report
from collector.storage.store import RecordFilter
from collector.ui import reports
from collector.ui.reports import IMPORT_VALID, ReportsPage
from collector.workflow import Role

RECORDS = 40


@pytest.fixture
def page(qtbot, tmp_path, survey_form, drain_pool):  # noqa: F811
    store = make_store(tmp_path / "data", survey_form, RECORDS, role=Role.COUNTY)
    shown = ReportsPage(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(shown)
    shown.resize(1280, 700)
    shown.show()
    shown.everyone.setChecked(True)  # the records are drafts: counted only with the switch
    qtbot.waitUntil(lambda: shown.report is not None and not shown.busy(), timeout=10_000)
    yield shown, store
    store.close()


def cells(page) -> list[list[str]]:
    model = page.model
    return [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def choose(page, code: str):
    index = next(i for i, t in enumerate(page.report.tables) if t.code == code)
    page.chooser.setCurrentIndex(index)
    return page.report.tables[index]


def test_table_numbers_match_the_core_and_the_chart_is_drawn(page, survey_form):
    shown, store = page
    expected = {t.code: t.frame for t in build_report(store, survey_form, everyone=True).tables}
    for code in ("report.education", "report.sex", "report.by_township"):
        table = choose(shown, code)
        frame = expected[code]
        assert [row[0] for row in cells(shown)] == [str(v) for v in frame.iloc[:, 0]]
        assert [int(row[1]) for row in cells(shown)] == frame.iloc[:, 1].tolist()
        assert sum(int(row[1]) for row in cells(shown)) == RECORDS
        assert table.chart and shown.chart_box.isVisible()
        axes = shown.canvas.figure.axes
        assert len(axes) == 1 and axes[0].get_title() == table.title()
        # The bars or wedges drawn are the table's counts.
        drawn = axes[0].patches
        assert len(drawn) == len(frame[frame.iloc[:, 1] > 0])
    assert "共 40 人" in shown.message.text()


def test_head_counts_leave_out_drafts_unless_asked(qtbot, page):
    shown, _ = page
    shown.everyone.setChecked(False)
    qtbot.waitUntil(lambda: not shown.busy() and shown.report.people == 0, timeout=10_000)
    assert "共 0 人（乡镇已审核、县已验收的记录" in shown.message.text()


def test_table_without_chart_hides_the_chart(page):
    shown, store = page
    choose(shown, "report.progress")
    assert not shown.chart_box.isVisible()
    progress = store.progress_by_village(RecordFilter())
    assert shown.model.rowCount() == len(progress)


def test_report_exports_as_xlsx_and_pdf(qtbot, page, tmp_path, monkeypatch):
    shown, _ = page
    target = tmp_path / "out" / "报表"
    target.parent.mkdir()
    monkeypatch.setattr(reports, "save_file_name", lambda *a: str(target))
    shown.export_report(".xlsx")
    qtbot.waitUntil(lambda: not shown.busy(), timeout=10_000)
    book = load_workbook(target.with_suffix(".xlsx"), read_only=True)
    assert "文化程度" in book.sheetnames
    assert len(book.sheetnames) == len(shown.report.tables)
    sheet = book["性别结构"]
    total = sum(row[1] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert total == RECORDS
    shown.export_report(".pdf")
    qtbot.waitUntil(lambda: not shown.busy(), timeout=15_000)
    assert target.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    assert str(target.with_suffix(".pdf")) in shown.message.text()


def test_ledger_export_per_village_and_cancel(qtbot, page, tmp_path, monkeypatch):
    shown, store = page
    target = tmp_path / "台账.xlsx"
    monkeypatch.setattr(reports, "save_file_name", lambda *a: str(target))
    shown.per_village.setChecked(True)
    shown.export_ledger()
    assert shown.progress.isVisible() and shown.cancel_button.isVisible()
    qtbot.waitUntil(lambda: not shown.busy(), timeout=10_000)
    book = load_workbook(target, read_only=True)
    villages = store.progress_by_village(RecordFilter())
    assert len(book.sheetnames) == len(villages)
    rows = sum(book[name].max_row - 1 for name in book.sheetnames)
    assert rows == RECORDS
    cancelled = tmp_path / "取消.xlsx"
    monkeypatch.setattr(reports, "save_file_name", lambda *a: str(cancelled))
    shown.export_ledger()
    shown.cancel()
    qtbot.waitUntil(lambda: not shown.busy(), timeout=10_000)
    assert not cancelled.exists()
    assert "已取消" in shown.message.text()


def messy_ledger(tmp_path, form):
    """Three people's ledger as the core exports it, then spoilt as townships do: an ID
    number that Excel stored as a number, an education that is no choice."""
    other = make_store(tmp_path / "other", form, 0)
    people = SurveyRecords(form, seed=99).take(3)
    other.save_many(form, people, author="李明")
    path = tmp_path / "台账.xlsx"
    export_ledger(other, form, path)
    other.close()
    book = load_workbook(path)
    sheet = book.active
    titles = [c.value for c in sheet[1]]
    id_column = titles.index("公民身份号码") + 1
    education = titles.index("文化程度") + 1
    numbers = [sheet.cell(r, id_column).value for r in (2, 3, 4)]
    sheet.cell(3, id_column).value = float(numbers[1][:15] + "000")
    sheet.cell(4, education).value = "留学"
    book.save(path)
    return path, numbers, {get_column_letter(id_column), get_column_letter(education)}


def test_import_preview_lists_problems_and_imports_the_valid_rows(
    qtbot, page, tmp_path, survey_form, monkeypatch
):
    shown, store = page
    ledger, numbers, columns = messy_ledger(tmp_path, survey_form)
    monkeypatch.setattr(reports, "open_file_name", lambda *a: str(ledger))
    before = sum(store.count_by_status(RecordFilter()).values())
    shown.import_ledger()
    qtbot.waitUntil(lambda: shown.import_dialog is not None, timeout=10_000)
    dialog = shown.import_dialog
    model = dialog.problems.model()
    problems = {
        int(model.index(r, 0).data()): model.index(r, 1).data() for r in range(model.rowCount())
    }
    assert "不是可选的选项" in model.index(list(problems).index(4), 3).data()
    assert set(problems) == {3, 4}
    assert set(problems.values()) == columns
    assert "1 行没有问题" in dialog.summary.text()
    assert not dialog.all_button.isEnabled() and dialog.valid_button.isEnabled()
    dialog.done(IMPORT_VALID)
    qtbot.waitUntil(
        lambda: (
            sum(store.count_by_status(RecordFilter()).values()) == before + 1 and not shown.busy()
        ),
        timeout=10_000,
    )
    assert store.existing_id_numbers(numbers) == {numbers[0]}
    assert "已导入 1 条" in shown.message.text()
    assert f"共 {RECORDS + 1} 人" in shown.message.text()


def test_returnees_matched_to_posts_and_exported(qtbot, tmp_path, survey_form, monkeypatch):
    store = make_store(tmp_path / "data", survey_form, role=Role.COUNTY)
    generator = SurveyRecords(survey_form, seed=11)
    returnee = person(
        generator, "甲", occupation="6", trade="电焊工", expected_pay=5000, education="70",
        industry="C", township=TOWNSHIP, village="341524100001",
    )  # fmt: skip
    staying = person(generator, "乙", return_willing="2", occupation="6", trade="电焊工")
    store.save_all(survey_form, [returnee, staying], author="李明")
    store.save_all(load_form(reports.ENTERPRISE_FORM), [ENTERPRISE], author="李明")
    shown = ReportsPage(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(shown)
    assert not shown.match_export_button.isEnabled()
    shown.find_matches()
    qtbot.waitUntil(lambda: shown.matches is not None and not shown.busy(), timeout=10_000)
    names = [shown.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    person_column = names.index("候选人")
    assert [row[person_column] for row in cells(shown)] == ["甲"]
    target = tmp_path / "匹配.xlsx"
    monkeypatch.setattr(reports, "save_file_name", lambda *a: str(target))
    shown.export_matches()
    qtbot.waitUntil(lambda: not shown.busy(), timeout=10_000)
    sheet = load_workbook(target, read_only=True)["岗位匹配"]
    assert [row[person_column] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["甲"]
    store.close()


def test_counting_keeps_the_ui_responsive(qtbot, tmp_path, survey_form, drain_pool):  # noqa: F811
    store = make_store(tmp_path / "data", survey_form, 1500, role=Role.COUNTY)
    shown = ReportsPage(make_session(tmp_path / "data", survey_form, store))
    qtbot.addWidget(shown)
    shown.show()
    ticks: list[float] = []
    timer = QTimer(interval=10)
    # While the worker counts; drawing the chart afterwards is the UI's own work (0.1-0.2 s).
    timer.timeout.connect(lambda: shown.busy() and ticks.append(time.perf_counter()))
    timer.start()
    shown.everyone.setChecked(True)
    assert shown.progress.isVisible() and shown.busy()
    qtbot.waitUntil(lambda: shown.report is not None and not shown.busy(), timeout=15_000)
    timer.stop()
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= 5 and max(gaps) < 0.2
    assert shown.report.people == 1500
    store.close()


def test_import_columns_can_be_mapped_by_hand_and_the_choice_is_kept(
    qtbot, page, tmp_path, survey_form, monkeypatch
):
    shown, store = page
    ledger, _, _ = messy_ledger(tmp_path, survey_form)
    book = load_workbook(ledger)
    titles = [c.value for c in book.active[1]]
    book.active.cell(1, titles.index("联系电话") + 1).value = "联络方式甲"  # no known name
    book.save(ledger)
    monkeypatch.setattr(reports, "open_file_name", lambda *a: str(ledger))
    shown.import_ledger()
    qtbot.waitUntil(lambda: shown.import_dialog is not None, timeout=10_000)
    first = shown.import_dialog
    assert first.mapping()["联络方式甲"] == ""
    assert any(p.field == "phone" for p in first.problems.model().problems)  # required, missing
    row = list(first.mapping()).index("联络方式甲")
    combo = first.columns.cellWidget(row, 1)
    combo.setCurrentIndex(combo.findData("phone"))
    shown.import_dialog = None
    first.done(reports.REMAP)
    qtbot.waitUntil(lambda: shown.import_dialog is not None, timeout=10_000)
    second = shown.import_dialog
    assert second.mapping()["联络方式甲"] == "phone"
    assert not any("联系电话" in str(p.message()) for p in second.problems.model().problems)
    assert json.loads(store.setting(reports.MAPPING))["联络方式甲"] == "phone"
    second.reject()
