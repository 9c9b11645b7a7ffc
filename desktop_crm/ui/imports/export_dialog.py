"""Export field sheet: the selected customers, or all of the current list, to an .xlsx for visits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, QDir, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import CustomerQuery

from ..context import AppContext
from ..print_actions import CardPrintActions
from ..tasks import message_for
from .common import EXPORT_FOLDER_KEY, PageJob, ProgressRow, last_folder, message_label, set_message

GEOMETRY_KEY = "exports/dialog_geometry"
PER_MANAGER_KEY = "exports/per_manager"
OCCASIONS_KEY = "exports/occasions_days"


def default_name(today: dt.date | None = None) -> str:
    return f"field-sheet-{(today or dt.date.today()).isoformat()}.xlsx"


class ExportDialog(QDialog):
    """``selected``: the selected customers' ids; ``query``: the current list (search, filters, order);
    ``total``: how many customers that list has, when known."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, selected: list[int] | None = None,
                 query: CustomerQuery | None = None, total: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.selected = list(selected or [])
        self.query = query or CustomerQuery()
        self.total = total
        self.result = None
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export field sheet"))
        self.setSizeGripEnabled(True)

        about = QLabel(self.tr("A field sheet is an Excel workbook to take on visits: fill in visit results, new "
                               "phone numbers and next steps, then import it back with File ▸ Import from Excel."),
                       self)
        about.setWordWrap(True)

        who = QGroupBox(self.tr("Customers"), self)
        self.selected_radio = QRadioButton(self.tr("Export %Ln selected customer(s)", "", len(self.selected)), who)
        self.selected_radio.setObjectName("exportSelected")
        if total is None:
            self.all_radio = QRadioButton(self.tr("Export all customers in the current list"), who)
        else:
            self.all_radio = QRadioButton(self.tr("Export all %Ln customer(s) in the current list", "", total), who)
        self.all_radio.setObjectName("exportAll")
        group = QButtonGroup(self)
        group.addButton(self.selected_radio)
        group.addButton(self.all_radio)
        self.selected_radio.setVisible(bool(self.selected))
        # One selected row is usually just where the cursor is: the whole list is meant.
        (self.selected_radio if len(self.selected) > 1 else self.all_radio).setChecked(True)
        who_layout = QVBoxLayout(who)
        who_layout.addWidget(self.selected_radio)
        who_layout.addWidget(self.all_radio)
        if query is not None and (query.search or query.tiers or query.manager_ids or query.statuses or query.regions
                                  or query.overdue):
            note = QLabel(self.tr("The current list is the customers the search and the filters show."), who)
            note.setWordWrap(True)
            who_layout.addWidget(note)

        options = QGroupBox(self.tr("Sheets"), self)
        settings = ctx.settings
        self.per_manager_check = QCheckBox(self.tr("One sheet per &manager"), options)
        self.per_manager_check.setObjectName("perManager")
        self.per_manager_check.setChecked(settings.value(PER_MANAGER_KEY, "false") in (True, "true"))
        self.occasions_check = QCheckBox(self.tr("An &occasions sheet for the next"), options)
        self.occasions_check.setObjectName("occasions")
        self.days_spin = QSpinBox(options)
        self.days_spin.setRange(1, 366)
        self.days_spin.setSuffix(self.tr(" days"))
        days = int(settings.value(OCCASIONS_KEY, 60) or 0)
        self.days_spin.setValue(days or 60)
        self.occasions_check.setChecked(days > 0)
        self.occasions_check.toggled.connect(self.days_spin.setEnabled)
        self.days_spin.setEnabled(days > 0)
        occasions_row = QHBoxLayout()
        occasions_row.addWidget(self.occasions_check)
        occasions_row.addWidget(self.days_spin)
        occasions_row.addStretch(1)
        options_layout = QVBoxLayout(options)
        options_layout.addWidget(self.per_manager_check)
        options_layout.addLayout(occasions_row)

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("exportPath")
        folder = last_folder(settings, EXPORT_FOLDER_KEY) or QDir.homePath()
        self.path_edit.setText(str(Path(folder) / default_name()))
        self.browse_button = QPushButton(self.tr("&Choose…"), self)
        self.browse_button.clicked.connect(self.browse)
        file_label = QLabel(self.tr("&File:"), self)
        file_label.setBuddy(self.path_edit)
        file_row = QHBoxLayout()
        file_row.addWidget(file_label)
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.browse_button)

        self.progress = ProgressRow(self)
        self.job = PageJob(ctx, self.progress, "export-field-sheet", self)
        self.message = message_label(self, "exportMessage")
        self.open_folder_button = QPushButton(self.tr("Open &folder"), self)
        self.open_folder_button.setObjectName("openFolder")
        self.open_folder_button.clicked.connect(self.open_folder)
        self.open_folder_button.hide()
        # The sheet's customers on paper too, one card per page in the sheet's order.
        self.exported_ids: list[int] = []
        self.card_printing = CardPrintActions(ctx, self, lambda: list(self.exported_ids))
        self.cards_button = QPushButton(self.tr("Print their &cards"), self)
        self.cards_button.setObjectName("printSheetCards")
        self.cards_button.setToolTip(self.tr("The customer cards of this field sheet, one per page, in the "
                                             "sheet's order"))
        self.cards_button.setMenu(self.card_printing.menu)
        self.cards_button.hide()
        result_row = QHBoxLayout()
        result_row.addWidget(self.message, 1)
        result_row.addWidget(self.cards_button)
        result_row.addWidget(self.open_folder_button)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(who)
        layout.addWidget(options)
        layout.addLayout(file_row)
        layout.addWidget(self.progress)
        layout.addLayout(result_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        geometry = settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(640, self.sizeHint().height() + self.fontMetrics().height() * 3)

    # ----- choosing ---------------------------------------------------------------------------

    def exports_selection(self) -> bool:
        return self.selected_radio.isChecked() and bool(self.selected)

    def path(self) -> Path:
        text = self.path_edit.text().strip()
        path = Path(text).expanduser()
        return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")

    def browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export field sheet"), str(self.path()),
                                                self.tr("Excel workbook (*.xlsx)"))
        if chosen:
            self.path_edit.setText(chosen)

    # ----- exporting ------------------------------------------------------------------------------

    def export(self) -> None:
        if self.job.running:
            return
        if not self.path_edit.text().strip():
            set_message(self.message, self.tr("Choose where to write the field sheet."), "error")
            return
        path = self.path()
        if path.exists():
            answer = QMessageBox.question(self, self.tr("Export field sheet"),
                                          self.tr("{name} exists. Replace it?").format(name=path.name),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        from desktop_crm.io.export import ExportOptions

        settings = self.ctx.settings
        settings.setValue(EXPORT_FOLDER_KEY, str(path.parent))
        settings.setValue(PER_MANAGER_KEY, self.per_manager_check.isChecked())
        settings.setValue(OCCASIONS_KEY, self.days_spin.value() if self.occasions_check.isChecked() else 0)
        options = ExportOptions(per_manager=self.per_manager_check.isChecked(),
                                occasions_days=self.days_spin.value() if self.occasions_check.isChecked() else None)
        crm = self.ctx.crm
        selected = list(self.selected) if self.exports_selection() else None
        query = self.query

        def work(progress, should_stop):
            ids = selected if selected is not None else crm.customers.ids(query)
            return ids, crm.exports.field_sheet(path, ids, options, progress=progress, should_stop=should_stop)

        self.result = None
        self.open_folder_button.hide()
        self.cards_button.hide()
        set_message(self.message, "")
        self.export_button.setEnabled(False)
        self.job.start(work, self.tr("Writing {name}…").format(name=path.name), self._done, self._failed,
                       self._stopped)

    def _done(self, outcome) -> None:
        self.exported_ids, result = outcome
        self.result = result
        self.export_button.setEnabled(True)
        sheets = ", ".join(result.sheets)
        set_message(self.message, self.tr("Field sheet written: {path}\n%n customer(s); sheets: {sheets}.", "",
                                          result.customers).format(path=result.path, sheets=sheets), "good")
        self.open_folder_button.show()
        self.cards_button.setVisible(result.customers > 0)
        self.ctx.notify.emit(self.tr("Field sheet written: {path}").format(path=result.path))

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        set_message(self.message, message_for(exc), "error")

    def _stopped(self) -> None:
        self.export_button.setEnabled(True)
        set_message(self.message, self.tr("Cancelled; no file was written."))

    def open_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result.path).parent)))

    def reject(self) -> None:
        if self.job.running:
            self.job.cancel()
            return
        super().reject()

    def done(self, result: int) -> None:
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().done(result)
