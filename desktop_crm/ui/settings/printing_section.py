"""Settings ▸ Printing: the paper customer cards print on (A4, A5 or A6), for the whole team."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_crm.services import Changes
from desktop_crm.services.card_sheets import PAGE_SIZES

from ..context import AppContext
from .common import MessageLabel


class PrintingSection(QWidget):
    """One choice, saved as soon as it is made."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._saved: str | None = None
        layout = QVBoxLayout(self)
        box = QGroupBox(self.tr("Customer cards"), self)
        inside = QVBoxLayout(box)
        self.size_combo = QComboBox(box)
        self.size_combo.setObjectName("cardPageSize")
        sizes = {"A4": self.tr("A4 (210 × 297 mm): the whole card, easy to read"),
                 "A5": self.tr("A5 (148 × 210 mm): half a sheet, for a folder"),
                 "A6": self.tr("A6 (105 × 148 mm): a pocket card, lists kept short")}
        for size in PAGE_SIZES:
            self.size_combo.addItem(sizes[size], size)
        row = QHBoxLayout()
        label = QLabel(self.tr("Paper size:"), box)
        label.setBuddy(self.size_combo)
        row.addWidget(label)
        row.addWidget(self.size_combo)
        row.addStretch(1)
        inside.addLayout(row)
        about = QLabel(self.tr("Cards print one per page, from a customer's card or for the selected customers "
                               "(Print preview…, Print…, Save as PDF…). On smaller paper the lists on a card are "
                               "shorter and the type is smaller."), box)
        about.setWordWrap(True)
        inside.addWidget(about)
        layout.addWidget(box)
        self.message = MessageLabel(self)
        self.message.setObjectName("printingMessage")
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.size_combo.activated.connect(self._chosen)
        ctx.changed.connect(self._changed)
        self.reload()

    def page_size(self) -> str:
        return self.size_combo.currentData()

    def reload(self) -> None:
        self.ctx.tasks.run(self.ctx.crm.cards.page_size, self._loaded, self.message.failure, key="settings.printing")

    def _loaded(self, size: str) -> None:
        self._saved = size
        self.size_combo.setCurrentIndex(self.size_combo.findData(size))
        self.loaded = True

    def _chosen(self, _index: int) -> None:
        size = self.page_size()
        if size == self._saved:
            return
        cards = self.ctx.crm.cards

        def saved(changes: Changes) -> None:
            self._saved = size
            self.message.good(self.tr("Cards now print on {size}.").format(size=size))
            self.ctx.announce(changes)

        self.ctx.tasks.run(lambda: cards.set_page_size(size), saved, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.message.failure(exc)
        if self._saved:
            self.size_combo.setCurrentIndex(self.size_combo.findData(self._saved))

    def _changed(self, changes: object) -> None:
        if isinstance(changes, Changes) and changes.settings:
            self.reload()
