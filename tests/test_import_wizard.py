"""The Excel import wizard, import history with undo, and the field-sheet export dialog, in pytest-qt.

Each test builds small workbooks with openpyxl in tmp_path and drives the real window on a SQLite
file; every read and write goes through the window's worker, so the tests wait for the pages'
state (``qtbot.waitUntil``) and never sleep.
"""

from __future__ import annotations

import datetime as dt
import threading

import openpyxl
import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWizard  # noqa: E402

from desktop_crm.io.field_sheet import COLUMN_KEYS  # noqa: E402
from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.services.id_order import Stopped  # noqa: E402
from desktop_crm.ui.imports import ImportWizard  # noqa: E402
from desktop_crm.ui.imports.check_models import IssuesModel, PreviewModel  # noqa: E402
from desktop_crm.ui.main_window import MainWindow  # noqa: E402
from pdf_tools import page_text, pdf_pages  # noqa: E402

PEOPLE = [
    {"name": "王小明", "company": "上海远航贸易有限公司", "city": "上海", "phone": "+86 21 5555 0101"},
    {"name": "Ольга Смирнова", "company": "ООО «Север»", "city": "Казань"},
    {"name": "Alice Walker", "company": "Walker & Sons", "city": "Leeds", "email": "alice@walker.example"},
]
WAIT = 15_000


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def crm(tmp_path):
    instance = Crm.open(tmp_path / "crm.sqlite3", actor="li")
    instance.managers.create("li", "李红梅")
    for data in PEOPLE:
        instance.customers.create(data)
    yield instance
    instance.close()


@pytest.fixture
def window(qtbot, crm, settings):
    win = MainWindow(crm, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.customer_count is not None, timeout=WAIT)
    yield win
    if win.import_wizard is not None:
        win.import_wizard.hide()
    win.wait_for_workers()


def xlsx(path, rows, title="Sheet1", hidden: dict[str, list] | None = None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    for name, extra in (hidden or {}).items():
        other = wb.create_sheet(name)
        other.sheet_state = "hidden"
        for row in extra:
            other.append(row)
    wb.save(path)
    return path


NEW_PEOPLE = [
    ["客户名称", "Phone", "E-mail", "Birthday", "City"],
    ["陈志强", "13800138000", "chen@example.cn", "03/04/1985", "深圳"],
    ["Анна Кузнецова", "+7 913 875 31 79", "anna@example.ru", "25/12/1990", "Новосибирск"],
    ["김민준", "+82 10 1234 5678", "kim@example.kr", "1991-02-03", "부산"],
]


def open_wizard(qtbot, window, path) -> ImportWizard:
    wizard = window.open_import_wizard(str(path))
    wait_look(qtbot, wizard)
    return wizard


def wait_look(qtbot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: (wizard.state.file is not None or wizard.file_page.message.isVisible())
                    and not wizard.file_page.job.running and not wizard.columns_page.job.running, timeout=WAIT)


def wait_plan(qtbot, wizard: ImportWizard) -> None:
    page = wizard.check_page
    qtbot.waitUntil(lambda: not page.job.running and not page._timer.isActive()
                    and (wizard.state.plan is not None or page.message.isVisible()), timeout=WAIT)


def next_button(wizard: ImportWizard):
    return wizard.button(QWizard.WizardButton.NextButton)


def go_to_check(qtbot, wizard: ImportWizard) -> None:
    assert next_button(wizard).isEnabled()
    next_button(wizard).click()
    assert wizard.currentId() in (ImportWizard.COLUMNS, ImportWizard.CHECK)
    if wizard.currentId() == ImportWizard.COLUMNS:
        assert next_button(wizard).isEnabled(), wizard.columns_page.message.text()
        next_button(wizard).click()
    assert wizard.currentId() == ImportWizard.CHECK
    wait_plan(qtbot, wizard)


def choose_day_first(qtbot, wizard: ImportWizard) -> None:
    wizard.check_page.day_first_button.click()
    wait_plan(qtbot, wizard)


def import_now(qtbot, wizard: ImportWizard) -> None:
    assert next_button(wizard).isEnabled(), wizard.check_page.message.text()
    next_button(wizard).click()
    assert wizard.currentId() == ImportWizard.IMPORT
    qtbot.waitUntil(lambda: not wizard.import_page.job.running, timeout=WAIT)


def field(wizard: ImportWizard, column: int) -> str | None:
    return wizard.columns_page.combo(column).currentData()


# ----- page 1: the file ---------------------------------------------------------------------------

def test_a_path_passed_in_shows_the_sheets_and_the_guessed_kind(qtbot, window, tmp_path):
    path = xlsx(tmp_path / "list.xlsx", [["Customer list, March"], *NEW_PEOPLE], title="客户",
                hidden={"Old": [["Name"], ["Nobody"]]})
    wizard = open_wizard(qtbot, window, path)
    page = wizard.file_page
    texts = [page.sheet_list.item(i).text() for i in range(page.sheet_list.count())]
    assert texts[0].startswith("客户") and "5 row(s)" in texts[0]
    assert "(hidden)" in texts[1] and "Old" in texts[1]
    assert page.sheet_list.currentRow() == 0  # the visible sheet with values
    assert page.kind_combo.currentData() == "customers"
    assert "Guessed" in page.kind_note.text()
    assert wizard.state.look.header_row == 1  # the title row above the header was seen through
    assert page.preview.rowCount() == 5 and page.preview.item(1, 0).text() == "客户名称"
    assert page.preview.item(1, 0).font().bold() and not page.preview.item(2, 0).font().bold()
    assert next_button(wizard).isEnabled()


def test_a_purchase_list_is_guessed_as_purchases_and_the_kind_can_be_changed(qtbot, window, tmp_path):
    path = xlsx(tmp_path / "orders.xlsx", [["Invoice", "Customer code", "Date", "Product", "Quantity", "Amount"],
                                           ["INV-1", "C001", "2024-03-01", "Green tea", 2, 120.5]])
    wizard = open_wizard(qtbot, window, path)
    page = wizard.file_page
    assert page.kind_combo.currentData() == "purchases"
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("customers"))
    page.kind_combo.activated.emit(page.kind_combo.currentIndex())
    wait_look(qtbot, wizard)
    assert wizard.state.look.kind == "customers"
    assert "purchases" in page.kind_note.text()


def test_a_damaged_file_is_explained_in_the_page_and_next_stays_disabled(qtbot, window, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00\x13junk that is no zip at all" * 40)
    wizard = window.open_import_wizard(str(path))
    wait_look(qtbot, wizard)
    page = wizard.file_page
    assert page.message.isVisible()
    text = page.message.text()
    assert "broken.xlsx" in text and "Traceback" not in text
    assert page.message.property("kind") == "error"
    assert not page.isComplete()
    assert not next_button(wizard).isEnabled()
    assert not page.details.isVisible()


# ----- page 2: the columns -------------------------------------------------------------------------

def test_the_columns_page_suggests_fields_from_the_headers(qtbot, window, tmp_path):
    path = xlsx(tmp_path / "list.xlsx", NEW_PEOPLE)
    wizard = open_wizard(qtbot, window, path)
    next_button(wizard).click()
    assert wizard.currentId() == ImportWizard.COLUMNS
    page = wizard.columns_page
    assert page.table.rowCount() == 5
    assert [field(wizard, i) for i in range(5)] == ["name", "phone", "email", "birthday", "city"]
    assert page.table.item(0, 1).text() == "客户名称"
    assert "陈志强" in page.table.item(0, 2).text()  # examples from the rows below the header
    assert "Suggested" in page.source_label.text()

    english = xlsx(tmp_path / "english.xlsx", [["Name", "Mobile", "Company"], ["Ann Lee", "+44 7700 900123", "Lee Ltd"]])
    wizard.open_path(str(english))
    wait_look(qtbot, wizard)
    next_button(wizard).click()
    assert [field(wizard, i) for i in range(3)] == ["name", "mobile", "company"]


def test_two_columns_on_one_field_disable_next_with_a_message(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    next_button(wizard).click()
    page = wizard.columns_page
    combo = page.combo(4)  # City
    combo.setCurrentIndex(combo.findData("phone"))
    assert not next_button(wizard).isEnabled()
    assert page.message.isVisible() and "Phone" in page.message.text() and "City" in page.message.text()
    combo.setCurrentIndex(combo.findData("region"))
    assert next_button(wizard).isEnabled()
    assert not page.message.isVisible()


def test_a_changed_column_is_what_the_check_uses(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    next_button(wizard).click()
    combo = wizard.columns_page.combo(4)  # City → Region
    combo.setCurrentIndex(combo.findData("region"))
    next_button(wizard).click()
    wait_plan(qtbot, wizard)
    plan = wizard.state.plan
    assert plan.mapping[4] == "region"
    model = wizard.check_page.preview_model
    assert "region" in model.keys() and "city" not in model.keys()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Region" in headers


def test_the_header_row_can_be_corrected(qtbot, window, tmp_path):
    rows = [["Export of 2024-03-01", "by", "someone"], *NEW_PEOPLE]
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", rows))
    next_button(wizard).click()
    page = wizard.columns_page
    assert page.header_spin.value() == 2
    page.header_spin.setValue(3)  # wrong on purpose: the first data row
    qtbot.waitUntil(lambda: wizard.state.look is not None and wizard.state.look.header_row == 2, timeout=WAIT)
    assert page.table.item(0, 1).text() == "陈志强"
    page.header_spin.setValue(2)
    qtbot.waitUntil(lambda: wizard.state.look.header_row == 1, timeout=WAIT)
    assert page.table.item(0, 1).text() == "客户名称"


def test_a_saved_mapping_is_used_for_a_file_with_the_same_headers(qtbot, window, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    next_button(wizard).click()
    combo = wizard.columns_page.combo(4)
    combo.setCurrentIndex(combo.findData("region"))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Shenzhen office", True)))
    wizard.columns_page.save_button.click()
    qtbot.waitUntil(lambda: wizard.columns_page.saved_label.isVisible(), timeout=WAIT)
    assert [m.name for m in window.crm.imports.mappings()] == ["Shenzhen office"]

    wizard.open_path(str(xlsx(tmp_path / "next-month.xlsx", NEW_PEOPLE[:2])))
    wait_look(qtbot, wizard)
    next_button(wizard).click()
    assert field(wizard, 4) == "region"
    assert "Using the saved mapping “Shenzhen office”" in wizard.columns_page.source_label.text()


# ----- page 3: the check -----------------------------------------------------------------------------

def test_the_check_shows_counts_and_an_ambiguous_date_that_the_day_month_order_settles(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    page = wizard.check_page
    assert page.summary.text() == "3 row(s): 2 new customer(s), 1 rejected"
    assert page.date_banner.isVisible()
    assert page.issues_model.rowCount() == 1
    assert page.issues_model.index(0, 2).data() == "Error"
    assert "03/04/1985" in page.issues_model.index(0, 3).data()
    assert page.issues_model.index(0, 1).data() == "Birthday"
    assert not next_button(wizard).isEnabled()
    assert "Skip rows with errors" in page.message.text()

    choose_day_first(qtbot, wizard)
    assert page.summary.text() == "3 row(s): 3 new customer(s)"
    assert not page.date_banner.isVisible()
    assert not wizard.state.plan.errors
    assert next_button(wizard).isEnabled()
    assert page.preview_model.index(0, 1).data().endswith("New")


def test_skipping_bad_rows_allows_the_import_of_the_others(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    wizard.check_page.skip_check.setChecked(True)
    wait_plan(qtbot, wizard)
    assert next_button(wizard).isEnabled()
    assert "will be left out" in wizard.check_page.message.text()
    import_now(qtbot, wizard)
    assert wizard.state.result.plan.counts.new == 2
    assert window.crm.customers.count() == len(PEOPLE) + 2


def test_issue_filter_and_the_check_page_models_pass_the_model_tester(qtbot, qtmodeltester, window, tmp_path):
    rows = [*NEW_PEOPLE, ["Bad Mail", "", "not-an-address", "", ""]]
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", rows))
    go_to_check(qtbot, wizard)
    page = wizard.check_page
    model = page.issues_model
    levels = [model.index(r, 2).data() for r in range(model.rowCount())]
    assert levels == sorted(levels)  # errors first ("Error" < "Warning")
    assert "Error" in levels and "Warning" in levels
    page.issue_filter.setCurrentIndex(page.issue_filter.findData(IssuesModel.WARNINGS))
    assert {model.index(r, 2).data() for r in range(model.rowCount())} == {"Warning"}
    qtmodeltester.check(model)
    qtmodeltester.check(page.preview_model)
    qtmodeltester.check(PreviewModel())


def test_the_region_hint_reads_phones_in_the_suggested_region(qtbot, window, tmp_path):
    rows = [["ФИО", "Телефон"], ["Иван Петров", "8 913 875 31 79"], ["Мария Соколова", "8 912 345 67 89"],
            ["Павел Орлов", "8 923 111 22 33"]]
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "ru.xlsx", rows))
    go_to_check(qtbot, wizard)
    page = wizard.check_page
    assert wizard.state.plan.region_hint == "RU"
    assert page.hint_button.isVisible() and "Russian" in page.hint_button.text()
    page.hint_button.click()
    wait_plan(qtbot, wizard)
    assert wizard.state.plan.phone_region == "RU"
    assert page.region_combo.currentData() == "RU"
    assert not page.hint_button.isVisible()


def test_unknown_managers_can_be_created(qtbot, window, tmp_path):
    rows = [["Name", "Manager"], ["Zoe Field", "Pavel Sidorov"], ["Yan Lu", "李红梅"]]
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "m.xlsx", rows))
    go_to_check(qtbot, wizard)
    page = wizard.check_page
    assert page.managers_check.isVisible() and "Pavel Sidorov" in page.managers_check.text()
    page.managers_check.setChecked(True)
    wait_plan(qtbot, wizard)
    import_now(qtbot, wizard)
    assert "Pavel Sidorov" in [m.name for m in window.crm.managers.list()]


def test_a_test_import_writes_nothing(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    choose_day_first(qtbot, wizard)
    before = window.crm.customers.count()
    page = wizard.check_page
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_label.isVisible(), timeout=WAIT)
    assert page.test_label.text() == "The test import went through: nothing was written."
    assert window.crm.customers.count() == before
    assert window.crm.imports.batches() == []


def test_a_test_import_of_rows_with_errors_says_why_it_was_refused(qtbot, window, tmp_path):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    page = wizard.check_page
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_label.isVisible(), timeout=WAIT)
    assert page.test_label.property("kind") == "error"
    assert "nothing was imported" in page.test_label.text()


# ----- page 4: the import, and undo ----------------------------------------------------------------------

def test_the_import_writes_and_the_customer_table_follows(qtbot, window, tmp_path):
    customers = window.customers_page
    qtbot.waitUntil(lambda: customers.total == len(PEOPLE), timeout=WAIT)
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    choose_day_first(qtbot, wizard)
    import_now(qtbot, wizard)
    page = wizard.import_page
    result = wizard.state.result
    assert result is not None and result.written
    assert page.result_label.text() == f"Import {result.batch_id} done: 3 new customer(s)."
    assert page.undo_button.isVisible()
    assert window.crm.customers.count() == len(PEOPLE) + 3
    qtbot.waitUntil(lambda: customers.total == len(PEOPLE) + 3, timeout=WAIT)
    qtbot.waitUntil(lambda: window.customer_count == len(PEOPLE) + 3, timeout=WAIT)
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    chen = window.crm.customers.get(window.crm.customers.ids()[0])
    assert chen is not None


def test_undo_on_the_last_page(qtbot, window, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    choose_day_first(qtbot, wizard)
    import_now(qtbot, wizard)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    wizard.import_page.undo_button.click()
    qtbot.waitUntil(lambda: wizard.import_page.undone, timeout=WAIT)
    assert window.crm.customers.count() == len(PEOPLE)
    assert "was undone" in wizard.import_page.result_label.text()


def test_undo_from_the_history_restores_the_count(qtbot, window, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    choose_day_first(qtbot, wizard)
    import_now(qtbot, wizard)
    batch_id = wizard.state.result.batch_id
    wizard.accept()
    assert window.crm.customers.count() == len(PEOPLE) + 3

    history = window.open_import_history()
    qtbot.addWidget(history)
    qtbot.waitUntil(lambda: history.loaded, timeout=WAIT)
    assert history.table.rowCount() == 1
    assert history.table.item(0, 1).text() == "list.xlsx"
    assert history.table.item(0, 5).text() == "3 new customer(s)"
    assert history.table.item(0, 6).text() == "Done"
    assert not history.undo_button.isEnabled()
    history.select_batch(batch_id)
    assert history.undo_button.isEnabled()
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes))
    history.undo_button.click()
    qtbot.waitUntil(lambda: history.table.item(0, 6).text().startswith("Undone"), timeout=WAIT)
    assert asked and "list.xlsx" in asked[0]
    assert window.crm.customers.count() == len(PEOPLE)
    qtbot.waitUntil(lambda: window.customers_page.total == len(PEOPLE), timeout=WAIT)
    assert "was undone" in history.message.text()
    history.select_batch(batch_id)
    assert not history.undo_button.isEnabled()  # already undone


def test_a_refused_undo_is_explained_in_words(qtbot, window, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    choose_day_first(qtbot, wizard)
    import_now(qtbot, wizard)
    batch_id = wizard.state.result.batch_id
    wizard.accept()
    crm = window.crm
    created = next(r for r in crm.customers.rows(crm.customers.ids()) if r.name == "陈志强")
    record = crm.customers.get(created.id)
    crm.customers.update(created.id, {"city": "广州"}, record.version)  # edited after the import

    history = window.open_import_history()
    qtbot.addWidget(history)
    qtbot.waitUntil(lambda: history.loaded, timeout=WAIT)
    history.select_batch(batch_id)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    history.undo_button.click()
    qtbot.waitUntil(lambda: history.message.property("kind") == "error", timeout=WAIT)
    assert "edited" in history.message.text() and "Traceback" not in history.message.text()
    assert crm.customers.count() == len(PEOPLE) + 3


def test_cancel_during_the_import_writes_nothing(qtbot, window, tmp_path, monkeypatch):
    wizard = open_wizard(qtbot, window, xlsx(tmp_path / "list.xlsx", NEW_PEOPLE))
    go_to_check(qtbot, wizard)
    choose_day_first(qtbot, wizard)
    started = threading.Event()

    def slow_run(path, options, *, dry_run=False, progress=None, should_stop=None):
        started.set()
        for _ in range(1000):
            progress(1, 10, "writing")
            if should_stop():
                raise Stopped("The import was cancelled; nothing was written.")
            threading.Event().wait(0.01)
        raise AssertionError("the import was not told to stop")

    monkeypatch.setattr(window.crm.imports, "run", slow_run)
    next_button(wizard).click()
    page = wizard.import_page
    qtbot.waitUntil(started.is_set, timeout=WAIT)
    assert page.progress.isVisible()
    page.progress.cancel_button.click()
    qtbot.waitUntil(lambda: not page.job.running, timeout=WAIT)
    assert page.result_label.text() == "Cancelled; nothing was imported."
    assert window.crm.customers.count() == len(PEOPLE)
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()


def test_a_file_changed_after_the_check_is_rejected_and_the_check_page_says_why(qtbot, window, tmp_path):
    path = xlsx(tmp_path / "list.xlsx", [NEW_PEOPLE[0], NEW_PEOPLE[3]])
    wizard = open_wizard(qtbot, window, path)
    go_to_check(qtbot, wizard)
    assert not wizard.state.plan.errors
    xlsx(path, [NEW_PEOPLE[0], NEW_PEOPLE[3], ["", "", "", "", "Nowhere"]])  # a row without a name
    import_now(qtbot, wizard)
    assert wizard.currentId() == ImportWizard.CHECK
    assert "cannot be imported" in wizard.check_page.message.text()
    assert window.crm.customers.count() == len(PEOPLE)


# ----- field sheets ----------------------------------------------------------------------------------------

def test_a_field_sheet_with_a_conflict_takes_the_sheet_value_when_asked(qtbot, window, tmp_path):
    crm = window.crm
    ids = crm.customers.ids()
    wang = next(i for i in ids if crm.customers.get(i).name == "王小明")
    sheet = tmp_path / "visits.xlsx"
    crm.exports.field_sheet(sheet, ids)
    record = crm.customers.get(wang)
    crm.customers.update(wang, {"phone": "+86 21 5555 0202"}, record.version)  # changed at the desk meanwhile

    col = {key: i + 1 for i, key in enumerate(COLUMN_KEYS)}
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Field sheet"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["customer_id"]).value == wang)
    ws.cell(row, col["visit_date"]).value = dt.date.today()
    ws.cell(row, col["summary"]).value = "Met the buyer"
    ws.cell(row, col["new_phone"]).value = "+86 21 5555 0303"  # and in the field
    wb.save(sheet)

    wizard = open_wizard(qtbot, window, sheet)
    page = wizard.file_page
    assert page.field_sheet_label.isVisible()
    assert "field sheet exported on" in page.field_sheet_label.text()
    assert not page.kind_combo.isVisible()
    go_to_check(qtbot, wizard)
    check = wizard.check_page
    assert check.tabs.indexOf(check.conflicts_page) >= 0
    table = check.conflict_table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "Phone"
    assert table.item(0, 3).text() == "+86 21 5555 0202" and table.item(0, 4).text() == "+86 21 5555 0303"
    assert table.cellWidget(0, 5).currentData() == "database"
    check.take_all_button.click()
    wait_plan(qtbot, wizard)
    assert check.conflict_table.cellWidget(0, 5).currentData() == "sheet"
    import_now(qtbot, wizard)
    assert wizard.state.result.written
    assert crm.customers.get(wang).phone == "+86 21 5555 0303"
    assert any(e.summary == "Met the buyer" for e in crm.care.history(wang))

    wizard.open_path(str(xlsx(tmp_path / "plain.xlsx", NEW_PEOPLE)))  # the next file is an ordinary list
    wait_look(qtbot, wizard)
    assert not page.field_sheet_label.isVisible()
    assert page.sheet_list.isEnabled() and page.kind_combo.isVisible()
    assert next_button(wizard).isEnabled()


# ----- the window's ways in ----------------------------------------------------------------------------------

def test_the_window_offers_import_export_and_history(qtbot, window):
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    window.import_action.trigger()
    assert isinstance(window.import_wizard, ImportWizard) and window.import_wizard.isVisible()
    assert window.import_wizard.currentId() == ImportWizard.FILE
    assert not next_button(window.import_wizard).isEnabled()


def test_a_file_dropped_on_the_window_opens_the_wizard(qtbot, window, tmp_path):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = xlsx(tmp_path / "dropped.xlsx", NEW_PEOPLE)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert event.isAccepted()
    wizard = window.import_wizard
    wait_look(qtbot, wizard)
    assert wizard.state.path == path and wizard.state.look is not None


def test_the_welcome_page_opens_the_wizard(qtbot, tmp_path, settings):
    crm = Crm.open(tmp_path / "empty.sqlite3", actor="li")
    try:
        win = MainWindow(crm, settings=settings)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: win.customer_count == 0, timeout=WAIT)
        assert win.welcome.import_button.isVisible()
        win.welcome.import_button.click()
        assert win.import_wizard is not None and win.import_wizard.isVisible()
        win.import_wizard.reject()
        win.wait_for_workers()
    finally:
        crm.close()


def test_the_wizard_remembers_its_size_and_the_last_folder(qtbot, window, tmp_path, settings):
    path = xlsx(tmp_path / "list.xlsx", NEW_PEOPLE)
    wizard = open_wizard(qtbot, window, path)
    wizard.resize(777, 555)
    wizard.reject()
    assert settings.value("imports/last_folder") == str(tmp_path)
    again = ImportWizard(window.ctx, window)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (777, 555)


# ----- the export dialog -------------------------------------------------------------------------------------

def select_rows(page, rows):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    for row in rows:
        selection.select(page.model.index(row, 0), page.model.index(row, page.model.columnCount() - 1))
    page.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def customers_ready(qtbot, page) -> None:
    qtbot.waitUntil(lambda: page._base is not None and page.total is not None and page.choices_loaded, timeout=WAIT)


def test_export_the_selected_customers(qtbot, window, tmp_path, monkeypatch):
    page = window.customers_page
    customers_ready(qtbot, page)
    select_rows(page, [0, 2])
    dialog = window.export_field_sheet()
    assert dialog.selected_radio.isChecked() and dialog.selected_radio.text() == "Export 2 selected customer(s)"
    assert dialog.path_edit.text().endswith(f"field-sheet-{dt.date.today().isoformat()}.xlsx")
    target = tmp_path / "out" / "visits.xlsx"
    target.parent.mkdir()
    dialog.path_edit.setText(str(target))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.job.running and dialog.message.isVisible(), timeout=WAIT)
    assert dialog.message.property("kind") == "good", dialog.message.text()
    assert str(target) in dialog.message.text()
    assert dialog.open_folder_button.isVisible()
    assert target.exists()
    wb = openpyxl.load_workbook(target, read_only=True)
    rows = [r for r in wb["Field sheet"].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    wb.close()
    assert len(rows) == 2
    assert window.ctx.settings.value("exports/last_folder") == str(target.parent)
    # the sheet's customers on paper: one card per page, in the sheet's order
    assert dialog.cards_button.isVisible()
    cards = tmp_path / "out" / "visits-cards.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(cards), "")))
    with qtbot.waitSignal(dialog.card_printing.done, timeout=WAIT):
        dialog.card_printing.pdf_action.trigger()
    assert pdf_pages(cards) == 2
    for page_number, row in enumerate(rows, start=1):
        assert row[0] in page_text(cards, page_number)  # the customer's code, first column of the sheet
    dialog.reject()


def test_export_with_one_selected_row_exports_the_whole_current_list(qtbot, window, tmp_path):
    page = window.customers_page
    customers_ready(qtbot, page)
    select_rows(page, [1])
    dialog = window.export_field_sheet()
    assert dialog.all_radio.isChecked()
    assert dialog.all_radio.text() == f"Export all {len(PEOPLE)} customer(s) in the current list"
    dialog.per_manager_check.setChecked(False)
    dialog.occasions_check.setChecked(False)
    target = tmp_path / "all"
    dialog.path_edit.setText(str(target))  # .xlsx is added
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.job.running and dialog.message.isVisible(), timeout=WAIT)
    assert dialog.result is not None and dialog.result.customers == len(PEOPLE)
    assert (tmp_path / "all.xlsx").exists()
    assert dialog.result.sheets == ("Field sheet",)
    dialog.reject()
