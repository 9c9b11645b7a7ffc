"""The Today page's Qt model: the agenda's sections, each with its rows, as a two-level tree.

Top level: one item per section (in ``SECTIONS`` order) with its count. Under it: the rows the
agenda handed out (at most its limit), and one last "… and N more" item when the section has
more rows than are shown. The sentences of a row are made when it is first painted (or asked
for) and kept until the next agenda arrives: nothing here touches the database.
"""

from __future__ import annotations

import datetime as dt
import enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from desktop_crm.services.agenda_records import SECTIONS, Agenda, AgendaRow, AgendaSection

from .reasons import Dates, RowText, describe

CONTEXT = "TodayModel"

SECTION_TITLES = {
    "calls": QT_TRANSLATE_NOOP("TodayModel", "Calls due"),
    "visits": QT_TRANSLATE_NOOP("TodayModel", "Visits due"),
    "follow_ups": QT_TRANSLATE_NOOP("TodayModel", "Follow-ups and tasks due"),
    "occasions": QT_TRANSLATE_NOOP("TodayModel", "Birthdays and anniversaries"),
    "holidays": QT_TRANSLATE_NOOP("TodayModel", "Holidays coming"),
    "reorders": QT_TRANSLATE_NOOP("TodayModel", "Re-orders due"),
    "at_risk": QT_TRANSLATE_NOOP("TodayModel", "Customers at risk"),
    "complaints": QT_TRANSLATE_NOOP("TodayModel", "Complaints past their target time"),
}

# Short names for the row of section buttons above the agenda.
SECTION_SHORT_TITLES = {
    "calls": QT_TRANSLATE_NOOP("TodayModel", "Calls"),
    "visits": QT_TRANSLATE_NOOP("TodayModel", "Visits"),
    "follow_ups": QT_TRANSLATE_NOOP("TodayModel", "Follow-ups"),
    "occasions": QT_TRANSLATE_NOOP("TodayModel", "Occasions"),
    "holidays": QT_TRANSLATE_NOOP("TodayModel", "Holidays"),
    "reorders": QT_TRANSLATE_NOOP("TodayModel", "Re-orders"),
    "at_risk": QT_TRANSLATE_NOOP("TodayModel", "At risk"),
    "complaints": QT_TRANSLATE_NOOP("TodayModel", "Complaints"),
}

Index = QModelIndex | QPersistentModelIndex


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, None, n)


def section_title(name: str) -> str:
    text = SECTION_TITLES.get(name)
    return tr(text) if text else name


def section_short_title(name: str) -> str:
    text = SECTION_SHORT_TITLES.get(name)
    return tr(text) if text else section_title(name)


class Kind(enum.IntEnum):
    SECTION = 1
    ROW = 2
    MORE = 3  # "… and N more"


class Role(enum.IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1  # Kind
    SECTION = Qt.ItemDataRole.UserRole + 2  # the section's name
    ROW = Qt.ItemDataRole.UserRole + 3  # the AgendaRow
    TEXT = Qt.ItemDataRole.UserRole + 4  # RowText of a row
    COUNT = Qt.ItemDataRole.UserRole + 5  # a section's count; the rows left out, for MORE
    SHOWN = Qt.ItemDataRole.UserRole + 6  # the rows a section shows
    KEY = Qt.ItemDataRole.UserRole + 7  # the row's key


class _Section:
    __slots__ = ("name", "count", "rows")

    def __init__(self, section: AgendaSection):
        self.name = section.name
        self.count = section.count
        self.rows: list[AgendaRow] = list(section.rows)

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.rows))

    def children(self) -> int:
        return len(self.rows) + (1 if self.more else 0)


class TodayModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._sections: list[_Section] = []
        self._texts: dict[str, RowText] = {}
        self._dates: Dates | None = None
        self._show_manager = True
        self.agenda: Agenda | None = None

    # ----- filling ---------------------------------------------------------------------------------

    def set_agenda(self, agenda: Agenda) -> None:
        by_name = {s.name: s for s in agenda.sections}
        names = [n for n in SECTIONS if n in by_name] + [s.name for s in agenda.sections if s.name not in SECTIONS]
        self.beginResetModel()
        self.agenda = agenda
        self._sections = [_Section(by_name[n]) for n in names]
        self._texts = {}
        self._dates = Dates(agenda.today)
        self._show_manager = agenda.manager_login is None
        self.endResetModel()

    def remove_key(self, key: str) -> bool:
        """Take a row off at once (it was snoozed or done); the next agenda confirms it."""
        for s_row, section in enumerate(self._sections):
            for r_row, row in enumerate(section.rows):
                if row.key == key:
                    parent = self.index(s_row, 0)
                    self.beginRemoveRows(parent, r_row, r_row)
                    del section.rows[r_row]
                    section.count = max(0, section.count - 1)
                    self.endRemoveRows()
                    self.dataChanged.emit(parent, parent)
                    return True
        return False

    # ----- looking things up -------------------------------------------------------------------------

    def section_names(self) -> list[str]:
        return [s.name for s in self._sections]

    def section_index(self, name: str) -> QModelIndex:
        for i, section in enumerate(self._sections):
            if section.name == name:
                return self.index(i, 0)
        return QModelIndex()

    def rows_of(self, name: str) -> list[AgendaRow]:
        return next((list(s.rows) for s in self._sections if s.name == name), [])

    def count_of(self, name: str) -> int:
        return next((s.count for s in self._sections if s.name == name), 0)

    def index_of_key(self, key: str) -> QModelIndex:
        for s_row, section in enumerate(self._sections):
            for r_row, row in enumerate(section.rows):
                if row.key == key:
                    return self.index(r_row, 0, self.index(s_row, 0))
        return QModelIndex()

    def row_at(self, index: Index) -> AgendaRow | None:
        if self.kind(index) is not Kind.ROW:
            return None
        return self._sections[index.internalId() - 1].rows[index.row()]

    def kind(self, index: Index) -> Kind | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            return Kind.SECTION
        section = self._sections[index.internalId() - 1]
        return Kind.ROW if index.row() < len(section.rows) else Kind.MORE

    def text_of(self, row: AgendaRow) -> RowText:
        text = self._texts.get(row.key)
        if text is None:
            text = describe(row, self._dates or Dates(dt.date.today()), show_manager=self._show_manager)
            self._texts[row.key] = text
        return text

    # ----- QAbstractItemModel -----------------------------------------------------------------------

    def index(self, row: int, column: int = 0, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._sections) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self._sections):
            return QModelIndex()
        if row >= self._sections[parent.row()].children():
            return QModelIndex()
        return self.createIndex(row, 0, parent.row() + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self._sections)
        if parent.column() != 0 or parent.internalId() != 0:
            return 0
        return self._sections[parent.row()].children()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        kind = self.kind(index)
        if kind is None:
            return Qt.ItemFlag.NoItemFlags
        if kind is Kind.MORE:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if kind is Kind.ROW:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        kind = self.kind(index)
        if kind is None:
            return None
        if role == Role.KIND:
            return kind
        if kind is Kind.SECTION:
            return self._section_data(self._sections[index.row()], role)
        section = self._sections[index.internalId() - 1]
        if role == Role.SECTION:
            return section.name
        if kind is Kind.MORE:
            if role == Role.COUNT:
                return section.more
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return tr("… and %n more, not shown", section.more)
            return None
        row = section.rows[index.row()]
        if role == Role.ROW:
            return row
        if role == Role.KEY:
            return row.key
        if role == Role.TEXT:
            return self.text_of(row)
        if role == Qt.ItemDataRole.DisplayRole:
            text = self.text_of(row)
            return f"{text.title} — {text.reason}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text_of(row).tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.text_of(row)
            return ". ".join([text.title, text.due, text.reason, *text.context])
        return None

    def _section_data(self, section: _Section, role: int):
        if role == Role.SECTION:
            return section.name
        if role == Role.COUNT:
            return section.count
        if role == Role.SHOWN:
            return len(section.rows)
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("{title} ({count})").format(title=section_title(section.name), count=section.count)
        if role == Qt.ItemDataRole.ToolTipRole:
            if section.count == 0:
                return tr("Nothing is due in this section.")
            if section.more:
                return tr("The %n most urgent are shown; choose one manager to see fewer at a time.",
                          len(section.rows))
            return None
        return None


__all__ = ["Kind", "Role", "SECTION_TITLES", "TodayModel", "section_short_title", "section_title"]
