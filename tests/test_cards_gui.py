"""Printing customer cards from the window (pytest-qt, offscreen, a real SQLite database): the actions on
the card and on the table's selection, Save as PDF, Print (to a PDF printer), the preview, errors in a
message box, and the paper size in Settings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt  # noqa: E402
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget  # noqa: E402
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QPushButton  # noqa: E402

from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.ui import print_actions  # noqa: E402
from desktop_crm.ui.card import CustomerCard  # noqa: E402
from desktop_crm.ui.customers.page import CustomersPage  # noqa: E402
from desktop_crm.ui.customers.table_model import column_index  # noqa: E402
from desktop_crm.ui.settings.printing_section import PrintingSection  # noqa: E402
from pdf_tools import needs_poppler, page_text, pdf_info, pdf_pages  # noqa: E402

TIMEOUT = 20_000
PEOPLE = [("王小明", "上海"), ("Ольга Смирнова", "Казань"), ("김민준", "부산"), ("Alice Walker", "Leeds"),
          ("李红梅", "杭州")]

pytestmark = needs_poppler


@pytest.fixture
def crm(tmp_path):
    instance = Crm.open(tmp_path / "crm.sqlite3", actor="tester")
    instance.managers.create("li", "李红梅")
    for name, city in PEOPLE:
        instance.customers.create({"name": name, "city": city, "manager": "li", "tier": "A"})
    yield instance
    instance.close()


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """QFileDialog.getSaveFileName answers a path in tmp_path (without .pdf: the action adds it)."""
    asked = []

    def fake(parent, caption, folder, filters):
        asked.append(folder)
        return str(tmp_path / "out" / "cards"), filters

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return tmp_path / "out" / "cards.pdf", asked


@pytest.fixture
def warnings(monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a: said.append(text)))
    return said


def open_card(qtbot, ctx, customer_id: int) -> CustomerCard:
    card = CustomerCard(ctx)
    qtbot.addWidget(card)
    card.show()
    with qtbot.waitSignal(card.loaded, timeout=TIMEOUT):
        card.load(customer_id)
    return card


def table_page(qtbot, ctx) -> CustomersPage:
    page = CustomersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.total is not None and page.choices_loaded, timeout=TIMEOUT)
    return page


def rows_ready(qtbot, page: CustomersPage) -> None:
    qtbot.waitUntil(lambda: page.model.rowCount() == len(PEOPLE) and all(
        page.model.cached_row(r) is not None for r in range(page.model.rowCount())), timeout=TIMEOUT)


def select_rows(page: CustomersPage, rows: list[int]) -> None:
    selection = QItemSelection()
    for row in rows:
        selection.select(page.model.index(row, 0), page.model.index(row, page.model.columnCount() - 1))
    page.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def shown_names(page: CustomersPage, rows: list[int]) -> list[str]:
    return [page.model.index(r, column_index("name")).data() for r in rows]


# ----- the card --------------------------------------------------------------------------------


def test_card_has_the_three_actions_once_loaded(qtbot, ctx, crm):
    first = crm.cards.ids()[0]
    card = CustomerCard(ctx)
    qtbot.addWidget(card)
    assert not card.print_button.isEnabled()
    with qtbot.waitSignal(card.loaded, timeout=TIMEOUT):
        card.load(first)
    texts = [a.text() for a in card.print_button.menu().actions()]
    assert texts == ["Print preview…", "Print…", "Save as PDF…"]
    assert card.print_button.isEnabled() and all(a.isEnabled() for a in card.print_button.menu().actions())


def test_card_save_as_pdf(qtbot, ctx, crm, save_to):
    path, asked = save_to
    customer = crm.customers.get(crm.cards.ids()[0])
    card = open_card(qtbot, ctx, customer.id)
    with qtbot.waitSignal(card.printing.done, timeout=TIMEOUT) as done:
        card.printing.pdf_action.trigger()
    assert done.args == ["pdf", 1]
    assert pdf_pages(path) == 1
    assert customer.name in page_text(path, 1)
    assert Path(asked[0]).name == f"{customer.name}.pdf"  # the dialog proposes the customer's name


def test_card_print_goes_to_the_printer(qtbot, ctx, crm, tmp_path, monkeypatch):
    out = tmp_path / "printed.pdf"

    class FakePrintDialog:
        def __init__(self, printer: QPrinter, parent=None):
            self.printer = printer

        def setWindowTitle(self, title):  # noqa: N802 - Qt's name
            self.title = title

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_actions, "QPrintDialog", FakePrintDialog)
    target = crm.cards.ids()[-1]
    card = open_card(qtbot, ctx, target)
    with qtbot.waitSignal(card.printing.done, timeout=TIMEOUT) as done:
        card.printing.print_action.trigger()
    assert done.args == ["print", 1]
    assert pdf_pages(out) == 1
    assert crm.customers.get(target).name in page_text(out, 1)


# ----- the table's selection -------------------------------------------------------------------


def test_table_selection_to_pdf_in_the_tables_order(qtbot, ctx, crm, save_to):
    path, _asked = save_to
    page = table_page(qtbot, ctx)
    rows_ready(qtbot, page)
    assert not page.printing.pdf_action.isEnabled()  # nothing selected yet
    with qtbot.waitSignal(page.result_shown, timeout=TIMEOUT):
        page.table.sortByColumn(column_index("city"), Qt.SortOrder.DescendingOrder)
    rows_ready(qtbot, page)
    rows = [0, 2, 3]
    select_rows(page, rows)
    expected = shown_names(page, rows)
    assert page.printing.pdf_action.isEnabled()
    assert page.printing.menu.menuAction() in page.bulk_button.menu().actions()
    with qtbot.waitSignal(page.printing.done, timeout=TIMEOUT) as done:
        page.printing.pdf_action.trigger()
    assert done.args == ["pdf", len(rows)]
    assert pdf_pages(path) == len(rows)
    for number, name in enumerate(expected, start=1):
        assert name in page_text(path, number)


def test_table_preview_shows_a_page_per_card(qtbot, ctx, crm):
    page = table_page(qtbot, ctx)
    rows_ready(qtbot, page)
    select_rows(page, [1, 4])
    page.printing.preview_action.trigger()
    qtbot.waitUntil(lambda: page.printing.preview_dialog is not None, timeout=TIMEOUT)
    dialog = page.printing.preview_dialog
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 2, timeout=TIMEOUT)
    dialog.close()


def test_an_unwritable_file_is_told_in_a_message(qtbot, ctx, crm, monkeypatch, tmp_path, warnings):
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: (str(tmp_path / "no-such-folder" / "x.pdf"), "")))
    card = open_card(qtbot, ctx, crm.cards.ids()[0])
    card.printing.pdf_action.trigger()
    qtbot.waitUntil(lambda: bool(warnings), timeout=TIMEOUT)
    assert "Cannot write" in warnings[0] and "no-such-folder" in warnings[0]
    assert not card.printing.busy


def test_cancel_leaves_no_file(qtbot, ctx, crm, save_to):
    path, _asked = save_to
    page = table_page(qtbot, ctx)
    rows_ready(qtbot, page)
    select_rows(page, list(range(len(PEOPLE))))
    hold = threading.Event()
    ctx.tasks.run(lambda: hold.wait(TIMEOUT / 1000))  # the worker is busy: the job waits its turn
    said = []
    ctx.notify.connect(said.append)
    page.printing.pdf_action.trigger()
    page.printing.job.dialog.findChild(QPushButton).click()  # Cancel, before the job has started
    hold.set()
    qtbot.waitUntil(lambda: not page.printing.busy, timeout=TIMEOUT)
    assert any("cancelled" in text for text in said)
    assert not path.exists() and list(path.parent.iterdir()) == []


# ----- Settings ▸ Printing -----------------------------------------------------------------------


def test_paper_size_setting_changes_the_pdf(qtbot, ctx, crm, save_to):
    path, _asked = save_to
    section = PrintingSection(ctx)
    qtbot.addWidget(section)
    qtbot.waitUntil(lambda: section.loaded, timeout=TIMEOUT)
    assert section.page_size() == "A4"
    index = section.size_combo.findData("A6")
    section.size_combo.setCurrentIndex(index)
    section.size_combo.activated.emit(index)
    qtbot.waitUntil(lambda: section.message.kind == "good", timeout=TIMEOUT)
    assert crm.cards.page_size() == "A6"
    card = open_card(qtbot, ctx, crm.cards.ids()[0])
    with qtbot.waitSignal(card.printing.done, timeout=TIMEOUT):
        card.printing.pdf_action.trigger()
    width, _x, height = pdf_info(path)["Page size"].split()[:3]
    a6 = (105 / 25.4 * 72, 148 / 25.4 * 72)  # 105 × 148 mm in points
    assert abs(float(width) - a6[0]) < 1 and abs(float(height) - a6[1]) < 1
