"""The tables of the wizard's check page: the preview rows with their action, and the issues."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_crm.io.plan import ERROR, Issue, PreviewRow

from .common import ACTION_COLOURS, ACTION_MARKS, action_text

Index = QModelIndex | QPersistentModelIndex
ERROR_COLOUR = QColor("#B3261E")
WARNING_COLOUR = QColor("#8A5A00")
TEXT_COLOUR = QColor("#202020")


BIRTH_PARTS = ("birth_calendar", "birth_year", "birth_month", "birth_day")


def display_values(values: dict[str, str]) -> dict[str, str]:
    """Preview values as a person reads them: the parts of a birthday become one 'birthday' column."""
    if not any(key in values for key in BIRTH_PARTS):
        return dict(values)
    out = {key: value for key, value in values.items() if key not in BIRTH_PARTS}
    month, day = values.get("birth_month"), values.get("birth_day")
    if month and day and str(month).isdigit() and str(day).isdigit():
        year = values.get("birth_year")
        text = f"{year}-{int(month):02d}-{int(day):02d}" if year else f"{int(month):02d}-{int(day):02d}"
        if values.get("birth_calendar") == "lunar":
            text = QCoreApplication.translate("imports", "{date} (lunar)").format(date=text)
        out["birthday"] = text
    return out


class PreviewModel(QAbstractTableModel):
    """The first rows as they will be stored: sheet row, action, then one column per field."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[PreviewRow] = []
        self._keys: list[str] = []
        self._labels: dict[str, str] = {}

    def set_rows(self, rows: list[PreviewRow], labels: dict[str, str], order: list[str]) -> None:
        """``order``: the field keys in the order the columns should come (the mapping's order)."""
        self.beginResetModel()
        self._rows = [PreviewRow(r.row, r.action, display_values(r.values)) for r in rows]
        rows = self._rows
        seen: dict[str, None] = {}
        present = {key for r in rows for key in r.values}
        for key in order:
            if key in present:
                seen.setdefault(key)
        for r in rows:
            for key in r.values:
                seen.setdefault(key)
        self._keys = list(seen)
        self._labels = dict(labels)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], {}, [])

    def keys(self) -> list[str]:
        return list(self._keys)

    def row_at(self, row: int) -> PreviewRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2 + len(self._keys)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return self.tr("Row")
        if section == 1:
            return self.tr("Action")
        if 0 <= section - 2 < len(self._keys):
            key = self._keys[section - 2]
            return self._labels.get(key, key)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(r.row)
            if column == 1:
                return f"{ACTION_MARKS.get(r.action, '')} {action_text(r.action)}".strip()
            if 0 <= column - 2 < len(self._keys):
                return r.values.get(self._keys[column - 2], "")
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column >= 2 and column - 2 < len(self._keys):
            text = r.values.get(self._keys[column - 2], "")
            return text if len(text) > 30 else None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = ACTION_COLOURS.get(r.action)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(ERROR_COLOUR if (r.action == "rejected" and column == 1) else TEXT_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class IssuesModel(QAbstractTableModel):
    """Row, column, level and sentence of each issue; errors first; filtered by level."""

    ALL, ERRORS, WARNINGS = "all", "error", "warning"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._all: list[Issue] = []
        self._shown: list[Issue] = []
        self._filter = self.ALL

    def set_issues(self, issues: list[Issue]) -> None:
        self.beginResetModel()
        self._all = sorted(issues, key=lambda i: (i.level != ERROR, i.row or 0))
        self._apply()
        self.endResetModel()

    def set_filter(self, level: str) -> None:
        self.beginResetModel()
        self._filter = level
        self._apply()
        self.endResetModel()

    def _apply(self) -> None:
        self._shown = self._all if self._filter == self.ALL else [i for i in self._all if i.level == self._filter]

    def issue_at(self, row: int) -> Issue:
        return self._shown[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {0: self.tr("Row"), 1: self.tr("Column"), 2: self.tr("Kind"), 3: self.tr("Problem")}.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        issue = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(issue.row) if issue.row else self.tr("whole file")
            if column == 1:
                return issue.column or ""
            if column == 2:
                return self.tr("Error") if issue.level == ERROR else self.tr("Warning")
            if column == 3:
                return _sentence(issue.message)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and column == 3:
            return _sentence(issue.message)
        if role == Qt.ItemDataRole.ForegroundRole and column == 2:
            return QBrush(ERROR_COLOUR if issue.level == ERROR else WARNING_COLOUR)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…", ")")) else text + "."
