"""The "Add company day" dialog: saves through the worker and shows each problem next to its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ValidationError
from desktop_crm.services import Changes
from desktop_crm.services.company_days import MAX_LEAD, CompanyDayRecord
from desktop_crm.services.settings import holiday_country_choices, phone_region_choices

from ..context import AppContext
from .common import MessageLabel, add_fields_with_errors, by_country_name, sentence
from .company_days_model import concerns_text, month_name

# Which error line shows a problem the service reports under a key ("date" covers calendar, month and day).
ERROR_ROW = {"name": "name", "calendar": "date", "date": "date", "month": "date", "day": "date", "leap_month": "date",
             "year": "repeats", "yearly": "repeats", "country": "country", "lead_days": "lead_days", "notes": "notes"}


class CompanyDayDialog(QDialog):
    """Name, date (solar or lunar), every year or once, whose customers, how early, notes.

    ``created`` and ``changes`` hold the new record and what changed once it was saved.
    ``countries``: codes offered first under "Concerns" (the team's holiday countries).
    """

    ROWS = ("name", "date", "repeats", "country", "lead_days", "notes")

    def __init__(self, ctx: AppContext, countries: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.created: CompanyDayRecord | None = None
        self.changes: Changes | None = None
        self.setWindowTitle(self.tr("Add company day"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()

        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(200)
        self.name_edit.setPlaceholderText(self.tr("e.g. Company anniversary, Customer appreciation day"))

        self.calendar_combo = QComboBox(self)
        self.calendar_combo.addItem(self.tr("Solar (Gregorian)"), "solar")
        self.calendar_combo.addItem(self.tr("Lunar (Chinese)"), "lunar")
        self.month_combo = QComboBox(self)
        self.day_spin = QSpinBox(self)
        self.day_spin.setRange(1, 31)
        self.leap_check = QCheckBox(self.tr("Leap month"), self)
        self.leap_check.setToolTip(self.tr("The day is in the leap month that follows this lunar month"))
        date_row = QHBoxLayout()
        date_row.addWidget(self.calendar_combo)
        date_row.addWidget(self.month_combo)
        date_row.addWidget(self.day_spin)
        date_row.addWidget(self.leap_check)
        date_row.addStretch(1)

        self.yearly_radio = QRadioButton(self.tr("Every year"), self)
        self.once_radio = QRadioButton(self.tr("Once, in"), self)
        self.repeat_group = QButtonGroup(self)
        self.repeat_group.addButton(self.yearly_radio)
        self.repeat_group.addButton(self.once_radio)
        self.yearly_radio.setChecked(True)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(1900, 9999)
        self.year_spin.setGroupSeparatorShown(False)
        self.year_spin.setValue(dt.date.today().year)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.yearly_radio)
        repeat_row.addSpacing(12)
        repeat_row.addWidget(self.once_radio)
        repeat_row.addWidget(self.year_spin)
        repeat_row.addStretch(1)

        self.country_combo = QComboBox(self)
        self.country_combo.setMaxVisibleItems(20)
        self.country_combo.addItem(concerns_text(None), None)
        first = [c for c in (countries or []) if c]
        for code in first:
            self.country_combo.addItem(concerns_text(code), code)
        if first:
            self.country_combo.insertSeparator(self.country_combo.count())
        for code in by_country_name(sorted(set(holiday_country_choices()) | set(phone_region_choices()))):
            if code not in first:
                self.country_combo.addItem(concerns_text(code), code)

        self.lead_spin = QSpinBox(self)
        self.lead_spin.setRange(0, MAX_LEAD)
        self.lead_spin.setValue(14)
        self.lead_spin.setSuffix(self.tr(" days before"))
        self.lead_spin.setSpecialValueText(self.tr("On the day"))
        lead_about = QLabel(self.tr("(when it appears on Today)"), self)

        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setPlaceholderText(self.tr("optional: what to prepare, whom to invite"))
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.notes_edit.fontMetrics().lineSpacing() * 4)

        self.errors = add_fields_with_errors(form, (
            ("name", self.tr("Name:"), self.name_edit),
            ("date", self.tr("Date:"), date_row),
            ("repeats", self.tr("Repeats:"), repeat_row),
            ("country", self.tr("Concerns:"), _left(self.country_combo)),
            ("lead_days", self.tr("Warning:"), _left(self.lead_spin, lead_about)),
            ("notes", self.tr("Notes:"), self.notes_edit),
        ), self)
        layout.addLayout(form)
        self.message = MessageLabel(self)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add"))
        layout.addWidget(self.buttons)

        self.calendar_combo.currentIndexChanged.connect(self._calendar_chosen)
        self.once_radio.toggled.connect(self.year_spin.setEnabled)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self._calendar_chosen()
        self.year_spin.setEnabled(False)

    # ----- the fields ------------------------------------------------------------------------------

    def set_calendar(self, calendar: str) -> None:
        self.calendar_combo.setCurrentIndex(self.calendar_combo.findData(calendar))

    def set_date(self, month: int, day: int) -> None:
        self.month_combo.setCurrentIndex(month - 1)
        self.day_spin.setValue(day)

    def set_once(self, year: int | None) -> None:
        """``None``: every year; a year: that year only."""
        if year is None:
            self.yearly_radio.setChecked(True)
        else:
            self.once_radio.setChecked(True)
            self.year_spin.setValue(year)

    def set_country(self, code: str | None) -> None:
        self.country_combo.setCurrentIndex(self.country_combo.findData(code))

    def values(self) -> dict[str, Any]:
        """The dict ``crm.company_days.add`` takes, as the fields show it."""
        lunar = self.calendar_combo.currentData() == "lunar"
        yearly = self.yearly_radio.isChecked()
        return {"name": self.name_edit.text(), "calendar": self.calendar_combo.currentData(),
                "month": self.month_combo.currentIndex() + 1, "day": self.day_spin.value(),
                "leap_month": lunar and self.leap_check.isChecked(), "yearly": yearly,
                "year": None if yearly else self.year_spin.value(), "country": self.country_combo.currentData(),
                "lead_days": self.lead_spin.value(), "notes": self.notes_edit.toPlainText()}

    def _calendar_chosen(self, *_args) -> None:
        """Month names for the solar calendar, numbers for the lunar one; a leap month only there."""
        calendar = self.calendar_combo.currentData()
        month = max(self.month_combo.currentIndex(), 0)
        self.month_combo.clear()
        for m in range(1, 13):
            self.month_combo.addItem(month_name(m, calendar), m)
        self.month_combo.setCurrentIndex(month)
        lunar = calendar == "lunar"
        self.day_spin.setMaximum(30 if lunar else 31)
        self.leap_check.setVisible(lunar)

    # ----- saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        """Add the day on the worker; the dialog closes only when that worked."""
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.message.clear()
        values = self.values()
        crm = self.ctx.crm
        self.ok_button.setEnabled(False)
        self.ctx.tasks.run(lambda: crm.company_days.add(values), self._created, self._failed)

    def _created(self, result: tuple[CompanyDayRecord, Changes]) -> None:
        self.created, self.changes = result
        self.ok_button.setEnabled(True)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if not isinstance(exc, ValidationError):
            self.message.failure(exc)
            return
        rest = []
        for key, problem in exc.problems.items():
            label = self.errors.get(ERROR_ROW.get(key, ""))
            if label is None:
                rest.append(sentence(problem))
            else:
                text = sentence(problem)
                label.setText(f"{label.text()}\n{text}" if label.text() else text)
                label.show()
        if rest:
            self.message.error("\n".join(rest))
        first = next((k for k in self.ROWS if not self.errors[k].isHidden()), None)
        widget = {"name": self.name_edit, "date": self.day_spin, "repeats": self.year_spin,
                  "country": self.country_combo, "lead_days": self.lead_spin, "notes": self.notes_edit}.get(first or "")
        if widget is not None:
            widget.setFocus()


def _left(*widgets: QWidget) -> QHBoxLayout:
    """The widgets at their natural width, the rest of the row empty."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row
