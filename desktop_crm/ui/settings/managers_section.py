"""Settings ▸ Managers: the team, adding a manager, deactivating and reactivating one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import Changes
from desktop_crm.services.records import ManagerRecord

from ..context import AppContext
from .common import MessageLabel
from .handover_dialog import HandoverDialog
from .manager_dialog import AddManagerDialog, role_name

COLUMNS = ("login", "name", "role", "email", "active")
INACTIVE_COLOUR = QColor("#7A7A7A")


class ManagersModel(QAbstractTableModel):
    """Every manager, active or not, as the service lists them (by name)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._records: list[ManagerRecord] = []

    def set_records(self, records: list[ManagerRecord]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    @property
    def records(self) -> list[ManagerRecord]:
        return list(self._records)

    def record(self, row: int) -> ManagerRecord | None:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, login: str) -> int:
        return next((i for i, r in enumerate(self._records) if r.login == login), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < len(COLUMNS):
            return None
        return (self.tr("Login"), self.tr("Name"), self.tr("Role"), self.tr("E-mail"), self.tr("Status"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records) or index.column() >= len(COLUMNS):
            return None
        record = self._records[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "role":
                return role_name(record.role)
            if column == "active":
                return self.tr("Active") if record.active else self.tr("Inactive")
            return getattr(record, column) or ""
        if role == Qt.ItemDataRole.ForegroundRole and not record.active:
            return INACTIVE_COLOUR
        if role == Qt.ItemDataRole.UserRole:
            return record.login
        return None


class ManagersSection(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = ManagersModel(self)
        self.add_dialog: AddManagerDialog | None = None
        self.handover_dialog: HandoverDialog | None = None
        self.loaded = False
        self._select_after_load: str | None = None
        self._build()
        ctx.changed.connect(self._changed)
        self.reload()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        about = QLabel(self.tr("The account managers who look after customers. A manager who leaves is "
                               "deactivated, not deleted, so the history of who cared for whom stays."), self)
        about.setWordWrap(True)
        layout.addWidget(about)
        self.view = QTableView(self)
        self.view.setObjectName("managersTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("email"), QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add manager…"), self)
        self.deactivate_button = QPushButton(self.tr("Deactivate…"), self)
        self.reactivate_button = QPushButton(self.tr("Reactivate"), self)
        self.handover_button = QPushButton(self.tr("Hand over…"), self)
        self.handover_button.setToolTip(self.tr("Hand this manager's customers to another, with a dossier and an "
                                                "introduction call at each customer"))
        for button in (self.add_button, self.deactivate_button, self.reactivate_button, self.handover_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = MessageLabel(self)
        self.message.setObjectName("managersMessage")
        layout.addWidget(self.message)

        self.add_button.clicked.connect(self.add_manager)
        self.deactivate_button.clicked.connect(self.deactivate)
        self.reactivate_button.clicked.connect(self.reactivate)
        self.handover_button.clicked.connect(lambda: self.hand_over())
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # ----- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        crm = self.ctx.crm
        self.ctx.tasks.run(lambda: crm.managers.list(include_inactive=True), self._loaded, self.message.failure,
                           key="settings.managers")

    def _loaded(self, records: list[ManagerRecord]) -> None:
        chosen = self.selected()
        login = self._select_after_load or (chosen.login if chosen is not None else None)
        self._select_after_load = None
        self.model.set_records(records)
        if login is not None:
            self.select(login)
        self.loaded = True

    def selected(self) -> ManagerRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select(self, login: str) -> None:
        row = self.model.row_of(login)
        if row >= 0:
            self.view.selectRow(row)

    def _update_buttons(self, *_args) -> None:
        record = self.selected()
        self.deactivate_button.setEnabled(record is not None and record.active)
        self.reactivate_button.setEnabled(record is not None and not record.active)
        self.handover_button.setEnabled(record is not None)

    # ----- adding ---------------------------------------------------------------------------

    def add_manager(self) -> None:
        dialog = AddManagerDialog(self.ctx, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.add_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: AddManagerDialog) -> None:
        if self.add_dialog is dialog:
            self.add_dialog = None
        dialog.deleteLater()

    def _added(self, dialog: AddManagerDialog) -> None:
        record = dialog.created
        if record is None:
            return
        self.message.good(self.tr("{name} ({login}) was added.").format(name=record.name, login=record.login))
        self._after_change(record.login)

    # ----- deactivating and reactivating -------------------------------------------------------

    def deactivate(self) -> None:
        record = self.selected()
        if record is None or not record.active:
            return
        crm = self.ctx.crm
        self.deactivate_button.setEnabled(False)
        self.ctx.tasks.run(lambda: crm.managers.primary_customer_count(record.login),
                           lambda count: self._confirm_deactivate(record, count), self._failed)

    def _confirm_deactivate(self, record: ManagerRecord, count: int) -> None:
        self._update_buttons()
        who = f"{record.name} ({record.login})"
        if count:
            customers = self.tr("1 customer") if count == 1 else self.tr("{count} customers").format(
                count=self.locale().toString(int(count)))
            text = self.tr("{who} is still the primary manager of {customers}.\n\n"
                           "Hand these customers over to another manager first, so that nobody is forgotten: "
                           "a deactivated manager cannot take customers, and theirs would stay without an "
                           "active manager.").format(who=who, customers=customers)
            choice = self.ask_with_customers(text)
            if choice == "handover":
                self.hand_over(record)
            elif choice == "deactivate":
                self._set_active(record, False)
            return
        text = self.tr("Deactivate {who}?\n\nThey have no customers as primary manager. Their history "
                       "stays, and they can be reactivated later.").format(who=who)
        answer = QMessageBox.question(self, self.tr("Deactivate manager"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.Yes)
        if answer == QMessageBox.StandardButton.Yes:
            self._set_active(record, False)

    def ask_with_customers(self, text: str) -> str:
        """Ask what to do with a manager who still has customers: "handover", "deactivate" or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Deactivate manager"), text,
                          QMessageBox.StandardButton.Cancel, self)
        handover = box.addButton(self.tr("Hand over…"), QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton(self.tr("Deactivate anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(handover)
        box.exec()
        return {handover: "handover", anyway: "deactivate"}.get(box.clickedButton(), "cancel")

    def hand_over(self, record: ManagerRecord | None = None) -> HandoverDialog | None:
        """Open the handover dialog for the selected manager (or ``record``)."""
        record = record or self.selected()
        if record is None:
            return None
        dialog = HandoverDialog(self.ctx, record, self.model.records, self)
        dialog.accepted.connect(lambda: self.message.good(dialog.message.text()))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        self.handover_dialog = dialog
        dialog.open()
        return dialog

    def reactivate(self) -> None:
        record = self.selected()
        if record is not None and not record.active:
            self._set_active(record, True)

    def _set_active(self, record: ManagerRecord, active: bool) -> None:
        crm = self.ctx.crm

        def done(updated: ManagerRecord) -> None:
            text = self.tr("{who} is active again.") if updated.active else self.tr("{who} was deactivated.")
            self.message.good(text.format(who=f"{updated.name} ({updated.login})"))
            self._after_change(updated.login)

        self.ctx.tasks.run(lambda: crm.managers.set_active(record.login, active), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self.message.failure(exc)

    def _after_change(self, login: str) -> None:
        self._select_after_load = login
        self.ctx.announce(Changes(managers=True))  # every view reloads, this section too

    def _changed(self, changes: Changes) -> None:
        if changes.managers:
            self.reload()
