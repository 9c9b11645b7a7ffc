"""Settings ▸ Agenda: how far ahead Today looks, and the company's own days for its customers."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import Changes
from desktop_crm.services.agenda import AGENDA_DAYS, MAX_DAYS
from desktop_crm.services.company_days import CompanyDayRecord

from ..context import AppContext
from .common import MessageLabel, country_name
from .company_day_dialog import CompanyDayDialog
from .company_days_model import COLUMNS, CompanyDaysModel


class AgendaSection(QWidget):
    """"Days ahead" is saved as soon as it changes; company days are added and deleted one at a time."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.model = CompanyDaysModel(self)
        self.add_dialog: CompanyDayDialog | None = None
        self.loaded = False
        self.holiday_countries: list[str] = []
        self._days_saving = 0  # saves of "days ahead" not answered yet: a reload meanwhile must not undo them
        self._select_after_load: int | None = None
        self._build()
        ctx.changed.connect(self._changed)
        self.reload()

    # ----- building ------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)

        ahead = QGroupBox(self.tr("Today page"), self)
        ahead.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        ahead_layout = QVBoxLayout(ahead)
        self.days_spin = QSpinBox(ahead)
        self.days_spin.setObjectName("agendaDays")
        self.days_spin.setRange(0, MAX_DAYS)
        self.days_spin.setValue(14)
        self.days_spin.setSuffix(self.tr(" days"))
        self.days_spin.setSpecialValueText(self.tr("Today only"))
        self.days_spin.setKeyboardTracking(False)  # typing "30" saves once, not for 3 and then 30
        self.days_spin.setEnabled(False)  # until the saved value has arrived
        days_label = QLabel(self.tr("&Days ahead:"), ahead)
        days_label.setBuddy(self.days_spin)
        days_row = QHBoxLayout()
        days_row.addWidget(days_label)
        days_row.addWidget(self.days_spin)
        days_row.addStretch(1)
        ahead_layout.addLayout(days_row)
        days_about = QLabel(self.tr("How far ahead Today looks for customers' birthdays, anniversaries and "
                                    "occasions. This is the team's default: a manager who picks another number "
                                    "on Today keeps that choice on their computer."), ahead)
        days_about.setWordWrap(True)
        ahead_layout.addWidget(days_about)
        self.days_message = MessageLabel(ahead)
        self.days_message.setObjectName("agendaDaysMessage")
        ahead_layout.addWidget(self.days_message)
        layout.addWidget(ahead)

        days = QGroupBox(self.tr("Holidays and company days"), self)
        days_layout = QVBoxLayout(days)
        holidays_about = QLabel(self.tr("The holiday countries chosen under Region and holidays decide which "
                                        "public holidays appear on Today; a customer's country decides which of "
                                        "them concern that customer (one without a country counts as in the "
                                        "default country)."), days)
        holidays_about.setWordWrap(True)
        days_layout.addWidget(holidays_about)
        self.countries_label = QLabel(days)
        self.countries_label.setObjectName("agendaHolidayCountries")
        self.countries_label.setWordWrap(True)
        days_layout.addWidget(self.countries_label)
        company_about = QLabel(self.tr("Company days are the days the company marks for its customers besides "
                                       "public holidays: its own anniversary, a customer appreciation day. "
                                       "Each appears on Today as many days before as its warning says."), days)
        company_about.setWordWrap(True)
        days_layout.addWidget(company_about)

        self.view = QTableView(days)
        self.view.setObjectName("companyDaysTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("notes"), QHeaderView.ResizeMode.Stretch)
        days_layout.addWidget(self.view, 1)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add company day…"), days)
        self.delete_button = QPushButton(self.tr("Delete…"), days)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        days_layout.addLayout(buttons)
        self.message = MessageLabel(days)
        self.message.setObjectName("companyDaysMessage")
        days_layout.addWidget(self.message)
        layout.addWidget(days, 1)

        self.days_spin.valueChanged.connect(self.save_days)
        self.add_button.clicked.connect(self.add_day)
        self.delete_button.clicked.connect(self.delete_day)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # ----- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        crm = self.ctx.crm
        self.ctx.tasks.run(lambda: (crm.agenda.default_days(), crm.company_days.list(),
                                    crm.settings.holiday_countries()),
                           self._loaded, self.message.failure, key="settings.agenda")

    def _loaded(self, result: tuple[int, list[CompanyDayRecord], list[str]]) -> None:
        days, records, countries = result
        if not self._days_saving:
            self.days_spin.blockSignals(True)
            try:
                self.days_spin.setValue(days)
            finally:
                self.days_spin.blockSignals(False)
        self.days_spin.setEnabled(True)
        self.holiday_countries = list(countries)
        self._show_countries()
        chosen = self.selected()
        wanted = self._select_after_load if self._select_after_load is not None else \
            (chosen.id if chosen is not None else None)
        self._select_after_load = None
        self.model.set_records(records)
        if wanted is not None:
            self.select(wanted)
        self.loaded = True

    def _show_countries(self) -> None:
        names = sorted((country_name(code) for code in self.holiday_countries), key=str.casefold)
        if names:
            self.countries_label.setText(self.tr("Holiday countries now: {names}.").format(names=", ".join(names)))
        else:
            self.countries_label.setText(self.tr("No holiday country is chosen: Today shows no public holidays."))

    def selected(self) -> CompanyDayRecord | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def select(self, day_id: int) -> None:
        row = self.model.row_of(day_id)
        if row >= 0:
            self.view.selectRow(row)

    def _update_buttons(self, *_args) -> None:
        self.delete_button.setEnabled(self.selected() is not None)

    def _changed(self, changes: Changes) -> None:
        if changes.settings:
            self.reload()

    # ----- days ahead -----------------------------------------------------------------------

    def save_days(self, days: int) -> None:
        settings = self.ctx.crm.settings
        self._days_saving += 1
        self.days_message.clear()

        def done(changes: Changes) -> None:
            self._days_saving -= 1
            if days == 0:
                self.days_message.good(self.tr("Saved: Today shows what falls on the day itself."))
            else:
                self.days_message.good(self.tr("Saved: Today looks {count} days ahead.").format(count=days))
            self.ctx.announce(changes)

        def failed(exc: BaseException) -> None:
            self._days_saving -= 1
            self.days_message.failure(exc)

        self.ctx.tasks.run(lambda: settings.set(AGENDA_DAYS, days), done, failed)

    # ----- company days ---------------------------------------------------------------------

    def add_day(self) -> None:
        dialog = CompanyDayDialog(self.ctx, self.holiday_countries, self)
        dialog.accepted.connect(lambda: self._added(dialog))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.add_dialog = dialog
        dialog.open()

    def _dialog_closed(self, dialog: CompanyDayDialog) -> None:
        if self.add_dialog is dialog:
            self.add_dialog = None
        dialog.deleteLater()

    def _added(self, dialog: CompanyDayDialog) -> None:
        record, changes = dialog.created, dialog.changes
        if record is None or changes is None:
            return
        self.message.good(self.tr("“{name}” was added.").format(name=record.name))
        self._select_after_load = record.id
        self.ctx.announce(changes)  # every view that shows holidays reloads, this section too

    def delete_day(self) -> None:
        record = self.selected()
        if record is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Delete company day"),
            self.tr("Delete “{name}”?\n\nIt will no longer appear on Today for any customer.").format(
                name=record.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        crm = self.ctx.crm
        self.delete_button.setEnabled(False)

        def done(changes: Changes) -> None:
            self.message.good(self.tr("“{name}” was deleted.").format(name=record.name))
            self.ctx.announce(changes)

        self.ctx.tasks.run(lambda: crm.company_days.delete(record.id), done, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._update_buttons()
        self.message.failure(exc)
        self.reload()  # a day deleted elsewhere disappears from the table
