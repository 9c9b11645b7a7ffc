"""A read-only table model over a list of plain records (frozen dataclasses), one row each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
TOOLTIP_MIN = 24  # longer texts also come as a tooltip (cells elide them)


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    right: bool = False  # numbers line up on the right
    tooltip: bool = False  # the full text as a tooltip
    tip: Callable[[Any], str | None] | None = None  # a tooltip of its own


class RecordTableModel(QAbstractTableModel):
    """Rows are records; each column turns a record into text. Subclasses may grey or bolden rows."""

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None):
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    # ----- filling -------------------------------------------------------------------------

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(records)
        self.endResetModel()

    def record(self, row: int) -> Any | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def records(self) -> list[Any]:
        return list(self._rows)

    # ----- what subclasses may change ------------------------------------------------------

    def greyed(self, record: Any) -> bool:
        return False

    def bold(self, record: Any) -> bool:
        return False

    # ----- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        record = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tip is not None:
                return column.tip(record) or None
            text = column.text(record)
            return text if (column.tooltip or len(text) > TOOLTIP_MIN) and text else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if column.right else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.greyed(record):
            return QBrush(QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == Qt.ItemDataRole.FontRole and (self.greyed(record) or self.bold(record)):
            font = QFont()
            font.setItalic(self.greyed(record))
            font.setBold(self.bold(record))
            return font
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].title if 0 <= section < len(self._columns) else None
        return str(section + 1) if 0 <= section < len(self._rows) else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
