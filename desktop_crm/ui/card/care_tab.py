"""The Care history tab: the timeline of care events, newest first, and logging a call or a visit."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.services.card_records import CareRecord

from . import labels
from .table_model import Column, RecordTableModel
from .widgets import FormDialog, OptionalDate, selected_record, table_view

if TYPE_CHECKING:
    from .card import CustomerCard

HISTORY_LIMIT = 500
CHANNEL_OF = {"call": "phone", "visit": "in_person"}


class CareModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("When"), lambda e: labels.datetime_text(e.happened_at)),
            Column(self.tr("Kind"), lambda e: labels.value_label("care_kind", e.kind)),
            Column(self.tr("Manager"), lambda e: e.manager_name or ""),
            Column(self.tr("Summary"), lambda e: e.summary or "", tooltip=True),
            Column(self.tr("Outcome"), lambda e: e.outcome or "", tooltip=True),
            Column(self.tr("Next step"), lambda e: e.next_step or "", tooltip=True),
            Column(self.tr("Next due"), lambda e: labels.date_text(e.next_due)),
        ], parent)


class CareDialog(FormDialog):
    """Log a care event: the kind is preset, the time is now, the cursor waits in the summary."""

    def __init__(self, ctx, customer_id: int, kind: str, contacts: list[tuple[int, str]], parent=None):
        title = {"call": self.tr("Log a call"), "visit": self.tr("Log a visit")}.get(kind, self.tr("Log a care event"))
        super().__init__(ctx, title, parent)
        self.customer_id = customer_id
        self.kind = self.add_field("kind", self.tr("Kind"), QComboBox())
        for value, text in labels.choices("care_kind"):
            self.kind.addItem(text, value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.when = self.add_field("happened_at", self.tr("When"), QDateTimeEdit(QDateTime.currentDateTime()))
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.contact = self.add_field("contact_id", self.tr("With"), QComboBox())
        self.contact.addItem(self.tr("(the customer)"), None)
        for contact_id, name in contacts:
            self.contact.addItem(name, contact_id)
        self.form.setRowVisible(self.contact.parentWidget(), bool(contacts))
        self.summary = self.add_field("summary", self.tr("Summary"), QPlainTextEdit())
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(self.tr("What was talked about, in a few words"))
        self.summary.setFixedHeight(self.summary.fontMetrics().lineSpacing() * 4 + 14)
        self.outcome = self.add_field("outcome", self.tr("Outcome"), QLineEdit())
        self.next_step = self.add_field("next_step", self.tr("Next step"), QLineEdit())
        self.next_due = self.add_field("next_due", self.tr("Next due"), OptionalDate(self.tr("set")))
        self.summary.setFocus()

    def values(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        return {"kind": kind, "summary": self.summary.toPlainText(), "outcome": self.outcome.text(),
                "next_step": self.next_step.text(), "next_due": self.next_due.value(),
                "happened_at": self.when.dateTime().toPython().replace(second=0, microsecond=0),
                "channel": CHANNEL_OF.get(kind), "contact_id": self.contact.currentData()}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        problems = {}
        if not values["summary"].strip():
            problems["summary"] = self.tr("Say in a few words what happened.")
        if values["next_due"] is not None and values["next_due"] < values["happened_at"].date():
            problems["next_due"] = self.tr("The next step cannot be due before the event itself.")
        return problems

    def call(self, values: dict[str, Any]):
        crm, customer_id = self.ctx.crm, self.customer_id
        data = dict(values)
        kind = data.pop("kind")
        return lambda: crm.care.log(customer_id, kind, **data)


class CareTab(QWidget):
    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        self.dialog: CareDialog | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.call_button = QPushButton(self.tr("Log call"))
        self.visit_button = QPushButton(self.tr("Log visit"))
        self.other_button = QPushButton(self.tr("Log other care…"))
        for button in (self.call_button, self.visit_button, self.other_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.limit_label = QLabel()
        bar.addWidget(self.limit_label)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = CareModel(self)
        self.view = table_view(self.model, splitter, stretch=3, wrap=True, cap=150)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMargin(6)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)

        self.call_button.clicked.connect(lambda: self.log("call"))
        self.visit_button.clicked.connect(lambda: self.log("visit"))
        self.other_button.clicked.connect(lambda: self.log("greeting"))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_detail())

    @staticmethod
    def fetch(crm, customer_id: int) -> list[CareRecord]:
        return crm.care.history(customer_id, limit=HISTORY_LIMIT)

    def show_data(self, records: list[CareRecord]) -> None:
        self.model.set_records(records)
        self.limit_label.setText(self.tr("The newest {n} care events are shown.").format(n=HISTORY_LIMIT)
                                 if len(records) >= HISTORY_LIMIT else "")
        if records:
            self.view.selectRow(0)
        self._show_detail()

    def count(self) -> int:
        return self.model.rowCount()

    def log(self, kind: str) -> None:
        if self.card.customer_id is None:
            return
        contacts = [(c.id, c.name) for c in self.card.contacts() if c.left_on is None]
        dialog = CareDialog(self.card.ctx, self.card.customer_id, kind, contacts, self)
        dialog.saved.connect(lambda result: self.card.announce(result[1]))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        dialog.summary.setFocus()

    def _show_detail(self) -> None:
        event = selected_record(self.view)
        if event is None:
            self.detail.setText(self.tr("No care event yet. Log a call or a visit with the buttons above.")
                                if self.model.rowCount() == 0 else "")
            return
        parts = [f"<b>{html.escape(labels.value_label('care_kind', event.kind))}</b> · "
                 f"{html.escape(labels.datetime_text(event.happened_at))}"
                 + (f" · {html.escape(event.manager_name)}" if event.manager_name else "")
                 + (f" · {html.escape(self.tr('with {name}').format(name=event.contact_name))}"
                    if event.contact_name else "")]
        for title, text in ((self.tr("Summary"), event.summary), (self.tr("Outcome"), event.outcome),
                            (self.tr("Next step"), event.next_step)):
            if text:
                parts.append(f"<b>{html.escape(title)}:</b> {html.escape(text)}")
        if event.next_due:
            done = (self.tr("done {when}").format(when=labels.datetime_text(event.next_done_at))
                    if event.next_done_at else self.tr("not done yet"))
            parts.append(html.escape(self.tr("Due {date} ({done})").format(date=event.next_due.isoformat(),
                                                                             done=done)))
        self.detail.setText("<br>".join(parts))
