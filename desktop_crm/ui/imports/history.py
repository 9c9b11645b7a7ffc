"""Import history: every import with what it did, and Undo for the ones that stand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.io.plan import BatchRecord

from ..context import AppContext
from ..tasks import message_for
from .common import counts_text, kind_text, message_label, set_message

GEOMETRY_KEY = "imports/history_geometry"
NUMBER, FILE, KIND, WHEN, WHO, DID, STATUS = range(7)
ID_ROLE = Qt.ItemDataRole.UserRole


def local_time(value: dt.datetime | None) -> str:
    """A naive UTC time from the database, as the user's clock shows it."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


class ImportHistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.batches: list[BatchRecord] = []
        self.loaded = False
        self.setObjectName("importHistory")
        self.setWindowTitle(self.tr("Import history"))
        self.setSizeGripEnabled(True)

        about = QLabel(self.tr("Every import, newest first. Undo takes an import back: what it created is deleted "
                               "and the fields it changed get their old values."), self)
        about.setWordWrap(True)
        self.table = QTableWidget(0, 7, self)
        self.table.setObjectName("batchTable")
        self.table.setHorizontalHeaderLabels([self.tr("No."), self.tr("File"), self.tr("Kind"), self.tr("When"),
                                              self.tr("By"), self.tr("What it did"), self.tr("Status")])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(DID, QHeaderView.ResizeMode.Stretch)
        for column, width in ((NUMBER, 40), (FILE, 170), (KIND, 90), (WHEN, 125), (WHO, 70), (STATUS, 170)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = message_label(self, "historyMessage")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.undo_button = QPushButton(self.tr("&Undo import…"), self)
        self.undo_button.setObjectName("undoBatch")
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo_selected)
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        geometry = ctx.settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1080, 440)
        ctx.changed.connect(self._changed)
        self.reload()

    def reload(self) -> None:
        imports = self.ctx.crm.imports
        self.ctx.tasks.run(imports.batches, self._arrived,
                           lambda exc: set_message(self.message, message_for(exc), "error"), key="import-history")

    def _changed(self, changes) -> None:
        if changes.customer_list:
            self.reload()

    def _arrived(self, batches: list[BatchRecord]) -> None:
        selected = self.selected_id()
        self.batches = list(batches)
        self.loaded = True
        table = self.table
        table.setRowCount(len(batches))
        for row, batch in enumerate(batches):
            status = self._status(batch)
            cells = (str(batch.id), batch.file_name, kind_text(batch.kind), local_time(batch.started_at),
                     batch.actor or "", counts_text(batch.counts, batch.kind), status)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, batch.id)
                if column in (FILE, DID):
                    item.setToolTip(text)
                if column == NUMBER:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if batch.status != "done":
                    item.setForeground(QBrush(QColor("#777777")))
                table.setItem(row, column, item)
            if batch.id == selected:
                table.selectRow(row)
        if not batches:
            set_message(self.message, self.tr("Nothing has been imported into this database yet."))
        self._update_buttons()

    def _status(self, batch: BatchRecord) -> str:
        if batch.status == "undone":
            return self.tr("Undone {when}").format(when=local_time(batch.undone_at))
        if batch.status == "done":
            return self.tr("Done")
        return self.tr("Did not finish")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.table.item(rows[0].row(), NUMBER).data(ID_ROLE)

    def select_batch(self, batch_id: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, NUMBER).data(ID_ROLE) == batch_id:
                self.table.selectRow(row)
                return

    def _batch(self, batch_id: int | None) -> BatchRecord | None:
        return next((b for b in self.batches if b.id == batch_id), None)

    def _update_buttons(self) -> None:
        batch = self._batch(self.selected_id())
        self.undo_button.setEnabled(batch is not None and batch.status == "done")

    def undo_selected(self) -> None:
        batch = self._batch(self.selected_id())
        if batch is None or batch.status != "done":
            return
        answer = QMessageBox.question(
            self, self.tr("Undo import"),
            self.tr("Undo import {number} of {file} ({counts})? What it created is deleted and the fields it changed "
                    "get their old values back.").format(number=batch.id, file=batch.file_name,
                                                         counts=counts_text(batch.counts, batch.kind)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.undo_button.setEnabled(False)
        set_message(self.message, self.tr("Undoing import {number}…").format(number=batch.id))
        imports, number = self.ctx.crm.imports, batch.id

        def done(changes) -> None:
            set_message(self.message, self.tr("Import {number} was undone.").format(number=number), "good")
            self.ctx.announce(changes)
            self.ctx.notify.emit(self.tr("Import {number} was undone.").format(number=number))
            self.reload()

        def failed(exc: BaseException) -> None:
            set_message(self.message, message_for(exc), "error")
            self._update_buttons()

        self.ctx.tasks.run(lambda: imports.undo(number), done, failed)

    def done(self, result: int) -> None:
        self.ctx.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().done(result)
