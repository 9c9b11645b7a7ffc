"""Moving the window to another database, and restoring a backup, from the GUI."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402
from shiboken6 import isValid  # noqa: E402

from desktop_crm.db import backup  # noqa: E402
from desktop_crm.db.engine import ENV_DB  # noqa: E402
from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.ui.app import CHOSEN_DB_KEY, GuiSession, chosen_database, remembered_form  # noqa: E402


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def session(qtbot, settings):
    s = GuiSession(settings, actor="tester")
    yield s
    if s.window is not None:
        s.window.wait_for_workers()
        s.window.close()
        s.window.crm.close()


def _filled(path, names):
    crm = Crm.open(path, actor="tester")
    for name in names:
        crm.customers.create({"name": name})
    crm.close()


def test_the_database_choice_order(settings, monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    assert chosen_database(None, settings) is None  # nothing chosen: the default file
    settings.setValue(CHOSEN_DB_KEY, str(tmp_path / "chosen.sqlite3"))
    assert chosen_database(None, settings) == str(tmp_path / "chosen.sqlite3")
    assert chosen_database("given.sqlite3", settings) == "given.sqlite3"
    monkeypatch.setenv(ENV_DB, str(tmp_path / "env.sqlite3"))
    assert chosen_database(None, settings) is None  # the environment wins over the remembered choice


def test_switch_opens_the_new_database_and_remembers_it(qtbot, session, settings, tmp_path):
    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    _filled(first, ["Анна"])
    _filled(second, ["王芳", "김민준"])
    old = session.open(str(first))
    qtbot.waitUntil(lambda: old.customer_count == 1, timeout=10_000)
    session.switch_to(str(second))
    qtbot.waitUntil(lambda: session.window is not old, timeout=10_000)
    new = session.window
    qtbot.waitUntil(lambda: new.customer_count == 2, timeout=10_000)
    assert str(second) in new.location_label.text()
    assert settings.value(CHOSEN_DB_KEY) == str(second)
    assert not isValid(old) or not old.isVisible()  # closed, and let go


def test_a_failed_switch_keeps_the_window_on_its_database(qtbot, session, settings, tmp_path, monkeypatch):
    first = tmp_path / "first.sqlite3"
    _filled(first, ["Анна"])
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text, *a, **k: warned.append(text)))
    old = session.open(str(first))
    session.switch_to(str(junk))
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert session.window is old and old.isEnabled()
    assert str(first) in warned[0] and str(junk) in warned[0]
    assert "Traceback" not in warned[0]
    assert settings.value(CHOSEN_DB_KEY) is None


def test_restore_replaces_the_data_and_keeps_the_old_file_aside(qtbot, session, tmp_path, monkeypatch):
    live = tmp_path / "live.sqlite3"
    _filled(live, ["Before"])
    copy = backup.make_backup(live, tmp_path / "copy.sqlite3")
    _filled(live, ["After"])
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda parent, title, text, *a, **k: told.append(text)))
    old = session.open(str(live))
    qtbot.waitUntil(lambda: old.customer_count == 2, timeout=10_000)
    session.restore(str(copy))
    qtbot.waitUntil(lambda: session.window is not old and session.window.customer_count is not None, timeout=15_000)
    assert session.window.customer_count == 1
    assert told and str(copy) in told[0]
    aside = [p for p in tmp_path.rglob("*.sqlite3") if p not in (live, copy)]
    assert aside, "the database as it was must be kept"
    kept = Crm.open(aside[0], actor="check")
    try:
        assert sorted(r.name for r in kept.customers.rows(kept.customers.ids())) == ["After", "Before"]
    finally:
        kept.close()


def test_a_password_is_not_remembered():
    assert remembered_form("postgresql+psycopg://anna:s3cret@db.example/crm") == "postgresql+psycopg://anna@db.example/crm"
    assert remembered_form("postgresql+psycopg://anna@db.example/crm") == "postgresql+psycopg://anna@db.example/crm"
    assert remembered_form("/home/anna/crm.sqlite3") == "/home/anna/crm.sqlite3"


@pytest.mark.pg
def test_switch_from_a_file_to_a_postgresql_server(qtbot, session, settings, tmp_path, pg_url):
    first = tmp_path / "mine.sqlite3"
    _filled(first, ["Анна"])
    old = session.open(str(first))
    qtbot.waitUntil(lambda: old.customer_count == 1, timeout=10_000)
    session.switch_to(pg_url)  # an empty database on the server: the schema is created on opening
    qtbot.waitUntil(lambda: session.window is not old, timeout=20_000)
    new = session.window
    qtbot.waitUntil(lambda: new.customer_count == 0, timeout=10_000)
    assert new.crm.db.is_sqlite is False
    assert new.customers_stack.currentWidget() is new.welcome
    assert settings.value(CHOSEN_DB_KEY) == remembered_form(pg_url)
