"""The customer table's model: a window over the ordered id list of the current search.

The page hands the model the ids (sorted and filtered in SQL); the model keeps them in a
compact array and fetches the rows that scroll into view in blocks, on the worker thread.
A row not fetched yet shows an ellipsis until its block arrives. ``flags()``, ``rowCount()``
and selection never fetch. Sorting is done by the page in SQL (``sort()`` only asks for it).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop_crm.services.id_order import as_ids
from desktop_crm.services.records import CustomerRow

from ..context import AppContext
from .filter_bar import status_text
from .tier_badge import BadgeCache

BLOCK = 100  # rows fetched at a time
CACHE_ROWS = 20_000  # rows kept; the oldest blocks are dropped beyond this
PLACEHOLDER = "…"
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


def _when(value: dt.datetime | None) -> str:
    return value.date().isoformat() if value else ""


COLUMNS: tuple[Column, ...] = (
    Column("code", lambda: _tr("Code"), "code", lambda r: r.code),
    Column("name", lambda: _tr("Name"), "name", lambda r: r.name),
    Column("company", lambda: _tr("Company"), "company", lambda r: r.company or ""),
    Column("tier", lambda: _tr("Tier"), "tier", lambda r: r.tier or ""),
    Column("status", lambda: _tr("Status"), "status", lambda r: status_text(r.status)),
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


_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
# Painting asks every cell for font, alignment, check state, decoration, background…: answered
# without touching the row (a viewport is some 2,000 calls into Python per paint).
_DECORATION = Qt.ItemDataRole.DecorationRole
_SERVED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _DECORATION, CUSTOMER_ID_ROLE})
_TIER = COLUMN_KEYS.index("tier")
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NAME = COLUMN_KEYS.index("name")


class _Cells:
    """One fetched row as the table shows it: texts computed once, not per paint."""

    __slots__ = ("row", "texts", "dimmed")

    def __init__(self, row: CustomerRow):
        self.row = row
        texts = [str(column.value(row)) for column in COLUMNS]
        if row.tier and row.tier_colour:
            texts[_TIER] = ""  # the badge (decoration) says it
        self.texts = tuple(texts)
        self.dimmed = row.status in ("lost", "dormant")


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
        self._ids = as_ids([])
        self._complete = True  # False while only the head of the list is known
        self._rows: OrderedDict[int, _Cells] = OrderedDict()
        self._pending: set[tuple[int, int]] = set()  # (generation, block)
        self._gone: set[int] = set()  # fetched, but no longer there (deleted meanwhile)
        self._dim_colour: QColor | None = None
        self._badges = BadgeCache()
        self._badge_font = None
        self._generation = 0

    # ----- the id list -----------------------------------------------------------------------

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def ids(self) -> np.ndarray:
        """The held id list (read it, do not change it)."""
        return self._ids

    @property
    def complete(self) -> bool:
        return self._complete

    def set_ids(self, ids: Sequence[int], rows: Sequence[CustomerRow] = (), *, complete: bool = True) -> None:
        """Show these customers, in this order. ``rows`` may carry rows already fetched."""
        self.beginResetModel()
        self._generation += 1
        self._ids = as_ids(ids)
        self._complete = complete
        self._pending.clear()
        self._remember(rows)
        self.endResetModel()

    def extend_ids(self, ids: Sequence[int]) -> bool:
        """The full list of a query whose head is shown. Returns False if it does not continue the head."""
        head = len(self._ids)
        full = as_ids(ids)
        if len(full) < head or not np.array_equal(full[:head], self._ids):
            return False
        self._complete = True
        if len(full) > head:
            self.beginInsertRows(QModelIndex(), head, len(full) - 1)
            self._ids = full
            self.endInsertRows()
        else:
            self._ids = full  # the same ids; holding the full list itself lets the page find rows in O(1)
        return True

    def id_at(self, row: int) -> int:
        return self._ids.item(row)

    def ids_of_rows(self, rows: Sequence[tuple[int, int]]) -> list[int]:
        """Ids of the inclusive row ranges ``[(top, bottom), ...]`` (a selection), without fetching."""
        out: list[int] = []
        for top, bottom in rows:
            out.extend(self._ids[top : bottom + 1].tolist())
        return out

    def row_of(self, customer_id: int) -> int | None:
        found = np.flatnonzero(self._ids == customer_id)  # one C-level pass, about 1 ms at a million
        return int(found[0]) if len(found) else None

    def cached_row(self, row: int) -> CustomerRow | None:
        cells = self._rows.get(self._ids.item(row)) if 0 <= row < len(self._ids) else None
        return cells.row if cells is not None else None

    def forget(self, customer_ids: frozenset[int] | set[int]) -> None:
        """These customers changed: drop their rows and fetch the visible ones again."""
        self._gone.difference_update(customer_ids)
        stale = [cid for cid in customer_ids if cid in self._rows]
        for cid in stale:
            del self._rows[cid]
        if stale and len(self._ids):
            self._generation += 1
            self._pending.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # ----- Qt's model interface ----------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

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
        if role not in _SERVED:
            return None
        position = index.row()
        if not 0 <= position < len(self._ids) or not index.isValid():
            return None
        row_id = self._ids.item(position)
        if role == CUSTOMER_ID_ROLE:
            return row_id
        cells = self._rows.get(row_id)
        column = index.column()
        if cells is None:
            if role == _DISPLAY:
                if row_id in self._gone:
                    return _tr("(deleted)") if column == _NAME else ""
                self._request(position)
                return PLACEHOLDER
            if role == _FOREGROUND:
                return self._dim()
            return None
        if role == _DISPLAY:
            return cells.texts[column]
        if role == _FOREGROUND:
            return self._dim() if cells.dimmed else None
        row = cells.row
        if role == _DECORATION:
            if column == _TIER and row.tier and row.tier_colour:
                return self._badges.badge(row.tier, row.tier_colour, self._font())
            return None
        if role == _TOOLTIP:
            if column == _NAME and row.company:
                return f"{row.name} — {row.company}"
            if column == _TIER and row.tier:
                return _tr("Tier {tier}").format(tier=row.tier)
        return None

    def _font(self):
        if self._badge_font is None:
            self._badge_font = QApplication.font()
        return self._badge_font


    def _dim(self) -> QColor:
        if self._dim_colour is None:
            self._dim_colour = QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        return self._dim_colour

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
        ids = self._ids[block * BLOCK : (block + 1) * BLOCK].tolist()
        generation = self._generation
        crm = self._ctx.crm
        self._ctx.tasks.run(lambda: crm.customers.rows(ids),
                            lambda rows: self._arrived(generation, block, rows, ids),
                            lambda exc: self._failed(generation, block, exc))

    def _arrived(self, generation: int, block: int, rows: list[CustomerRow], asked: list[int]) -> None:
        self._pending.discard((generation, block))
        self._remember(rows)
        self._gone.update(set(asked) - {row.id for row in rows})
        if generation == self._generation and len(self._ids):
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
            self._rows[row.id] = _Cells(row)
            self._rows.move_to_end(row.id)
        while len(self._rows) > CACHE_ROWS:
            self._rows.popitem(last=False)
