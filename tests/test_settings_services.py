"""The core behind the Settings page: probing a database, tier policy edits, region and holiday
settings, and counting a manager's customers. Real SQLite files and the real PostgreSQL server."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from desktop_crm.db import Database, migrate
from desktop_crm.db.probe import EMPTY, FOREIGN, NEWER, OURS, UNREACHABLE, probe
from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import AuditLog
from desktop_crm.services import Crm
from desktop_crm.services.settings import holiday_country_choices, phone_region_choices

# ----- probe: SQLite files ------------------------------------------------------------------


def test_probe_missing_file_is_empty_and_is_not_created(tmp_path):
    path = tmp_path / "new folder" / "crm.sqlite3"
    result = probe(path)
    assert (result.ok, result.kind) == (True, EMPTY)
    assert "create" in result.message
    assert not path.exists() and not path.parent.exists()


def test_probe_zero_byte_file_is_an_empty_database(tmp_path):
    path = tmp_path / "blank.sqlite3"
    path.write_bytes(b"")
    result = probe(str(path))
    assert (result.ok, result.kind) == (True, EMPTY)
    assert "empty database" in result.message
    assert path.read_bytes() == b""  # nothing was written into it


def test_probe_our_sqlite_database_counts_customers_and_changes_nothing(tmp_path):
    path = tmp_path / "ours.sqlite3"
    crm = Crm.open(path, actor="t")
    try:
        crm.customers.create({"name": "王小明"})
        crm.customers.create({"name": "Ольга"})
        gone, _ = crm.customers.create({"name": "Gone"})
        crm.customers.delete([gone.id])
    finally:
        crm.close()
    before = path.read_bytes()
    result = probe(path)
    assert (result.ok, result.kind) == (True, OURS)
    assert result.revision == migrate.head_revision()
    assert result.customers == 2  # the deleted one does not count
    assert f"schema revision {result.revision}, 2 customers" in result.message
    assert path.read_bytes() == before


def test_probe_sqlite_with_tables_of_another_program(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    result = probe(path)
    assert (result.ok, result.kind) == (False, FOREIGN)
    assert "another program" in result.message and "invoices" in result.message


def test_probe_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("Meeting notes: call Wang on Monday.\n" * 20, encoding="utf-8")
    result = probe(path)
    assert (result.ok, result.kind) == (False, UNREACHABLE)
    assert "not a database file" in result.message and str(path) in result.message


def test_probe_newer_sqlite_database(tmp_path):
    path = tmp_path / "future.sqlite3"
    Crm.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    result = probe(path)
    assert (result.ok, result.kind, result.revision) == (False, NEWER, "9999_from_the_future")
    assert "update the app" in result.message


def test_probe_refuses_other_kinds_of_url():
    result = probe("mysql://someone@server/crm")
    assert (result.ok, result.kind) == (False, UNREACHABLE)
    assert "postgresql://" in result.message


# ----- probe: PostgreSQL --------------------------------------------------------------------

@pytest.mark.pg
def test_probe_empty_postgresql_database_stays_empty(pg_url):
    result = probe(pg_url)
    assert (result.ok, result.kind) == (True, EMPTY)
    assert make_url(pg_url).database in result.message
    engine = create_engine(Database.connect(pg_url).url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()


@pytest.mark.pg
def test_probe_our_postgresql_database(pg_url):
    crm = Crm.open(pg_url, actor="t")
    try:
        crm.customers.create({"name": "김민준"})
    finally:
        crm.close()
    result = probe(pg_url)
    assert (result.ok, result.kind, result.customers) == (True, OURS, 1)
    assert result.revision == migrate.head_revision()
    assert "1 customer)" in result.message


@pytest.mark.pg
def test_probe_postgresql_with_foreign_tables(pg_url):
    engine = create_engine(Database.connect(pg_url).url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE orders (id serial PRIMARY KEY)"))
    finally:
        engine.dispose()
    result = probe(pg_url)
    assert (result.ok, result.kind) == (False, FOREIGN)
    assert "orders" in result.message


@pytest.mark.pg
def test_probe_wrong_database_name_says_so(pg_url):
    url = make_url(pg_url).set(database="no_such_crm_db").render_as_string(hide_password=False)
    result = probe(url)
    assert (result.ok, result.kind) == (False, UNREACHABLE)
    assert "no such database" in result.message and "no_such_crm_db" in result.message


@pytest.mark.pg
def test_probe_wrong_port_is_unreachable(pg_url):
    url = make_url(pg_url).set(port=1).render_as_string(hide_password=False)
    result = probe(url, timeout=3)
    assert (result.ok, result.kind) == (False, UNREACHABLE)
    assert "port 1" in result.message and "Cannot connect" in result.message


@pytest.mark.pg
def test_probe_never_shows_a_password(pg_url):
    url = make_url(pg_url).set(password="s3cret-pw", port=1).render_as_string(hide_password=False)
    result = probe(url, timeout=3)
    assert result.kind == UNREACHABLE
    assert "s3cret-pw" not in result.message and "s3cret-pw" not in result.where


# ----- tiers --------------------------------------------------------------------------------

def _tiers(crm):
    return {t.code: t for t in crm.tiers.list()}


def test_tier_update_is_saved_and_logged(crm):
    a = _tiers(crm)["A"]
    record, changes = crm.tiers.update(a.id, {"name": "Key accounts", "call_cadence_days": "10",
                                             "visit_cadence_days": "", "gift_budget": "2,000.50",
                                             "revenue_share": Decimal("0.7"), "colour": "#a1b2c3"})
    assert changes.tiers
    assert (record.name, record.call_cadence_days, record.visit_cadence_days) == ("Key accounts", 10, None)
    fresh = _tiers(crm)["A"]
    assert fresh.name == "Key accounts" and fresh.call_cadence_days == 10 and fresh.visit_cadence_days is None
    assert fresh.gift_budget == Decimal("2000.50")
    assert fresh.revenue_share == pytest.approx(0.7)
    assert fresh.colour == "#A1B2C3"
    with crm.session() as s:
        fields = set(s.scalars(select(AuditLog.field).where(AuditLog.entity == "tiers",
                                                            AuditLog.entity_id == a.id)))
    assert {"name", "call_cadence_days", "gift_budget"} <= fields


@pytest.mark.parametrize("field, value, words", [
    ("call_cadence_days", 0, "call cadence of tier B must be a whole number"),
    ("visit_cadence_days", "2.5", "visit cadence of tier B must be a whole number"),
    ("gift_budget", "-1", "yearly gift budget of tier B must be an amount of zero or more"),
    ("revenue_share", "1.5", "ABC revenue share of tier B must be between 0 and 100 % (not 150 %)"),
    ("colour", "red", "colour of tier B must be written #RRGGBB"),
    ("name", "  ", "name of tier B cannot be empty"),
])
def test_tier_update_refuses_bad_values_and_writes_nothing(crm, field, value, words):
    before = _tiers(crm)
    b = before["B"]
    with pytest.raises(ValidationError) as err:
        crm.tiers.update(b.id, {"call_cadence_days": 7, field: value} if field != "call_cadence_days" else {field: value})
    assert list(err.value.problems) == [f"B.{field}"]
    assert words in err.value.problems[f"B.{field}"]
    assert _tiers(crm) == before  # not even the good value next to the bad one was written


def test_tier_shares_together_at_most_100_percent(crm):
    tiers = _tiers(crm)
    with pytest.raises(ValidationError) as err:
        crm.tiers.update(tiers["B"].id, {"revenue_share": "0.30"})  # 80 + 30 + 5 = 115 %
    assert "add up to 115 %" in err.value.problems["revenue_share"]
    assert _tiers(crm)["B"].revenue_share == pytest.approx(0.15)
    # moving share from A to B works when both are saved together
    records, _ = crm.tiers.update_many({tiers["A"].id: {"revenue_share": "0.65"},
                                        tiers["B"].id: {"revenue_share": "0.30"}})
    assert [r.code for r in records] == ["A", "B"]
    fresh = _tiers(crm)
    assert (fresh["A"].revenue_share, fresh["B"].revenue_share) == (pytest.approx(0.65), pytest.approx(0.30))
    # an empty share counts as none
    crm.tiers.update(fresh["C"].id, {"revenue_share": None})
    assert _tiers(crm)["C"].revenue_share is None


def test_tier_update_unknown_tier_and_field(crm):
    with pytest.raises(NotFoundError):
        crm.tiers.update(999_999, {"name": "X"})
    with pytest.raises(ValidationError) as err:
        crm.tiers.update(_tiers(crm)["C"].id, {"rank": 1})
    assert "C.rank" in err.value.problems


# ----- region and holidays -------------------------------------------------------------------

def test_choices_are_two_letter_codes():
    regions = phone_region_choices()
    countries = holiday_country_choices()
    assert {"CN", "RU", "KR", "US"} <= set(regions) <= {r for r in regions if len(r) == 2}
    assert {"CN", "RU", "KR", "GB"} <= set(countries)
    assert all(len(c) == 2 for c in countries) and "UK" not in countries


def test_holiday_countries_default_and_round_trip(crm):
    assert crm.settings.default_country() == "CN"  # follows the phone region when unset
    assert crm.settings.holiday_countries() == ["CN"]
    assert crm.settings.set_default_country(" ru ").settings
    assert crm.settings.default_country() == "RU"
    crm.settings.set_holiday_countries(["kr", "CN", "KR", "ru"])
    assert crm.settings.holiday_countries() == ["KR", "CN", "RU"]
    crm.settings.set_holiday_countries([])
    assert crm.settings.holiday_countries() == []


def test_holiday_countries_are_checked(crm):
    with pytest.raises(ValidationError) as err:
        crm.settings.set_default_country("XX")
    assert "default_country" in err.value.problems
    with pytest.raises(ValidationError) as err:
        crm.settings.set_holiday_countries(["CN", "Narnia"])
    assert "'Narnia'" in err.value.problems["holiday_countries"]
    assert crm.settings.holiday_countries() == ["CN"]


def test_update_region_saves_all_or_nothing(crm):
    with pytest.raises(ValidationError) as err:
        crm.settings.update_region(phone_region="RU", default_country="RU", holiday_countries=["RU", "ZZ"])
    assert set(err.value.problems) == {"holiday_countries"}
    assert crm.settings.phone_region() == "CN" and crm.settings.default_country() == "CN"
    changes = crm.settings.update_region(phone_region="kr", default_country="KR", holiday_countries=["KR", "CN"])
    assert changes.settings
    assert crm.settings.phone_region() == "KR"  # the cached region was dropped
    other = Crm(crm.db, actor="other")  # a fresh facade reads it from the database
    assert (other.settings.phone_region(), other.settings.default_country(),
            other.settings.holiday_countries()) == ("KR", "KR", ["KR", "CN"])


# ----- managers ------------------------------------------------------------------------------

def test_primary_customer_count(crm):
    crm.managers.create("olga", "Ольга Смирнова")
    crm.managers.create("wang", "王芳")
    for i in range(3):
        crm.customers.create({"name": f"Клиент {i}", "manager": "olga"})
    crm.customers.create({"name": "客户", "manager": "wang"})
    assert crm.managers.primary_customer_count("olga") == 3
    crm.managers.handover("olga", "wang")
    assert crm.managers.primary_customer_count("olga") == 0
    assert crm.managers.primary_customer_count("wang") == 4
    with pytest.raises(NotFoundError):
        crm.managers.primary_customer_count("nobody")
