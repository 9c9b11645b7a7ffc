"""Actions on the selected customers — assign manager, set tier, set status, delete — and Undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton, QToolButton, QWidget

from desktop_crm.services.bulk import BulkResult, Undo
from desktop_crm.services.records import ManagerRecord, TierRecord

from ..context import AppContext
from ..tasks import message_for
from .filter_bar import STATUS_VALUES, status_text


class UndoBar(QFrame):
    """"3 customers deleted. [Undo] [×]" above the table, until the next action or a close."""

    undo_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#undoBar { background: #fff4cc; border: 1px solid #e0c060; border-radius: 4px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 4, 2)
        self.label = QLabel(self)
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.undo_button.setToolTip(self.tr("Put the previous values back (Ctrl+Z)"))
        close = QToolButton(self)
        close.setText("×")
        close.setToolTip(self.tr("Hide this message"))
        close.setAutoRaise(True)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(close)
        self.undo_button.clicked.connect(self.undo_clicked)
        close.clicked.connect(self.hide)
        self.hide()


class BulkActions(QObject):
    """Owns the actions and menus; asks ``selected()`` for the customer ids to act on."""

    def __init__(self, ctx: AppContext, parent: QWidget, selected: Callable[[], list[int]], undo_bar: UndoBar):
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self._selected = selected
        self._bar = undo_bar
        self._last: Undo | None = None
        self.busy = False

        self.manager_menu = QMenu(self.tr("Assign manager"), parent)
        self.tier_menu = QMenu(self.tr("Set tier"), parent)
        self.status_menu = QMenu(self.tr("Set status"), parent)
        for value in STATUS_VALUES:
            self.status_menu.addAction(status_text(value), lambda v=value: self.set_status(v))
        self.delete_action = QAction(self.tr("Delete…"), parent)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setToolTip(self.tr("Move the selected customers to the bin (Undo brings them back)"))
        self.delete_action.triggered.connect(self.delete)
        self.undo_action = QAction(self.tr("Undo"), parent)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_action.setEnabled(False)
        self.undo_action.triggered.connect(self.undo)
        undo_bar.undo_clicked.connect(self.undo)

    # ----- menus ---------------------------------------------------------------------------

    def set_managers(self, managers: list[ManagerRecord]) -> None:
        self.manager_menu.clear()
        for m in managers:
            self.manager_menu.addAction(f"{m.name} ({m.login})", lambda login=m.login: self.assign(login))
        self.manager_menu.setEnabled(bool(managers))

    def set_tiers(self, tiers: list[TierRecord]) -> None:
        self.tier_menu.clear()
        for t in tiers:
            self.tier_menu.addAction(f"{t.code} — {t.name}", lambda code=t.code: self.set_tier(code))
        self.tier_menu.addSeparator()
        self.tier_menu.addAction(self.tr("No tier"), lambda: self.set_tier(None))

    def set_enabled(self, has_selection: bool) -> None:
        for item in (self.manager_menu, self.tier_menu, self.status_menu):
            item.setEnabled(has_selection)
        self.delete_action.setEnabled(has_selection)

    def add_to(self, menu: QMenu) -> None:
        menu.addMenu(self.manager_menu)
        menu.addMenu(self.tier_menu)
        menu.addMenu(self.status_menu)
        menu.addSeparator()
        menu.addAction(self.delete_action)

    # ----- the actions -----------------------------------------------------------------------

    def assign(self, login: str) -> None:
        ids = self._selected()
        self._do(ids, lambda: self._ctx.crm.bulk.assign_manager(ids, login),
                 lambda n: self.tr("%n customer(s) assigned to {login}.", "", n).format(login=login))

    def set_tier(self, code: str | None) -> None:
        ids = self._selected()
        self._do(ids, lambda: self._ctx.crm.bulk.set_tier(ids, code),
                 lambda n: (self.tr("Tier {tier} set for %n customer(s).", "", n).format(tier=code) if code
                            else self.tr("Tier removed from %n customer(s).", "", n)))

    def set_status(self, status: str) -> None:
        ids = self._selected()
        self._do(ids, lambda: self._ctx.crm.bulk.set_status(ids, status),
                 lambda n: self.tr("Status {status} set for %n customer(s).", "", n).format(status=status_text(status)))

    def delete(self) -> None:
        ids = self._selected()
        if not ids:
            return
        answer = QMessageBox.question(
            self._parent, self.tr("Delete customers"),
            self.tr("Delete %n customer(s)? They leave the table and search; Undo brings them back.", "", len(ids)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._do(ids, lambda: self._ctx.crm.bulk.delete(ids), lambda n: self.tr("%n customer(s) deleted.", "", n))

    def undo(self) -> None:
        undo = self._last
        if undo is None or self.busy:
            return
        self.busy = True
        self._last = None
        self.undo_action.setEnabled(False)
        self._bar.hide()

        def done(changes) -> None:
            self.busy = False
            self._ctx.announce(changes)
            self._ctx.notify.emit(self.tr("Undone: %n customer(s) have their previous values again.", "", undo.count))

        self._ctx.tasks.run(lambda: self._ctx.crm.bulk.undo(undo), done, self._failed)

    def _do(self, ids: list[int], fn: Callable[[], BulkResult], say: Callable[[int], str]) -> None:
        if not ids or self.busy:
            return
        self.busy = True

        def done(result: BulkResult) -> None:
            self.busy = False
            self._ctx.announce(result.changes)
            self._last = result.undo if result.undo.count else None
            self.undo_action.setEnabled(self._last is not None)
            self._bar.label.setText(say(result.changed) if result.changed else
                                    self.tr("Nothing to change: the selected customers already have that value."))
            self._bar.undo_button.setVisible(self._last is not None)
            self._bar.show()

        self._ctx.tasks.run(fn, done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        QMessageBox.warning(self._parent, self.tr("Customers"), message_for(exc))
