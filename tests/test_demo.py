"""Demo data: counts, determinism, appending, search documents, realism and integrity."""

from __future__ import annotations

import collections
import datetime as dt
import os
import uuid

import phonenumbers
import pytest
from lunardate import LunarDate
from sqlalchemy import text

from desktop_crm.db import Database
from desktop_crm.db.migrate import upgrade
from desktop_crm.errors import CrmError
from desktop_crm.services import demo, search_index
from desktop_crm.services.search_text import fold

TODAY = dt.date(2026, 5, 20)
N_CUSTOMERS = 2500


def _new_db(path) -> Database:
    db = Database.connect(path)
    upgrade(db)
    return db


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    db = _new_db(tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    summary = demo.generate(db, N_CUSTOMERS, seed=7, today=TODAY)
    yield db, summary
    db.dispose()


def _rows(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _scalar(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_counts_match_summary(demo_db):
    db, s = demo_db
    expected = {
        "customers": s.customers, "contact_persons": s.contacts, "managers": s.managers, "purchases": s.purchases,
        "care_events": s.care_events, "occasions": s.occasions, "gifts": s.gifts, "complaints": s.complaints,
    }
    for table, count in expected.items():
        assert _scalar(db, f"SELECT count(*) FROM {table}") == count, table
    assert s.customers == N_CUSTOMERS
    assert s.managers == 3  # one per 10,000 customers, at least three
    assert 6 * N_CUSTOMERS <= s.purchases <= 10 * N_CUSTOMERS
    assert 2 * N_CUSTOMERS <= s.care_events <= 4 * N_CUSTOMERS
    assert 0.3 * N_CUSTOMERS <= s.gifts <= 0.8 * N_CUSTOMERS
    assert 0.02 * N_CUSTOMERS <= s.complaints <= 0.08 * N_CUSTOMERS
    assert s.seconds > 0


def test_integrity(demo_db):
    db, _ = demo_db
    assert _rows(db, "PRAGMA foreign_key_check") == []
    assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert _scalar(db, "PRAGMA foreign_keys") == 1  # restored after the bulk load
    triggers = {r[0] for r in _rows(db, "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"customer_search_ai", "customer_search_ad", "customer_search_au"} <= triggers


def test_counters_kept_by_triggers_stay_right(demo_db):
    db, _ = demo_db
    if not _scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'customer_counts'"):
        pytest.skip("no customer_counts table in this schema")
    kept = set(_rows(db, "SELECT dim, key, n FROM customer_counts WHERE n != 0"))
    actual = set(_rows(db, "SELECT 'status', status, count(*) FROM customers GROUP BY status UNION ALL "
                           "SELECT 'tier', CAST(tier_id AS TEXT), count(*) FROM customers GROUP BY tier_id UNION ALL "
                           "SELECT 'manager', CAST(manager_id AS TEXT), count(*) FROM customers GROUP BY manager_id"))
    assert kept == actual


def test_every_customer_has_its_search_document(demo_db):
    db, _ = demo_db
    with db.engine.connect() as conn:
        contacts = collections.defaultdict(list)
        for contact in conn.execute(text("SELECT * FROM contact_persons")):
            contacts[contact.customer_id].append(contact)
        docs = dict(conn.execute(text("SELECT customer_id, doc FROM customer_search")).all())
        customers = conn.execute(text("SELECT * FROM customers")).all()
        assert len(docs) == len(customers)
        for row in customers:
            assert docs[row.id] == search_index.customer_document(row, contacts[row.id]), row.code
        assert conn.execute(text("SELECT count(*) FROM customer_fts")).scalar() == len(customers)
        assert conn.execute(text("INSERT INTO customer_fts(customer_fts) VALUES ('integrity-check')")) is not None
        for query in ("红", "иван", "asa", "jarvinen"):
            assert search_index.match_ids(conn, query), query
        # a phone number found by a run of its digits
        mobile = conn.execute(text("SELECT mobile_e164 FROM customers WHERE mobile_e164 LIKE '+86%' LIMIT 1")).scalar()
        customer_ids = search_index.match_ids(conn, mobile[-8:])
        assert customer_ids


def test_multilingual_names(demo_db):
    db, _ = demo_db
    names = [r[0] for r in _rows(db, "SELECT name FROM customers UNION ALL SELECT name FROM contact_persons")]
    assert sum("Иван" in n for n in names) >= 20
    assert sum("红" in n for n in names) >= 20
    assert any(n.startswith("Åsa ") for n in names)
    assert sum("ä" in n for n in names) >= 20
    assert any(n.endswith("有限公司") for n in names)
    assert any(n.startswith("ООО «") for n in names)
    assert any("주식회사" in n for n in names)
    assert any(n.endswith(" Oy") or n.startswith("Oy ") for n in names)
    countries = dict(_rows(db, "SELECT country, count(*) FROM customers GROUP BY country"))
    assert set(countries) == {"CN", "RU", "KR", "FI", "US", "GB"}
    kinds = dict(_rows(db, "SELECT kind, count(*) FROM customers GROUP BY kind"))
    assert 0.18 < kinds["company"] / N_CUSTOMERS < 0.32
    for name, sort_name in _rows(db, "SELECT name, sort_name FROM customers"):
        assert sort_name == fold(name)


def test_birthdays(demo_db):
    db, _ = demo_db
    rows = _rows(db, "SELECT country, kind, birth_calendar, birth_year, birth_month, birth_day, birth_leap_month "
                     "FROM customers UNION ALL SELECT c.country, 'contact', p.birth_calendar, p.birth_year, "
                     "p.birth_month, p.birth_day, p.birth_leap_month FROM contact_persons p "
                     "JOIN customers c ON c.id = p.customer_id")
    lunar = [r for r in rows if r.birth_calendar == "lunar"]
    assert lunar and all(r.country in ("CN", "KR") for r in lunar)
    east = [r for r in rows if r.country in ("CN", "KR") and r.kind == "person" and r.birth_calendar]
    assert 0.08 < sum(r.birth_calendar == "lunar" for r in east) / len(east) < 0.25
    for r in lunar:
        assert 1 <= r.birth_month <= 12 and 1 <= r.birth_day <= 30
        if r.birth_year is not None:
            LunarDate(r.birth_year, r.birth_month, r.birth_day, bool(r.birth_leap_month)).to_solar_date()
        else:
            assert not r.birth_leap_month
    assert any(r.birth_leap_month for r in lunar) or len(lunar) < 100
    solar = [r for r in rows if r.birth_calendar == "solar"]
    assert any(r.birth_year is None for r in solar)
    for r in solar:
        dt.date(r.birth_year or 2000, r.birth_month, r.birth_day)  # no 30 February
        assert not r.birth_leap_month
    persons = [r for r in rows if r.kind == "person"]
    assert sum(r.birth_calendar is not None for r in persons) / len(persons) > 0.7
    assert all(r.birth_calendar is None for r in rows if r.kind == "company")


def test_companies_have_contacts(demo_db):
    db, _ = demo_db
    rows = _rows(db, "SELECT c.id, count(p.id), sum(p.left_on IS NULL), sum(p.decision_maker), sum(p.left_on IS NOT NULL) "
                     "FROM customers c LEFT JOIN contact_persons p ON p.customer_id = c.id "
                     "WHERE c.kind = 'company' GROUP BY c.id")
    assert rows
    for _cid, total, current, deciders, left in rows:
        assert 1 <= current <= 3 and total == current + left
        assert deciders == 1
    assert 0.04 < sum(r[4] > 0 for r in rows) / len(rows) < 0.2  # personnel changes
    assert _scalar(db, "SELECT count(*) FROM contact_persons p JOIN customers c ON c.id = p.customer_id "
                       "WHERE c.kind = 'person'") == 0


def test_tiers_follow_revenue(demo_db):
    db, _ = demo_db
    shares = dict(_rows(db, "SELECT t.code, count(*) FROM customers c JOIN tiers t ON t.id = c.tier_id GROUP BY t.code"))
    assert sum(shares.values()) == N_CUSTOMERS
    assert 0.06 < shares["A"] / N_CUSTOMERS < 0.14
    assert 0.19 < shares["B"] / N_CUSTOMERS < 0.31
    assert 0.57 < shares["C"] / N_CUSTOMERS < 0.73
    revenue = dict(_rows(db, "SELECT t.code, avg(coalesce(p.total, 0)) FROM customers c JOIN tiers t ON t.id = c.tier_id "
                             "LEFT JOIN (SELECT customer_id, sum(amount) total FROM purchases GROUP BY customer_id) p "
                             "ON p.customer_id = c.id WHERE c.country = 'CN' GROUP BY t.code"))
    assert revenue["A"] > 2 * revenue["B"] > 4 * revenue["C"]


def test_purchases(demo_db):
    db, _ = demo_db
    first, last = _rows(db, "SELECT min(purchased_on), max(purchased_on) FROM purchases")[0]
    assert str(TODAY - dt.timedelta(days=3 * 366)) <= first and last <= str(TODAY)
    assert _scalar(db, "SELECT count(*) FROM purchases p JOIN customers c ON c.id = p.customer_id "
                       "WHERE c.status = 'prospect'") == 0
    pairs = dict(_rows(db, "SELECT DISTINCT c.country, p.currency FROM purchases p JOIN customers c ON c.id = p.customer_id"))
    assert pairs == {"CN": "CNY", "RU": "RUB", "KR": "KRW", "FI": "EUR", "US": "USD", "GB": "GBP"}
    assert _scalar(db, "SELECT count(*) FROM purchases WHERE amount <= 0 OR quantity <= 0") == 0
    assert _scalar(db, "SELECT count(DISTINCT line_ref) FROM purchases") >= 2
    # a share of active customers stopped buying: at risk
    stale = _scalar(db, "SELECT count(*) FROM (SELECT c.id FROM customers c JOIN purchases p ON p.customer_id = c.id "
                        "WHERE c.status = 'active' GROUP BY c.id HAVING max(p.purchased_on) < :cut)",
                    cut=str(TODAY - dt.timedelta(days=180)))
    assert stale > 0


def test_managers_and_assignments(demo_db):
    db, _ = demo_db
    managers = _rows(db, "SELECT id, login, role, active FROM managers")
    assert sum(m.role == "supervisor" for m in managers) == 1
    assert all(m.login.isascii() and m.login == m.login.lower() for m in managers)
    rows = _rows(db, "SELECT c.id, c.manager_id, a.manager_id, a.started_on FROM customers c "
                     "JOIN customer_assignments a ON a.customer_id = c.id "
                     "WHERE a.role = 'primary' AND a.ended_on IS NULL")
    assert len(rows) == N_CUSTOMERS
    for _cid, manager, assigned, started in rows:
        assert manager == assigned and started < str(TODAY)
    history = _scalar(db, "SELECT count(*) FROM customer_assignments WHERE ended_on IS NOT NULL")
    secondary = _scalar(db, "SELECT count(*) FROM customer_assignments WHERE role = 'secondary'")
    assert 0 < history < 0.12 * N_CUSTOMERS and 0 < secondary < 0.12 * N_CUSTOMERS


def test_care_occasions_gifts_complaints(demo_db):
    db, _ = demo_db
    assert _scalar(db, "SELECT count(*) FROM care_events WHERE source != 'demo'") == 0
    kinds = {r[0] for r in _rows(db, "SELECT DISTINCT kind FROM care_events")}
    assert {"call", "visit", "greeting", "gift", "help", "complaint_follow_up"} <= kinds
    assert _scalar(db, "SELECT count(*) FROM care_events WHERE next_due > :d", d=str(TODAY)) > 0
    assert _scalar(db, "SELECT count(*) FROM care_events WHERE next_due < :d AND next_done_at IS NULL", d=str(TODAY)) > 0
    assert _scalar(db, "SELECT count(*) FROM care_events WHERE happened_at > :d", d=str(TODAY + dt.timedelta(days=1))) == 0
    mismatched = _scalar(db, "SELECT count(*) FROM customers c WHERE coalesce(c.last_call_at, '') != coalesce("
                             "(SELECT max(happened_at) FROM care_events e WHERE e.customer_id = c.id AND e.kind = 'call'), '')")
    assert mismatched == 0
    mismatched = _scalar(db, "SELECT count(*) FROM customers c WHERE coalesce(c.last_visit_at, '') != coalesce("
                             "(SELECT max(happened_at) FROM care_events e WHERE e.customer_id = c.id AND e.kind = 'visit'), '')")
    assert mismatched == 0
    companies_with_occasion = _scalar(db, "SELECT count(DISTINCT o.customer_id) FROM occasions o "
                                          "JOIN customers c ON c.id = o.customer_id WHERE c.kind = 'company'")
    companies = _scalar(db, "SELECT count(*) FROM customers WHERE kind = 'company'")
    assert companies_with_occasion > 0.8 * companies
    assert {r[0] for r in _rows(db, "SELECT DISTINCT kind FROM occasions")} == {
        "company_anniversary", "store_opening", "wedding", "birthday", "custom"}
    gifts = _rows(db, "SELECT status, given_on, planned_for, cost, story FROM gifts")
    assert {g.status for g in gifts} == {"idea", "planned", "bought", "given"}
    assert all((g.given_on is not None) == (g.status == "given") and g.cost > 0 and g.story for g in gifts)
    assert all(g.given_on <= str(TODAY) for g in gifts if g.given_on)
    assert all(g.planned_for > str(TODAY) for g in gifts if g.planned_for)
    complaints = _rows(db, "SELECT status, resolution, resolved_at, satisfaction, received_at FROM complaints")
    for c in complaints:
        resolved = c.status in ("resolved", "closed")
        assert (c.resolution is not None) == resolved and (c.resolved_at is not None) == resolved
        assert c.satisfaction is None or (resolved and 1 <= c.satisfaction <= 5)
        assert c.resolved_at is None or c.resolved_at >= c.received_at


def test_texts_fit_together(demo_db):
    db, _ = demo_db
    from desktop_crm.services import demo_names as names

    pairs = {pair for cases in names.COMPLAINTS.values() for by_cat in cases.values() for pair in by_cat}
    for description, resolution in _rows(db, "SELECT description, resolution FROM complaints WHERE resolution IS NOT NULL"):
        assert (description, resolution) in pairs
    fits = {(item, tag) for items in names.GIFTS.values() for item, _s, _c, tag in items}
    moon_cakes = _rows(db, "SELECT occasion_label FROM gifts WHERE item = '中秋月饼礼盒'")
    assert moon_cakes and all(label is None or label.startswith("中秋节") for (label,) in moon_cakes)
    for item, label in _rows(db, "SELECT item, occasion_label FROM gifts WHERE occasion_label IS NOT NULL"):
        assert (item, "any") in fits or any(
            label.startswith(names.HOLIDAY_NAMES[lang][key]) for lang in names.LANGS
            for key in names.HOLIDAY_NAMES[lang] if (item, key) in fits), (item, label)
    assert _rows(db, "SELECT reference, product_code FROM purchases GROUP BY 1, 2 HAVING count(*) > 1") == []
    emails = [r[0] for r in _rows(db, "SELECT email FROM customers WHERE email IS NOT NULL UNION ALL "
                                      "SELECT email FROM contact_persons WHERE email IS NOT NULL UNION ALL "
                                      "SELECT email FROM managers")]
    assert len(emails) > N_CUSTOMERS / 2
    assert all(e.isascii() and e.count("@") == 1 and " " not in e for e in emails)
    langs = {r[0] for r in _rows(db, "SELECT hobbies FROM customers WHERE hobbies IS NOT NULL")}
    assert len(langs) > 40


def test_phone_numbers_are_valid(demo_db):
    db, _ = demo_db
    rows = _rows(db, "SELECT c.country, c.phone, c.phone_e164, c.mobile, c.mobile_e164 FROM customers c "
                     "UNION ALL SELECT c.country, p.phone, p.phone_e164, p.mobile, p.mobile_e164 "
                     "FROM contact_persons p JOIN customers c ON c.id = p.customer_id")
    checked = 0
    for country, *values in rows:
        for raw, e164 in (values[:2], values[2:]):
            assert (raw is None) == (e164 is None)
            if raw is None:
                continue
            number = phonenumbers.parse(raw, country)
            assert phonenumbers.is_valid_number(number), (country, raw)
            assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == e164, raw
            checked += 1
    assert checked > N_CUSTOMERS


def test_same_seed_same_data(tmp_path):
    def names(seed, folder):
        db = _new_db(tmp_path / folder / "d.sqlite3")
        try:
            demo.generate(db, 300, seed=seed, today=TODAY)
            return (_rows(db, "SELECT code, name, email, phone, mobile, address, created_at FROM customers ORDER BY id"),
                    _rows(db, "SELECT customer_id, reference, amount FROM purchases ORDER BY id"),
                    _rows(db, "SELECT customer_id, doc FROM customer_search ORDER BY customer_id"),
                    _rows(db, "SELECT login FROM managers ORDER BY id"))
        finally:
            db.dispose()

    first, again, other = names(3, "a"), names(3, "b"), names(4, "c")
    assert first == again
    assert first[0] != other[0]


def test_append_twice_without_collisions(tmp_path):
    db = _new_db(tmp_path / "twice.sqlite3")
    try:
        with db.engine.begin() as conn:  # somebody's own customers are there already
            for code in ("C0000500", "VIP-7", "C12x"):
                conn.execute(text("INSERT INTO customers (code, kind, name, sort_name, status, custom_fields) "
                                  "VALUES (:c, 'person', 'X', 'x', 'active', '{}')"), {"c": code})
            conn.execute(text("INSERT INTO purchases (customer_id, purchased_on, amount, currency, reference, "
                              "line_ref, quantity, created_at) VALUES (1, '2026-01-01', 100, 'CNY', 'INV-00000900', "
                              "'1', 1, '2026-01-01 10:00:00')"))
        first = demo.generate(db, 400, seed=1, today=TODAY)
        second = demo.generate(db, 400, seed=1, today=TODAY)
        codes = [r[0] for r in _rows(db, "SELECT code FROM customers WHERE id > 3 ORDER BY id")]
        assert len(codes) == len(set(codes)) == 800
        assert codes[0] == "C0000501" and codes[-1] == "C0001300"
        logins = [r[0] for r in _rows(db, "SELECT login FROM managers")]
        assert len(logins) == len(set(logins)) == first.managers + second.managers
        refs = _rows(db, "SELECT reference, line_ref, count(*) FROM purchases GROUP BY 1, 2 HAVING count(*) > 1")
        assert refs == []
        assert _scalar(db, "SELECT min(reference) FROM purchases WHERE id > 1") == "INV-00000901"
        assert _scalar(db, "SELECT count(*) FROM customer_fts") == _scalar(db, "SELECT count(*) FROM customer_search")
        assert _rows(db, "PRAGMA foreign_key_check") == []
    finally:
        db.dispose()


def _schema(db):
    return _rows(db, "SELECT type, name, sql FROM sqlite_master ORDER BY name")


@pytest.mark.parametrize("drop_indexes_from", [0, 10**9])
def test_cancel_leaves_the_database_as_it_was(tmp_path, monkeypatch, drop_indexes_from):
    monkeypatch.setattr(demo, "DROP_INDEXES_MIN_CUSTOMERS", drop_indexes_from)
    db = _new_db(tmp_path / "cancel.sqlite3")
    try:
        demo.generate(db, 300, seed=1, today=TODAY)
        schema, before = _schema(db), _scalar(db, "SELECT count(*) FROM customers")
        calls = []

        def progress(done, total):
            calls.append((done, total))
            return len(calls) < 3  # stop after the second chunk

        with pytest.raises(CrmError, match="cancelled"):
            demo.generate(db, 2000, seed=1, today=TODAY, progress=progress)
        assert calls[0] == (0, 2000) and 0 < calls[-1][0] < 2000
        assert _scalar(db, "SELECT count(*) FROM customers") == before == 300
        assert _scalar(db, "SELECT count(*) FROM managers") == 3
        assert _scalar(db, "SELECT count(*) FROM customer_fts") == 300
        assert _schema(db) == schema  # indexes and triggers are all there
        assert _scalar(db, "PRAGMA foreign_keys") == 1
        seen = []
        demo.generate(db, 1000, seed=2, today=TODAY, progress=lambda d, t: seen.append((d, t)))
        assert seen[0] == (0, 1000) and seen[-1] == (1000, 1000) and len(seen) > 2
        assert _schema(db) == schema
        assert _scalar(db, "SELECT count(*) FROM customer_fts") == 1300
    finally:
        db.dispose()


def test_dropped_indexes_come_back(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "DROP_INDEXES_MIN_CUSTOMERS", 0)
    db = _new_db(tmp_path / "indexes.sqlite3")
    try:
        schema = _schema(db)
        demo.generate(db, 500, seed=1, today=TODAY)
        assert _schema(db) == schema
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
        assert _scalar(db, "PRAGMA ignore_check_constraints") == 0
        assert _scalar(db, "SELECT v FROM customer_fts_config WHERE k = 'automerge'") == 4
        with db.engine.connect() as conn:
            conn.execute(text("INSERT INTO customer_fts(customer_fts) VALUES ('integrity-check')"))
            assert search_index.match_ids(conn, "红")
        plan = " ".join(str(r) for r in _rows(db, "EXPLAIN QUERY PLAN SELECT id FROM customers "
                                                  "WHERE deleted_at IS NULL ORDER BY sort_name, id LIMIT 50"))
        assert "ix_customers_sort_name" in plan
    finally:
        db.dispose()


def test_worker_process_gives_the_same_rows(tmp_path, monkeypatch):
    def rows(folder):
        db = _new_db(tmp_path / folder / "w.sqlite3")
        try:
            demo.generate(db, 400, seed=9, today=TODAY)
            return [_rows(db, f"SELECT * FROM {table} ORDER BY 1") for table in demo.COLUMNS]
        finally:
            db.dispose()

    local = rows("local")
    monkeypatch.setattr(demo, "WORKER_MIN_CUSTOMERS", 0)
    started = []
    real = demo._worker_batches
    monkeypatch.setattr(demo, "_worker_batches", lambda *a: started.append(1) or real(*a))
    assert rows("worker") == local
    assert started


def test_zero_customers(tmp_path):
    db = _new_db(tmp_path / "zero.sqlite3")
    try:
        summary = demo.generate(db, 0, today=TODAY)
        assert summary.customers == 0 and summary.managers == 3
    finally:
        db.dispose()


@pytest.mark.pg
@pytest.mark.skipif(not os.environ.get("DESKTOP_CRM_TEST_PG_URL"),
                    reason="set DESKTOP_CRM_TEST_PG_URL to a PostgreSQL database to run this test")
def test_postgresql(tmp_path):
    from sqlalchemy import create_engine

    url = os.environ["DESKTOP_CRM_TEST_PG_URL"]
    schema = f"demo_{uuid.uuid4().hex[:10]}"
    admin = create_engine(Database.connect(url).url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in url else "?"
    db = Database.connect(f"{url}{separator}options=-csearch_path%3D{schema}")
    try:
        upgrade(db)
        summary = demo.generate(db, 300, seed=5, today=TODAY)
        again = demo.generate(db, 200, seed=5, today=TODAY)
        assert _scalar(db, "SELECT count(*) FROM customers") == 500
        assert _scalar(db, "SELECT count(*) FROM purchases") == summary.purchases + again.purchases
        assert _scalar(db, "SELECT count(*) FROM customer_search") == 500
        assert _scalar(db, "SELECT count(DISTINCT code) FROM customers") == 500
        with db.engine.begin() as conn:
            # the sequences moved past the ids chosen by the generator
            new_id = conn.execute(text("INSERT INTO managers (name, login, role, active, created_at, updated_at) "
                                       "VALUES ('N', 'new.one', 'manager', true, now(), now()) RETURNING id")).scalar()
            assert new_id > summary.managers + again.managers
            assert search_index.match_ids(conn, "иван") or search_index.match_ids(conn, "红")
            lunar = conn.execute(text("SELECT count(*) FROM customers WHERE birth_calendar = 'lunar'")).scalar()
            assert lunar > 0
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
