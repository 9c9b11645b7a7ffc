"""The Changes tab: who changed what on this customer, its contact persons and complaints, and when."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_crm.services.card_records import AuditEntry

from . import labels
from .table_model import Column, RecordTableModel
from .widgets import table_view

if TYPE_CHECKING:
    from .card import CustomerCard

LIMIT = 1000
VOCABULARY = {"kind": "kind", "status": "status", "loyalty": "loyalty", "severity": "severity",
              "birth_calendar": "calendar"}


def _who(entry: AuditEntry) -> str:
    return entry.actor_name or entry.actor or labels.NONE


def _what(entry: AuditEntry) -> str:
    if entry.entity == "customers":
        return labels.value_label("entity", entry.entity)
    return f"{labels.value_label('entity', entry.entity)}: {entry.subject}"


def _field(entry: AuditEntry) -> str:
    if entry.field is None:
        return labels.value_label("audit_action", entry.action)
    return labels.field_label(entry.field)


def _value(entry: AuditEntry, value: str | None) -> str:
    if value is None:
        return ""
    if entry.entity == "complaints" and entry.field == "status":
        return labels.value_label("complaint_status", value)
    vocabulary = VOCABULARY.get(entry.field or "")
    if vocabulary:
        return labels.value_label(vocabulary, value)
    if value in ("True", "False") and entry.field in ("tier_pinned", "decision_maker", "birth_leap_month"):
        return labels.yes_no(value == "True")
    if entry.field == "custom_fields":
        try:
            fields = json.loads(value)
        except ValueError:
            return value
        return labels.shown(fields) if isinstance(fields, dict) else value
    return value


class AuditModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("When"), lambda e: labels.datetime_text(labels.local_from_utc(e.at))),
            Column(self.tr("Who"), _who, tip=lambda e: e.actor),
            Column(self.tr("What"), _what, tooltip=True),
            Column(self.tr("Field"), _field),
            Column(self.tr("Before"), lambda e: _value(e, e.old_value), tooltip=True),
            Column(self.tr("After"), lambda e: _value(e, e.new_value), tooltip=True),
        ], parent)

    def bold(self, record: AuditEntry) -> bool:
        return record.action != "update"


class ChangesTab(QWidget):
    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        layout = QVBoxLayout(self)
        self.model = AuditModel(self)
        self.view = table_view(self.model, self, stretch=5, wrap=True, cap=170)
        layout.addWidget(self.view, 1)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

    @staticmethod
    def fetch(crm, customer_id: int) -> list[AuditEntry]:
        return crm.audit.for_customer(customer_id, limit=LIMIT)

    def show_data(self, entries: list[AuditEntry]) -> None:
        self.model.set_records(entries)
        if len(entries) >= LIMIT:
            self.note.setText(self.tr("The newest {n} changes are shown.").format(n=LIMIT))
        elif not entries:
            self.note.setText(self.tr("No changes are recorded for this customer yet."))
        else:
            self.note.setText(self.tr("Changes to the customer, its contact persons and its complaints, newest "
                                      "first. Times are local."))

    def count(self) -> int:
        return self.model.rowCount()
