"""Where the database lives and how SQLite connections are set up."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from desktop_crm.db import Database, DatabaseError, default_database_path, resolve_url
from desktop_crm.db.engine import ENV_DB


def test_default_file_is_in_the_user_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_DB, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_database_path() == tmp_path / "xdg" / "desktop_crm" / "desktop_crm.sqlite3"
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'xdg' / 'desktop_crm' / 'desktop_crm.sqlite3'}"


def test_option_beats_environment_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_DB, str(tmp_path / "from-env.sqlite3"))
    assert resolve_url(None).endswith("from-env.sqlite3")
    assert resolve_url(tmp_path / "from-option.sqlite3").endswith("from-option.sqlite3")
    assert resolve_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert resolve_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(DatabaseError, match="Not a database path or URL"):
        resolve_url("nonsense://")


def test_sqlite_connections_have_the_pragmas(tmp_path):
    db = Database.connect(tmp_path / "p.sqlite3")
    try:
        with db.engine.connect() as conn:
            values = {name: conn.execute(text(f"PRAGMA {name}")).scalar()
                      for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")}
        assert values == {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 1, "busy_timeout": 10_000}
        assert db.describe() == str(tmp_path / "p.sqlite3")
    finally:
        db.dispose()


def test_describe_a_server_database():
    db = Database.connect("postgresql+psycopg://someone:secret@db.example:6543/crm")
    try:
        assert db.describe() == "crm on db.example:6543" and "secret" not in db.describe()
        assert db.sqlite_path is None
    finally:
        db.dispose()


def test_must_exist_refuses_a_missing_file(tmp_path):
    with pytest.raises(DatabaseError, match="No database at"):
        Database.connect(tmp_path / "missing.sqlite3", must_exist=True)
    assert not Path(tmp_path / "missing.sqlite3").exists()
