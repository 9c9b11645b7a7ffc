"""Wizard page 2: which field each column of the file goes to."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from ..tasks import message_for
from .common import PageJob, ProgressRow, message_label, set_message
from .state import LOOK_ROWS, look_at_sheet

CUSTOM = "custom"
COLUMN, HEADER, EXAMPLES, FIELD = range(4)


def field_choices(kind: str) -> list[tuple[str, str]]:
    """(key, label) of the fields a column of this kind of file can go to, as the core lists them."""
    from desktop_crm.io import mapping

    return [(spec.key, QCoreApplication.translate("fields", spec.label)) for spec in mapping.FIELDS[kind]]


def missing_fields(kind: str, keys: list[str | None]) -> list[str]:
    """What the mapping still lacks, in words (required fields, and one of each set of alternatives)."""
    from desktop_crm.io import mapping

    return [QCoreApplication.translate("fields", text) for text in mapping.missing(kind, keys)]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


class ColumnsPage(QWizardPage):
    def __init__(self, wizard):
        super().__init__(wizard)
        self._wiz = wizard
        self.state = wizard.state
        self.setTitle(self.tr("Match the columns"))
        self.setSubTitle(self.tr("Say where each column of the file goes. Suggestions come from the headers; "
                                 "columns left “not imported” are ignored."))
        self._labels: dict[str, str] = {}
        self.duplicates: list[str] = []
        self.missing: list[str] = []

        self.source_label = QLabel(self)
        self.source_label.setObjectName("mappingSource")
        self.source_label.setWordWrap(True)
        self.header_spin = QSpinBox(self)
        self.header_spin.setObjectName("headerRow")
        self.header_spin.setRange(1, LOOK_ROWS)
        self.header_spin.setToolTip(self.tr("The row of the sheet that holds the column headers; rows above it "
                                            "(titles, notes) are not imported"))
        header_label = QLabel(self.tr("Header is in &row"), self)
        header_label.setBuddy(self.header_spin)
        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(350)
        self._header_timer.timeout.connect(self._header_row_chosen)
        self.header_spin.valueChanged.connect(lambda _v: self._header_timer.start())
        top = QHBoxLayout()
        top.addWidget(self.source_label, 1)
        top.addWidget(header_label)
        top.addWidget(self.header_spin)

        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("columnTable")
        self.table.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Header in the file"), self.tr("Examples"),
                                              self.tr("Goes to")])
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves from one field choice to the next
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(self.fontMetrics().height() + 14, 30))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HEADER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(EXAMPLES, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(HEADER, 190)
        self.table.setColumnWidth(FIELD, 230)

        self.message = message_label(self, "columnsMessage")
        self.progress = ProgressRow(self)
        self.job = PageJob(wizard.ctx, self.progress, "import-columns", self)
        self.save_button = QPushButton(self.tr("&Save this mapping…"), self)
        self.save_button.setToolTip(self.tr("Remember these columns: files with the same headers use them "
                                            "automatically"))
        self.save_button.clicked.connect(self.save_mapping)
        self.saved_label = message_label(self, "mappingSaved")
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved_label, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        wizard.look_changed.connect(self._rebuild_if_shown)

    # ----- filling ----------------------------------------------------------------------------

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.rebuild()

    def _rebuild_if_shown(self) -> None:
        if self._wiz.currentPage() is self:
            self.rebuild()

    def rebuild(self) -> None:
        look = self.state.look
        self.table.setRowCount(0)
        set_message(self.saved_label, "")
        if look is None:
            return
        choices = field_choices(look.kind)
        self._labels = dict(choices)
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(1, max(look.rows_read, look.header_row + 1, 1))
        self.header_spin.setValue(look.header_row + 1)
        self.header_spin.blockSignals(False)
        self.table.setRowCount(len(look.headers))
        for index, heading in enumerate(look.headers):
            letter = QTableWidgetItem(column_letter(index))
            letter.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(index, COLUMN, letter)
            item = QTableWidgetItem(heading or self.tr("(no header)"))
            item.setToolTip(heading)
            self.table.setItem(index, HEADER, item)
            samples = look.samples[index] if index < len(look.samples) else []
            examples = QTableWidgetItem("  ·  ".join(samples))
            examples.setToolTip("\n".join(samples))
            self.table.setItem(index, EXAMPLES, examples)
            combo = QComboBox(self.table)
            combo.setObjectName(f"fieldCombo{index}")
            combo.addItem(self.tr("— not imported —"), None)
            for key, label in choices:
                if key == CUSTOM:
                    continue
                combo.addItem(label, key)
            if CUSTOM in self._labels:
                combo.insertSeparator(combo.count())
                combo.addItem(self.tr("Keep as a custom field"), CUSTOM)
            key = self.state.mapping[index] if index < len(self.state.mapping) else None
            combo.setCurrentIndex(max(0, combo.findData(key)))
            combo.currentIndexChanged.connect(lambda _i, index=index: self._field_chosen(index))
            self.table.setCellWidget(index, FIELD, combo)
        self._grey_unmapped()
        self._say_source()
        self._check()

    def combo(self, column: int) -> QComboBox:
        return self.table.cellWidget(column, FIELD)

    def _say_source(self) -> None:
        look = self.state.look
        if self.state.mapping_name:
            self.source_label.setText(self.tr("Using the saved mapping “{name}”.").format(name=self.state.mapping_name))
        elif look is not None and any(look.mapping):
            self.source_label.setText(self.tr("Suggested from the headers of the sheet “{sheet}”; check each column.")
                                      .format(sheet=look.sheet))
        else:
            self.source_label.setText(self.tr("No header was recognised; choose where each column goes."))

    # ----- choices ---------------------------------------------------------------------------

    def _field_chosen(self, index: int) -> None:
        key = self.combo(index).currentData()
        mapping = self.state.mapping
        while len(mapping) <= index:
            mapping.append(None)
        mapping[index] = key
        if self.state.mapping_name:
            self.state.mapping_name = None  # no longer the saved mapping as it was saved
            self._say_source()
        self.state.plan = None
        self._grey_unmapped()
        self._check()

    def _grey_unmapped(self) -> None:
        """Columns that are not imported look it."""
        look = self.state.look
        for index in range(self.table.rowCount()):
            mapped = index < len(self.state.mapping) and self.state.mapping[index] is not None
            heading = look.headers[index] if look and index < len(look.headers) else ""
            colour = QColor("#202020") if mapped and heading else QColor("#8A8A8A")
            for column in (COLUMN, HEADER, EXAMPLES):
                item = self.table.item(index, column)
                if item is not None:
                    item.setForeground(QBrush(colour))

    def _check(self) -> None:
        state = self.state
        seen: dict[str, int] = {}
        problems = []
        for index, key in enumerate(state.mapping):
            if key is None or key == CUSTOM:
                continue
            if key in seen:
                first, again = seen[key], index
                problems.append(self.tr("Two columns go to {field}: “{first}” and “{again}”. Choose another field "
                                        "for one of them.").format(field=self._labels.get(key, key),
                                                                     first=self._heading(first),
                                                                     again=self._heading(again)))
            else:
                seen[key] = index
        self.duplicates = problems
        self.missing = missing_fields(state.look.kind, state.mapping) if state.look is not None else []
        if problems:
            set_message(self.message, "\n".join(problems), "error")
        elif state.look is not None and not any(state.mapping):
            set_message(self.message, self.tr("No column is imported yet: choose where at least one column goes."),
                        "error")
        elif self.missing:
            set_message(self.message, self.tr("Still needed: {fields}. Choose the columns that hold them.").format(
                fields="; ".join(self.missing)), "error")
        else:
            set_message(self.message, "")
        self.completeChanged.emit()

    def _heading(self, index: int) -> str:
        look = self.state.look
        heading = look.headers[index] if look and index < len(look.headers) else ""
        return heading or self.tr("column {letter}").format(letter=column_letter(index))

    def _header_row_chosen(self) -> None:
        look = self.state.look
        row = self.header_spin.value() - 1
        if look is None or row == look.header_row:
            return
        state = self.state
        state.header_row = row
        state.plan = None
        crm, path, sheet, kind = self._wiz.ctx.crm, state.path, look.sheet, state.kind or look.kind
        self.job.start(lambda progress, stop: look_at_sheet(crm, path, sheet, row, kind),
                       self.tr("Reading the headers in row {row}…").format(row=row + 1),
                       self._wiz.file_page.looked, self._failed)
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        set_message(self.message, message_for(exc), "error")
        self.completeChanged.emit()

    def save_mapping(self) -> None:
        look = self.state.look
        if look is None:
            return
        name, ok = QInputDialog.getText(self, self.tr("Save column mapping"),
                                        self.tr("Name of this mapping (files with the same headers will use it):"),
                                        text=self.state.mapping_name or (self.state.path.stem if self.state.path else ""))
        name = name.strip()
        if not ok or not name:
            return
        imports = self._wiz.ctx.crm.imports
        headers, fields, kind = list(look.headers), list(self.state.mapping), look.kind

        def saved(_result) -> None:
            self.state.mapping_name = name
            self._say_source()
            set_message(self.saved_label, self.tr("Saved as “{name}”.").format(name=name), "good")

        self._wiz.ctx.tasks.run(lambda: imports.save_mapping(name, kind, headers, fields), saved,
                                lambda exc: set_message(self.saved_label, message_for(exc), "error"))

    # ----- the wizard ---------------------------------------------------------------------------

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        state = self.state
        return (state.look is not None and not self.job.running and not self.duplicates and not self.missing
                and any(state.mapping))
