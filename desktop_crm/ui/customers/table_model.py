"""The customer table's model: a window over the ordered id list of the current search.

The page hands the model the ids (sorted and filtered in SQL); the model keeps them in a
compact array and fetches the rows that scroll into view in blocks, on the worker thread.
A row not fetched yet shows an ellipsis until its block arrives. ``flags()``, ``rowCount()``
and selection never fetch. Sorting is done by the page in SQL (``sort()`` only asks for it).
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop_crm.services.records import CustomerRow

from ..context import AppContext

BLOCK = 100  # rows fetched at a time
CACHE_ROWS = 20_000  # rows kept; the oldest blocks are dropped beyond this
PLACEHOLDER = "…"
TIER_COLOUR_ROLE = Qt.ItemDataRole.UserRole + 1
CUSTOMER_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("CustomerTableModel", text)


@dataclass(frozen=True)
class Column:
    key: str  # stable name, used in saved views
    title: Callable[[], str]  # translated lazily, so a language change reaches the header
    sort: str | None  # the service's sort key, or None when the column cannot be sorted
    value: Callable[[CustomerRow], object]
    hidden_by_default: bool = False


def _status(row: CustomerRow) -> str:
    return {
        "prospect": _tr("Prospect"), "active": _tr("Active"), "dormant": _tr("Dormant"), "lost": _tr("Lost"),
    }.get(row.status, row.status)


def _when(value: dt.datetime | None) -> str:
    return value.date().isoformat() if value else ""


COLUMNS: tuple[Column, ...] = (
    Column("code", lambda: _tr("Code"), "code", lambda r: r.code),
    Column("name", lambda: _tr("Name"), "name", lambda r: r.name),
    Column("company", lambda: _tr("Company"), "company", lambda r: r.company or ""),
    Column("tier", lambda: _tr("Tier"), "tier", lambda r: r.tier or ""),
    Column("status", lambda: _tr("Status"), "status", _status),
    Column("manager", lambda: _tr("Manager"), "manager", lambda r: r.manager_name or ""),
    Column("phone", lambda: _tr("Phone"), None, lambda r: r.phone or r.mobile or ""),
    Column("mobile", lambda: _tr("Mobile"), None, lambda r: r.mobile or "", hidden_by_default=True),
    Column("email", lambda: _tr("E-mail"), None, lambda r: r.email or ""),
    Column("city", lambda: _tr("City"), "city", lambda r: r.city or ""),
    Column("region", lambda: _tr("Region"), "region", lambda r: r.region or "", hidden_by_default=True),
    Column("country", lambda: _tr("Country"), None, lambda r: r.country or "", hidden_by_default=True),
    Column("last_contact", lambda: _tr("Last contact"), "last_contact", lambda r: _when(r.last_contact_at)),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def column_index(key: str) -> int:
    return COLUMN_KEYS.index(key)


class CustomerTableModel(QAbstractTableModel):
    """Rows are customers in the order of the held id list."""

    # The view asked to sort by this column (index, descending); the page re-queries in SQL.
    sort_requested = Signal(int, bool)
    # A block of rows arrived (for tests and benchmarks: "the rows are painted after this").
    rows_arrived = Signal()
    fetch_failed = Signal(str)

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self._ctx = ctx
        self._ids = array("q")
        self._complete = True  # False while only the head of the list is known
        self._rows: OrderedDict[int, CustomerRow] = OrderedDict()
        self._pending: set[tuple[int, int]] = set()  # (generation, block)
        self._gone: set[int] = set()  # fetched, but no longer there (deleted meanwhile)
        self._generation = 0

    # ----- the id list -----------------------------------------------------------------------

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def ids(self) -> array:
        """The held id list (read it, do not change it)."""
        return self._ids

    @property
    def complete(self) -> bool:
        return self._complete

    def set_ids(self, ids: Sequence[int], rows: Sequence[CustomerRow] = (), *, complete: bool = True) -> None:
        """Show these customers, in this order. ``rows`` may carry rows already fetched."""
        self.beginResetModel()
        self._generation += 1
        self._ids = ids if isinstance(ids, array) else array("q", ids)
        self._complete = complete
        self._pending.clear()
        self._remember(rows)
        self.endResetModel()

    def extend_ids(self, ids: Sequence[int]) -> bool:
        """The full list of a query whose head is shown. Returns False if it does not continue the head."""
        head = len(self._ids)
        if len(ids) < head or any(ids[i] != self._ids[i] for i in range(min(head, 200))):
            return False
        self._complete = True
        full = ids if isinstance(ids, array) else array("q", ids)
        if len(full) > head:
            self.beginInsertRows(QModelIndex(), head, len(full) - 1)
            self._ids = full
            self.endInsertRows()
        else:
            self._ids = full  # the same ids; holding the full list itself lets the page find rows in O(1)
        return True

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def ids_of_rows(self, rows: Sequence[tuple[int, int]]) -> list[int]:
        """Ids of the inclusive row ranges ``[(top, bottom), ...]`` (a selection), without fetching."""
        out: list[int] = []
        for top, bottom in rows:
            out.extend(self._ids[top : bottom + 1])
        return out

    def row_of(self, customer_id: int) -> int | None:
        try:
            return self._ids.index(customer_id)
        except ValueError:
            return None

    def cached_row(self, row: int) -> CustomerRow | None:
        return self._rows.get(self._ids[row]) if 0 <= row < len(self._ids) else None

    def forget(self, customer_ids: frozenset[int] | set[int]) -> None:
        """These customers changed: drop their rows and fetch the visible ones again."""
        self._gone.difference_update(customer_ids)
        stale = [cid for cid in customer_ids if cid in self._rows]
        for cid in stale:
            del self._rows[cid]
        if stale and self._ids:
            self._generation += 1
            self._pending.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # ----- Qt's model interface ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title()
        if role == Qt.ItemDataRole.ToolTipRole and column.sort is None:
            return _tr("{column} (this column cannot be sorted)").format(column=column.title())
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        row_id = self._ids[index.row()]
        if role == CUSTOMER_ID_ROLE:
            return row_id
        row = self._rows.get(row_id)
        column = COLUMNS[index.column()]
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                if row_id in self._gone:
                    return _tr("(deleted)") if column.key == "name" else ""
                self._request(index.row())
                return PLACEHOLDER
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.key == "name" and row.company:
                return f"{row.name} — {row.company}"
            return None
        if role == TIER_COLOUR_ROLE and column.key == "tier":
            return QColor(row.tier_colour) if row.tier_colour else None
        if role == Qt.ItemDataRole.ForegroundRole and row.status in ("lost", "dormant"):
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self.sort_requested.emit(column, order == Qt.SortOrder.DescendingOrder)

    # ----- fetching ------------------------------------------------------------------------------

    def _request(self, row: int) -> None:
        block = row // BLOCK
        key = (self._generation, block)
        if key in self._pending:
            return
        self._pending.add(key)
        ids = list(self._ids[block * BLOCK : (block + 1) * BLOCK])
        generation = self._generation
        crm = self._ctx.crm
        self._ctx.tasks.run(lambda: crm.customers.rows(ids),
                            lambda rows: self._arrived(generation, block, rows, ids),
                            lambda exc: self._failed(generation, block, exc))

    def _arrived(self, generation: int, block: int, rows: list[CustomerRow], asked: list[int]) -> None:
        self._pending.discard((generation, block))
        self._remember(rows)
        self._gone.update(set(asked) - {row.id for row in rows})
        if generation == self._generation and self._ids:
            first = block * BLOCK
            last = min(first + BLOCK, len(self._ids)) - 1
            if first <= last:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.rows_arrived.emit()

    def _failed(self, generation: int, block: int, exc: BaseException) -> None:
        self._pending.discard((generation, block))
        from ..tasks import message_for

        self.fetch_failed.emit(message_for(exc))

    def _remember(self, rows: Sequence[CustomerRow]) -> None:
        for row in rows:
            self._rows[row.id] = row
            self._rows.move_to_end(row.id)
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)
