"""Schema migrations on real databases: a SQLite file and (when configured) PostgreSQL.

* pytest-alembic's built-in tests, on both backends;
* data written at the first revision survives the upgrade to head, and is found by search;
* databases that are not ours, or are newer than this package, are refused untouched;
* two copies of the app upgrading the same database at once.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from pytest_alembic.config import Config
from pytest_alembic.tests import (  # noqa: F401 - collected by pytest, run once per backend
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlalchemy.orm import sessionmaker

from desktop_crm.db import Database, DatabaseError, backup, locks, migrate, resolve_url
from desktop_crm.models import Base
from desktop_crm.services import Crm

FIRST_REVISION = "0001"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)]


def _url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "crm.sqlite3")
    return request.getfixturevalue("pg_url")


# ----- pytest-alembic --------------------------------------------------------------------


@pytest.fixture
def alembic_config():
    """The package's own migrations, exactly as the app runs them."""
    return Config.from_raw_config(migrate.alembic_config())


@pytest.fixture(params=BACKENDS)
def alembic_engine(request, tmp_path):
    """A connection (env.py takes ``config.attributes["connection"]`` as a Connection) to a fresh database."""
    db = Database.connect(_url(request, tmp_path))
    try:
        with db.engine.connect() as conn:
            yield conn
    finally:
        db.dispose()


def test_alembic_history_is_the_packaged_one(alembic_runner):
    """Guard the fixtures above: the built-in tests really walk the package's revisions."""
    assert alembic_runner.heads == [migrate.head_revision()]
    assert alembic_runner.history.revisions[0] == "base"
    assert FIRST_REVISION in alembic_runner.history.revisions
    assert alembic_runner.history.revisions[-1] == "heads"


# ----- helpers ---------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def url(request, tmp_path) -> str:
    return _url(request, tmp_path)


def _create_at(db: Database, revision: str) -> None:
    with db.engine.connect() as conn:
        cfg = migrate.alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()


def _reflect(conn) -> MetaData:
    meta = MetaData()
    meta.reflect(conn, only=lambda name, _meta: name != "alembic_version" and not name.startswith("customer_fts"))
    return meta


def _snapshot(conn, names) -> dict[str, dict[tuple, dict]]:
    """Every row of every named table, keyed by primary key, as plain dicts."""
    meta = _reflect(conn)
    out = {}
    for name in names:
        table = meta.tables[name]
        pk = list(table.primary_key.columns)
        out[name] = {tuple(row._mapping[c.name] for c in pk): dict(row._mapping)
                     for row in conn.execute(select(table).order_by(*pk))}
    return out


def _version_rows(conn) -> list[str]:
    return list(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


T0 = dt.datetime(2025, 3, 14, 9, 26, 53, 589793)


def _seed_first_revision(conn) -> dict[str, object]:
    """Rows in every table of revision 0001, written with Core against the reflected schema."""
    t = _reflect(conn).tables

    def add(table: str, /, **values) -> int | str:
        return conn.execute(t[table].insert().values(**values)).inserted_primary_key[0]

    add("app_settings", key="phone_region", value="CN")
    add("app_settings", key="holiday_countries", value=["CN", "RU", "KR"])
    add("app_settings", key="greeting", value={"zh": "新年快乐", "ru": "С Новым годом", "n": 3})

    batch = add("import_batches", file_name="客户名单 2025.xlsx", file_hash="ab" * 32, kind="customers",
                started_at=T0, finished_at=T0 + dt.timedelta(seconds=42), actor="wang",
                counts={"created": 3, "updated": 0, "skipped": 1}, status="done", undone_at=None)

    wang = add("managers", name="王经理", login="wang", email="wang@example.cn", role="manager", active=True,
               created_at=T0, updated_at=T0)
    olga = add("managers", name="Ольга Кузнецова", login="olga", email=None, role="supervisor", active=False,
               created_at=T0, updated_at=T0 + dt.timedelta(days=1))

    tier_a = conn.execute(select(t["tiers"].c.id).where(t["tiers"].c.code == "A")).scalar_one()
    tier_vip = add("tiers", code="VIP", name="Особый клиент", rank=0, colour="#800080", call_cadence_days=7,
                   visit_cadence_days=30, gift_budget=300000, revenue_share=None, created_at=T0, updated_at=T0)

    def customer(**values) -> int:
        base = dict(kind="person", status="active", tier_pinned=False, custom_fields={}, version=1,
                    birth_leap_month=False, created_at=T0, updated_at=T0)
        base.update(values)
        return add("customers", **base)

    wang_xm = customer(code="C000001", name="王小明", sort_name="王小明", company="北京星光贸易有限公司",
                       title="总经理", phone="010-6552 8888", phone_e164="+861065528888",
                       mobile="138 0013 8000", mobile_e164="+8613800138000", email="xiaoming@example.cn",
                       address="朝阳区建国路88号", city="北京", region="北京市", country="CN", tier_id=tier_a,
                       tier_pinned=True, loyalty="loyal", industry="贸易", credit_rating="AA",
                       credit_limit=5_000_000, hobbies="茶道, 围棋", custom_fields={"微信": "wx_wang", "vip": True},
                       manager_id=wang, last_call_at=T0, import_batch_id=batch, birth_calendar="lunar",
                       birth_year=1975, birth_month=8, birth_day=15, birth_leap_month=True, version=3)
    ivan = customer(code="C000002", name="Иван Петров", sort_name="иван петров", company="ООО «Ромашка»",
                    mobile="+7 912 345-67-89", mobile_e164="+79123456789", email="ivan@romashka.ru",
                    city="Екатеринбург", region="Свердловская область", country="RU", tier_id=tier_vip,
                    loyalty="switching", notes="Любит рыбалку", custom_fields={"любимый цвет": "синий"},
                    manager_id=olga, last_visit_at=T0 - dt.timedelta(days=30), birth_calendar="solar",
                    birth_month=2, birth_day=29)
    north = customer(code="C000003", kind="company", name="ООО Север", sort_name="ооо север", status="prospect",
                     phone="(343) 222-33-44", phone_e164="+73432223344", city="Пермь", country="RU")
    gone = customer(code="C000004", name="李红梅", sort_name="李红梅", mobile="139 1234 5678",
                    mobile_e164="+8613912345678", status="lost", deleted_at=T0 + dt.timedelta(days=2))

    olga_contact = add("contact_persons", customer_id=north, name="Ольга Смирнова", role="главный бухгалтер",
                       phone="+7 343 555-01-02", phone_e164="+73435550102", mobile=None, mobile_e164=None,
                       email="olga@sever.ru", decision_maker=True, joined_on=dt.date(2019, 4, 1), left_on=None,
                       notes="Звонить до обеда", import_batch_id=batch, version=2, created_at=T0, updated_at=T0,
                       birth_calendar="solar", birth_year=1980, birth_month=12, birth_day=31, birth_leap_month=False)
    add("contact_persons", customer_id=wang_xm, name="张秘书", role="秘书", mobile="186 0000 1111",
        mobile_e164="+8618600001111", decision_maker=False, left_on=dt.date(2024, 12, 31), version=1,
        created_at=T0, updated_at=T0, birth_leap_month=False)

    add("customer_assignments", customer_id=wang_xm, manager_id=wang, role="primary", started_on=dt.date(2020, 1, 1),
        ended_on=None, note="首次分配")
    add("customer_assignments", customer_id=ivan, manager_id=wang, role="primary", started_on=dt.date(2021, 5, 1),
        ended_on=dt.date(2024, 6, 30), note="передан Ольге")
    add("customer_assignments", customer_id=ivan, manager_id=olga, role="secondary",
        started_on=dt.date(2024, 7, 1), ended_on=None, note=None)

    add("purchases", customer_id=wang_xm, purchased_on=dt.date(2024, 11, 11), product_code="TEA-01",
        product_name="大红袍 礼盒", quantity=2.5, amount=1_234_56, currency="CNY", reference="INV-2024-001",
        line_ref="1", import_batch_id=batch, created_at=T0)
    add("purchases", customer_id=ivan, purchased_on=dt.date(2025, 1, 20), product_code=None,
        product_name="Самовар", quantity=1.0, amount=99_900, currency="RUB", reference=None, line_ref=None,
        import_batch_id=None, created_at=T0)

    add("tier_changes", customer_id=ivan, from_tier_id=tier_a, to_tier_id=tier_vip, changed_at=T0,
        reason="manual", actor="olga", note="крупный заказ")

    add("care_events", customer_id=wang_xm, contact_id=None, manager_id=wang, kind="visit", happened_at=T0,
        channel="上门", summary="拜访客户, 送月饼", outcome="满意", next_step="春节前再联系",
        next_due=dt.date(2026, 1, 20), next_done_at=None, source="field_sheet", import_batch_id=batch,
        created_at=T0)
    add("care_events", customer_id=north, contact_id=olga_contact, manager_id=None, kind="disaster_care",
        happened_at=T0 - dt.timedelta(hours=5), channel="телефон", summary="Наводнение — спросили, чем помочь",
        outcome=None, next_step=None, next_due=None, next_done_at=T0, source="manual", import_batch_id=None,
        created_at=T0)

    occasion = add("occasions", customer_id=wang_xm, contact_id=None, kind="company_anniversary",
                   title="公司成立纪念日", calendar="solar", year=2005, month=6, day=18, leap_month=False,
                   yearly=True, lead_days=10, notes=None)
    add("occasions", customer_id=None, contact_id=olga_contact, kind="birthday", title=None, calendar="lunar",
        year=None, month=4, day=30, leap_month=True, yearly=True, lead_days=7, notes="лунный день рождения")

    add("gifts", customer_id=wang_xm, contact_id=None, occasion_id=occasion, occasion_label="Spring Festival 2026",
        item="茶叶礼盒", story="客户喜欢武夷岩茶", cost=58_800, status="planned", planned_for=dt.date(2026, 2, 10),
        given_on=None, manager_id=wang, created_at=T0, updated_at=T0)

    add("complaints", customer_id=ivan, contact_id=None, manager_id=olga, received_at=T0, channel="email",
        category="доставка", severity="high", description="Самовар пришёл с вмятиной",
        status="resolved", target_at=T0 + dt.timedelta(days=3), resolution="Заменили",
        resolved_at=T0 + dt.timedelta(days=2), feedback="Спасибо!", satisfaction=5, version=4,
        created_at=T0, updated_at=T0)

    add("audit_log", at=T0, actor="wang", entity="customers", entity_id=wang_xm, action="update",
        field="mobile", old_value="13800000000", new_value="138 0013 8000", import_batch_id=batch)
    add("audit_log", at=T0, actor=None, entity="customers", entity_id=gone, action="delete", field=None,
        old_value=None, new_value=None, import_batch_id=None)

    return {"wang": wang_xm, "ivan": ivan, "north": north, "gone": gone}


# ----- data survives the upgrade --------------------------------------------------------


def test_data_written_at_first_revision_survives_upgrade_and_is_searchable(url):
    db = Database.connect(url)
    try:
        _create_at(db, FIRST_REVISION)
        with db.engine.connect() as conn:
            assert _version_rows(conn) == [FIRST_REVISION]
            tables_at_first = set(inspect(conn).get_table_names()) - {"alembic_version"}
            ids = _seed_first_revision(conn)
            conn.commit()
            before = _snapshot(conn, sorted(tables_at_first))
        # The seed must cover the whole schema of 0001, or this test proves less than it says.
        empty = sorted(name for name, rows in before.items() if not rows)
        assert empty == [], f"tables of {FIRST_REVISION} without test rows: {empty}"
        assert len(before["tiers"]) == 4  # the three seeded tiers and ours
        assert len(before["customers"]) == 4
    finally:
        db.dispose()

    db = Database.connect(url)
    try:
        taken = migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision() != FIRST_REVISION

        with db.engine.connect() as conn:
            after = _snapshot(conn, sorted(tables_at_first))
        for name in sorted(tables_at_first):
            assert after[name].keys() == before[name].keys(), f"rows of {name} added or lost"
            for key, old in before[name].items():
                new = after[name][key]
                assert set(old) <= set(new), f"{name} lost columns {set(old) - set(new)}"
                assert {c: new[c] for c in old} == old, f"{name} row {key} changed"

        crm = Crm(db, actor="tester")

        def found(query: str) -> set[int]:
            return {row.id for row in crm.customers.search(query).rows}

        assert found("иван") == {ids["ivan"]}
        assert found("Петров") == {ids["ivan"]}
        assert found("小明") == {ids["wang"]}
        assert found("星光") == {ids["wang"]}
        assert found("9123456789") == {ids["ivan"]}  # a tail of the stored E.164 number
        assert found("13800138000") == {ids["wang"]}
        assert found("ольга") == {ids["north"]}  # through the contact person
        assert found("张秘书") == {ids["wang"]}
        assert found("红梅") == set()  # deleted customers stay out of the index
        assert found("Екатеринбург") == {ids["ivan"]}

        if db.is_sqlite:
            # A pre-upgrade backup was taken, is intact, and is the database as it was.
            assert taken is not None
            taken_path = Path(taken)
            assert taken_path.is_file()
            assert taken_path.parent == backup.backups_dir(db.sqlite_path)
            assert backup.check_database_file(taken_path).ok
            old = Database.connect(str(taken_path), must_exist=True)
            try:
                assert migrate.current_revision(old) == FIRST_REVISION
                with old.engine.connect() as conn:
                    assert "customer_search" not in inspect(conn).get_table_names()
                    assert _snapshot(conn, sorted(tables_at_first)) == before
            finally:
                old.dispose()
        else:
            assert taken is None  # PostgreSQL is backed up on the server, not by the app
    finally:
        db.dispose()


def test_upgrade_of_a_fresh_database_takes_no_backup_and_a_second_upgrade_does_nothing(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    db = Database.connect(str(path))
    try:
        assert migrate.upgrade(db) is None
        assert migrate.current_revision(db) == migrate.head_revision()
        assert migrate.upgrade(db) is None
        assert not backup.backups_dir(path).exists()
    finally:
        db.dispose()


# ----- refusing databases that are not ours ----------------------------------------------


def _foreign_sqlite(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE inventory (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)")
        conn.executemany("INSERT INTO inventory VALUES (?, ?)", [("A-1", 3), ("Б-2", 7), ("货-3", 0)])
        conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, label TEXT)")  # same name, not ours
        conn.execute("INSERT INTO customers (label) VALUES ('someone else''s')")
    conn.close()


def _sqlite_content(path: Path) -> tuple:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        rows = {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
                for kind, name, _sql in schema if kind == "table"}
        return schema, rows
    finally:
        conn.close()


def test_sqlite_database_of_another_program_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "inventory.sqlite3"
    _foreign_sqlite(path)
    content = _sqlite_content(path)

    db = Database.connect(str(path))
    try:
        with pytest.raises(DatabaseError, match="another program"):
            migrate.upgrade(db)
        with pytest.raises(DatabaseError, match="another program"):
            Crm.open(str(path))
    finally:
        db.dispose()
    assert _sqlite_content(path) == content
    assert "alembic_version" not in {name for _kind, name, _sql in content[0]}
    assert not backup.backups_dir(path).exists()


@pytest.mark.pg
def test_postgresql_database_of_another_program_is_refused_and_left_alone(pg_url):
    engine = create_engine(resolve_url(pg_url))
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE inventory (sku text PRIMARY KEY, qty integer NOT NULL)"))
            conn.execute(text("INSERT INTO inventory VALUES ('A-1', 3), ('Б-2', 7)"))
        db = Database.connect(pg_url)
        try:
            with pytest.raises(DatabaseError, match="another program"):
                migrate.upgrade(db)
        finally:
            db.dispose()
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == ["inventory"]
            assert conn.execute(text("SELECT sku, qty FROM inventory ORDER BY sku")).all() == [("A-1", 3), ("Б-2", 7)]
    finally:
        engine.dispose()


def test_database_from_a_newer_version_is_refused_with_a_clear_message(url):
    db = Database.connect(url)
    try:
        migrate.upgrade(db)
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
            tables = set(inspect(conn).get_table_names())
        with pytest.raises(DatabaseError) as info:
            migrate.upgrade(db)
        message = str(info.value)
        assert "newer desktop_crm" in message
        assert "ffff" in message
        assert "update the app" in message
        with db.engine.connect() as conn:
            assert _version_rows(conn) == ["ffff"]
            assert set(inspect(conn).get_table_names()) == tables
        if db.is_sqlite:
            assert not backup.backups_dir(db.sqlite_path).exists()
    finally:
        db.dispose()


# ----- two copies upgrading at once ------------------------------------------------------


def _upgrade_from_threads(url: str, count: int = 2) -> tuple[list, list[BaseException]]:
    barrier = threading.Barrier(count)
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        db = Database.connect(url)
        try:
            barrier.wait(timeout=30)
            results.append(migrate.upgrade(db))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            db.dispose()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "an upgrade hung"
    return results, errors


def _assert_one_schema_at_head(url: str) -> None:
    db = Database.connect(url)
    try:
        with db.engine.connect() as conn:
            assert _version_rows(conn) == [migrate.head_revision()]
            names = set(inspect(conn).get_table_names())
            assert set(Base.metadata.tables) <= names
            assert conn.execute(text("SELECT code FROM tiers ORDER BY rank")).scalars().all() == ["A", "B", "C"]
    finally:
        db.dispose()


def test_two_threads_upgrading_the_same_new_sqlite_file_both_succeed(tmp_path):
    path = tmp_path / "shared.sqlite3"
    results, errors = _upgrade_from_threads(str(path))
    assert errors == []
    assert results == [None, None]  # a new file: nothing to back up
    _assert_one_schema_at_head(str(path))
    assert backup.check_database_file(path).ok


def test_sqlite_upgrade_waits_for_the_upgrade_lock(tmp_path, monkeypatch):
    """While another copy holds the upgrade lock, an upgrade does not touch the schema."""
    path = tmp_path / "locked.sqlite3"
    lock_path = migrate._lock_path(path)
    # Give up at once instead of after a minute.
    monkeypatch.setattr(migrate, "file_lock", lambda p: locks.file_lock(p, timeout=0))
    with locks.file_lock(lock_path):
        with pytest.raises(TimeoutError, match="upgrading"):
            with locks.file_lock(lock_path, timeout=0):
                pass
        db = Database.connect(str(path))
        try:
            with pytest.raises(TimeoutError):
                migrate.upgrade(db)
            with db.engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
        finally:
            db.dispose()
    db = Database.connect(str(path))
    try:
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()


@pytest.mark.pg
def test_two_threads_upgrading_the_same_new_postgresql_database_both_succeed(pg_url):
    results, errors = _upgrade_from_threads(pg_url)
    assert errors == []
    assert results == [None, None]
    _assert_one_schema_at_head(pg_url)


@pytest.mark.pg
def test_postgresql_upgrade_waits_for_the_advisory_lock(pg_url):
    """While another session holds the migration lock, an upgrade does not touch the schema."""
    url = resolve_url(pg_url)
    holder = create_engine(url)
    # The upgrading connection gives up waiting for a lock after 200 ms instead of waiting forever.
    impatient = create_engine(url, connect_args={"options": "-c lock_timeout=200"})
    db = Database(url=url, engine=impatient, sessions=sessionmaker(impatient))
    try:
        with holder.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": locks.PG_MIGRATION_LOCK})
            conn.commit()
            with pytest.raises(Exception, match="lock timeout"):
                migrate.upgrade(db)
            assert inspect(conn).get_table_names() == []
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": locks.PG_MIGRATION_LOCK})
            conn.commit()
        assert migrate.upgrade(db) is None
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()
        holder.dispose()


# ----- Money columns read back as written (the seed writes minor units) ------------------


def test_money_written_as_minor_units_reads_back_as_decimal(url):
    db = Database.connect(url)
    try:
        _create_at(db, FIRST_REVISION)
        with db.engine.begin() as conn:
            ids = _seed_first_revision(conn)
        migrate.upgrade(db)
        record = Crm(db, actor="tester").customers.get(ids["wang"])
        assert record.credit_limit == Decimal("50000.00")
    finally:
        db.dispose()


def test_0006_derives_the_agenda_columns_from_data_already_stored(url):
    """Rows written at 0005 come out of 0006 with their purchase rhythm, their follow-up owner and
    the time their manager took them; downgrading takes the new columns away again."""
    db = Database.connect(url)
    try:
        _create_at(db, "0005")
        with db.engine.connect() as conn:
            t = _reflect(conn).tables

            def add(table: str, /, **values) -> int:
                return conn.execute(t[table].insert().values(**values)).inserted_primary_key[0]

            li = add("managers", name="李红梅", login="li", role="manager", active=True, created_at=T0, updated_at=T0)
            common = dict(kind="person", status="active", tier_pinned=False, custom_fields={}, version=1,
                          created_at=T0, updated_at=T0, birth_leap_month=False)
            buyer = add("customers", code="C1", name="Buyer", sort_name="buyer", manager_id=li, **common)
            lost = add("customers", code="C2", name="Lost", sort_name="lost", **{**common, "status": "lost"})
            add("customer_assignments", customer_id=buyer, manager_id=li, role="primary",
                started_on=dt.date(2025, 6, 1))
            for n, day in enumerate((dt.date(2025, 1, 10), dt.date(2025, 2, 9), dt.date(2025, 3, 11))):
                add("purchases", customer_id=buyer, purchased_on=day, quantity=1.0, amount=5000, currency="CNY",
                    reference=f"INV{n}", line_ref="1", created_at=T0)
            for cid in (buyer, lost):
                add("care_events", customer_id=cid, kind="call", happened_at=T0, summary="call", source="manual",
                    next_step="call back", next_due=dt.date(2025, 4, 1), created_at=T0)
            conn.commit()
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT usual_gap_days, last_purchase_on, next_purchase_on, assigned_at "
                                    "FROM customers WHERE id = :id"), {"id": buyer}).one()
            assert row[0] == 30 and str(row[1])[:10] == "2025-03-11" and str(row[2])[:10] == "2025-04-10"
            assert str(row[3])[:10] == "2025-06-01"
            owners = dict(conn.execute(text("SELECT customer_id, follow_up_owner FROM care_events")).all())
            assert owners == {buyer: li, lost: None}
        with db.engine.connect() as conn:
            cfg = migrate.alembic_config()
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0005")
            conn.commit()
            columns = {c["name"] for c in inspect(conn).get_columns("customers")}
            assert "usual_gap_days" not in columns and "assigned_at" not in columns
            assert "follow_up_owner" not in {c["name"] for c in inspect(conn).get_columns("care_events")}
    finally:
        db.dispose()
