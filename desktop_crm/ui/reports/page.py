"""The Reports page: pick a report, filter it, see its charts and table, export it.

Reports are built on the worker (``crm.reports.build``) under one key, so a newer request
replaces an older one that has not started. Files are written on the background runner, which
needs no session. A change elsewhere makes the report stale: it is built again at once when the
page is on screen, else when it is next shown.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.printing.report_text import filters_text, notes_text
from desktop_crm.services.report_records import REPORT_NAMES, Report, ReportFilters

from ..context import AppContext
from ..tasks import message_for
from .charts import build_chart
from .table_model import ReportTableModel
from .words import ReportWords

REPORT_KEY = "reports/name"
FOLDER_KEY = "reports/folder"
NO_DATE = QDate(2000, 1, 1)  # a date edit at this value means "the report's own default"
BUSY_DELAY_MS = 250
MAX_COLUMN = 260  # pixels: a long name is cut short rather than push the other columns out of sight


class ReportsPage(QWidget):
    # A report is on screen: the Report.
    shown = Signal(object)
    # A report could not be built: the message shown.
    failed = Signal(str)
    # A file was written: its path.
    exported = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.ctx = ctx
        self.today = today  # None: the real date at each build
        self.report: Report | None = None
        self.loading = False
        self.choices_loaded = False
        self._stale = False
        self.words = ReportWords(self)
        self.chart_views: list[QChartView] = []
        self._build()
        self._busy_timer = QTimer(self, singleShot=True, interval=BUSY_DELAY_MS)
        self._busy_timer.timeout.connect(lambda: self.busy_label.setVisible(self.loading))
        ctx.changed.connect(self._on_changed)
        self._load_choices()
        chosen = str(ctx.settings.value(REPORT_KEY, REPORT_NAMES[0]) or REPORT_NAMES[0])
        self.choose(chosen if chosen in REPORT_NAMES else REPORT_NAMES[0])

    # ----- building ------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.report_list = QListWidget(self)
        self.report_list.setObjectName("reportsList")
        for name in REPORT_NAMES:
            item = QListWidgetItem(self.words.report_title(name), self.report_list)
            item.setData(Qt.ItemDataRole.UserRole, name)
        self.report_list.setFixedWidth(max(190, self.fontMetrics().horizontalAdvance("M") * 15))
        self.report_list.setWordWrap(True)
        self.report_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.report_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.report_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.report_list.setStyleSheet("QListWidget#reportsList::item { padding: 6px 4px; }")
        self.report_list.currentRowChanged.connect(self._report_chosen)

        self.title_label = QLabel(self)
        self.title_label.setObjectName("reportsTitle")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.title_label.setFont(font)
        self.filters_label = QLabel(self)
        self.filters_label.setObjectName("reportsFilters")
        self.filters_label.setStyleSheet("QLabel#reportsFilters { color: palette(mid); }")
        self.busy_label = QLabel(self.tr("Working…"), self)
        self.busy_label.setObjectName("reportsBusy")
        self.busy_label.hide()

        self.message_label = QLabel(self)
        self.message_label.setObjectName("reportsMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("QLabel#reportsMessage { background: #fde2e0; color: #7a1c14; "
                                         "padding: 6px 10px; border-radius: 4px; }")
        self.message_label.hide()
        self.notes_label = QLabel(self)
        self.notes_label.setObjectName("reportsNotes")
        self.notes_label.setWordWrap(True)

        self.charts_box = QWidget(self)
        self.charts_layout = QHBoxLayout(self.charts_box)
        self.charts_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ReportTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("reportsTable")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.charts_box)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([620, 380])

        filter_bar = self._filter_bar()
        heading = QHBoxLayout()
        heading.addWidget(self.title_label)
        heading.addStretch(1)
        heading.addWidget(self.busy_label)
        for button in (self.refresh_button, self.xlsx_button, self.pdf_button):
            heading.addWidget(button)
        body = QVBoxLayout()
        body.addLayout(heading)
        body.addLayout(filter_bar)
        body.addWidget(self.filters_label)
        body.addWidget(self.message_label)
        body.addWidget(self.notes_label)
        body.addWidget(self.splitter, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.report_list)
        layout.addLayout(body, 1)

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("default"))
        edit.setDate(NO_DATE)
        edit.setToolTip(tip)
        edit.dateChanged.connect(lambda _d: self.reload())
        return edit

    def _filter_bar(self) -> QHBoxLayout:
        self.since_edit = self._date_edit("reportsSince", self.tr("The first day of the period (“default”: the "
                                                                  "report's usual period)"))
        self.until_edit = self._date_edit("reportsUntil", self.tr("The last day of the period, included "
                                                                  "(“default”: today)"))
        self.default_button = QPushButton(self.tr("Default period"), self)
        self.default_button.setToolTip(self.tr("Let each report choose its usual period"))
        self.default_button.clicked.connect(self.reset_period)
        self.manager_combo = QComboBox(self)
        self.manager_combo.setObjectName("reportsManager")
        self.manager_combo.addItem(self.tr("Everyone"), None)
        self.manager_combo.setMinimumContentsLength(12)
        self.manager_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.tier_combo = QComboBox(self)
        self.tier_combo.setObjectName("reportsTier")
        self.tier_combo.addItem(self.tr("All tiers"), None)
        self.tier_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.xlsx_button = QPushButton(self.tr("Export to Excel…"), self)
        self.xlsx_button.setObjectName("reportsExportXlsx")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.pdf_button = QPushButton(self.tr("Export to PDF…"), self)
        self.pdf_button.setObjectName("reportsExportPdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Build the report again (F5)"))
        self.refresh_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_button.clicked.connect(self.reload)
        row = QHBoxLayout()
        for text, widget in ((self.tr("&From:"), self.since_edit), (self.tr("&To:"), self.until_edit)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.default_button)
        row.addSpacing(12)
        for text, widget in ((self.tr("&Manager:"), self.manager_combo), (self.tr("T&ier:"), self.tier_combo)):
            label = QLabel(text, self)
            label.setBuddy(widget)
            row.addWidget(label)
            row.addWidget(widget)
        row.addStretch(1)
        self._set_exportable(False)
        return row

    # ----- choices -------------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        reports = self.ctx.crm.reports
        self.ctx.tasks.run(lambda: (reports.managers(), reports.tiers()), self._choices_arrived,
                           lambda exc: self.show_message(message_for(exc)), key="reports-choices")

    def _choices_arrived(self, choices) -> None:
        lost = False
        for combo, items in zip((self.manager_combo, self.tier_combo), choices):
            chosen = combo.currentData()
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for key, name in items:
                combo.addItem(name if name == key else f"{name} ({key})", key)
            found = 0 if chosen is None else combo.findData(chosen)
            lost = lost or found < 0
            combo.setCurrentIndex(max(0, found))
            combo.blockSignals(False)
        self.choices_loaded = True
        if lost:  # the chosen manager or tier is gone: the report was for it
            self.reload()

    # ----- building a report -------------------------------------------------------------------------

    def current_name(self) -> str:
        item = self.report_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else REPORT_NAMES[0]

    def choose(self, name: str) -> None:
        """Show the report ``name`` (one of REPORT_NAMES)."""
        self.report_list.setCurrentRow(REPORT_NAMES.index(name))

    def filters(self) -> ReportFilters:
        since, until = self.since_edit.date(), self.until_edit.date()
        return ReportFilters(since=None if since == NO_DATE else since.toPython(),
                             until=None if until == NO_DATE else until.toPython(),
                             manager=self.manager_combo.currentData(), tier=self.tier_combo.currentData())

    def reset_period(self) -> None:
        for edit in (self.since_edit, self.until_edit):
            edit.blockSignals(True)
            edit.setDate(NO_DATE)
            edit.blockSignals(False)
        self.reload()

    def _report_chosen(self, _row: int) -> None:
        self.ctx.settings.setValue(REPORT_KEY, self.current_name())
        self.title_label.setText(self.words.report_title(self.current_name()))
        self.reload()

    def reload(self) -> None:
        """Build the chosen report for the filters on the worker."""
        name, filters, today = self.current_name(), self.filters(), self.today
        reports = self.ctx.crm.reports
        self._stale = False
        self.loading = True
        self._set_exportable(False)
        self._busy_timer.start()
        self.ctx.tasks.run(lambda: reports.build(name, filters, today=today), self._arrived, self._failed,
                           key="reports-build")

    def _finished(self) -> None:
        self.loading = False
        self._busy_timer.stop()
        self.busy_label.hide()

    def _arrived(self, report: Report) -> None:
        self._finished()
        self.message_label.hide()
        self.show_report(report)

    def _failed(self, exc: BaseException) -> None:
        self._finished()
        text = message_for(exc)
        self.show_message(text)
        self._set_exportable(self.report is not None)
        self.failed.emit(text)

    def show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.show()

    def show_report(self, report: Report) -> None:
        self.report = report
        self.title_label.setText(self.words.report_title(report.name, report.title))
        self.filters_label.setText(filters_text(report.filters))
        self.notes_label.setText("\n".join(notes_text(report)))
        self.notes_label.setVisible(bool(report.notes))
        self._show_charts(report)
        self.model.set_report(report, [self.words.column_title(c) for c in report.columns])
        self._size_columns()
        self._set_exportable(True)
        self.shown.emit(report)

    def _show_charts(self, report: Report) -> None:
        for view in self.chart_views:
            self.charts_layout.removeWidget(view)
            view.deleteLater()
        self.chart_views = []
        for index in range(len(report.charts)):
            chart = build_chart(self.words.chart_words(report, index), width=self._chart_width(len(report.charts)))
            view = QChartView(chart, self.charts_box)
            view.setObjectName(f"reportsChart{index}")
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumHeight(220)
            self.charts_layout.addWidget(view, 3 if report.charts[index].kind == "pareto" else 2)
            self.chart_views.append(view)
        self.charts_box.setVisible(bool(report.charts))

    def _chart_width(self, count: int) -> int:
        """About how wide each of ``count`` charts side by side will be (for spacing its labels)."""
        width = self.charts_box.width() if self.charts_box.isVisible() else self.width() - self.report_list.width()
        return max(300, width // max(1, count))

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        widest = max(120, min(MAX_COLUMN, self.table.viewport().width() // 3))
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column) + 12, widest))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def _set_exportable(self, enabled: bool) -> None:
        self.xlsx_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    # ----- exporting -------------------------------------------------------------------------------------

    def export_xlsx(self) -> None:
        from desktop_crm.io.report_xlsx import write_report_xlsx

        self._export("xlsx", self.tr("Export the report to Excel"), self.tr("Excel workbook (*.xlsx)"),
                     write_report_xlsx)

    def export_pdf(self) -> None:
        from desktop_crm.printing.reports import write_report_pdf

        self._export("pdf", self.tr("Export the report to PDF"), self.tr("PDF document (*.pdf)"), write_report_pdf)

    def _export(self, suffix: str, title: str, file_filter: str, write) -> None:
        if self.report is None:
            return
        report = self.words.translated(self.report)
        settings: QSettings = self.ctx.settings
        folder = Path(str(settings.value(FOLDER_KEY, "") or Path.home()))
        made = report.generated_on or dt.date.today()
        suggested = folder / f"{report.name}-{made.isoformat()}.{suffix}"
        path, _chosen = QFileDialog.getSaveFileName(self, title, str(suggested), file_filter)
        if not path:
            return
        if not path.lower().endswith(f".{suffix}"):
            path += f".{suffix}"
        settings.setValue(FOLDER_KEY, str(Path(path).parent))
        self._set_exportable(False)

        def done(_result) -> None:
            self._set_exportable(self.report is not None and not self.loading)
            self.ctx.notify.emit(self.tr("Saved the report to {path}").format(path=path))
            self.exported.emit(path)

        def failed(exc: BaseException) -> None:
            self._set_exportable(self.report is not None and not self.loading)
            QMessageBox.warning(self, title, self.tr("The report was not saved. {reason}").format(
                reason=message_for(exc)))

        self.ctx.background.run(lambda: write(report, path), done, failed)

    # ----- staying current ------------------------------------------------------------------------------

    def _on_changed(self, changes) -> None:
        if changes.managers or changes.tiers:
            self._load_choices()
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale:
            self.reload()

    def wait_for_workers(self, msecs: int = 30_000) -> bool:
        return self.ctx.tasks.wait(msecs) and self.ctx.background.wait(msecs)
