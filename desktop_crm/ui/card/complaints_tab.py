"""The Complaints tab: what the customer complained about, and receiving a new complaint."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop_crm.services.card_records import ComplaintRecord

from . import labels
from .table_model import Column, RecordTableModel
from .widgets import FormDialog, OptionalDate, table_view

if TYPE_CHECKING:
    from .card import CustomerCard

DONE = ("resolved", "closed")
END_OF_DAY = dt.time(23, 59)  # "answer by this date" means by the end of that day


class ComplaintsModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("Received"), lambda c: labels.datetime_text(c.received_at)),
            Column(self.tr("Category"), lambda c: labels.value_label("complaint_category", c.category)
                   if c.category else ""),
            Column(self.tr("Severity"), lambda c: labels.value_label("severity", c.severity)),
            Column(self.tr("Status"), lambda c: labels.value_label("complaint_status", c.status)),
            Column(self.tr("Answer by"), lambda c: labels.datetime_text(c.target_at)),
            Column(self.tr("Description"), lambda c: c.description, tooltip=True),
            Column(self.tr("Resolution"), lambda c: c.resolution or "", tooltip=True),
        ], parent)
        self.now = dt.datetime.now

    def greyed(self, record: ComplaintRecord) -> bool:
        return record.status in DONE

    def bold(self, record: ComplaintRecord) -> bool:
        """Still open after the promised answer time."""
        return record.status not in DONE and record.target_at is not None and record.target_at < self.now()


def _editable_combo(vocabulary: str) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.addItem("", None)
    for value, text in labels.choices(vocabulary):
        combo.addItem(text, value)
    return combo


def _combo_value(combo: QComboBox) -> str | None:
    """The chosen value, or the text typed when it is not one of the list."""
    text = combo.currentText().strip()
    index = combo.findText(text)
    if index >= 0 and combo.itemData(index) is not None:
        return combo.itemData(index)
    return text or None


class ComplaintDialog(FormDialog):
    def __init__(self, ctx, customer_id: int, parent=None):
        super().__init__(ctx, self.tr("Add complaint"), parent)
        self.customer_id = customer_id
        self.channel = self.add_field("channel", labels.field_label("channel"), _editable_combo("channel"))
        self.category = self.add_field("category", labels.field_label("category"),
                                       _editable_combo("complaint_category"))
        self.severity = self.add_field("severity", labels.field_label("severity"), QComboBox())
        for value, text in labels.choices("severity"):
            self.severity.addItem(text, value)
        self.severity.setCurrentIndex(self.severity.findData("medium"))
        self.description = self.add_field("description", labels.field_label("description"), QPlainTextEdit())
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText(self.tr("What the customer complains about, in their words"))
        self.description.setFixedHeight(self.description.fontMetrics().lineSpacing() * 4 + 14)
        self.target = self.add_field("target_at", labels.field_label("target_at"), OptionalDate(self.tr("set")))
        self.description.setFocus()

    def values(self) -> dict[str, Any]:
        target = self.target.value()
        return {"channel": _combo_value(self.channel), "category": _combo_value(self.category),
                "severity": self.severity.currentData(), "description": self.description.toPlainText(),
                "target_at": dt.datetime.combine(target, END_OF_DAY) if target else None}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        problems = {}
        if not values["description"].strip():
            problems["description"] = self.tr("Say what the customer complains about.")
        if values["target_at"] is not None and values["target_at"].date() < dt.date.today():
            problems["target_at"] = self.tr("The answer cannot be promised for a day that has passed.")
        return problems

    def call(self, values: dict[str, Any]):
        crm, customer_id = self.ctx.crm, self.customer_id
        return lambda: crm.complaints.add(customer_id, values)


class ComplaintsTab(QWidget):
    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        self.dialog: ComplaintDialog | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add complaint"))
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self.open_label = QLabel()
        bar.addWidget(self.open_label)
        layout.addLayout(bar)
        self.model = ComplaintsModel(self)
        self.view = table_view(self.model, self, stretch=5, wrap=True, cap=150)
        layout.addWidget(self.view, 1)
        hint = QLabel(self.tr("Resolved and closed complaints are greyed; those past their promised answer are in "
                              "bold."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.add_button.clicked.connect(self.add)

    @staticmethod
    def fetch(crm, customer_id: int) -> list[ComplaintRecord]:
        return crm.complaints.for_customer(customer_id)

    def show_data(self, records: list[ComplaintRecord]) -> None:
        self.model.set_records(records)
        still_open = self.count()
        self.open_label.setText(self.tr("{n} open").format(n=still_open) if still_open else "")

    def count(self) -> int:
        return sum(1 for c in self.model.records() if c.status not in DONE)

    def add(self) -> None:
        if self.card.customer_id is None:
            return
        dialog = ComplaintDialog(self.card.ctx, self.card.customer_id, self)
        dialog.saved.connect(lambda result: self.card.announce(result[1]))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
