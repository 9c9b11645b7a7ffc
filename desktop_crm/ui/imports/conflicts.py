"""The check page's Conflicts tab: details changed both at the desk and in a field sheet."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.io.plan import KEEP_DATABASE, TAKE_SHEET, Conflict

CUSTOMER, FIELD, EXPORTED, DATABASE, SHEET, CHOICE = range(6)
KEPT = QColor("#E3F4E1")


class ConflictsPanel(QWidget):
    """One row per conflict with a Keep choice, and buttons that choose the same for all of them."""

    # (customer id, field), 'database' | 'sheet'
    chosen = Signal(object, str)
    # 'database' | 'sheet' for every conflict
    chosen_for_all = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        about = QLabel(self.tr("These details were changed in the database after the sheet was exported, and "
                               "in the sheet as well. Choose which value each customer keeps."), self)
        about.setWordWrap(True)
        self.keep_all_button = QPushButton(self.tr("Keep all &database values"), self)
        self.take_all_button = QPushButton(self.tr("Take all s&heet values"), self)
        self.keep_all_button.clicked.connect(lambda: self.choose_all(KEEP_DATABASE))
        self.take_all_button.clicked.connect(lambda: self.choose_all(TAKE_SHEET))
        buttons = QHBoxLayout()
        buttons.addWidget(about, 1)
        buttons.addWidget(self.keep_all_button)
        buttons.addWidget(self.take_all_button)

        table = self.table = QTableWidget(0, 6, self)
        table.setObjectName("conflictTable")
        table.setHorizontalHeaderLabels([self.tr("Customer"), self.tr("Field"), self.tr("Exported"),
                                         self.tr("In the database now"), self.tr("In the sheet"), self.tr("Keep")])
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setTabKeyNavigation(False)  # Tab goes from one Keep choice to the next
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(FIELD, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CHOICE, QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(CHOICE, 160)
        vertical = table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(self.fontMetrics().height() + 14, 30))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(table, 1)

    def show_conflicts(self, conflicts: list[Conflict], choices: dict[tuple[int, str], str], default: str) -> None:
        table = self.table
        table.setRowCount(len(conflicts))
        for row, conflict in enumerate(conflicts):
            cells = (f"{conflict.code} {conflict.name}", self._field_label(conflict.field), conflict.exported or "",
                     conflict.database or "", conflict.sheet or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
            combo = QComboBox(table)
            combo.setObjectName(f"conflictChoice{row}")
            combo.addItem(self.tr("Database value"), KEEP_DATABASE)
            combo.addItem(self.tr("Sheet value"), TAKE_SHEET)
            combo.setCurrentIndex(combo.findData(choices.get(conflict.key, default)))
            combo.currentIndexChanged.connect(lambda _i, row=row, key=conflict.key: self._chosen(row, key))
            table.setCellWidget(row, CHOICE, combo)
            self._mark_kept(row, combo.currentData())

    def choice(self, row: int) -> str | None:
        combo = self.table.cellWidget(row, CHOICE)
        return combo.currentData() if combo is not None else None

    def choose_all(self, choice: str) -> None:
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, CHOICE)
            if combo is not None:
                combo.blockSignals(True)
                combo.setCurrentIndex(combo.findData(choice))
                combo.blockSignals(False)
                self._mark_kept(row, choice)
        self.chosen_for_all.emit(choice)

    def _chosen(self, row: int, key: tuple[int, str]) -> None:
        choice = self.choice(row)
        self._mark_kept(row, choice)
        self.chosen.emit(key, choice)

    def _mark_kept(self, row: int, choice: str | None) -> None:
        """The value that will stay is bold on green; the other is plain."""
        for column, side in ((DATABASE, KEEP_DATABASE), (SHEET, TAKE_SHEET)):
            item = self.table.item(row, column)
            if item is None:
                continue
            font = item.font()
            font.setBold(side == choice)
            item.setFont(font)
            item.setBackground(QBrush(KEPT) if side == choice else QBrush())

    def _field_label(self, key: str) -> str:
        return {"phone": self.tr("Phone"), "mobile": self.tr("Mobile"), "email": self.tr("E-mail"),
                "address": self.tr("Address")}.get(key, key)
