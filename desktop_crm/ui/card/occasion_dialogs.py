"""Dialogs to add or edit an occasion (a solar or lunar date) and a gift."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from desktop_crm.services.card_records import GiftRecord, OccasionRecord

from . import labels
from .widgets import FormDialog, OptionalDate

NO_YEAR = 0


def _contact_combo(contacts: list[tuple[int, str]], current: int | None, own: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(own, None)
    for contact_id, name in contacts:
        combo.addItem(name, contact_id)
    index = combo.findData(current)
    combo.setCurrentIndex(index if index >= 0 else 0)
    return combo


class OccasionDialog(FormDialog):
    def __init__(self, ctx, customer_id: int, occasion: OccasionRecord | None, contacts: list[tuple[int, str]],
                 parent=None):
        super().__init__(ctx, self.tr("Edit occasion") if occasion else self.tr("Add occasion"), parent)
        self.customer_id = customer_id
        self.occasion = occasion
        self.kind = self.add_field("kind", self.tr("Kind"), QComboBox())
        for value, text in labels.choices("occasion_kind"):
            self.kind.addItem(text, value)
        self.title = self.add_field("title", self.tr("Title"), QLineEdit())
        self.title.setMaxLength(200)
        self.contact = self.add_field("contact_id", self.tr("Whose"), _contact_combo(
            contacts, occasion.contact_id if occasion else None, self.tr("The customer's")))

        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.calendar = QComboBox()
        for value, text in labels.choices("calendar"):
            self.calendar.addItem(text, value)
        self.year = QSpinBox()
        self.year.setRange(NO_YEAR, 9999)
        self.year.setSpecialValueText(self.tr("year?"))
        self.month = QSpinBox()
        self.month.setRange(1, 12)
        self.month.setPrefix(self.tr("month "))
        self.day = QSpinBox()
        self.day.setRange(1, 31)
        self.day.setPrefix(self.tr("day "))
        self.leap = QCheckBox(self.tr("leap month"))
        for widget in (self.calendar, self.year, self.month, self.day, self.leap):
            line.addWidget(widget)
        line.addStretch(1)
        self.add_field("date", self.tr("Date"), row)
        self.calendar.currentIndexChanged.connect(lambda _i: self.leap.setEnabled(self.calendar.currentData() == "lunar"))

        self.yearly = self.add_field("yearly", "", QCheckBox(self.tr("Comes back every year")))
        self.lead_days = self.add_field("lead_days", self.tr("Remind"), QSpinBox())
        self.lead_days.setRange(0, 365)
        self.lead_days.setSuffix(self.tr(" days before"))
        self.notes = self.add_field("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)

        o = occasion
        self.kind.setCurrentIndex(max(0, self.kind.findData(o.kind if o else "birthday")))
        self.title.setText(o.title or "" if o else "")
        self.calendar.setCurrentIndex(max(0, self.calendar.findData(o.calendar if o else "solar")))
        self.year.setValue(o.year or NO_YEAR if o else NO_YEAR)
        self.month.setValue(o.month if o else dt.date.today().month)
        self.day.setValue(o.day if o else dt.date.today().day)
        self.leap.setChecked(bool(o and o.leap_month))
        self.leap.setEnabled(self.calendar.currentData() == "lunar")
        self.yearly.setChecked(o.yearly if o else True)
        self.lead_days.setValue(o.lead_days if o else 7)
        self.notes.setPlainText(o.notes or "" if o else "")
        self.title.setFocus()

    def values(self) -> dict[str, Any]:
        calendar = self.calendar.currentData()
        return {"kind": self.kind.currentData(), "title": self.title.text(), "contact_id": self.contact.currentData(),
                "calendar": calendar, "year": self.year.value() or None, "month": self.month.value(),
                "day": self.day.value(), "leap_month": self.leap.isChecked() and calendar == "lunar",
                "yearly": self.yearly.isChecked(), "lead_days": self.lead_days.value(),
                "notes": self.notes.toPlainText()}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        if values["calendar"] == "lunar":
            if values["day"] > 30:
                return {"date": self.tr("Lunar months have at most 30 days.")}
            return {}
        try:
            dt.date(values["year"] or 2000, values["month"], values["day"])
        except ValueError:
            return {"date": self.tr("There is no such day in that month.")}
        return {}

    def call(self, values: dict[str, Any]):
        crm = self.ctx.crm
        if self.occasion is None:
            customer_id = self.customer_id
            return lambda: crm.occasions.add(customer_id, values)
        occasion_id = self.occasion.id
        return lambda: crm.occasions.update(occasion_id, values)


class GiftDialog(FormDialog):
    def __init__(self, ctx, customer_id: int, gift: GiftRecord | None, contacts: list[tuple[int, str]],
                 occasions: list[OccasionRecord], parent=None):
        super().__init__(ctx, self.tr("Edit gift") if gift else self.tr("Add gift"), parent)
        self.customer_id = customer_id
        self.gift = gift
        self.item = self.add_field("item", self.tr("Gift"), QLineEdit())
        self.item.setMaxLength(200)
        self.status = self.add_field("status", self.tr("Status"), QComboBox())
        for value, text in labels.choices("gift_status"):
            self.status.addItem(text, value)
        self.cost = self.add_field("cost", self.tr("Cost"), QLineEdit())
        self.cost.setPlaceholderText("0.00")
        self.planned_for = self.add_field("planned_for", self.tr("Planned for"), OptionalDate(self.tr("set")))
        self.given_on = self.add_field("given_on", self.tr("Given on"), OptionalDate(self.tr("set")))
        self.occasion = self.add_field("occasion_id", self.tr("Occasion"), QComboBox())
        self.occasion.addItem(labels.NONE, None)
        for o in occasions:
            when = labels.month_day_text(o.calendar, None, o.month, o.day, o.leap_month)
            self.occasion.addItem(f"{o.title or labels.value_label('occasion_kind', o.kind)} ({when})", o.id)
        self.occasion_label = self.add_field("occasion_label", self.tr("Occasion label"), QLineEdit())
        self.occasion_label.setPlaceholderText(self.tr("e.g. Spring Festival 2027"))
        self.contact = self.add_field("contact_id", self.tr("For"), _contact_combo(
            contacts, gift.contact_id if gift else None, self.tr("The customer")))
        self.story = self.add_field("story", self.tr("Story"), QPlainTextEdit())
        self.story.setPlaceholderText(self.tr("Why this gift, where it comes from"))
        self.story.setFixedHeight(self.story.fontMetrics().lineSpacing() * 3 + 14)

        g = gift
        if g is not None:
            self.item.setText(g.item)
            self.cost.setText(format(g.cost, "f") if g.cost is not None else "")
            self.planned_for.set_value(g.planned_for)
            self.given_on.set_value(g.given_on)
            self.occasion_label.setText(g.occasion_label or "")
            self.story.setPlainText(g.story or "")
        self.status.setCurrentIndex(max(0, self.status.findData(g.status if g else "idea")))
        index = self.occasion.findData(g.occasion_id if g else None)
        self.occasion.setCurrentIndex(index if index >= 0 else 0)
        self.item.setFocus()

    def values(self) -> dict[str, Any]:
        return {"item": self.item.text(), "status": self.status.currentData(), "cost": self.cost.text().strip(),
                "planned_for": self.planned_for.value(), "given_on": self.given_on.value(),
                "occasion_id": self.occasion.currentData(), "occasion_label": self.occasion_label.text(),
                "contact_id": self.contact.currentData(), "story": self.story.toPlainText()}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        problems = {}
        if not values["item"].strip():
            problems["item"] = self.tr("Say what the gift is.")
        if values["cost"]:
            try:
                if Decimal(values["cost"].replace(",", "")) < 0:
                    problems["cost"] = self.tr("The cost cannot be negative.")
            except InvalidOperation:
                problems["cost"] = self.tr("Write the cost as a number, e.g. 388.00.")
        return problems

    def call(self, values: dict[str, Any]):
        crm = self.ctx.crm
        if self.gift is None:
            customer_id = self.customer_id
            return lambda: crm.gifts.add(customer_id, values)
        gift_id = self.gift.id
        return lambda: crm.gifts.update(gift_id, values)
