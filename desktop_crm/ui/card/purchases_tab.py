"""The Purchases tab: totals counted by the database, and the lines newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_crm.services.card_records import PurchaseSummary

from . import labels
from .table_model import Column, RecordTableModel
from .widgets import table_view

if TYPE_CHECKING:
    from .card import CustomerCard

ROW_LIMIT = 500


class PurchasesModel(RecordTableModel):
    def __init__(self, parent=None):
        super().__init__([
            Column(self.tr("Date"), lambda p: labels.date_text(p.purchased_on)),
            Column(self.tr("Product"), lambda p: " ".join(x for x in (p.product_code, p.product_name) if x),
                   tooltip=True),
            Column(self.tr("Quantity"), lambda p: labels.quantity_text(p.quantity), right=True),
            Column(self.tr("Amount"), lambda p: labels.money_text(p.amount), right=True),
            Column(self.tr("Currency"), lambda p: p.currency),
            Column(self.tr("Invoice"), lambda p: "/".join(x for x in (p.reference, p.line_ref) if x)),
        ], parent)


class PurchasesTab(QWidget):
    def __init__(self, card: "CustomerCard"):
        super().__init__(card)
        self.card = card
        self.summary: PurchaseSummary | None = None
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("Totals"))
        self.totals = QGridLayout(box)
        self.totals.setHorizontalSpacing(24)
        layout.addWidget(box)
        self.model = PurchasesModel(self)
        self.view = table_view(self.model, self, stretch=1)
        layout.addWidget(self.view, 1)
        self.more_label = QLabel()
        layout.addWidget(self.more_label)

    @staticmethod
    def fetch(crm, customer_id: int) -> PurchaseSummary:
        return crm.purchases.summary(customer_id, limit=ROW_LIMIT)

    def show_data(self, summary: PurchaseSummary) -> None:
        self.summary = summary
        self.model.set_records(summary.rows)
        self._show_totals(summary)
        self.more_label.setText(self.tr("The newest {shown} of {lines} lines are shown.").format(
            shown=len(summary.rows), lines=summary.lines) if summary.more else "")

    def count(self) -> int:
        return self.summary.purchases if self.summary else 0

    def _show_totals(self, s: PurchaseSummary) -> None:
        while self.totals.count():
            item = self.totals.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        bold = QFont(self.font())
        bold.setBold(True)

        def cell(text: str, row: int, column: int, *, strong: bool = False, right: bool = False) -> QLabel:
            label = QLabel(text)
            if strong:
                label.setFont(bold)
            if right:
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.totals.addWidget(label, row, column)
            return label

        if s.lines == 0:
            cell(self.tr("No purchases yet."), 0, 0)
            return
        cell(self.tr("Currency"), 0, 0, strong=True)
        cell(self.tr("Last 12 months"), 0, 1, strong=True, right=True)
        cell(self.tr("All time"), 0, 2, strong=True, right=True)
        cell(self.tr("Lines"), 0, 3, strong=True, right=True)
        for row, total in enumerate(s.totals, start=1):
            cell(total.currency, row, 0)
            cell(labels.money_text(total.last_12_months), row, 1, right=True)
            cell(labels.money_text(total.all_time), row, 2, right=True)
            cell(str(total.lines), row, 3, right=True)
        facts = self.tr("{purchases} purchases ({lines} lines) · first {first} · last {last} · last 12 months: "
                        "{since} to {today}").format(
            purchases=s.purchases, lines=s.lines, first=labels.date_text(s.first_on),
            last=labels.date_text(s.last_on), since=labels.date_text(s.since), today=labels.date_text(s.today))
        label = QLabel(facts)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals.addWidget(label, len(s.totals) + 1, 0, 1, 5)
        self.totals.setColumnStretch(4, 1)
