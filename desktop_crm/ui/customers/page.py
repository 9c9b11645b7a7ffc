"""The Customers page: search, filters, saved views, the big table, bulk actions, the card panel.

How a result gets on screen (all database work on the worker, newest request wins):

1. When the filters or the sort change, the first rows of the new order are fetched with a
   LIMIT and shown at once (``head``), then the whole ordered id list of those filters and
   that sort is read from its index and kept with every id's position (``IdOrder``).
2. A search asks the search index for the matching ids and puts them in the held order
   (``IdOrder.order``): no lookup of every match in the customers table.
3. The model fetches the rows that scroll into view, a block at a time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import CustomerQuery
from desktop_crm.services.id_order import IdOrder
from desktop_crm.services.search_text import narrows

from ..context import AppContext
from ..print_actions import CardPrintActions
from ..tasks import message_for
from .bulk_actions import BulkActions, UndoBar
from .filter_bar import FilterBar
from .saved_views import SavedView, ViewStore
from .table_model import COLUMNS, CustomerTableModel, column_index

HEAD = 300  # rows of a new order shown before its whole id list is read
FIRST_ROWS = 60  # rows fetched together with the ids, so the first screen paints in one round trip
HEADER_KEY = "customers/header"
STATE_KEY = "customers/state"


@dataclass(frozen=True)
class _Shown:
    """What a result belongs to; a result for anything else is stale and dropped."""

    base: CustomerQuery
    search: str


class CustomersPage(QWidget):
    # A new result is on screen (tests and benchmarks wait for it): the number of rows.
    result_shown = Signal(int)
    # The whole ordered id list of the current filters and sort is held (searches are fast from now).
    base_ready = Signal()
    count_changed = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._views = ViewStore(ctx.settings)
        self._managers: dict[str, int] = {}  # login -> id
        self._base: IdOrder | None = None
        self._base_query: CustomerQuery | None = None
        self._sort, self._descending = "name", False
        self._keep_id: int | None = None
        self.card = None  # the customer card, made on first use
        self.total: int | None = None
        self._shown_search: str | None = None
        self.choices_loaded = False  # tiers, managers and regions for the filters and actions have arrived

        self._build()
        self._restore_state()
        self._ctx.changed.connect(self._on_changed)
        self.reload()  # the first rows before anything else on the worker
        self._load_choices()

    # ----- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("customerSearch")
        self.search_edit.setPlaceholderText(self.tr("Search name, company, code, phone, e-mail, city, contact person…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self._open_current)

        self.filter_bar = FilterBar(self)
        self.filter_bar.changed.connect(self.reload)
        # On a narrow window the filter row gives way (its right end is cut) instead of widening the window.
        self.filter_bar.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.filter_bar.setMinimumWidth(120)

        self.views_button = QToolButton(self)
        self.views_button.setText(self.tr("Views"))
        self.views_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.views_button.setMenu(QMenu(self.views_button))
        self.views_button.menu().aboutToShow.connect(self._fill_views_menu)
        self.columns_button = QToolButton(self)
        self.columns_button.setText(self.tr("Columns"))
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_button.setMenu(QMenu(self.columns_button))
        self.columns_button.menu().aboutToShow.connect(lambda: self._fill_columns_menu(self.columns_button.menu()))

        self.model = CustomerTableModel(self._ctx, self)
        self.model.sort_requested.connect(self._sort_requested)
        self.model.fetch_failed.connect(self._ctx.notify)
        self.table = QTableView(self)
        self.table.setObjectName("customerTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures a million rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._default_widths()
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(column_index("name"), Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(lambda index: self.open_card(self.model.id_at(index.row())))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.undo_bar = UndoBar(self)
        self.bulk = BulkActions(self._ctx, self, self.selected_ids, self.undo_bar)
        self.addAction(self.bulk.undo_action)
        self.table.addAction(self.bulk.delete_action)
        self.bulk.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.bulk.set_enabled(False)
        self.bulk_button = QToolButton(self)
        self.bulk_button.setText(self.tr("Selected customers"))
        self.bulk_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.bulk_button.setMenu(QMenu(self.bulk_button))
        self.bulk.add_to(self.bulk_button.menu())
        self.bulk_button.setEnabled(False)

        self.export_action = QAction(self.tr("Export field sheet…"), self)
        self.export_action.setObjectName("exportFieldSheet")
        self.export_action.setToolTip(self.tr("Write the selected customers, or the whole list, to an Excel field "
                                              "sheet for visits (Ctrl+E)"))
        self.export_action.triggered.connect(self.export_field_sheet)
        self.export_button = QToolButton(self)
        self.export_button.setDefaultAction(self.export_action)
        self.export_button.setText(self.tr("Export…"))
        self.bulk_button.menu().addSeparator()
        self.bulk_button.menu().addAction(self.export_action)
        # Cards of the selected customers, in the table's order.
        self.printing = CardPrintActions(self._ctx, self, self.selected_ids)
        self.printing.set_enabled(False)
        self.bulk_button.menu().addMenu(self.printing.menu)

        open_action = QAction(self.tr("Open customer"), self.table)
        open_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        open_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_action.triggered.connect(self._open_current)
        self.table.addAction(open_action)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("resultCount")
        # A steady width: a count that changes length would re-lay-out and repaint the whole row.
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.tr("%n customer(s)", "", 8_888_888)) + 8)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.views_button)
        top.addWidget(self.columns_button)
        top.addWidget(self.bulk_button)
        top.addWidget(self.export_button)
        top.addWidget(self.count_label)
        second = QHBoxLayout()  # the filters have the whole width: they stay readable beside an open card
        second.addWidget(self.filter_bar, 1)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addLayout(second)
        left_layout.addWidget(self.undo_bar)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.splitter)

    def _default_widths(self) -> None:
        widths = {"code": 90, "name": 180, "company": 200, "tier": 60, "status": 80, "manager": 140, "phone": 140,
                  "mobile": 140, "email": 190, "city": 110, "region": 110, "country": 60, "last_contact": 100}
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, widths.get(column.key, 120))
            self.table.setColumnHidden(i, column.hidden_by_default)

    # ----- queries ---------------------------------------------------------------------------

    def base_query(self) -> CustomerQuery:
        f = self.filter_bar.filters()
        managers = tuple(self._managers[login] for login in f.managers if login in self._managers)
        return CustomerQuery(tiers=tuple(f.tiers), manager_ids=managers, statuses=tuple(f.statuses),
                             regions=tuple(f.regions), overdue=f.overdue, sort=self._sort, descending=self._descending)

    def search_text(self) -> str:
        """The text the table is searched by: empty until it narrows anything (see ``narrows``)."""
        text = self.search_edit.text().strip()
        return text if narrows(text) else ""

    def reload(self) -> None:
        """Filters or sort changed (or the data did): show the head, then hold the whole list."""
        base = self.base_query()
        self._remember_position()
        if base != self._base_query:
            self._base = None
        shown = _Shown(base, self.search_text())
        crm = self._ctx.crm
        if self._base is None:
            self._base_query = base
            query = replace(base, search=shown.search)

            def head():
                ids = crm.customers.ids(query, limit=HEAD)
                return ids, crm.customers.rows(ids[:FIRST_ROWS])

            self._ctx.tasks.run(head, lambda r: self._show(shown, *r, complete=len(r[0]) < HEAD),
                                self._failed, key="customers-head")
            self._ctx.tasks.run(lambda: IdOrder(crm.customers.ids(base)), lambda order: self._base_arrived(base, order),
                                self._failed, key="customers-base")
        else:
            self._search()

    def _search_changed(self, _text: str) -> None:
        if self._shown_search == self.search_text() and self._base is not None:
            self._say_why_not_searched()
            return  # e.g. a second space, or a first letter: nothing new to ask the database
        if self._base is None:
            self.reload()
        else:
            self._search()

    def _search(self) -> None:
        base, text = self._base, self.search_text()
        shown = _Shown(self._base_query, text)
        crm = self._ctx.crm

        def search(should_stop):
            matches = crm.customers.match_ids(text, should_stop=should_stop) if text else None
            ids = base.ids if matches is None else base.order(matches, should_stop)
            return ids, crm.customers.rows(ids[:FIRST_ROWS].tolist())

        self._ctx.tasks.run(search, lambda r: self._show(shown, *r, complete=True), self._failed,
                            key="customers-search", with_stop=True)

    def _base_arrived(self, base: CustomerQuery, order: IdOrder) -> None:
        if base != self.base_query():
            return
        self._base, self._base_query = order, base
        if self.search_text():
            self._search()
        elif not self.model.extend_ids(order.ids):
            self._show(_Shown(base, ""), order.ids, [], complete=True)
        else:
            self._set_total(len(order.ids))
        self.base_ready.emit()

    def _show(self, shown: _Shown, ids, rows, *, complete: bool) -> None:
        if shown != _Shown(self.base_query(), self.search_text()):
            return  # the user has moved on; a newer result is on its way
        self.model.set_ids(ids, rows, complete=complete)
        self._shown_search = shown.search
        self._restore_position()
        self._set_total(len(ids) if complete else None)
        self._say_why_not_searched()
        self.result_shown.emit(len(ids))

    def _say_why_not_searched(self) -> None:
        typed = self.search_edit.text().strip()
        if typed and not self.search_text():
            self.count_label.setText(self.tr("Type more to search"))
            self.count_label.setToolTip(self.tr("A search needs two letters, three digits or one Chinese, "
                                                "Japanese or Korean character."))
        elif self.total is not None:
            self.count_label.setText(self.tr("%n customer(s)", "", self.total))
            self.count_label.setToolTip("")

    def _set_total(self, total: int | None) -> None:
        self.total = total
        if total is None:
            self.count_label.setText(self.tr("Counting…"))
            return
        self.count_label.setText(self.tr("%n customer(s)", "", total))
        self.count_changed.emit(total)

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(self.tr("Not loaded"))
        self._ctx.notify.emit(self.tr("The customers could not be loaded: {reason}").format(reason=message_for(exc)))

    def _remember_position(self) -> None:
        index = self.table.currentIndex()
        if index.isValid() and index.row() < self.model.rowCount() and self.table.selectionModel().hasSelection():
            self._keep_id = self.model.id_at(index.row())

    def _restore_position(self) -> None:
        if self._keep_id is None:
            return
        row = self.model.row_of(self._keep_id)
        if row is not None:
            index = self.model.index(row, column_index("name"))
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def _sort_requested(self, column: int, descending: bool) -> None:
        key = COLUMNS[column].sort
        if key is None:  # put the indicator back on the column the table is sorted by
            current = next(i for i, c in enumerate(COLUMNS) if c.sort == self._sort)
            order = Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder
            self.table.horizontalHeader().blockSignals(True)
            self.table.horizontalHeader().setSortIndicator(current, order)
            self.table.horizontalHeader().blockSignals(False)
            self._ctx.notify.emit(self.tr("The {column} column cannot be sorted.").format(column=COLUMNS[column].title()))
            return
        if (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self.reload()

    # ----- changes made elsewhere ---------------------------------------------------------------

    def _on_changed(self, changes) -> None:
        if changes.managers or changes.tiers:
            self._load_choices()
        if changes.customer_list:
            self._base = None
            self.reload()
        elif changes.customers:
            self.model.forget(changes.customers)

    def _load_choices(self) -> None:
        crm = self._ctx.crm
        self._ctx.tasks.run(lambda: (crm.tiers.list(), crm.managers.list(), crm.customers.regions()),
                            self._choices_arrived, self._failed, key="customers-choices")

    def _choices_arrived(self, result) -> None:
        tiers, managers, regions = result
        self._managers = {m.login: m.id for m in managers}
        self.filter_bar.set_tiers(tiers)
        self.filter_bar.set_managers(managers)
        self.filter_bar.set_regions(regions)
        self.bulk.set_tiers(tiers)
        self.bulk.set_managers(managers)
        self.choices_loaded = True
        if self.base_query() != self._base_query:  # a remembered manager filter can apply now
            self._base = None
            self.reload()

    # ----- selection, menus, the card --------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        ranges = [(r.top(), r.bottom()) for r in self.table.selectionModel().selection()]
        return list(dict.fromkeys(self.model.ids_of_rows(sorted(ranges))))

    def _selection_changed(self, *_args) -> None:
        has = self.table.selectionModel().hasSelection()
        if not has:
            self._keep_id = None
        self.bulk.set_enabled(has)
        self.bulk_button.setEnabled(has)
        self.printing.set_enabled(has)

    def _table_menu(self, pos) -> None:
        menu = QMenu(self)
        index = self.table.indexAt(pos)
        if index.isValid():
            menu.addAction(self.tr("Open customer"), lambda: self.open_card(self.model.id_at(index.row())))
            menu.addSeparator()
        self.bulk.add_to(menu)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addMenu(self.printing.menu)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def current_list_query(self) -> CustomerQuery:
        """The search, filters and order of the list on screen."""
        return replace(self.base_query(), search=self.search_text())

    def export_field_sheet(self):
        """The export dialog for the selected customers, or the whole current list (the dialog says which)."""
        from ..imports import ExportDialog

        dialog = ExportDialog(self._ctx, self, selected=self.selected_ids(), query=self.current_list_query(),
                              total=self.total)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _header_menu(self, pos) -> None:
        menu = QMenu(self)
        self._fill_columns_menu(menu)
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _fill_columns_menu(self, menu: QMenu) -> None:
        menu.clear()
        for i, column in enumerate(COLUMNS):
            action = menu.addAction(column.title())
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.setEnabled(column.key != "name")  # the name always shows
            action.toggled.connect(lambda on, i=i: self.table.setColumnHidden(i, not on))
        menu.addSeparator()
        menu.addAction(self.tr("Reset columns"), self._default_widths)

    def _open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount() and self.sender() is self.search_edit:
            index = self.model.index(0, 0)
        if index.isValid():
            self.open_card(self.model.id_at(index.row()))

    def open_card(self, customer_id: int) -> None:
        from ..card.card import CustomerCard

        if self.card is None:
            self.card = CustomerCard(self._ctx, self)
            self.card.close_requested.connect(self.close_card)
            self.splitter.addWidget(self.card)
            self.splitter.setStretchFactor(0, 3)
            self.splitter.setStretchFactor(1, 2)
        elif self.card.isVisible() and self.card.customer_id != customer_id and not self.card.confirm_close():
            return
        self.card.load(customer_id)
        self.card.show()

    def close_card(self) -> None:
        if self.card is not None and self.card.isVisible():
            self.card.hide()
            self.table.setFocus()

    def card_open(self) -> bool:
        return self.card is not None and self.card.isVisible()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # ----- saved views and remembered state ----------------------------------------------------------

    def current_view(self, name: str) -> SavedView:
        return SavedView(name, self.search_text(), self.filter_bar.filters(), self._sort, self._descending,
                         bytes(self.table.horizontalHeader().saveState().data()))

    def apply_view(self, view: SavedView) -> None:
        if view.header_state:
            self.table.horizontalHeader().restoreState(QByteArray(view.header_state))
        self.filter_bar.set_filters(view.filters)
        self._set_sort(view.sort, view.descending)
        self.search_edit.blockSignals(True)
        self.search_edit.setText(view.search)
        self.search_edit.blockSignals(False)
        self._base = None
        self.reload()

    def _set_sort(self, sort: str, descending: bool) -> None:
        column = next((i for i, c in enumerate(COLUMNS) if c.sort == sort), None)
        if column is None:
            sort, descending, column = "name", False, column_index("name")
        self._sort, self._descending = sort, descending
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _fill_views_menu(self) -> None:
        menu = self.views_button.menu()
        menu.clear()
        views = self._views.all()
        for view in views:
            menu.addAction(view.name, lambda v=view: self.apply_view(v))
        if not views:
            menu.addAction(self.tr("(no saved views yet)")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("Save current view…"), self._save_view)
        delete = menu.addMenu(self.tr("Delete view"))
        delete.setEnabled(bool(views))
        for view in views:
            delete.addAction(view.name, lambda n=view.name: self._views.delete(n))

    def _save_view(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save view"), self.tr("Name of this view:"))
        name = name.strip()
        if not ok or not name:
            return
        if self._views.get(name) is not None:
            answer = QMessageBox.question(self, self.tr("Save view"),
                                          self.tr("A view named “{name}” exists. Replace it?").format(name=name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._views.save(self.current_view(name))
        self._ctx.notify.emit(self.tr("View “{name}” saved.").format(name=name))

    def _restore_state(self) -> None:
        state = self._ctx.settings.value(STATE_KEY)
        header = self._ctx.settings.value(HEADER_KEY)
        if isinstance(header, QByteArray):
            self.table.horizontalHeader().restoreState(header)
        if isinstance(state, str):
            try:
                view = SavedView.from_json(json.loads(state))
            except (ValueError, KeyError, TypeError):
                return
            self.filter_bar.set_filters(view.filters)
            self._set_sort(view.sort, view.descending)

    def save_state(self) -> None:
        view = self.current_view("")
        view.search = ""
        self._ctx.settings.setValue(STATE_KEY, json.dumps(view.to_json(), ensure_ascii=False))
        self._ctx.settings.setValue(HEADER_KEY, self.table.horizontalHeader().saveState())


__all__ = ["CustomersPage"]
