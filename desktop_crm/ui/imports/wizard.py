"""The Excel import wizard: File → Columns → Check → Import.

The wizard keeps what it has learnt in an ``ImportState`` that every page reads and writes; all
reading of the file and the database happens on the window's worker (``ctx.tasks``), with its
progress and a Cancel button in the page. Only the Import page writes, in one transaction that a
Cancel rolls back; the import it made can be undone from its last page or from Import history.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_crm.io.plan import ImportRejected, ImportResult

from ..context import AppContext
from ..tasks import message_for
from .check_models import PreviewModel
from .check_page import CheckPage
from .columns_page import ColumnsPage
from .common import PageJob, ProgressRow, counts_text, fit_columns, message_label, set_message, table_view
from .file_page import FilePage
from .state import ImportState

GEOMETRY_KEY = "imports/wizard_geometry"


class ImportPage(QWizardPage):
    """Page 4: the import itself, its result, and Undo."""

    def __init__(self, wizard: "ImportWizard"):
        super().__init__(wizard)
        self._wiz = wizard
        self.state = wizard.state
        self.setTitle(self.tr("Import"))
        self.setSubTitle(self.tr("The rows are written in one go: if anything goes wrong, or you cancel, the "
                                 "database stays as it was."))
        self.progress = ProgressRow(self)
        self.job = PageJob(wizard.ctx, self.progress, "import-run", self)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        font = self.result_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.result_label.setFont(font)
        self.details = message_label(self, "importDetails")
        self.undo_button = QPushButton(self.tr("&Undo this import"), self)
        self.undo_button.setObjectName("undoImport")
        self.undo_button.setToolTip(self.tr("Delete what this import created and give changed fields their old "
                                            "values back"))
        self.undo_button.clicked.connect(self.undo)
        self.undo_button.hide()
        self.message = message_label(self, "importMessage")
        self.undone = False
        self.counts_box = QGroupBox(self.tr("What the import did"), self)
        self.counts_form = QFormLayout(self.counts_box)
        self.counts_form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        self.counts_form.setHorizontalSpacing(24)
        self.counts_box.setMinimumWidth(300)
        self.counts_box.hide()

        self.preview_label = QLabel(self.tr("The first rows as they were stored:"), self)
        self.preview_model = PreviewModel(self)
        self.preview_view = table_view(self, "importedTable")
        self.preview_view.setModel(self.preview_model)
        self.preview_label.hide()
        self.preview_view.hide()

        summary = QHBoxLayout()
        summary.addWidget(self.counts_box)
        undo = QVBoxLayout()
        undo.addStretch(1)
        undo.addWidget(self.undo_button)
        summary.addLayout(undo)
        summary.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_label)
        layout.addWidget(self.details)
        layout.addLayout(summary)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.preview_view, 1)
        self.stretch = QWidget(self)  # keeps the lines at the top while there is no table
        layout.addWidget(self.stretch, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.start()

    def start(self) -> None:
        state = self.state
        state.result = None
        self.undone = False
        self.undo_button.hide()
        self.counts_box.hide()
        self._show_preview(None)
        self.result_label.setText("")
        set_message(self.details, "")
        set_message(self.message, "")
        self._wiz.check_page.setCommitPage(True)  # no way Back once rows may be written
        path, options, imports = state.path, state.options(), self._wiz.ctx.crm.imports
        self.job.start(lambda progress, stop: imports.run(path, options, progress=progress, should_stop=stop),
                       self.tr("Importing {name}…").format(name=path.name), self._done, self._failed, self._stopped)
        self.completeChanged.emit()

    def _done(self, result: ImportResult) -> None:
        self.state.result = result
        plan = result.plan
        self._wiz.ctx.announce(result.changes)
        self.result_label.setText(self.tr("Import {number} done: {counts}.").format(
            number=result.batch_id, counts=counts_text(plan.counts, plan.kind)))
        took = (self.tr("in under a second") if result.seconds < 1 else
                self.tr("in {seconds} s").format(seconds=self.locale().toString(result.seconds, "f", 1)))
        details = [self.tr("{file}, sheet “{sheet}”: {rows} read {took}.").format(
            file=plan.path.name, sheet=plan.sheet, rows=self.tr("%n row(s)", "", plan.rows_total), took=took)]
        if plan.errors:
            details.append(self.tr("%n row(s) with errors were left out.", "", len({i.row for i in plan.errors})))
        details.append(self.tr("Undo takes this import back, here or later from File ▸ Import history."))
        set_message(self.details, "\n".join(details))
        self._show_counts(plan.counts)
        self._show_preview(plan)
        self.undo_button.show()
        self.undo_button.setEnabled(True)
        self._wiz.ctx.notify.emit(self.tr("Import {number} done: {counts}.").format(
            number=result.batch_id, counts=counts_text(plan.counts, plan.kind)))
        self._wiz.imported.emit(result.batch_id or 0)
        self.completeChanged.emit()

    def _show_preview(self, plan) -> None:
        rows = [r for r in plan.preview if r.action in ("new", "update")] if plan is not None else []
        shown = bool(rows)
        if shown:
            labels = self._wiz.check_page.field_labels(plan)
            order = [key for key in plan.mapping if key] or list(labels)
            self.preview_model.set_rows(rows, labels, order)
            fit_columns(self.preview_view)
        else:
            self.preview_model.clear()
        self.preview_label.setVisible(shown)
        self.preview_view.setVisible(shown)
        self.stretch.setVisible(not shown)

    def _show_counts(self, counts) -> None:
        form = self.counts_form
        while form.rowCount():
            form.removeRow(0)
        lines = (
            (self.tr("New customers"), counts.new), (self.tr("Customers updated"), counts.updated),
            (self.tr("Care events added"), counts.care_events), (self.tr("Purchase lines added"), counts.purchases),
            (self.tr("Contact persons added"), counts.contacts), (self.tr("Managers created"), counts.managers),
            (self.tr("Rows already in the database"), counts.unchanged),
            (self.tr("Rows left out (errors)"), counts.rejected), (self.tr("Rows skipped"), counts.skipped),
        )
        for label, n in lines:
            if n:
                value = QLabel(self.locale().toString(n), self.counts_box)
                value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                value.setMinimumWidth(60)
                form.addRow(label, value)
        self.counts_box.setVisible(form.rowCount() > 0)

    def _failed(self, exc: BaseException) -> None:
        self._wiz.check_page.setCommitPage(False)
        if isinstance(exc, ImportRejected):
            self._wiz.back()
            self._wiz.check_page.show_rejection(exc)
            return
        self.result_label.setText(self.tr("Nothing was imported."))
        set_message(self.message, message_for(exc), "error")
        self.completeChanged.emit()

    def _stopped(self) -> None:
        self._wiz.check_page.setCommitPage(False)
        self.result_label.setText(self.tr("Cancelled; nothing was imported."))
        set_message(self.message, self.tr("Go back to change something, or close the wizard."))
        self.completeChanged.emit()

    def undo(self) -> None:
        result = self.state.result
        if result is None or result.batch_id is None:
            return
        batch_id = result.batch_id
        answer = QMessageBox.question(
            self, self.tr("Undo import"),
            self.tr("Undo import {number}? What it created is deleted and the fields it changed get their old "
                    "values back.").format(number=batch_id),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.undo_button.setEnabled(False)
        imports = self._wiz.ctx.crm.imports

        def done(changes) -> None:
            self.undone = True
            self._wiz.ctx.announce(changes)
            self.undo_button.hide()
            self._show_preview(None)
            self.counts_box.setTitle(self.tr("What the import had done"))
            self.result_label.setText(self.tr("Import {number} was undone.").format(number=batch_id))
            set_message(self.message, self.tr("The database is as it was before the import."), "good")
            self._wiz.ctx.notify.emit(self.tr("Import {number} was undone.").format(number=batch_id))

        def failed(exc: BaseException) -> None:
            self.undo_button.setEnabled(True)
            set_message(self.message, message_for(exc), "error")

        self._wiz.ctx.tasks.run(lambda: imports.undo(batch_id), done, failed)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.state.result is not None and not self.job.running

    def nextId(self) -> int:  # noqa: N802
        return -1


class ImportWizard(QWizard):
    FILE, COLUMNS, CHECK, IMPORT = range(4)

    # The sheet's columns were read again (another sheet, kind or header row).
    look_changed = Signal()
    # An import was written (its batch id).
    imported = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: str | Path | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.state = ImportState()
        self.setObjectName("importWizard")
        self.setWindowTitle(self.tr("Import from Excel"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setSizeGripEnabled(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("&Import"))
        self.file_page = FilePage(self)
        self.columns_page = ColumnsPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.setPage(self.FILE, self.file_page)
        self.setPage(self.COLUMNS, self.columns_page)
        self.setPage(self.CHECK, self.check_page)
        self.setPage(self.IMPORT, self.import_page)
        self.setStartId(self.FILE)
        geometry = ctx.settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(940, 700)
        if path:
            self.file_page.open_path(path)

    def open_path(self, path: str | Path) -> None:
        """Start again with another file (e.g. one dropped on the window)."""
        self.restart()
        self.file_page.open_path(path)

    def jobs_running(self) -> bool:
        return any(page.job.running for page in (self.file_page, self.columns_page, self.check_page, self.import_page))

    def reject(self) -> None:
        if self.import_page.job.running:  # Cancel/Escape while writing: stop the import, stay to say so
            self.import_page.job.cancel()
            return
        for page in (self.file_page, self.columns_page, self.check_page):
            if page.job.running:
                page.job.cancel()
        super().reject()

    def done(self, result: int) -> None:
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.import_page.job.running:
            self.import_page.job.cancel()
            event.ignore()
            return
        super().closeEvent(event)


__all__ = ["ImportPage", "ImportWizard"]
