"""The fields of a customer's profile, grouped in boxes, with as-you-type checks.

``values()`` reads every field in the form the customer service takes; ``normalise(record)`` gives
the same form for a CustomerRecord, so "what changed" is a comparison of two dicts.
"""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services import phones
from desktop_crm.services.records import CustomerRecord
from desktop_crm.services.validation import COUNTRY_RE, EMAIL_RE

from . import labels
from .custom_fields import CustomFieldsModel
from .profile_values import BIRTHDAY, COMBOS, LINES, NO_YEAR, NOTES, normalise, text_or_none
from .widgets import FieldWithError

ONE_COLUMN_BELOW = 760  # pixels: a narrower form puts its boxes in one column


class ProfileForm(QWidget):
    """Every field of the customer in boxes; emits ``edited`` when the user changes any of them."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.region = phones.DEFAULT_REGION
        self._loading = False
        self.boxes: dict[str, FieldWithError] = {}
        self.lines: dict[str, QLineEdit] = {}
        self.notes: dict[str, QPlainTextEdit] = {}
        self.combos: dict[str, QComboBox] = {}
        self.local_problems: dict[str, str] = {}

        self._grid = grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self._left, self._right = QVBoxLayout(), QVBoxLayout()
        self._left_boxes = [self._identity_box(), self._contact_box(), self._credit_box()]
        self._right_boxes = [self._business_box(), self._personal_box()]
        for box in self._left_boxes:
            self._left.addWidget(box)
        for box in self._right_boxes:
            self._right.addWidget(box)
        self._left.addStretch(1)
        self._right.addStretch(1)
        grid.addLayout(self._left, 0, 0)
        grid.addLayout(self._right, 0, 1)
        grid.addWidget(self._custom_box(), 1, 0, 1, 2)
        self._one_column = False

    # ----- building ------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """In a narrow side panel the boxes stack in one column."""
        super().resizeEvent(event)
        one = event.size().width() < ONE_COLUMN_BELOW
        if one == self._one_column:
            return
        self._one_column = one
        for box in self._right_boxes:
            (self._right if one else self._left).removeWidget(box)
        self._grid.setColumnStretch(1, 0 if one else 1)
        self._grid.setHorizontalSpacing(0 if one else 12)
        if one:
            for i, box in enumerate(self._right_boxes):
                self._left.insertWidget(len(self._left_boxes) + i, box)
        else:
            for i, box in enumerate(self._right_boxes):
                self._right.insertWidget(i, box)

    def _form(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title, self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        return box, form

    def _row(self, form: QFormLayout, name: str, widget: QWidget, label: str | None = None) -> QWidget:
        box = FieldWithError(widget)
        widget.setObjectName(name)
        self.boxes[name] = box
        form.addRow(label or labels.field_label(name), box)
        return widget

    def _line(self, form: QFormLayout, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setMaxLength(LINES[name])
        if placeholder:
            edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _text, n=name: self._changed(n))
        self.lines[name] = edit
        return self._row(form, name, edit)

    def _combo(self, form: QFormLayout, name: str, options: list[tuple[str | None, str]]) -> QComboBox:
        combo = QComboBox()
        for value, text in options:
            combo.addItem(text, value)
        combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
        self.combos[name] = combo
        return self._row(form, name, combo)

    def _note(self, form: QFormLayout, name: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
        edit.textChanged.connect(lambda n=name: self._changed(n))
        self.notes[name] = edit
        return self._row(form, name, edit)

    def _identity_box(self) -> QGroupBox:
        box, form = self._form(self.tr("Identity"))
        self._line(form, "code")
        self._combo(form, "kind", labels.choices("kind"))
        self._line(form, "name")
        self._line(form, "company")
        self._line(form, "title")
        return box

    def _contact_box(self) -> QGroupBox:
        box, form = self._form(self.tr("Contact"))
        self._line(form, "phone")
        self._line(form, "mobile")
        self._line(form, "email", "name@example.com")
        self._line(form, "address")
        self._line(form, "city")
        self._line(form, "region")
        self._line(form, "country", self.tr("CN, RU, KR, US…"))
        return box

    def _credit_box(self) -> QGroupBox:
        box, form = self._form(self.tr("Credit"))
        self._line(form, "credit_rating")
        self._line(form, "credit_limit", "0.00")
        return box

    def _business_box(self) -> QGroupBox:
        box, form = self._form(self.tr("Business"))
        self._combo(form, "status", labels.choices("status"))
        self.tier_combo = self._combo(form, "tier", [(None, labels.NONE)])
        self.tier_pinned = QCheckBox(self.tr("Keep this tier when tiers are recomputed"))
        self.tier_pinned.toggled.connect(lambda _on: self._changed("tier_pinned"))
        self._row(form, "tier_pinned", self.tier_pinned, self.tr("Pinned"))
        self._combo(form, "loyalty", [(None, labels.NONE)] + labels.choices("loyalty"))
        self._line(form, "industry")
        self._line(form, "purpose")
        self._line(form, "source")
        self.manager_label = QLabel()
        self.manager_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("Manager"), self.manager_label)
        self.assignments_label = QLabel()
        self.assignments_label.setWordWrap(True)
        self.assignments_label.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.tr("Managed by"), self.assignments_label)
        return box

    def _personal_box(self) -> QGroupBox:
        box, form = self._form(self.tr("Personal notes"))
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.birth_calendar = QComboBox()
        self.birth_calendar.addItem(self.tr("Not known"), None)
        for value, text in labels.choices("calendar"):
            self.birth_calendar.addItem(text, value)
        self.birth_year = QSpinBox()
        self.birth_year.setRange(NO_YEAR, dt.date.today().year)
        self.birth_year.setSpecialValueText(self.tr("year?"))
        self.birth_year.setToolTip(self.tr("Birth year (optional)"))
        self.birth_month = QSpinBox()
        self.birth_month.setRange(1, 12)
        self.birth_month.setPrefix(self.tr("month "))
        self.birth_day = QSpinBox()
        self.birth_day.setRange(1, 31)
        self.birth_day.setPrefix(self.tr("day "))
        self.birth_leap = QCheckBox(self.tr("leap month"))
        for widget in (self.birth_calendar, self.birth_year, self.birth_month, self.birth_day, self.birth_leap):
            line.addWidget(widget)
        line.addStretch(1)
        self.birth_calendar.currentIndexChanged.connect(lambda _i: self._birthday_changed())
        for spin in (self.birth_year, self.birth_month, self.birth_day):
            spin.valueChanged.connect(lambda _v: self._birthday_changed())
        self.birth_leap.toggled.connect(lambda _on: self._birthday_changed())
        self._row(form, "birthday", row)
        for name in NOTES:
            self._note(form, name)
        return box

    def _custom_box(self) -> QGroupBox:
        box = QGroupBox(labels.field_label("custom_fields"), self)
        layout = QHBoxLayout(box)
        self.custom_model = CustomFieldsModel(self)
        self.custom_view = QTableView(box)
        self.custom_view.setModel(self.custom_model)
        self.custom_view.verticalHeader().setVisible(False)
        self.custom_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.custom_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.custom_view.setMinimumHeight(110)
        self.custom_view.setMaximumHeight(170)
        for signal in (self.custom_model.dataChanged, self.custom_model.rowsInserted, self.custom_model.rowsRemoved):
            signal.connect(lambda *_a: self._changed("custom_fields"))
        buttons = QVBoxLayout()
        self.add_field_button = QPushButton(self.tr("Add field"))
        self.remove_field_button = QPushButton(self.tr("Remove field"))
        self.add_field_button.clicked.connect(self._add_custom)
        self.remove_field_button.clicked.connect(self._remove_custom)
        self.remove_field_button.setEnabled(False)
        self.custom_view.selectionModel().selectionChanged.connect(
            lambda *_a: self.remove_field_button.setEnabled(self.custom_view.selectionModel().hasSelection()))
        buttons.addWidget(self.add_field_button)
        buttons.addWidget(self.remove_field_button)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.addWidget(self.custom_view)
        self.custom_error = FieldWithError(QWidget())
        self.boxes["custom_fields"] = self.custom_error
        column.addWidget(self.custom_error)
        layout.addLayout(column, 1)
        layout.addLayout(buttons)
        return box

    def _add_custom(self) -> None:
        index = self.custom_model.add_row()
        self.custom_view.setCurrentIndex(index)
        self.custom_view.edit(index)

    def _remove_custom(self) -> None:
        rows = sorted({i.row() for i in self.custom_view.selectionModel().selectedIndexes()}, reverse=True)
        for row in rows:
            self.custom_model.remove_row(row)

    # ----- values --------------------------------------------------------------------------

    def set_tiers(self, codes: list[tuple[str, str]]) -> None:
        """(code, name) of every tier, best first."""
        self._loading = True
        try:
            current = self.tier_combo.currentData()
            self.tier_combo.clear()
            self.tier_combo.addItem(labels.NONE, None)
            for code, name in codes:
                self.tier_combo.addItem(f"{code} — {name}" if name and name != code else code, code)
            self._set_combo(self.tier_combo, current)
        finally:
            self._loading = False

    def set_record(self, record: CustomerRecord) -> None:
        values = normalise(record)
        self._loading = True
        try:
            for name, edit in self.lines.items():
                edit.setText(values[name] or "")
            for name, edit in self.notes.items():
                edit.setPlainText(values[name] or "")
            for name, combo in self.combos.items():
                if name == "tier" and values["tier"] and combo.findData(values["tier"]) < 0:
                    combo.addItem(values["tier"], values["tier"])
                if name in COMBOS and values[name] and combo.findData(values[name]) < 0:
                    combo.addItem(values[name], values[name])  # a value this version does not know
                self._set_combo(combo, values[name])
            self.tier_pinned.setChecked(values["tier_pinned"])
            self._set_combo(self.birth_calendar, values["birth_calendar"])
            self.birth_year.setValue(values["birth_year"] or NO_YEAR)
            self.birth_month.setValue(values["birth_month"] or 1)
            self.birth_day.setValue(values["birth_day"] or 1)
            self.birth_leap.setChecked(values["birth_leap_month"])
            self.custom_model.set_fields(values["custom_fields"])
            self._show_manager(record)
        finally:
            self._loading = False
        self._enable_birthday()
        self.local_problems.clear()
        for box in self.boxes.values():
            box.error.show_message(None)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: text_or_none(edit.text()) for name, edit in self.lines.items()}
        out.update({name: text_or_none(edit.toPlainText()) for name, edit in self.notes.items()})
        out.update({name: combo.currentData() for name, combo in self.combos.items()})
        out["tier_pinned"] = self.tier_pinned.isChecked()
        calendar = self.birth_calendar.currentData()
        if calendar is None:
            out.update(birth_calendar=None, birth_year=None, birth_month=None, birth_day=None, birth_leap_month=False)
        else:
            year = self.birth_year.value()
            out.update(birth_calendar=calendar, birth_year=None if year == NO_YEAR else year,
                       birth_month=self.birth_month.value(), birth_day=self.birth_day.value(),
                       birth_leap_month=self.birth_leap.isChecked() and calendar == "lunar")
        out["custom_fields"] = self.custom_model.fields()
        return out

    @staticmethod
    def _set_combo(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(index if index >= 0 else 0)

    def _show_manager(self, record: CustomerRecord) -> None:
        if record.manager_name:
            self.manager_label.setText(f"{record.manager_name} ({record.manager_login})")
        else:
            self.manager_label.setText(self.tr("No manager"))
        lines = []
        for a in record.assignments:
            until = a.ended_on.isoformat() if a.ended_on else self.tr("now")
            role = self.tr("primary") if a.role == "primary" else self.tr("secondary")
            lines.append(html.escape(self.tr("{name}, {role}: {start} → {end}").format(
                name=a.manager_name, role=role, start=a.started_on.isoformat(), end=until)))
        self.assignments_label.setText("<br>".join(lines) if lines else html.escape(self.tr("No history yet")))

    # ----- as-you-type checks --------------------------------------------------------------

    def _birthday_changed(self) -> None:
        self._enable_birthday()
        self._changed("birthday")

    def _enable_birthday(self) -> None:
        calendar = self.birth_calendar.currentData()
        for widget in (self.birth_year, self.birth_month, self.birth_day):
            widget.setEnabled(calendar is not None)
        self.birth_leap.setEnabled(calendar == "lunar")

    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self.check(name)
        self.edited.emit()

    def check(self, name: str) -> str | None:
        """Check one field without the database; show (and remember) its problem."""
        problem = self._problem(name)
        if problem:
            self.local_problems[name] = problem
        else:
            self.local_problems.pop(name, None)
        if name in self.boxes:
            self.boxes[name].error.show_message(problem)
        return problem

    def check_all(self) -> dict[str, str]:
        for name in ("name", "phone", "mobile", "email", "country", "credit_limit", "birthday", "custom_fields"):
            self.check(name)
        return dict(self.local_problems)

    def _problem(self, name: str) -> str | None:
        if name == "name" and not self.lines["name"].text().strip():
            return self.tr("A customer needs a name.")
        if name in ("phone", "mobile"):
            text = self.lines[name].text().strip()
            if text and phones.normalise(text, self.region).problem:
                return self.tr("“{text}” is not a phone number. Numbers without a + and country code are read as "
                               "{region} numbers.").format(text=text, region=self.region)
        if name == "email":
            text = self.lines["email"].text().strip()
            if text and not EMAIL_RE.match(text):
                return self.tr("“{text}” is not an e-mail address.").format(text=text)
        if name == "country":
            text = self.lines["country"].text().strip()
            if text and not COUNTRY_RE.match(text):
                return self.tr("Use a two-letter country code such as CN, RU, KR or US.")
        if name == "credit_limit":
            return self._money_problem(self.lines["credit_limit"].text())
        if name == "birthday":
            return self._birthday_problem()
        if name == "custom_fields":
            twice = self.custom_model.duplicate_names()
            if twice:
                return self.tr("Each custom field needs its own name: {names}").format(names=", ".join(twice))
        return None

    def _money_problem(self, text: str) -> str | None:
        text = text.strip().replace(",", "").replace(" ", "")
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return self.tr("Write the credit limit as a number, e.g. 50000.00.")
        if not amount.is_finite() or amount < 0:
            return self.tr("The credit limit cannot be negative.")
        return None

    def _birthday_problem(self) -> str | None:
        values = self.values()
        calendar, month, day = values["birth_calendar"], values["birth_month"], values["birth_day"]
        if calendar is None:
            return None
        if calendar == "lunar":
            return self.tr("Lunar months have at most 30 days.") if day > 30 else None
        try:
            dt.date(values["birth_year"] or 2000, month, day)
        except ValueError:
            return self.tr("There is no such day in that month.")
        return None

    def show_problems(self, problems: dict[str, str]) -> dict[str, str]:
        """Show the service's problems next to their fields; return those that have no field here."""
        birthday = {k: v for k, v in problems.items() if k in BIRTHDAY}
        problems = {k: v for k, v in problems.items() if k not in BIRTHDAY}
        if birthday:
            problems.setdefault("birthday", next(iter(birthday.values())))
        stray = {}
        for name, text in problems.items():
            box = self.boxes.get(name)
            if box is None:
                stray[name] = text
            else:
                box.error.show_message(text)
        first = next((self.boxes[n].field for n in problems if n in self.boxes), None)
        if first is not None:
            first.setFocus()
        return stray

    def focus_first_problem(self) -> None:
        for name in self.local_problems:
            if name in self.boxes:
                self.boxes[name].field.setFocus()
                return
