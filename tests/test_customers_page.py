"""The Customers page in pytest-qt: the table over SQL, search, filters, sort, bulk actions, views."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_crm.services import Crm, CustomerQuery  # noqa: E402
from desktop_crm.ui.customers.page import CustomersPage  # noqa: E402
from desktop_crm.ui.customers.table_model import PLACEHOLDER, column_index  # noqa: E402
from desktop_crm.ui.main_window import MainWindow  # noqa: E402

PEOPLE = [
    ("王小明", "上海远航贸易有限公司", "A", "li", "上海"),
    ("李红梅", "杭州青禾茶业", "B", "li", "杭州"),
    ("Ольга Смирнова", "ООО «Север»", "A", "olga", "Казань"),
    ("Дмитрий Иванов", None, "C", "olga", "Самара"),
    ("김민준", "한빛상사", "B", None, "부산"),
    ("Alice Walker", "Walker & Sons", None, "li", "Leeds"),
]


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def crm(tmp_path):
    instance = Crm.open(tmp_path / "crm.sqlite3", actor="li")
    instance.managers.create("li", "李红梅")
    instance.managers.create("olga", "Ольга Смирнова")
    for name, company, tier, manager, city in PEOPLE:
        data = {"name": name, "company": company, "city": city}
        if tier:
            data["tier"] = tier
        if manager:
            data["manager"] = manager
        instance.customers.create(data)
    yield instance
    instance.close()


@pytest.fixture
def window(qtbot, crm, settings):
    win = MainWindow(crm, settings=settings)
    qtbot.addWidget(win)
    win.show()
    win.show_page("customers")  # the window opens on Today
    yield win
    win.wait_for_workers()


def ready(qtbot, page: CustomersPage) -> None:
    """Wait until the page holds the whole list and its filter choices, and has its rows."""
    qtbot.waitUntil(lambda: page._base is not None and page.total is not None and page.choices_loaded,
                    timeout=10_000)
    qtbot.waitUntil(lambda: all(page.model.cached_row(r) is not None for r in range(page.model.rowCount())),
                    timeout=10_000)


def names(page: CustomersPage) -> list[str]:
    column = column_index("name")
    return [page.model.index(r, column).data() for r in range(page.model.rowCount())]


def search(qtbot, page: CustomersPage, text: str) -> None:
    with qtbot.waitSignal(page.result_shown, timeout=10_000):
        page.search_edit.setText(text)
    ready(qtbot, page)


def select_rows(page: CustomersPage, rows: list[int]) -> None:
    selection = QItemSelection()
    for row in rows:
        selection.select(page.model.index(row, 0), page.model.index(row, page.model.columnCount() - 1))
    page.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_the_model_passes_qt_model_tester(qtbot, qtmodeltester, window):
    page = window.customers_page
    ready(qtbot, page)
    assert page.model.rowCount() == len(PEOPLE)
    qtmodeltester.check(page.model)


def test_rows_show_a_placeholder_until_their_block_arrives(qtbot, window):
    page = window.customers_page
    ready(qtbot, page)
    ids = [page.model.id_at(r) for r in range(page.model.rowCount())]
    page.model.forget(set(ids))  # as when these customers changed elsewhere: every row is fetched again
    first = page.model.index(0, column_index("name"))
    assert first.data() == PLACEHOLDER  # data() did not block on the database
    qtbot.waitUntil(lambda: first.data() != PLACEHOLDER, timeout=10_000)
    assert first.data() == names(page)[0]


def test_search_narrows_the_table_in_every_script(qtbot, window):
    page = window.customers_page
    ready(qtbot, page)
    search(qtbot, page, "ольга")
    assert names(page) == ["Ольга Смирнова"]
    search(qtbot, page, "红")
    assert names(page) == ["李红梅"]
    search(qtbot, page, "walker")
    assert names(page) == ["Alice Walker"]
    assert page.count_label.text() == "1 customer(s)"
    search(qtbot, page, "")
    assert len(names(page)) == len(PEOPLE)


def test_search_keeps_the_sort_order(qtbot, window):
    page = window.customers_page
    ready(qtbot, page)
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.table.sortByColumn(column_index("name"), Qt.SortOrder.DescendingOrder)
    ready(qtbot, page)
    search(qtbot, page, "li")  # 李红梅's manager login is not searched; Alice and li's customers are
    shown = names(page)
    assert shown == sorted(shown, key=str.casefold, reverse=True)


def test_filters_and_sort_run_in_sql(qtbot, window):
    page = window.customers_page
    ready(qtbot, page)
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.filter_bar.tier_button.set_checked(["A"])
        page.filter_bar.changed.emit()
    ready(qtbot, page)
    assert sorted(names(page)) == sorted(["王小明", "Ольга Смирнова"])
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.filter_bar.clear()
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.table.sortByColumn(column_index("city"), Qt.SortOrder.AscendingOrder)
    ready(qtbot, page)
    city = column_index("city")
    cities = [page.model.index(r, city).data() for r in range(page.model.rowCount())]
    assert cities == sorted(cities)


def test_a_column_that_cannot_be_sorted_keeps_the_order(qtbot, window):
    page = window.customers_page
    ready(qtbot, page)
    before = names(page)
    page.table.sortByColumn(column_index("phone"), Qt.SortOrder.AscendingOrder)
    assert page.table.horizontalHeader().sortIndicatorSection() == column_index("name")
    window.wait_for_workers()
    assert names(page) == before


def test_bulk_assign_then_undo(qtbot, window, crm):
    page = window.customers_page
    ready(qtbot, page)
    rows = [r for r, name in enumerate(names(page)) if name in ("김민준", "Дмитрий Иванов")]
    select_rows(page, rows)
    assert sorted(crm.customers.get(i).name for i in page.selected_ids()) == sorted(["김민준", "Дмитрий Иванов"])
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.bulk.assign("li")
    assert {crm.customers.get(i).manager_login for i in page.bulk._last.before} == {"li"}
    assert page.undo_bar.isVisible() and "2 customer(s)" in page.undo_bar.label.text()
    ready(qtbot, page)
    manager = column_index("manager")
    assert {page.model.index(r, manager).data() for r in rows} == {"李红梅"}
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.bulk.undo_action.trigger()
    by_name = {r.name: r for r in (crm.customers.get(i) for i in crm.customers.ids())}
    assert by_name["김민준"].manager_login is None and by_name["Дмитрий Иванов"].manager_login == "olga"
    assert not page.undo_bar.isVisible()


def test_delete_asks_naming_how_many_and_undo_brings_them_back(qtbot, window, crm, monkeypatch):
    page = window.customers_page
    ready(qtbot, page)
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    select_rows(page, [0, 1, 2])
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.bulk.delete_action.trigger()
    assert asked and "3 customer(s)" in asked[0]
    ready(qtbot, page)
    assert page.model.rowCount() == len(PEOPLE) - 3
    with qtbot.waitSignal(page.base_ready, timeout=10_000):
        page.undo_bar.undo_button.click()
    ready(qtbot, page)
    assert page.model.rowCount() == len(PEOPLE)


def test_cancelled_delete_changes_nothing(qtbot, window, crm, monkeypatch):
    page = window.customers_page
    ready(qtbot, page)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel))
    select_rows(page, [0])
    page.bulk.delete_action.trigger()
    window.wait_for_workers()
    assert len(crm.customers.ids()) == len(PEOPLE)


def test_saved_view_restores_search_filters_sort_and_columns(qtbot, window, settings):
    page = window.customers_page
    ready(qtbot, page)
    page.filter_bar.tier_button.set_checked(["A", "B"])
    page.filter_bar.changed.emit()
    page.table.sortByColumn(column_index("city"), Qt.SortOrder.DescendingOrder)
    page.table.setColumnHidden(column_index("email"), True)
    search(qtbot, page, "上")
    wanted = names(page)
    assert wanted == ["王小明"]
    page._views.save(page.current_view("Big ones"))

    page.filter_bar.clear()
    page.table.setColumnHidden(column_index("email"), False)
    page.table.sortByColumn(column_index("name"), Qt.SortOrder.AscendingOrder)
    search(qtbot, page, "")
    assert names(page) != wanted

    view = page._views.get("Big ones")
    assert view is not None
    with qtbot.waitSignal(page.result_shown, timeout=10_000):
        page.apply_view(view)
    qtbot.waitUntil(lambda: page._base is not None, timeout=10_000)
    ready(qtbot, page)
    assert names(page) == wanted
    assert page.search_edit.text() == "上"
    assert page.filter_bar.filters().tiers == ["A", "B"]
    assert page.table.isColumnHidden(column_index("email"))
    assert (page._sort, page._descending) == ("city", True)


def test_sort_and_filters_are_remembered_for_the_next_window(qtbot, crm, settings):
    first = MainWindow(crm, settings=settings)
    qtbot.addWidget(first)
    ready(qtbot, first.customers_page)
    first.customers_page.table.sortByColumn(column_index("company"), Qt.SortOrder.DescendingOrder)
    first.customers_page.filter_bar.manager_button.set_checked(["olga"])
    first.close()
    second = MainWindow(crm, settings=settings)
    qtbot.addWidget(second)
    page = second.customers_page
    qtbot.waitUntil(lambda: page.filter_bar.filters().managers == ["olga"], timeout=10_000)
    qtbot.waitUntil(lambda: page.total == 2, timeout=10_000)
    assert (page._sort, page._descending) == ("company", True)
    second.wait_for_workers()


def test_empty_database_welcome_and_new_customer(qtbot, tmp_path, settings):
    crm = Crm.open(tmp_path / "empty.sqlite3", actor="li")
    try:
        window = MainWindow(crm, settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.customer_count == 0, timeout=10_000)
        assert window.customers_stack.currentWidget() is window.welcome
        window.new_action.trigger()
        qtbot.waitUntil(lambda: getattr(window, "new_dialog", None) is not None, timeout=10_000)
        dialog = window.new_dialog
        dialog.inputs["phone"].setText("12")
        dialog.save()
        assert dialog.problems["name"].isVisible()  # no name: said next to the field, nothing written
        dialog.inputs["name"].setText("Сергей Петров")
        dialog.save()
        qtbot.waitUntil(lambda: dialog.problems["phone"].isVisible(), timeout=10_000)
        assert crm.customers.count() == 0
        dialog.inputs["phone"].setText("+7 912 345 67 89")
        with qtbot.waitSignal(dialog.created, timeout=10_000):
            dialog.save()
        qtbot.waitUntil(lambda: window.customer_count == 1, timeout=10_000)
        assert window.customers_stack.currentWidget() is window.customers_page
        assert crm.customers.search("петров").rows[0].phone == "+7 912 345 67 89"
        window.close()
    finally:
        crm.close()


@pytest.mark.slow
def test_window_opens_on_a_ten_thousand_customer_demo_database(qtbot, tmp_path, settings):
    from desktop_crm.services import demo

    crm = Crm.open(tmp_path / "demo.sqlite3", actor="tester")
    try:
        demo.generate(crm.db, 10_000, seed=4)
        window = MainWindow(crm, settings=settings)
        qtbot.addWidget(window)
        window.show()
        page = window.customers_page
        qtbot.waitUntil(lambda: page.total == 10_000, timeout=20_000)
        top = page.model.index(0, column_index("name"))
        qtbot.waitUntil(lambda: top.data() not in (None, PLACEHOLDER), timeout=10_000)
        page.table.scrollToBottom()
        last = page.model.index(page.model.rowCount() - 1, column_index("name"))
        last.data()  # asks for the last block, as painting does
        qtbot.waitUntil(lambda: last.data() != PLACEHOLDER, timeout=10_000)
        assert last.data() == crm.customers.rows(crm.customers.ids()[-1:])[0].name
        assert window.customer_count == 10_000
        window.close()
    finally:
        crm.close()


def test_text_too_short_to_narrow_shows_everyone_and_says_why(qtbot, window):
    page = window.customers_page
    ready(qtbot, page)
    search(qtbot, page, "ольга")
    assert names(page) == ["Ольга Смирнова"]
    with qtbot.waitSignal(page.result_shown, timeout=10_000):
        page.search_edit.setText("о")  # one Cyrillic letter: matches too much to be worth a query
    ready(qtbot, page)
    assert len(names(page)) == len(PEOPLE)
    assert page.count_label.text() == "Type more to search"
    assert "two letters" in page.count_label.toolTip()
    search(qtbot, page, "王")  # one Chinese character is a name fragment and is searched
    assert names(page) == ["王小明"]


def test_open_a_card_edit_save_and_the_table_row_follows(qtbot, window, crm):
    from PySide6.QtTest import QTest

    page = window.customers_page
    ready(qtbot, page)
    row = names(page).index("Дмитрий Иванов")
    page.table.setCurrentIndex(page.model.index(row, column_index("name")))
    page.table.setFocus()
    QTest.keyClick(page.table, Qt.Key.Key_Return)  # Enter opens the selected customer
    card = page.card
    assert card is not None and card.isVisible()
    qtbot.waitUntil(lambda: card.record is not None and card.record.name == "Дмитрий Иванов", timeout=10_000)
    name_edit = card.profile.form.lines["name"]
    name_edit.selectAll()
    QTest.keyClicks(name_edit, "Dmitri")  # ASCII: QTest cannot type Cyrillic
    with qtbot.waitSignal(card.saved, timeout=10_000):
        card.profile.save_button.click()
    qtbot.waitUntil(lambda: "Dmitri" in names(page), timeout=10_000)
    assert crm.customers.search("dmitri").rows[0].name == "Dmitri"
    assert "Дмитрий Иванов" not in names(page)
    window.close_card_action.trigger()  # Esc
    assert not card.isVisible()


def test_switching_customers_with_unsaved_edits_asks_first(qtbot, window, monkeypatch):
    from desktop_crm.ui.card import card as card_module

    page = window.customers_page
    ready(qtbot, page)
    first, second = page.model.id_at(0), page.model.id_at(1)
    page.open_card(first)
    card = page.card
    qtbot.waitUntil(lambda: card.record is not None and card.record.id == first, timeout=10_000)
    card.profile.form.lines["city"].setText("Somewhere else")
    asked = []
    monkeypatch.setattr(card_module, "ask_unsaved",
                        lambda parent, name: asked.append(name) or QMessageBox.StandardButton.Cancel)
    page.open_card(second)
    assert asked and card.customer_id == first  # Cancel: the edit stays, the card stays
    assert card.has_unsaved_changes()


def test_column_layout_and_last_page_are_remembered(qtbot, crm, settings):
    first = MainWindow(crm, settings=settings)
    qtbot.addWidget(first)
    ready(qtbot, first.customers_page)
    first.customers_page.table.setColumnHidden(column_index("email"), True)
    first.customers_page.table.setColumnWidth(column_index("name"), 333)
    first.show_page("settings")
    first.close()
    second = MainWindow(crm, settings=settings)
    qtbot.addWidget(second)
    table = second.customers_page.table
    assert table.isColumnHidden(column_index("email"))
    assert table.columnWidth(column_index("name")) == 333
    assert second.current_page() == "settings" and second.settings_page is not None
    second.wait_for_workers()


def test_load_sample_data_shows_progress_and_adds_customers(qtbot, tmp_path, settings, monkeypatch):
    from desktop_crm.ui import main_window

    monkeypatch.setattr(main_window, "SAMPLE_CUSTOMERS", 300)
    crm = Crm.open(tmp_path / "empty.sqlite3", actor="li")
    try:
        window = MainWindow(crm, settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.customer_count == 0, timeout=10_000)
        window.welcome.sample_button.click()
        job = window.sample_job
        qtbot.waitUntil(lambda: window.customer_count == 300, timeout=60_000)
        assert job.finished and job.progress == (300, 300)  # progress was reported, in customers
        assert window.customers_stack.currentWidget() is window.customers_page
        qtbot.waitUntil(lambda: window.customers_page.total == 300, timeout=10_000)
        window.close()
    finally:
        crm.close()


def test_cancelling_sample_data_adds_nothing(qtbot, tmp_path, settings, monkeypatch):
    import threading

    from desktop_crm.services import demo
    from desktop_crm.ui import main_window

    monkeypatch.setattr(main_window, "SAMPLE_CUSTOMERS", 3000)
    crm = Crm.open(tmp_path / "empty.sqlite3", actor="li")
    started = threading.Event()
    real_generate = demo.generate

    def generate(db, n, **kwargs):  # the real generator; its first progress call waits for Cancel
        report = kwargs.pop("progress")

        def progress(done, total):
            started.set()
            cancelled.wait(10)
            return report(done, total)

        return real_generate(db, n, progress=progress, **kwargs)

    cancelled = threading.Event()
    monkeypatch.setattr(demo, "generate", generate)
    try:
        window = MainWindow(crm, settings=settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.customer_count == 0, timeout=10_000)
        window.load_sample_data()
        qtbot.waitUntil(started.is_set, timeout=10_000)
        from PySide6.QtWidgets import QPushButton

        window.sample_job.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
        cancelled.set()
        qtbot.waitUntil(lambda: "no sample data" in window.statusBar().currentMessage(), timeout=30_000)
        assert crm.customers.count() == 0
        assert window.customers_stack.currentWidget() is window.welcome
        window.close()
    finally:
        crm.close()


@pytest.mark.pg
def test_the_page_on_postgresql(qtbot, pg_url, settings):
    """The window over a PostgreSQL database: the same search, filters, sort, bulk action and undo."""
    crm = Crm.open(pg_url, actor="li")
    try:
        crm.managers.create("li", "李红梅")
        for name, company, tier, manager, city in PEOPLE:
            data = {"name": name, "company": company, "city": city, **({"tier": tier} if tier else {}),
                    **({"manager": manager} if manager and manager == "li" else {})}
            crm.customers.create(data)
        window = MainWindow(crm, settings=settings)
        qtbot.addWidget(window)
        window.show()
        page = window.customers_page
        ready(qtbot, page)
        assert crm.db.describe() in window.location_label.text()
        search(qtbot, page, "ольга")
        assert names(page) == ["Ольга Смирнова"]
        search(qtbot, page, "红")
        assert names(page) == ["李红梅"]
        search(qtbot, page, "")
        with qtbot.waitSignal(page.base_ready, timeout=10_000):
            page.table.sortByColumn(column_index("company"), Qt.SortOrder.DescendingOrder)
        ready(qtbot, page)
        # The server's collation decides the order of names in different scripts: the table shows the database's.
        assert [page.model.id_at(r) for r in range(page.model.rowCount())] == \
            crm.customers.ids(CustomerQuery(sort="company", descending=True))
        assert page.model.index(0, column_index("company")).data() == ""  # descending: blanks first
        select_rows(page, [0, 1])
        with qtbot.waitSignal(page.base_ready, timeout=10_000):
            page.bulk.set_status("dormant")
        assert crm.customers.count(CustomerQuery(statuses=("dormant",))) == 2
        with qtbot.waitSignal(page.base_ready, timeout=10_000):
            page.bulk.undo_action.trigger()
        assert crm.customers.count(CustomerQuery(statuses=("dormant",))) == 0
        window.close()
    finally:
        crm.close()
