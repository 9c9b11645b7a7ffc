"""Shared fixtures: a real SQLite file per test, and a fresh PostgreSQL database per test.

PostgreSQL tests run when DESKTOP_CRM_TEST_PG_URL names a server the tests may create
databases on (e.g. postgresql://postgres@127.0.0.1:5432/test); without it they skip.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from desktop_crm.db.engine import resolve_url
from desktop_crm.services import Crm

PG_ENV = "DESKTOP_CRM_TEST_PG_URL"
REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    return resolve_url(url) if url else None


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return str(tmp_path / "crm.sqlite3")


@pytest.fixture
def pg_url():
    """A PostgreSQL database of its own for one test, dropped afterwards."""
    base = pg_base_url()
    if not base:
        pytest.skip(f"{PG_ENV} is not set, so the PostgreSQL tests are skipped")
    name = f"crm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def db_url(request, tmp_path):
    """Run the test once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "crm.sqlite3")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def crm(db_url):
    instance = Crm.open(db_url, actor="tester")
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def realworld() -> Path:
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent (real-world sample files live beside the repository)")
    return REALWORLD


@pytest.fixture
def ctx(qapp, crm, tmp_path):
    """The window's shared context (facade, worker, settings in a temporary file) over ``crm``."""
    from PySide6.QtCore import QSettings

    from desktop_crm.ui.context import AppContext

    context = AppContext(crm, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    yield context
    context.tasks.wait()
