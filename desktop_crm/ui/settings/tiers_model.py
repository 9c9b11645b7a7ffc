"""The editable table of tiers: saved values, with the user's unsaved edits laid over them."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QLocale, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop_crm.services.records import TierRecord

from .common import sentence

COLUMNS = ("code", "name", "call_cadence_days", "visit_cadence_days", "gift_budget", "revenue_share", "colour")
EDITABLE = set(COLUMNS[1:-1])  # the colour is chosen in a colour dialog, not typed
NUMERIC = {"call_cadence_days", "visit_cadence_days", "gift_budget", "revenue_share"}
EDITED_BACKGROUND = QColor("#FFF4CE")
PROBLEM_BACKGROUND = QColor("#F9DEDC")


def share_text(share: float | None) -> str:
    """0.8 -> '80', 0.125 -> '12.5' (percent, without the sign)."""
    if share is None:
        return ""
    percent = (Decimal(str(share)) * 100).quantize(Decimal("0.0001")).normalize()
    return format(percent, "f")


def share_value(text: str) -> Decimal | str | None:
    """'80', '80 %', '12,5' -> the fraction; text that is no number goes on as it is (the service says why)."""
    cleaned = text.replace("%", "").replace(" ", "").replace(",", ".").strip()
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return text
    return number / 100 if number.is_finite() else text


def edit_text(record: TierRecord, column: str) -> str:
    """A saved value as the user types it."""
    value = getattr(record, column)
    if column == "revenue_share":
        return share_text(value)
    if value is None:
        return ""
    if column == "gift_budget":
        return format(Decimal(value).quantize(Decimal("0.01")), "f")
    return str(value)


class TiersModel(QAbstractTableModel):
    dirty_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[TierRecord] = []
        self._edits: dict[tuple[int, str], str] = {}  # (tier id, column) -> text not saved yet
        self._problems: dict[tuple[int, str], str] = {}  # (tier id, column) -> why the save refused it

    # ----- content ----------------------------------------------------------------------------

    def set_records(self, records: list[TierRecord], *, was_dirty: bool | None = None) -> None:
        """New saved values; unsaved edits of tiers that still exist are kept on top of them."""
        was_dirty = self.is_dirty() if was_dirty is None else was_dirty
        self.beginResetModel()
        self._records = list(records)
        ids = {r.id for r in self._records}
        self._edits = {key: value for key, value in self._edits.items()
                       if key[0] in ids and value != edit_text(self._by_id(key[0]), key[1])}
        self._problems = {key: value for key, value in self._problems.items() if key in self._edits}
        self.endResetModel()
        if was_dirty != self.is_dirty():
            self.dirty_changed.emit(self.is_dirty())

    def records(self) -> list[TierRecord]:
        return list(self._records)

    def is_dirty(self) -> bool:
        return bool(self._edits)

    def pending(self) -> dict[int, dict[str, Any]]:
        """The edits as the service takes them: {tier id: {field: value}}, shares as fractions."""
        out: dict[int, dict[str, Any]] = {}
        for (tier_id, column), text in self._edits.items():
            out.setdefault(tier_id, {})[column] = share_value(text) if column == "revenue_share" else text
        return out

    def revert(self) -> None:
        self.beginResetModel()
        self._edits.clear()
        self._problems.clear()
        self.endResetModel()
        self.dirty_changed.emit(False)

    def edits(self) -> dict[tuple[int, str], str]:
        """A copy of the unsaved edits, to hand back to ``saved`` once they are saved."""
        return dict(self._edits)

    def saved(self, records: list[TierRecord], sent: dict[tuple[int, str], str]) -> None:
        """The edits in ``sent`` were saved: drop them (not ones typed since) and show the database's values."""
        was_dirty = self.is_dirty()
        for key, text in sent.items():
            if self._edits.get(key) == text:
                del self._edits[key]
        self._problems.clear()
        self.set_records(records, was_dirty=was_dirty)

    def set_problems(self, problems: dict[str, str]) -> list[str]:
        """Mark the cells a ValidationError names ("A.call_cadence_days"); returns the sentences to show."""
        codes = {r.code: r.id for r in self._records}
        self._problems.clear()
        for key, problem in problems.items():
            code, _, column = key.rpartition(".")
            if code in codes and column in COLUMNS:
                self._problems[(codes[code], column)] = sentence(problem)
            elif key == "revenue_share":  # the shares together: every share cell is part of it
                for record in self._records:
                    self._problems[(record.id, "revenue_share")] = sentence(problem)
        self._changed_all()
        return [sentence(p) for p in problems.values()]

    def clear_problems(self) -> None:
        if self._problems:
            self._problems.clear()
            self._changed_all()

    def problem(self, row: int, column: str) -> str | None:
        record = self._records[row] if 0 <= row < len(self._records) else None
        return None if record is None else self._problems.get((record.id, column))

    def record(self, row: int) -> TierRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def share_total(self) -> Decimal:
        """The ABC shares of all tiers together as shown (edits included; text that is no number left out)."""
        total = Decimal(0)
        for row in range(len(self._records)):
            value = share_value(self.current_text(row, "revenue_share"))
            if isinstance(value, Decimal):
                total += value
        return total

    def current_text(self, row: int, column: str) -> str:
        record = self._records[row]
        return self._edits.get((record.id, column), edit_text(record, column))

    # ----- Qt's model interface -----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                "code": self.tr("Tier"), "name": self.tr("Name"), "call_cadence_days": self.tr("Call every\n(days)"),
                "visit_cadence_days": self.tr("Visit every\n(days)"),
                "gift_budget": self.tr("Gift budget\nper customer a year"),
                "revenue_share": self.tr("ABC share\nof revenue"), "colour": self.tr("Colour"),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {
                "code": self.tr("The tier's code; it does not change"),
                "name": self.tr("The name shown on customer cards and lists"),
                "call_cadence_days": self.tr("A customer of this tier is due a call after this many days "
                                             "without one. Empty: no call reminders."),
                "visit_cadence_days": self.tr("A customer of this tier is due a visit after this many days "
                                              "without one. Empty: no visit reminders."),
                "gift_budget": self.tr("What may be spent on gifts per customer and year"),
                "revenue_share": self.tr("Automatic A/B/C tiers: the best customers who together bring this "
                                         "share of revenue get this tier. All tiers together at most 100 %."),
                "colour": self.tr("Double-click to choose another colour"),
            }[column]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if COLUMNS[index.column()] in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records) or index.column() >= len(COLUMNS):
            return None
        record = self._records[index.row()]
        column = COLUMNS[index.column()]
        key = (record.id, column)
        text = self._edits.get(key, edit_text(record, column))
        if role == Qt.ItemDataRole.EditRole:
            return text
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(column, text, edited=key in self._edits)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self._problems:
                return self._problems[key]
            if key in self._edits:
                return self.tr("Changed, not saved yet (was: {value})").format(
                    value=self._display(column, edit_text(record, column), edited=False) or self.tr("empty"))
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self._problems:
                return PROBLEM_BACKGROUND
            if key in self._edits:
                return EDITED_BACKGROUND
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == "colour":
            colour = QColor(text)
            return colour if colour.isValid() else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.row() >= len(self._records):
            return False
        column = COLUMNS[index.column()]
        if column not in EDITABLE and column != "colour":
            return False
        record = self._records[index.row()]
        key = (record.id, column)
        text = "" if value is None else str(value).strip()
        if column == "colour":
            text = text.upper()
        was_dirty = self.is_dirty()
        if text == edit_text(record, column):
            self._edits.pop(key, None)
        else:
            self._edits[key] = text
        self._problems.pop(key, None)
        self.dataChanged.emit(index, index)
        if was_dirty != self.is_dirty():
            self.dirty_changed.emit(self.is_dirty())
        return True

    # ----- helpers ------------------------------------------------------------------------------

    def _display(self, column: str, text: str, *, edited: bool) -> str:
        if not text:
            return ""
        if column == "revenue_share":
            value = share_value(text)
            if not isinstance(value, Decimal):
                return text
            return self.tr("{percent} %").format(percent=share_text(float(value)))
        if column == "gift_budget" and not edited:
            try:
                return QLocale().toString(float(Decimal(text)), "f", 2)
            except InvalidOperation:
                return text
        return text

    def _by_id(self, tier_id: int) -> TierRecord:
        return next(r for r in self._records if r.id == tier_id)

    def _changed_all(self) -> None:
        if self._records:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._records) - 1, len(COLUMNS) - 1))
