"""A report's table as a Qt model: formatted cells, numbers right-aligned, the totals line in bold."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop_crm.printing.report_text import NUMERIC_KINDS, format_value, report_locale
from desktop_crm.services.report_records import Report

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw value, for sorting and tests


def _alignment(kind: str) -> int:
    horizontal = Qt.AlignmentFlag.AlignRight if kind in NUMERIC_KINDS else Qt.AlignmentFlag.AlignLeft
    return int(horizontal | Qt.AlignmentFlag.AlignVCenter)


class ReportTableModel(QAbstractTableModel):
    """Rows of one Report; the totals (if any) are the last row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.report: Report | None = None
        self._titles: list[str] = []
        self._rows: list[tuple] = []
        self._has_totals = False
        self._locale = report_locale()
        self._bold = QFont()
        self._bold.setBold(True)

    def set_report(self, report: Report | None, titles: list[str] | None = None) -> None:
        """Show ``report``; ``titles`` are the column titles to show (translated), one per column."""
        self.beginResetModel()
        self.report = report
        self._titles = list(titles) if titles else [c.title for c in report.columns] if report else []
        self._rows = list(report.rows) if report else []
        self._has_totals = bool(report and report.totals)
        if self._has_totals:
            self._rows.append(tuple(report.totals))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() or self.report is None else len(self.report.columns)

    def is_totals(self, row: int) -> bool:
        return self._has_totals and row == len(self._rows) - 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.report is None:
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._rows) and 0 <= column < len(self.report.columns)):
            return None
        values = self._rows[row]
        value = values[column] if column < len(values) else None
        kind = self.report.columns[column].kind
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(value, kind, self._locale)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(kind)
        if role == Qt.ItemDataRole.FontRole and self.is_totals(row):
            return self._bold
        if role == SORT_ROLE:
            return value
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._titles):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and self.report is not None:
            return _alignment(self.report.columns[section].kind)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
