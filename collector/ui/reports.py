"""The reports page (报表): the report's tables with their charts, the report as .xlsx or
PDF, the ledger out and in, and returnees matched to enterprise posts.

Everything is computed by the core (collector.reports, collector.ledger) on the store's
worker; this page only picks, shows and asks for file names. pandas and matplotlib are
imported when the page is first shown, not when the program starts: they take a second.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from collector.ledger.errors import OperationCancelled
from collector.paths import install_root
from collector.ui.session import Session
from collector.ui.workers import Task, describe_error, run_task

if TYPE_CHECKING:
    import pandas as pd

    from collector.ledger.importer import Preview
    from collector.reports.tables import Report, Table

ENTERPRISE_FORM = install_root() / "forms" / "enterprise_demand.yaml"
CHART_SHARE = (0.42, 0.58)
"""Table and chart: the chart's labels need the room."""
CHART_MIN_WIDTH = 320
IMPORT_VALID = 2
IMPORT_ALL = 1
REMAP = 3
MAPPING = "ledger.mapping"
"""Store setting: the user's choices of field per ledger column header, kept for the next
import (JSON, header -> field name, "" for a column left out)."""


def save_file_name(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    """The file to write, or '' (a function of its own so that tests can answer it)."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def open_file_name(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def _missing(value: Any) -> bool:
    """None, NaN or pandas' NA (whose truth value raises)."""
    try:
        return value is None or bool(value != value)
    except TypeError:
        return True


class FrameModel(QAbstractTableModel):
    """A read-only view of a pandas DataFrame."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.frame: pd.DataFrame | None = None

    def set_frame(self, frame: pd.DataFrame | None) -> None:
        self.beginResetModel()
        self.frame = frame
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if self.frame is None or parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if self.frame is None or parent.isValid() else len(self.frame.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.frame is None or not index.isValid():
            return None
        value = self.frame.iat[index.row(), index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if _missing(value) else str(value)
        # Counts and shares, Python's or numpy's, line up on the right.
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            isinstance(value, (int, float)) or hasattr(value, "dtype")
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.frame is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return str(self.frame.columns[section])
        return str(section + 1)


class ProblemModel(QAbstractTableModel):
    """The preview's problems; a ledger of 100,000 rows may have tens of thousands, so
    their messages are made only for the rows the view shows."""

    def __init__(self, problems: list, titles: list[str], parent=None):
        super().__init__(parent)
        self.problems, self.titles = problems, titles

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        problem = self.problems[index.row()]
        column = index.column()
        if column == 0:
            return str(problem.row)
        if column == 1:
            return problem.column or "-"
        return problem.header if column == 2 else problem.message()

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.titles[section]
        return None


class ImportDialog(QDialog):
    """The ledger's preview: its counts and every problem; the user imports all rows
    (only when none has a problem), the valid rows, or nothing."""

    def __init__(self, preview: Preview, form, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入台账：预览"))
        self.resize(900, 640)
        problems = list(preview.problems())
        self.columns = self._mapping_table(preview, form)
        self.remap_button = QPushButton(self.tr("按此对应重新检查"))
        self.remap_button.setToolTip(self.tr("所选的对应会保存下来，下次导入时自动使用"))
        self.remap_button.clicked.connect(lambda: self.done(REMAP))
        self.summary = QLabel(
            self.tr(
                "{file}，工作表“{sheet}”（表头在第 {header} 行）共 {rows} 行："
                "{valid} 行没有问题，{invalid} 行有问题，{existing} 行的身份证号已存在"
            ).format(
                file=preview.file,
                sheet=preview.sheet,
                header=preview.header_row,
                rows=len(preview.rows),
                valid=len(preview.valid),
                invalid=len(preview.invalid),
                existing=len(preview.existing),
            )
        )
        self.summary.setWordWrap(True)
        self.problems = QTableView()
        self.problems.setModel(
            ProblemModel(
                problems, [self.tr("行"), self.tr("列"), self.tr("表头"), self.tr("问题")], self
            )
        )
        self.problems.verticalHeader().hide()
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.all_button = QPushButton(self.tr("全部导入"))
        self.all_button.setEnabled(bool(preview.valid) and not preview.invalid)
        self.all_button.setToolTip(self.tr("有问题的行改正之前，不能全部导入"))
        self.all_button.clicked.connect(lambda: self.done(IMPORT_ALL))
        self.valid_button = QPushButton(
            self.tr("只导入没有问题的 {count} 行").format(count=len(preview.valid))
        )
        self.valid_button.setEnabled(bool(preview.valid))
        self.valid_button.clicked.connect(lambda: self.done(IMPORT_VALID))
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.all_button, self.valid_button, self.cancel_button):
            buttons.addWidget(button)
        remap = QHBoxLayout()
        remap.addWidget(QLabel(self.tr("各列对应的字段（可修改）")), 1)
        remap.addWidget(self.remap_button)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addLayout(remap)
        box.addWidget(self.columns)
        box.addWidget(QLabel(self.tr("问题（共 {count} 个）").format(count=len(problems))))
        box.addWidget(self.problems, 1)
        box.addLayout(buttons)

    def _mapping_table(self, preview: Preview, form) -> QTableWidget:
        """One row per ledger column: its header and the field it fills, to choose from."""
        from collector.forms.model import pick_text
        from collector.ledger.headers import importable_fields

        choices = [("", self.tr("（不导入）"))] + [
            (f.key, pick_text(f.label) or f.name) for f in importable_fields(form)
        ]
        table = QTableWidget(len(preview.mapping), 2)
        table.setHorizontalHeaderLabels([self.tr("台账的列"), self.tr("导入到")])
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.setMaximumHeight(180)
        for row, (header, name) in enumerate(preview.mapping.items()):
            table.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            for value, label in choices:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(combo.findData(name), 0))
            table.setCellWidget(row, 1, combo)
        table.resizeColumnToContents(0)
        return table

    def mapping(self) -> dict[str, str]:
        """Header -> field name as chosen now ("" for a column left out)."""
        return {
            self.columns.item(row, 0).text(): self.columns.cellWidget(row, 1).currentData()
            for row in range(self.columns.rowCount())
        }


class ReportsPage(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.report: Report | None = None
        self.matches: pd.DataFrame | None = None
        self.task: Task | None = None
        self.import_dialog: ImportDialog | None = None
        self.canvas = None
        self.note = ""
        self.chooser = QComboBox()
        self.chooser.setMinimumWidth(220)
        self.chooser.currentIndexChanged.connect(self._show_table)
        # Choosing the table already chosen brings it back after the matches were shown.
        self.chooser.activated.connect(self._show_table)
        self.refresh_button = QPushButton(self.tr("重新统计"))
        self.refresh_button.clicked.connect(self.reload)
        # By default people are counted as the county counts them (approved or accepted,
        # one per ID number); this counts every record there is.
        self.everyone = QCheckBox(self.tr("统计全部记录"))
        self.everyone.setToolTip(
            self.tr("默认只统计乡镇已审核、县已验收的记录，同一身份证号只算一人")
        )
        self.everyone.toggled.connect(self.reload)
        self.xlsx_button = QPushButton(self.tr("导出报表 Excel"))
        self.xlsx_button.clicked.connect(lambda: self.export_report(".xlsx"))
        self.pdf_button = QPushButton(self.tr("导出报表 PDF"))
        self.pdf_button.clicked.connect(lambda: self.export_report(".pdf"))
        self.ledger_button = QPushButton(self.tr("导出台账"))
        self.ledger_button.clicked.connect(self.export_ledger)
        self.per_village = QCheckBox(self.tr("每村一个工作表"))
        self.import_button = QPushButton(self.tr("导入台账"))
        self.import_button.clicked.connect(self.import_ledger)
        self.match_button = QPushButton(self.tr("返乡人员与企业岗位匹配"))
        self.match_button.clicked.connect(self.find_matches)
        self.match_export_button = QPushButton(self.tr("导出匹配结果"))
        self.match_export_button.clicked.connect(self.export_matches)
        self.model = FrameModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.chart_box = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar()
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self._layout()
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("统计表")))
        top.addWidget(self.chooser)
        top.addWidget(self.refresh_button)
        top.addWidget(self.everyone)
        top.addStretch(1)
        # Three rows of buttons: in two, English texts held the window wider than a
        # 1024-pixel screen.
        ledger = QHBoxLayout()
        ledger.addWidget(QLabel(self.tr("台账")))
        ledger.addWidget(self.ledger_button)
        ledger.addWidget(self.per_village)
        ledger.addWidget(self.import_button)
        ledger.addStretch(1)
        exports = QHBoxLayout()
        exports.addWidget(self.xlsx_button)
        exports.addWidget(self.pdf_button)
        exports.addStretch(1)
        exports.addWidget(self.match_button)
        exports.addWidget(self.match_export_button)
        self.splitter = QSplitter()
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart_box)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addLayout(exports)
        box.addLayout(ledger)
        box.addWidget(self.splitter, 1)
        box.addLayout(bottom)

    # --- scope ------------------------------------------------------------------------

    def township(self) -> str | None:
        """The report's scope: a township's or village's user sees the township; the
        county's, everything."""
        division = self.session.division
        return division[:9] if len(division) >= 9 else None

    def ledger_scope(self) -> dict[str, str | None]:
        division = self.session.division
        if len(division) >= 12:
            return {"township": None, "village": division}
        return {"township": self.township(), "village": None}

    # --- the report -------------------------------------------------------------------

    def reload(self) -> None:
        """Count the report again (the page is shown, or the user asked)."""
        if self.session.store is None or self.busy():
            return
        store, form, township = self.session.store, self.session.form, self.township()
        everyone = self.everyone.isChecked()

        def work(task: Task):
            from collector.reports import fonts, pdf  # noqa: F401
            from collector.reports.tables import build_report

            # matplotlib's import and its search for a Chinese font take up to a second
            # the first time: here, not on the UI thread when the chart is drawn.
            importlib.import_module("matplotlib.backends.backend_qtagg")
            fonts.cjk_family()
            return build_report(
                store,
                form,
                township=township,
                everyone=everyone,
                progress=task.report,
                cancelled=lambda: task.cancelled,
            )

        self._start(work, self._report_ready, self.tr("正在统计……"))

    def _report_ready(self, report: Report) -> None:
        self.report = report
        self._finish()
        chosen = self.chooser.currentIndex()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for table in report.tables:
            self.chooser.addItem(table.title())
        self.chooser.blockSignals(False)
        self.chooser.setCurrentIndex(max(0, min(chosen, len(report.tables) - 1)))
        self._show_table(self.chooser.currentIndex())
        counted = self.tr("{scope}：共 {count} 人").format(scope=report.scope, count=report.people)
        if not self.everyone.isChecked():
            counted += self.tr("（乡镇已审核、县已验收的记录，同一身份证号只算一人）")
        # A county's own form without a role: which tables are missing, and how to fix it.
        self.message.setText("\n".join([self.note + counted, *report.notes()]))
        self.note = ""

    def current_table(self) -> Table | None:
        index = self.chooser.currentIndex()
        if self.report is None or not 0 <= index < len(self.report.tables):
            return None
        return self.report.tables[index]

    def _show_table(self, _index: int) -> None:
        table = self.current_table()
        if table is None:
            return
        self.model.set_frame(table.frame)
        self.table.resizeColumnsToContents()
        self.draw(table)

    def draw(self, table: Table) -> None:
        from collector.reports.pdf import draw_chart

        canvas = self._canvas()
        figure = canvas.figure
        figure.clear()
        self.chart_box.setVisible(bool(table.chart))
        if not table.chart:
            return
        # The pane was hidden (a table without chart, or none yet): the splitter gave the
        # table all the room and would keep it so.
        if self.splitter.sizes()[1] < CHART_MIN_WIDTH:
            width = sum(self.splitter.sizes())
            self.splitter.setSizes([int(width * share) for share in CHART_SHARE])
        draw_chart(figure.add_subplot(), table)
        canvas.draw()

    def _canvas(self):
        if self.canvas is None:
            import matplotlib
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            from collector.reports import fonts

            # Not a rc_context: the canvas redraws whenever it is resized or shown, and
            # tick labels made then take the font of the settings at that moment.
            matplotlib.rcParams.update(fonts.chart_style())
            self.canvas = FigureCanvasQTAgg(Figure(figsize=(6, 4.5), layout="constrained"))
            self.canvas.setMinimumWidth(CHART_MIN_WIDTH)
            self.chart_layout.addWidget(self.canvas)
        return self.canvas

    # --- exports ----------------------------------------------------------------------

    def export_report(self, suffix: str) -> None:
        report = self.report
        if report is None:
            return
        filters = (
            self.tr("Excel 工作簿 (*.xlsx)") if suffix == ".xlsx" else self.tr("PDF 文件 (*.pdf)")
        )
        path = save_file_name(self, self.tr("导出报表"), self.tr("报表") + suffix, filters)
        if not path:
            return
        path = str(Path(path).with_suffix(suffix))
        store, user = self.session.store, self.session.user or "user"

        def work(task: Task):
            from collector.reports.pdf import write_report_pdf
            from collector.reports.workbook import write_report_xlsx

            if suffix == ".pdf":
                write_report_pdf(
                    report, path, progress=task.report, cancelled=lambda: task.cancelled
                )
            else:
                write_report_xlsx(report, path)
            store.log_export(user, f"report {suffix.lstrip('.')}", report.people)
            return path

        self._start(work, self._written, self.tr("正在导出报表……"))

    def export_ledger(self) -> None:
        if self.session.store is None:
            return
        path = save_file_name(
            self, self.tr("导出台账"), self.tr("台账.xlsx"), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        path = str(Path(path).with_suffix(".xlsx"))
        store, form, scope = self.session.store, self.session.form, self.ledger_scope()
        per_village, user = self.per_village.isChecked(), self.session.user or "user"

        def work(task: Task):
            from collector.ledger.export import export_ledger

            export_ledger(
                store,
                form,
                path,
                **scope,
                per_village=per_village,
                actor=user,
                progress=task.report,
                cancelled=lambda: task.cancelled,
            )
            return path

        self._start(work, self._written, self.tr("正在导出台账……"))

    def _written(self, path: str) -> None:
        self._finish()
        self.message.setText(self.tr("已保存到 {file}").format(file=path))

    # --- import -----------------------------------------------------------------------

    def import_ledger(self) -> None:
        if self.session.store is None:
            return
        path = open_file_name(self, self.tr("导入台账"), self.tr("台账 (*.xlsx *.xls *.csv)"))
        if not path:
            return
        self._preview(path)

    def _preview(self, path: str) -> None:
        store, form = self.session.store, self.session.form
        saved = json.loads(store.setting(MAPPING) or "{}")

        def work(task: Task):
            from collector.ledger.importer import preview_ledger

            return preview_ledger(
                store, form, path, mapping=saved, progress=task.report,
                cancelled=lambda: task.cancelled,
            )  # fmt: skip

        self._start(
            work, lambda preview: self._preview_ready(path, preview), self.tr("正在检查台账……")
        )

    def _preview_ready(self, path: str, preview: Preview) -> None:
        self._finish()
        dialog = self.import_dialog = ImportDialog(preview, self.session.form, self)
        dialog.finished.connect(lambda choice: self._import_chosen(path, preview, choice, dialog))
        dialog.open()

    def _import_chosen(self, path: str, preview: Preview, choice: int, dialog) -> None:
        if choice == REMAP:
            # Kept with this laptop's other settings, merged over earlier choices.
            saved = json.loads(self.session.store.setting(MAPPING) or "{}")
            saved |= dialog.mapping()
            self.session.store.set_setting(MAPPING, json.dumps(saved, ensure_ascii=False))
            self._preview(path)
            return
        if choice not in (IMPORT_ALL, IMPORT_VALID):
            self.message.setText(self.tr("没有导入任何记录"))
            return
        store, form, user = self.session.store, self.session.form, self.session.user or "user"

        def work(task: Task):
            from collector.ledger.importer import import_ledger

            return import_ledger(
                store,
                form,
                preview,
                author=user,
                valid_only=choice == IMPORT_VALID,
                cancelled=lambda: task.cancelled,
            )

        # The save is one transaction with no steps to report: the bar shows it as busy.
        self._start(work, self._imported, self.tr("正在导入……"), busy=True)

    def _imported(self, done) -> None:
        self._finish()
        # The counts changed: the report is counted again, and says what was imported.
        self.note = self.tr(
            "已导入 {saved} 条；已存在未导入 {existing} 条；有问题未导入 {invalid} 条。"
        ).format(saved=done.saved, existing=done.existing, invalid=done.invalid)
        self.reload()

    # --- matching ---------------------------------------------------------------------

    def find_matches(self) -> None:
        if self.session.store is None:
            return
        store, form = self.session.store, self.session.form

        def work(task: Task):
            from collector.forms import load_form
            from collector.reports.matching import match_candidates

            enterprise = load_form(ENTERPRISE_FORM)
            return match_candidates(store, form, enterprise, cancelled=lambda: task.cancelled)

        self._start(work, self._matches_ready, self.tr("正在匹配……"), busy=True)

    def _matches_ready(self, matches: pd.DataFrame) -> None:
        self._finish()
        self.matches = matches
        self.model.set_frame(matches)
        self.table.resizeColumnsToContents()
        self.chart_box.hide()
        self.message.setText(self.tr("找到 {count} 个候选匹配").format(count=len(matches)))
        self._update_buttons()

    def export_matches(self) -> None:
        matches = self.matches
        if matches is None:
            return
        path = save_file_name(
            self, self.tr("导出匹配结果"), self.tr("匹配.xlsx"), self.tr("Excel 工作簿 (*.xlsx)")
        )
        if not path:
            return
        path = str(Path(path).with_suffix(".xlsx"))
        store, user = self.session.store, self.session.user or "user"
        title = self.tr("岗位匹配")

        def work(_task: Task):
            from collector.reports.workbook import write_frames

            write_frames(path, [(title, matches)])
            store.log_export(user, "matches", len(matches))
            return path

        self._start(work, self._written, self.tr("正在导出……"))

    # --- running work -----------------------------------------------------------------

    def busy(self) -> bool:
        return self.task is not None

    def _start(self, work, done, text: str, busy: bool = False) -> None:
        self.message.setText(text)
        self.progress.setRange(0, 0 if busy else 100)
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.task = run_task(work, done, self._failed, self._progressed)
        self._update_buttons()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress.maximum() and total:
            self.progress.setValue(int(done * 100 / total))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.message.setText(self.tr("正在取消……"))

    def _failed(self, err: Exception) -> None:
        self._finish()
        if isinstance(err, OperationCancelled):
            self.message.setText(self.tr("已取消，没有写入任何内容"))
        else:
            self.message.setText(describe_error(err))

    def _finish(self) -> None:
        self.task = None
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy()
        for button in (self.refresh_button, self.ledger_button, self.import_button):
            button.setEnabled(idle)
        self.match_button.setEnabled(idle and ENTERPRISE_FORM.exists())
        for button in (self.xlsx_button, self.pdf_button):
            button.setEnabled(idle and self.report is not None)
        self.match_export_button.setEnabled(idle and self.matches is not None)
