"""The Contact persons tab: the people at a company customer, including those who left (greyed)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.errors import ConflictError
from desktop_crm.services import phones
from desktop_crm.services.records import ContactRecord, CustomerRecord
from desktop_crm.services.validation import EMAIL_RE

from . import labels
from .table_model import Column, RecordTableModel
from .widgets import FormDialog, OptionalDate, selected_record, table_view

if TYPE_CHECKING:
    from .card import CustomerCard


class ContactsModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("Name"), lambda c: c.name),
            Column(self.tr("Role"), lambda c: c.role or ""),
            Column(self.tr("Phones"), lambda c: "\n".join(x for x in (c.mobile, c.phone) if x)),
            Column(self.tr("E-mail"), lambda c: c.email or ""),
            Column(self.tr("Decision maker"), lambda c: labels.yes_no(True) if c.decision_maker else ""),
            Column(self.tr("Joined"), lambda c: labels.date_text(c.joined_on)),
            Column(self.tr("Left"), lambda c: labels.date_text(c.left_on)),
        ], parent)

    def greyed(self, record: ContactRecord) -> bool:
        return record.left_on is not None

    def bold(self, record: ContactRecord) -> bool:
        return record.decision_maker and record.left_on is None


class ContactDialog(FormDialog):
    """Add a contact person, or edit one (checked against the version it was loaded at)."""

    def __init__(self, ctx, customer_id: int, contact: ContactRecord | None, region: str, parent=None):
        title = self.tr("Edit contact person") if contact else self.tr("Add contact person")
        super().__init__(ctx, title, parent)
        self.customer_id = customer_id
        self.contact = contact
        self.version = contact.version if contact else None
        self.region = region
        self.name = self.add_field("name", labels.field_label("name"), QLineEdit())
        self.role = self.add_field("role", labels.field_label("role"), QLineEdit())
        self.phone = self.add_field("phone", labels.field_label("phone"), QLineEdit())
        self.mobile = self.add_field("mobile", labels.field_label("mobile"), QLineEdit())
        self.email = self.add_field("email", labels.field_label("email"), QLineEdit())
        self.decision_maker = self.add_field("decision_maker", "", QCheckBox(labels.field_label("decision_maker")))
        self.joined = self.add_field("joined_on", labels.field_label("joined_on"), OptionalDate(self.tr("set")))
        self.notes = self.add_field("notes", labels.field_label("notes"), QPlainTextEdit())
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 14)
        if contact is not None:
            self.name.setText(contact.name)
            self.role.setText(contact.role or "")
            self.phone.setText(contact.phone or "")
            self.mobile.setText(contact.mobile or "")
            self.email.setText(contact.email or "")
            self.decision_maker.setChecked(contact.decision_maker)
            self.joined.set_value(contact.joined_on)
            self.notes.setPlainText(contact.notes or "")
        self.name.setFocus()

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "role": self.role.text(), "phone": self.phone.text(),
                "mobile": self.mobile.text(), "email": self.email.text(),
                "decision_maker": self.decision_maker.isChecked(), "joined_on": self.joined.value(),
                "notes": self.notes.toPlainText()}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        problems = {}
        if not values["name"].strip():
            problems["name"] = self.tr("A contact person needs a name.")
        for name in ("phone", "mobile"):
            text = values[name].strip()
            if text and phones.normalise(text, self.region).problem:
                problems[name] = self.tr("“{text}” is not a phone number ({region} unless it starts with +).").format(
                    text=text, region=self.region)
        if values["email"].strip() and not EMAIL_RE.match(values["email"].strip()):
            problems["email"] = self.tr("“{text}” is not an e-mail address.").format(text=values["email"].strip())
        return problems

    def call(self, values: dict[str, Any]):
        crm, customer_id = self.ctx.crm, self.customer_id
        if self.contact is None:
            return lambda: crm.contacts.add(customer_id, values)
        contact_id, version = self.contact.id, self.version
        return lambda: crm.contacts.update(contact_id, values, version)

    def conflict(self, exc: ConflictError) -> None:
        theirs = "; ".join(f"{labels.field_label(k)}: {labels.shown(v)}" for k, v in exc.theirs.items()
                           if self.contact is not None and getattr(self.contact, k, None) != v)
        self.version = exc.current_version
        self.banner.show_error(self.tr(
            "Someone else saved this contact person after you opened it ({theirs}). Press OK again to save your "
            "values over theirs, or Cancel.").format(theirs=theirs or self.tr("no visible difference")))


class LeftDialog(FormDialog):
    """Mark a contact person as gone from the customer."""

    def __init__(self, ctx, contact: ContactRecord, parent=None):
        super().__init__(ctx, self.tr("Mark as left"), parent)
        self.contact = contact
        intro = QLabel(self.tr("{name} no longer works at this customer. They stay in the list, greyed.").format(
            name=contact.name))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.left_on = self.add_field("left_on", labels.field_label("left_on"), QDateEdit())
        self.left_on.setCalendarPopup(True)
        self.left_on.setDisplayFormat("yyyy-MM-dd")
        self.left_on.setDate(QDate.currentDate())

    def values(self) -> dict[str, Any]:
        return {"left_on": self.left_on.date().toPython()}

    def call(self, values: dict[str, Any]):
        crm, contact_id, version = self.ctx.crm, self.contact.id, self.contact.version
        return lambda: crm.contacts.mark_left(contact_id, values["left_on"], version)


class ContactsTab(QWidget):
    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        self.dialog: FormDialog | None = None
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        layout.addWidget(self.stack)

        self.person_note = QLabel()
        self.person_note.setWordWrap(True)
        self.person_note.setMargin(24)
        self.stack.addWidget(self.person_note)

        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add contact person"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.left_button = QPushButton(self.tr("Mark as left"))
        for button in (self.add_button, self.edit_button, self.left_button):
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.model = ContactsModel(self)
        self.view = table_view(self.model, page, stretch=0, wrap=True, cap=150)
        column.addWidget(self.view, 1)
        hint = QLabel(self.tr("People who left stay in the list, greyed; decision makers are in bold."))
        hint.setWordWrap(True)
        column.addWidget(hint)
        self.stack.addWidget(page)

        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.left_button.clicked.connect(self.mark_left)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self._enable()

    @staticmethod
    def fetch(crm, customer_id: int) -> list[ContactRecord]:
        return crm.contacts.for_customer(customer_id)

    def show_data(self, records: list[ContactRecord]) -> None:
        self.model.set_records(records)
        self._enable()

    def set_customer(self, record: CustomerRecord) -> None:
        company = record.kind == "company"
        self.stack.setCurrentIndex(1 if company else 0)
        if not company:
            self.person_note.setText(self.tr(
                "{name} is a person, not a company, so there are no contact persons to keep. If this customer is "
                "really a company, set Kind to Company on the Profile tab and save.").format(name=record.name))

    def count(self) -> int:
        return sum(1 for c in self.model.records() if c.left_on is None)

    def _enable(self) -> None:
        chosen = selected_record(self.view)
        self.edit_button.setEnabled(chosen is not None)
        self.left_button.setEnabled(chosen is not None and chosen.left_on is None)

    def _open(self, dialog: FormDialog) -> None:
        dialog.saved.connect(lambda result: self.card.announce(result[1]))
        dialog.saved.connect(lambda _r: self.card.banner.clear_message())
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def add(self) -> None:
        if self.card.customer_id is None:
            return
        self._open(ContactDialog(self.card.ctx, self.card.customer_id, None, self.card.phone_region, self))

    def edit(self) -> None:
        chosen = selected_record(self.view)
        if chosen is not None:
            self._open(ContactDialog(self.card.ctx, self.card.customer_id, chosen, self.card.phone_region, self))

    def mark_left(self) -> None:
        chosen = selected_record(self.view)
        if chosen is not None and chosen.left_on is None:
            self._open(LeftDialog(self.card.ctx, chosen, self))


__all__ = ["ContactDialog", "ContactsModel", "ContactsTab", "LeftDialog"]
