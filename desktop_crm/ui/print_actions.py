"""Print preview…, Print… and Save as PDF… for customer cards, shared by the card and the table.

``CardPrintActions(ctx, parent, ids)`` asks ``ids()`` for the customers to print, in the order the
cards should come out. The cards are read on the worker; a PDF or a printer job is rendered there
too, with a progress dialog and Cancel (it shows only when the job takes a while). The preview
paints on the GUI thread, as QPrintPreviewDialog asks it to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMessageBox, QWidget

from desktop_crm.errors import CrmError
from desktop_crm.printing import cards as card_printing
from desktop_crm.printing import fonts
from desktop_crm.printing.document import PAGE_SIZES

from .context import AppContext
from .tasks import message_for

LAST_FOLDER_KEY = "print/last_folder"


class CardPrintActions(QObject):
    """The three actions and a menu holding them; ``done(kind, pages)`` after a PDF or a print job."""

    done = Signal(str, int)  # "pdf" or "print", pages

    def __init__(self, ctx: AppContext, parent: QWidget, ids: Callable[[], list[int]],
                 file_name: Callable[[], str] | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._parent = parent
        self._ids = ids
        self._file_name = file_name  # a name for the PDF of one card (the customer's)
        self.busy = False
        self.job = None  # the last job (its progress dialog), for tests
        self.preview_dialog: QPrintPreviewDialog | None = None
        self.preview_action = QAction(self.tr("Print preview…"), parent)
        self.preview_action.setObjectName("printPreview")
        self.preview_action.setToolTip(self.tr("See the customer cards as they will print, one per page"))
        self.print_action = QAction(self.tr("Print…"), parent)
        self.print_action.setObjectName("printCards")
        self.print_action.setToolTip(self.tr("Print the customer cards, one per page"))
        self.pdf_action = QAction(self.tr("Save as PDF…"), parent)
        self.pdf_action.setObjectName("saveCardsPdf")
        self.pdf_action.setToolTip(self.tr("Save the customer cards to one PDF file, one card per page"))
        self.preview_action.triggered.connect(self.preview)
        self.print_action.triggered.connect(self.print_cards)
        self.pdf_action.triggered.connect(self.save_pdf)
        self.menu = QMenu(self.tr("Print cards"), parent)
        for action in self.actions():
            self.menu.addAction(action)

    def actions(self) -> list[QAction]:
        return [self.preview_action, self.print_action, self.pdf_action]

    def set_enabled(self, enabled: bool) -> None:
        for action in self.actions():
            action.setEnabled(enabled)
        self.menu.setEnabled(enabled)

    # ----- the three actions ---------------------------------------------------------------------

    def save_pdf(self) -> None:
        ids = self._ids()
        if not ids or self.busy:
            return
        path = self._ask_path(ids)
        if not path:
            return
        crm = self._ctx.crm

        def job(report):
            report(0, len(ids))
            cards = crm.cards.cards(ids)
            return card_printing.write_cards_pdf(cards, path, crm.cards.page_size(), progress=report)

        def saved(pages: int) -> None:
            self._ctx.notify.emit(self.tr("Saved %n page(s) of customer cards to {path}.", "", pages).format(path=path))
            self.done.emit("pdf", pages)

        self._job(job, self.tr("Saving customer cards"), saved, len(ids))

    def print_cards(self) -> None:
        ids = self._ids()
        if not ids or self.busy:
            return
        self._with_page_size(lambda size: self._print(ids, size))

    def preview(self) -> None:
        ids = self._ids()
        if not ids or self.busy:
            return
        crm = self._ctx.crm

        def job(report):
            report(0, len(ids))
            cards = crm.cards.cards(ids)
            fonts.plan_for(card_printing.card_text(cards))  # a missing font is said before the preview opens
            return cards, crm.cards.page_size()

        self._job(job, self.tr("Reading customer cards"), lambda result: self._show_preview(*result), len(ids))

    # ----- steps -----------------------------------------------------------------------------------

    def _print(self, ids: list[int], size: str) -> None:
        printer = _printer(size)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Print customer cards"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        crm = self._ctx.crm

        def job(report):
            report(0, len(ids))
            return card_printing.print_cards(crm.cards.cards(ids), printer, progress=report)

        def printed(pages: int) -> None:
            self._ctx.notify.emit(self.tr("Sent %n page(s) of customer cards to the printer.", "", pages))
            self.done.emit("print", pages)

        self._job(job, self.tr("Printing customer cards"), printed, len(ids), keep=printer)

    def _show_preview(self, cards, size: str) -> None:
        printer = _printer(size)
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Print preview — %n customer card(s)", "", len(cards)))
        dialog.resize(900, 1000)
        dialog.printer_ref = printer  # the dialog does not own its printer

        def paint(target) -> None:
            try:
                card_printing.print_cards(cards, target)
            except CrmError as exc:
                QMessageBox.warning(dialog, self.tr("Customer cards"), str(exc))

        dialog.paintRequested.connect(paint)
        self.preview_dialog = dialog
        dialog.open()

    def _with_page_size(self, then: Callable[[str], None]) -> None:
        crm = self._ctx.crm
        self._ctx.tasks.run(crm.cards.page_size, then, self._failed)

    def _job(self, fn, title: str, on_done: Callable, count: int, keep=None) -> None:
        self.busy = True

        def finished(result) -> None:
            self.busy = False
            on_done(result)

        def cancelled() -> None:
            self.busy = False
            self._ctx.notify.emit(self.tr("Printing the customer cards was cancelled; nothing was written."))

        self.job = self._ctx.tasks.run_job(fn, parent=self._parent, title=title,
                                           label=self.tr("%n customer card(s)…", "", count),
                                           on_done=finished, on_failed=self._failed, on_cancelled=cancelled)
        self._kept = keep  # the printer lives as long as its job

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        QMessageBox.warning(self._parent, self.tr("Customer cards"), message_for(exc))

    def _ask_path(self, ids: list[int]) -> str | None:
        folder = self._ctx.settings.value(LAST_FOLDER_KEY, str(Path.home()))
        single = self._file_name() if self._file_name is not None and len(ids) == 1 else ""
        safe = re.sub(r'[\\/:*?"<>|\s]+', " ", single).strip()
        name = f"{safe}.pdf" if safe else self.tr("customer-cards.pdf")
        path, _filter = QFileDialog.getSaveFileName(self._parent, self.tr("Save customer cards as PDF"),
                                                    str(Path(folder) / name), self.tr("PDF files (*.pdf)"))
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._ctx.settings.setValue(LAST_FOLDER_KEY, str(Path(path).parent))
        return path


def _printer(size: str) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(PAGE_SIZES.get(size, QPageSize.PageSizeId.A4)))
    return printer


__all__ = ["CardPrintActions"]
