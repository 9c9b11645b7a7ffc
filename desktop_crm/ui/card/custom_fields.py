"""The customer's custom fields as an editable two-column table: name → value."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt


class CustomFieldsModel(QAbstractTableModel):
    """Rows of [name, value]. A value that was not edited keeps its type (a number stays a number);
    an edited one becomes the text typed. Rows without a name are left out of ``fields()``."""

    NAME, VALUE = 0, 1

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[list[Any]] = []

    def set_fields(self, fields: dict[str, Any]) -> None:
        self.beginResetModel()
        self._rows = [[str(name), value] for name, value in fields.items()]
        self.endResetModel()

    def fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in self._rows:
            key = str(name).strip()
            if key:
                out[key] = value.strip() if isinstance(value, str) else value
        return out

    def duplicate_names(self) -> list[str]:
        seen: set[str] = set()
        twice = []
        for name, _value in self._rows:
            key = str(name).strip()
            if key and key in seen and key not in twice:
                twice.append(key)
            seen.add(key)
        return twice

    def add_row(self) -> QModelIndex:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(["", ""])
        self.endInsertRows()
        return self.index(row, self.NAME)

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        return True

    # ----- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() > 1:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            value = self._rows[index.row()][index.column()]
            return "" if value is None else str(value)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() >= len(self._rows):
            return False
        row = self._rows[index.row()]
        text = "" if value is None else str(value)
        old = row[index.column()]
        if ("" if old is None else str(old)) == text:
            return True  # unchanged: keep the stored type
        row[index.column()] = text
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section == self.NAME:
            return self.tr("Field")
        if section == self.VALUE:
            return self.tr("Value")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemNeverHasChildren)
