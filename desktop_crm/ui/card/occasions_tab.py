"""The Occasions and gifts tab: the customer's dates worth a greeting, and the gifts around them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QMessageBox, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop_crm.services.card_records import GiftRecord, OccasionRecord
from desktop_crm.ui.tasks import message_for

from . import labels
from .occasion_dialogs import GiftDialog, OccasionDialog
from .table_model import Column, RecordTableModel
from .widgets import FormDialog, selected_record, table_view

if TYPE_CHECKING:
    from .card import CustomerCard


class OccasionsModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("Date"), lambda o: labels.month_day_text(o.calendar, o.year, o.month, o.day,
                                                                   o.leap_month)),
            Column(self.tr("Kind"), lambda o: labels.value_label("occasion_kind", o.kind)),
            Column(self.tr("Title"), lambda o: o.title or ""),
            Column(self.tr("Whose"), lambda o: o.contact_name or ""),
            Column(self.tr("Yearly"), lambda o: labels.yes_no(o.yearly)),
            Column(self.tr("Remind (days before)"), lambda o: str(o.lead_days), right=True),
            Column(self.tr("Notes"), lambda o: o.notes or "", tooltip=True),
        ], parent)


class GiftsModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("Gift"), lambda g: g.item, tooltip=True),
            Column(self.tr("Status"), lambda g: labels.value_label("gift_status", g.status)),
            Column(self.tr("Occasion"), lambda g: g.occasion_label or ""),
            Column(self.tr("Planned for"), lambda g: labels.date_text(g.planned_for)),
            Column(self.tr("Given on"), lambda g: labels.date_text(g.given_on)),
            Column(self.tr("Cost"), lambda g: labels.money_text(g.cost), right=True),
            Column(self.tr("For"), lambda g: g.contact_name or ""),
            Column(self.tr("Story"), lambda g: g.story or "", tooltip=True),
        ], parent)

    def greyed(self, record: GiftRecord) -> bool:
        return record.status == "given"


class OccasionsTab(QWidget):
    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        self.dialog: FormDialog | None = None
        layout = QVBoxLayout(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        layout.addWidget(splitter)

        occasions_box = QGroupBox(self.tr("Occasions"))
        column = QVBoxLayout(occasions_box)
        bar = QHBoxLayout()
        self.add_occasion_button = QPushButton(self.tr("Add occasion"))
        self.edit_occasion_button = QPushButton(self.tr("Edit"))
        self.delete_occasion_button = QPushButton(self.tr("Delete"))
        for button in (self.add_occasion_button, self.edit_occasion_button, self.delete_occasion_button):
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.occasions_model = OccasionsModel(self)
        self.occasions_view = table_view(self.occasions_model, occasions_box, stretch=2, wrap=True)
        column.addWidget(self.occasions_view)
        splitter.addWidget(occasions_box)

        gifts_box = QGroupBox(self.tr("Gifts"))
        column = QVBoxLayout(gifts_box)
        bar = QHBoxLayout()
        self.add_gift_button = QPushButton(self.tr("Add gift"))
        self.edit_gift_button = QPushButton(self.tr("Edit"))
        for button in (self.add_gift_button, self.edit_gift_button):
            bar.addWidget(button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.gifts_model = GiftsModel(self)
        self.gifts_view = table_view(self.gifts_model, gifts_box, stretch=7, wrap=True, cap=150)
        column.addWidget(self.gifts_view)
        splitter.addWidget(gifts_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.add_occasion_button.clicked.connect(lambda: self.edit_occasion(None))
        self.edit_occasion_button.clicked.connect(lambda: self.edit_occasion(selected_record(self.occasions_view)))
        self.delete_occasion_button.clicked.connect(self.delete_occasion)
        self.occasions_view.doubleClicked.connect(lambda _i: self.edit_occasion(selected_record(self.occasions_view)))
        self.add_gift_button.clicked.connect(lambda: self.edit_gift(None))
        self.edit_gift_button.clicked.connect(lambda: self.edit_gift(selected_record(self.gifts_view)))
        self.gifts_view.doubleClicked.connect(lambda _i: self.edit_gift(selected_record(self.gifts_view)))
        self.occasions_view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.gifts_view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self._enable()

    @staticmethod
    def fetch(crm, customer_id: int) -> tuple[list[OccasionRecord], list[GiftRecord]]:
        return crm.occasions.for_customer(customer_id), crm.gifts.for_customer(customer_id)

    def show_data(self, data: tuple[list[OccasionRecord], list[GiftRecord]]) -> None:
        occasions, gifts = data
        self.occasions_model.set_records(occasions)
        self.gifts_model.set_records(gifts)
        self._enable()

    def count(self) -> int:
        return self.occasions_model.rowCount() + self.gifts_model.rowCount()

    def _enable(self) -> None:
        chosen = selected_record(self.occasions_view) is not None
        self.edit_occasion_button.setEnabled(chosen)
        self.delete_occasion_button.setEnabled(chosen)
        self.edit_gift_button.setEnabled(selected_record(self.gifts_view) is not None)

    def _contacts(self) -> list[tuple[int, str]]:
        return [(c.id, c.name) for c in self.card.contacts()]

    def _open(self, dialog: FormDialog) -> None:
        dialog.saved.connect(lambda result: self.card.announce(result[1]))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def edit_occasion(self, occasion: OccasionRecord | None) -> None:
        if self.card.customer_id is None:
            return
        self._open(OccasionDialog(self.card.ctx, self.card.customer_id, occasion, self._contacts(), self))

    def edit_gift(self, gift: GiftRecord | None) -> None:
        if self.card.customer_id is None:
            return
        self._open(GiftDialog(self.card.ctx, self.card.customer_id, gift, self._contacts(),
                              self.occasions_model.records(), self))

    def delete_occasion(self) -> None:
        occasion = selected_record(self.occasions_view)
        if occasion is None:
            return
        title = occasion.title or labels.value_label("occasion_kind", occasion.kind)
        answer = QMessageBox.question(
            self, self.tr("Delete occasion"),
            self.tr("Delete the occasion “{title}”? Gifts tied to it keep their own label.").format(title=title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        crm, occasion_id = self.card.ctx.crm, occasion.id
        self.card.ctx.tasks.run(lambda: crm.occasions.delete(occasion_id), self.card.announce,
                                lambda exc: self.card.banner.show_error(message_for(exc)))
