"""The company days as a table, and the words that describe one (its date, how often, for whom)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QLocale, QModelIndex, QPersistentModelIndex, Qt

from desktop_crm.services.company_days import CompanyDayRecord

from .common import country_label

COLUMNS = ("name", "date", "repeats", "country", "lead_days", "notes")


def _tr(text: str) -> str:
    return QCoreApplication.translate("settings", text)


def month_name(month: int, calendar: str) -> str:
    """'March' for solar month 3; 'Month 3' for the third lunar month (lunar months have no such names)."""
    if calendar == "lunar":
        return _tr("Month {month}").format(month=month)
    return QLocale().standaloneMonthName(month, QLocale.FormatType.LongFormat)


def date_text(record: CompanyDayRecord) -> str:
    """'March 8', 'Lunar month 8, day 15', 'Lunar leap month 4, day 1' (the year is in repeats_text)."""
    if record.calendar == "lunar":
        text = _tr("Lunar leap month {month}, day {day}") if record.leap_month else \
            _tr("Lunar month {month}, day {day}")
        return text.format(month=record.month, day=record.day)
    return _tr("{month} {day}").format(month=month_name(record.month, "solar"), day=record.day)


def repeats_text(record: CompanyDayRecord) -> str:
    if record.yearly:
        return _tr("Every year")
    return _tr("Once, in {year}").format(year=record.year if record.year is not None else "?")


def concerns_text(country: str | None) -> str:
    if not country:
        return _tr("Every customer")
    return _tr("Customers in {country}").format(country=country_label(country))


def warning_text(days: int) -> str:
    if days == 0:
        return _tr("On the day")
    if days == 1:
        return _tr("1 day before")
    return _tr("{count} days before").format(count=days)


class CompanyDaysModel(QAbstractTableModel):
    """The company days as the service lists them (by month and day), read-only."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[CompanyDayRecord] = []

    def set_records(self, records: list[CompanyDayRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def records(self) -> list[CompanyDayRecord]:
        return list(self._records)

    def record(self, row: int) -> CompanyDayRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, day_id: int) -> int:
        return next((i for i, r in enumerate(self._records) if r.id == day_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        return (self.tr("Name"), self.tr("Date"), self.tr("Repeats"), self.tr("Concerns"), self.tr("Appears"),
                self.tr("Notes"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records) or index.column() >= len(COLUMNS):
            return None
        record = self._records[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return record.name
            if column == "date":
                return date_text(record)
            if column == "repeats":
                return repeats_text(record)
            if column == "country":
                return concerns_text(record.country)
            if column == "lead_days":
                return warning_text(record.lead_days)
            return " ".join((record.notes or "").split())  # one line in the table
        if role == Qt.ItemDataRole.ToolTipRole and column == "notes" and record.notes:
            return record.notes
        if role == Qt.ItemDataRole.UserRole:
            return record.id
        return None
