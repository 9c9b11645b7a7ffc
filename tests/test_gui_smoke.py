"""The main window opens, counts customers off the GUI thread, and explains a bad database."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.ui import app as gui_app  # noqa: E402
from desktop_crm.ui.main_window import MainWindow  # noqa: E402

CUSTOMERS = [
    {"name": "王小明", "company": "上海远航贸易有限公司", "city": "上海"},
    {"name": "Ольга Смирнова", "company": "ООО «Север»", "city": "Казань"},
    {"name": "김민준", "company": "한빛상사", "city": "부산"},
    {"name": "Alice Walker", "company": "Walker & Sons", "city": "Leeds"},
]


@pytest.fixture
def settings(tmp_path):
    """Window state goes to a file of the test's own, never the user's configuration."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot, settings):
    opened: list[MainWindow] = []

    def _open(crm: Crm) -> MainWindow:
        window = MainWindow(crm, settings=settings)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield _open
    for window in opened:
        window.wait_for_workers()


def _wait_for_count(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.customer_count is not None, timeout=10_000)


def test_empty_database_shows_zero_customers(qtbot, tmp_path, open_window):
    path = tmp_path / "empty.sqlite3"
    crm = Crm.open(path, actor="anna")
    try:
        window = open_window(crm)
        assert window.windowTitle() == "desktop_crm"
        _wait_for_count(qtbot, window)
        assert window.customer_count == 0
        assert window.count_label.text() == "Customers: 0"
        assert str(path) in window.location_label.text()
        assert "anna" in window.user_label.text()
        assert window.customers_stack.currentWidget() is window.welcome  # ways in, not an empty table
        assert window.welcome.sample_button.isVisible() and window.welcome.new_button.isVisible()
    finally:
        crm.close()


def test_shows_the_customer_count_and_where_the_data_lives(qtbot, tmp_path, open_window):
    path = tmp_path / "some.sqlite3"
    crm = Crm.open(path, actor="boris")
    try:
        for data in CUSTOMERS:
            crm.customers.create(data)
        window = open_window(crm)
        with qtbot.waitSignal(window.count_changed, timeout=10_000) as blocker:
            window.refresh_count()
        assert blocker.args == [len(CUSTOMERS)]
        assert window.count_label.text() == f"Customers: {len(CUSTOMERS)}"
        assert crm.db.describe() in window.location_label.text()
        assert str(path) in crm.db.describe()
        assert window.customers_stack.currentWidget() is window.customers_page
    finally:
        crm.close()


def test_count_shows_an_ellipsis_until_the_worker_answers(qtbot, tmp_path, open_window, monkeypatch):
    crm = Crm.open(tmp_path / "slow.sqlite3")
    try:
        gate = __import__("threading").Event()
        real_count = crm.customers.count

        def slow_count(*args, **kwargs):
            gate.wait(10)
            return real_count(*args, **kwargs)

        monkeypatch.setattr(crm.customers, "count", slow_count)
        window = open_window(crm)
        assert window.count_label.text() == "Customers: …"  # the GUI thread did not wait for the query
        gate.set()
        _wait_for_count(qtbot, window)
        assert window.count_label.text() == "Customers: 0"
    finally:
        crm.close()


def test_a_failing_count_is_reported_not_raised(qtbot, tmp_path, open_window, monkeypatch):
    crm = Crm.open(tmp_path / "broken.sqlite3")
    try:
        def broken_count(*args, **kwargs):
            raise RuntimeError("disk unplugged")

        monkeypatch.setattr(crm.customers, "count", broken_count)
        window = open_window(crm)
        qtbot.waitUntil(lambda: window.count_label.text() == "Customers: ?", timeout=10_000)
        assert "disk unplugged" in window.count_label.toolTip()
    finally:
        crm.close()


def test_window_geometry_is_remembered(qtbot, tmp_path, settings, open_window):
    crm = Crm.open(tmp_path / "geo.sqlite3")
    try:
        first = open_window(crm)
        first.resize(760, 560)
        first.close()
        assert settings.value("main_window/geometry") is not None
        second = open_window(crm)
        assert (second.width(), second.height()) == (760, 560)
    finally:
        crm.close()


def test_quit_action_has_ctrl_q(qtbot, tmp_path, open_window):
    crm = Crm.open(tmp_path / "quit.sqlite3")
    try:
        window = open_window(crm)
        assert window.quit_action.shortcut().toString() == "Ctrl+Q"
        window.quit_action.trigger()
        assert not window.isVisible()
    finally:
        crm.close()


def test_a_file_that_is_not_a_database_shows_a_message_box(qapp, tmp_path, monkeypatch, capsys):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"this is not a database, just some bytes \x00\x01\x02" * 64)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: shown.append((title, text))))

    code = gui_app.run_gui(str(junk), actor="tester")

    assert code != 0
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "desktop_crm"
    assert str(junk) in text
    assert "not a database" in text
    assert "Traceback" not in text
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out


def test_a_domain_error_at_open_shows_its_message(qapp, tmp_path, monkeypatch):
    from desktop_crm.db import DatabaseError

    def refuse(*args, **kwargs):
        raise DatabaseError("That database was written by a newer desktop_crm.")

    shown: list[str] = []
    monkeypatch.setattr(gui_app.Crm, "open", refuse)
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text, *a, **k: shown.append(text)))

    assert gui_app.run_gui(str(tmp_path / "any.sqlite3")) == gui_app.EXIT_OPEN_FAILED
    assert shown and "written by a newer desktop_crm" in shown[0]


def test_an_automatic_backup_is_taken_at_start_off_the_gui_thread(qtbot, tmp_path, open_window):
    path = tmp_path / "daily.sqlite3"
    crm = Crm.open(path, actor="anna")
    try:
        crm.customers.create({"name": "Backed Up"})
        window = open_window(crm)
        qtbot.waitUntil(lambda: window.last_auto_backup is not None, timeout=10_000)
        made = Path(window.last_auto_backup)
        assert made.parent == tmp_path / "daily-backups" and made.name.startswith("auto-")
        restored = Crm.open(made, actor="check")
        try:
            assert [r.name for r in restored.customers.search("backed").rows] == ["Backed Up"]
        finally:
            restored.close()
    finally:
        crm.close()
