"""Wizard page 1: the file, its sheets, and what kind of rows it holds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from desktop_crm.io.plan import FIELD_SHEET

from ..tasks import message_for
from .common import LAST_FOLDER_KEY, PageJob, ProgressRow, kind_text, last_folder, message_label, set_message
from .state import FileLook, SheetLook, inspect_file, look_at_sheet

KINDS = ("customers", "purchases", "care")
SHEET_ROLE = Qt.ItemDataRole.UserRole


class SheetPreview(QTableWidget):
    """The first rows of a sheet as they look, with Excel's row numbers and column letters."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sheetPreview")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.horizontalHeader().setHighlightSections(False)

    def show_rows(self, rows, *, header_row: int, first_data: int) -> None:
        from .columns_page import column_letter

        width = max((len(r) for r in rows), default=0)
        self.clear()
        self.setRowCount(len(rows))
        self.setColumnCount(width)
        self.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        self.setVerticalHeaderLabels([str(n + 1) for n in range(len(rows))])
        bold = QFont(self.font())
        bold.setBold(True)
        header_brush, above_brush = QBrush(QColor("#DDEBF7")), QBrush(QColor("#888888"))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if header_row <= r < first_data:
                    item.setFont(bold)
                    item.setBackground(header_brush)
                elif r < header_row:
                    item.setForeground(above_brush)
                if len(text) > 24:
                    item.setToolTip(text)
                self.setItem(r, c, item)
        for c in range(width):
            self.resizeColumnToContents(c)
            self.setColumnWidth(c, min(max(self.columnWidth(c), 48), 220))


class FilePage(QWizardPage):
    def __init__(self, wizard):
        super().__init__(wizard)
        self._wiz = wizard
        self.state = wizard.state
        self.setTitle(self.tr("Choose the file"))
        self.setSubTitle(self.tr("An Excel workbook (.xlsx, .xlsm, .xls), an OpenDocument sheet (.ods) or a CSV "
                                 "text file. Nothing is written until the last step."))

        self.path_edit = QLineEdit(self)
        self.path_edit.setObjectName("importPath")
        self.path_edit.setPlaceholderText(self.tr("Path of the file to import"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.returnPressed.connect(lambda: self.open_path(self.path_edit.text().strip()))
        self.browse_button = QPushButton(self.tr("&Choose…"), self)
        self.browse_button.setToolTip(self.tr("Choose an Excel or CSV file"))
        self.browse_button.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        self.progress = ProgressRow(self)
        self.job = PageJob(wizard.ctx, self.progress, "import-file", self)
        self.message = message_label(self, "fileMessage")
        self.field_sheet_label = QLabel(self)
        self.field_sheet_label.setObjectName("fieldSheetNote")
        self.field_sheet_label.setWordWrap(True)
        self.field_sheet_label.setStyleSheet(
            "QLabel#fieldSheetNote { background: #E1ECFA; border: 1px solid #9DB7DE; border-radius: 4px; padding: 8px; }")
        self.field_sheet_label.hide()

        self.sheet_list = QListWidget(self)
        self.sheet_list.setObjectName("sheetList")
        self.sheet_list.setAlternatingRowColors(True)
        self.sheet_list.setMaximumHeight(self.fontMetrics().height() * 6 + 12)
        self.sheet_list.currentItemChanged.connect(self._sheet_chosen)
        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("kindCombo")
        for kind in KINDS:
            self.kind_combo.addItem(kind_text(kind), kind)
        self.kind_combo.activated.connect(self._kind_chosen)
        self.kind_note = QLabel(self)
        self.kind_note.setObjectName("kindNote")
        self.kind_note.setWordWrap(True)

        self.preview = SheetPreview(self)
        self.preview_label = QLabel(self.tr("The sheet as it is (the header row is highlighted; rows above it are "
                                            "not imported):"), self)
        self.preview_label.setWordWrap(True)

        self.details = QFrame(self)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.sheets_label = QLabel(self.tr("&Sheets:"), self.details)
        self.sheets_label.setBuddy(self.sheet_list)
        form.addRow(self.sheets_label, self.sheet_list)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_combo)
        kind_row.addWidget(self.kind_note, 1)
        self.kind_label = QLabel(self.tr("The rows &are:"), self.details)
        self.kind_label.setBuddy(self.kind_combo)
        form.addRow(self.kind_label, kind_row)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(form)
        details.addSpacing(6)
        details.addWidget(self.preview_label)
        details.addWidget(self.preview, 1)
        self.details.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(path_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.field_sheet_label)
        layout.addWidget(self.details, 1)

    # ----- the file -------------------------------------------------------------------------

    def browse(self) -> None:
        settings = self._wiz.ctx.settings
        start = str(self.state.path.parent) if self.state.path else (last_folder(settings, LAST_FOLDER_KEY)
                                                                     or QDir.homePath())
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import from Excel"), start,
            ";;".join([self.tr("Excel and CSV files (*.xlsx *.xlsm *.xls *.ods *.csv *.txt)"), self.tr("All files (*)")]))
        if path:
            self.open_path(path)

    def open_path(self, path: str | Path) -> None:
        if not str(path):
            return
        path = Path(path)
        self.path_edit.setText(str(path))
        self.path_edit.deselect()
        self.path_edit.setCursorPosition(0)
        self._wiz.ctx.settings.setValue(LAST_FOLDER_KEY, str(path.parent))
        self.state.reset_file(path)
        self.sheet_list.clear()
        self.preview.show_rows((), header_row=0, first_data=0)
        self.details.hide()
        self.field_sheet_label.hide()
        self.sheet_list.setEnabled(True)
        self.kind_combo.show()
        self.kind_note.setText("")
        set_message(self.message, "")
        crm = self._wiz.ctx.crm
        self.job.start(lambda progress, stop: inspect_file(crm, path), self.tr("Opening {name}…").format(name=path.name),
                       self._inspected, self._failed)
        self.completeChanged.emit()

    def _inspected(self, look: FileLook) -> None:
        self.state.file = look
        self.sheet_list.blockSignals(True)
        self.sheet_list.clear()
        for sheet in look.sheets:
            text = self.tr("{sheet} — %n row(s)", "", sheet.rows).format(sheet=sheet.name)
            if not sheet.visible:
                text = self.tr("{sheet} (hidden)").format(sheet=text)
            item = QListWidgetItem(text, self.sheet_list)
            item.setData(SHEET_ROLE, sheet.name)
            if not sheet.visible or sheet.rows == 0:
                item.setForeground(QBrush(QColor("#777777")))
            if not sheet.visible:
                item.setToolTip(self.tr("This sheet is hidden in the workbook"))
        self.sheet_list.blockSignals(False)
        self.details.show()
        self.sheet_list.setMaximumHeight(self.sheet_list.sizeHintForRow(0) * min(max(len(look.sheets), 2), 6)
                                         + 2 * self.sheet_list.frameWidth() + 4)
        if look.is_field_sheet:
            self._show_field_sheet(look)
            self.preview.show_rows(look.preview, header_row=0, first_data=1)
            self.completeChanged.emit()
            return
        first = look.first_sheet()
        for i in range(self.sheet_list.count()):
            if self.sheet_list.item(i).data(SHEET_ROLE) == first:
                self.sheet_list.setCurrentRow(i)  # looks at the sheet
                break
        self.sheet_list.setFocus()
        if first is None:
            set_message(self.message, self.tr("{name} has no sheet with values in it.").format(name=look.path.name),
                        "error")

    def _show_field_sheet(self, look: FileLook) -> None:
        when = look.field_sheet_at
        self.field_sheet_label.setText(self.tr(
            "This is a field sheet exported on {date} at {time}; visits become care events and changed details "
            "update the customers.").format(date=when.strftime("%Y-%m-%d"), time=when.strftime("%H:%M")))
        self.field_sheet_label.show()
        self.kind_combo.hide()
        self.kind_note.setText(kind_text(FIELD_SHEET))
        self.sheet_list.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.state.file = None
        self.preview.show_rows((), header_row=0, first_data=0)
        set_message(self.message, message_for(exc), "error")
        self.details.hide()
        self.completeChanged.emit()

    # ----- the sheet and the kind ------------------------------------------------------------

    def _sheet_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None or self.state.file is None or self.state.is_field_sheet:
            return
        self.state.sheet = item.data(SHEET_ROLE)
        self.state.kind = None  # another sheet may hold another kind of rows: guess again
        self.state.header_row = None
        self.look()

    def _kind_chosen(self, _index: int) -> None:
        self.state.kind = self.kind_combo.currentData()
        self.look()

    def look(self) -> None:
        """Read the chosen sheet's first rows: headers, examples, the kind and the suggested columns."""
        state = self.state
        if state.path is None or state.sheet is None:
            return
        state.look = None
        state.plan = None
        crm, path, sheet, header_row, kind = self._wiz.ctx.crm, state.path, state.sheet, state.header_row, state.kind
        self.job.start(lambda progress, stop: look_at_sheet(crm, path, sheet, header_row, kind),
                       self.tr("Reading the sheet {sheet}…").format(sheet=sheet), self.looked, self._look_failed)
        self.completeChanged.emit()

    def looked(self, look: SheetLook) -> None:
        state = self.state
        state.look = look
        state.mapping = list(look.mapping)
        state.mapping_name = look.mapping_name
        state.plan = None
        set_message(self.message, "")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(look.kind)))
        self.preview.show_rows(look.preview, header_row=look.header_row, first_data=look.first_data)
        if state.kind is None:
            self.kind_note.setText(self.tr("Guessed from the column headers; change it if it is wrong."))
        elif look.kind != look.guessed_kind:
            self.kind_note.setText(self.tr("Your choice (the headers looked like {kind}).").format(
                kind=kind_text(look.guessed_kind).lower()))
        else:
            self.kind_note.setText("")
        self._wiz.look_changed.emit()
        self.completeChanged.emit()

    def _look_failed(self, exc: BaseException) -> None:
        self.state.look = None
        set_message(self.message, message_for(exc), "error")
        self.completeChanged.emit()

    # ----- the wizard ---------------------------------------------------------------------------

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        state = self.state
        if self.job.running or state.file is None:
            return False
        return state.is_field_sheet or state.look is not None

    def nextId(self) -> int:  # noqa: N802
        from .wizard import ImportWizard

        return ImportWizard.CHECK if self.state.is_field_sheet else ImportWizard.COLUMNS
