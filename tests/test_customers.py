"""Customer file cards: validation, saving, optimistic locking, audit log, id lists and counts."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_crm.errors import ConflictError, NotFoundError, ValidationError
from desktop_crm.models import AuditLog, Customer, CustomerStatus
from desktop_crm.services import Crm, CustomerQuery


def test_create_normalises_and_reads_back(crm):
    record, changes = crm.customers.create({
        "name": "  Иван Петров ", "mobile": "138 1234 5678", "phone": "+7 (912) 345-67-89",
        "email": "ivan@mail.ru", "country": "ru", "credit_limit": "12,500.50", "tier": "B",
        "birth_calendar": "lunar", "birth_month": 8, "birth_day": 15, "kind": "person",
        "custom_fields": {"vip_since": 2019}, "family_notes": "Дочь Аня, 7 лет",
    })
    assert record.name == "Иван Петров"
    assert record.mobile_e164 == "+8613812345678" and record.mobile == "138 1234 5678"
    assert record.phone_e164 == "+79123456789"
    assert record.country == "RU" and record.tier == "B"
    assert record.credit_limit == Decimal("12500.50")
    assert (record.birth_calendar, record.birth_month, record.birth_day) == ("lunar", 8, 15)
    assert record.code.startswith("C") and record.version == 1
    assert changes.customers == {record.id} and changes.customer_list
    again = crm.customers.by_code(record.code)
    assert again == record


def test_codes_are_unique_and_sequential(crm):
    first, _ = crm.customers.create({"name": "A"})
    second, _ = crm.customers.create({"name": "B"})
    assert int(second.code[1:]) == int(first.code[1:]) + 1
    with pytest.raises(ValidationError) as err:
        crm.customers.create({"name": "C", "code": first.code})
    assert "code" in err.value.problems


def test_validation_names_each_field(crm):
    with pytest.raises(ValidationError) as err:
        crm.customers.create({"name": " ", "mobile": "12", "email": "nobody@", "country": "Russia",
                              "status": "sleeping", "birth_month": 2, "birth_day": 30, "tier": "Z"})
    problems = err.value.problems
    assert set(problems) == {"name", "mobile", "email", "country", "status", "birthday", "tier"}
    assert "wrong number of digits" in problems["mobile"]
    assert "'nobody@' is not an e-mail address" == problems["email"]
    assert "tiers: A, B, C" in problems["tier"]
    assert crm.customers.count() == 0  # nothing was written


def test_unknown_fields_are_refused(crm):
    with pytest.raises(ValidationError) as err:
        crm.customers.create({"name": "X", "shoe_size": 42})
    assert "shoe_size" in err.value.problems


def test_feb_29_without_year_and_lunar_day_30(crm):
    a, _ = crm.customers.create({"name": "Leap", "birth_month": 2, "birth_day": 29})
    b, _ = crm.customers.create({"name": "Lunar", "birth_calendar": "lunar", "birth_month": 12, "birth_day": 30,
                                 "birth_leap_month": True})
    assert (a.birth_month, a.birth_day, a.birth_year) == (2, 29, None)
    assert b.birth_leap_month is True
    with pytest.raises(ValidationError):
        crm.customers.create({"name": "NoSuch", "birth_year": 2023, "birth_month": 2, "birth_day": 29})


def test_update_bumps_version_and_writes_audit_log(crm):
    record, _ = crm.customers.create({"name": "Åsa Öberg", "city": "Turku"})
    updated, _ = crm.customers.update(record.id, {"city": "Helsinki", "phone": "040 123 4567"}, record.version)
    assert updated.city == "Helsinki" and updated.version == record.version + 1
    with crm.session() as s:
        rows = s.scalars(select(AuditLog).where(AuditLog.entity == "customers", AuditLog.entity_id == record.id)
                         .order_by(AuditLog.id)).all()
    actions = [(r.action.value, r.field, r.old_value, r.new_value, r.actor) for r in rows]
    assert actions[0] == ("create", None, None, None, "tester")
    assert ("update", "city", "Turku", "Helsinki", "tester") in actions
    assert ("update", "phone", None, "040 123 4567", "tester") in actions
    assert not any(field in ("version", "updated_at", "sort_name") for _, field, *_ in actions)


def test_stale_version_is_refused_and_first_edit_survives(crm):
    record, _ = crm.customers.create({"name": "Мария", "city": "Казань"})
    # Two managers open the same card (both hold version 1) and both save.
    crm.customers.update(record.id, {"city": "Самара"}, record.version)
    with pytest.raises(ConflictError) as err:
        crm.customers.update(record.id, {"city": "Уфа", "notes": "x"}, record.version)
    assert err.value.theirs == {"city": "Самара", "notes": None}
    assert err.value.current_version == record.version + 1
    assert "Мария" in str(err.value) and record.code in str(err.value)
    assert crm.customers.get(record.id).city == "Самара"


def test_concurrent_sessions_second_flush_conflicts(db_url):
    """Two ORM sessions load the same row; the second UPDATE finds the version moved and is refused."""
    first_crm = Crm.open(db_url, actor="a")
    second_crm = Crm.open(db_url, actor="b")
    try:
        record, _ = first_crm.customers.create({"name": "Concurrent", "city": "Oulu"})
        with first_crm.session() as s1, second_crm.session() as s2:
            one = s1.get(Customer, record.id)
            two = s2.get(Customer, record.id)
            assert one.version == two.version == 1
            one.city = "Tampere"
            s1.commit()
            two.city = "Espoo"
            from sqlalchemy.orm.exc import StaleDataError

            with pytest.raises(StaleDataError):
                s2.commit()
        assert first_crm.customers.get(record.id).city == "Tampere"
    finally:
        first_crm.close()
        second_crm.close()


def test_conflict_between_threads_through_the_service(db_url):
    """Both saves race from threads with the same expected version; exactly one wins."""
    crm = Crm.open(db_url, actor="a")
    try:
        record, _ = crm.customers.create({"name": "Race"})
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def save(city: str) -> None:
            barrier.wait()
            try:
                crm.customers.update(record.id, {"city": city}, record.version)
                outcomes.append("saved:" + city)
            except ConflictError:
                outcomes.append("conflict")

        threads = [threading.Thread(target=save, args=(c,)) for c in ("Lahti", "Vaasa")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "saved"]
        winner = next(o.split(":")[1] for o in outcomes if o.startswith("saved"))
        final = crm.customers.get(record.id)
        assert final.city == winner and final.version == record.version + 1
    finally:
        crm.close()


def test_delete_restore_and_not_found(crm):
    record, _ = crm.customers.create({"name": "Gone"})
    crm.customers.delete([record.id])
    assert crm.customers.count() == 0
    with pytest.raises(NotFoundError):
        crm.customers.get(record.id)
    with pytest.raises(NotFoundError):
        crm.customers.by_code(record.code)
    crm.customers.restore([record.id])
    assert crm.customers.get(record.id).name == "Gone"


@pytest.fixture
def book(crm):
    """A small book of customers over two managers and three tiers."""
    crm.managers.create("li", "李红梅")
    crm.managers.create("anna", "Anna Virtanen")
    data = [
        ("Zhang Wei", "A", "li", "active", "华东"), ("Борис", "B", "anna", "active", "Урал"),
        ("anna karenina", "C", "li", "dormant", "Урал"), ("Ärla", "A", "anna", "lost", "Uusimaa"),
        ("bob", None, None, "prospect", None),
    ]
    out = {}
    for name, tier, manager, status, region in data:
        values = {"name": name, "status": status, "region": region}
        if tier:
            values["tier"] = tier
        if manager:
            values["manager"] = manager
        out[name] = crm.customers.create(values)[0]
    return out


def test_ids_sorted_and_filtered(crm, book):
    def names(query):
        return [r.name for r in crm.customers.rows(crm.customers.ids(query))]

    assert names(CustomerQuery()) == ["anna karenina", "Ärla", "bob", "Zhang Wei", "Борис"]
    assert names(CustomerQuery(descending=True)) == ["Борис", "Zhang Wei", "bob", "Ärla", "anna karenina"]
    assert names(CustomerQuery(tiers=("A",))) == ["Ärla", "Zhang Wei"]
    assert names(CustomerQuery(tiers=("",))) == ["bob"]
    assert names(CustomerQuery(sort="tier")) == ["Ärla", "Zhang Wei", "Борис", "anna karenina", "bob"]
    li = crm.managers.by_login("li").id
    assert names(CustomerQuery(manager_ids=(li,))) == ["anna karenina", "Zhang Wei"]
    assert names(CustomerQuery(statuses=("dormant", "lost"))) == ["anna karenina", "Ärla"]
    assert names(CustomerQuery(regions=("Урал",))) == ["anna karenina", "Борис"]
    assert names(CustomerQuery(search="anna")) == ["anna karenina"]
    assert names(CustomerQuery(search="anna", tiers=("A",))) == []
    assert crm.customers.count(CustomerQuery(tiers=("A", "B"))) == 3
    assert crm.customers.count_by_tier() == {"A": 2, "B": 1, "C": 1, None: 1}
    assert crm.customers.count_by_manager() == {"li": 2, "anna": 2, None: 1}
    with pytest.raises(ValidationError):
        crm.customers.ids(CustomerQuery(sort="shoe_size"))


def test_overdue_for_contact_follows_tier_cadence(crm, book):
    today = dt.date.today() + dt.timedelta(days=20)  # A's call cadence is 14 days, B's 30, C's 90
    overdue = set(crm.customers.rows(crm.customers.ids(CustomerQuery(overdue=True, today=today))))
    assert {r.name for r in overdue} == {"Zhang Wei", "Ärla"}
    zhang = book["Zhang Wei"]
    with crm.session() as s:
        s.get(Customer, zhang.id).last_call_at = dt.datetime.combine(today - dt.timedelta(days=3), dt.time())
        s.commit()
    overdue = crm.customers.rows(crm.customers.ids(CustomerQuery(overdue=True, today=today)))
    assert [r.name for r in overdue] == ["Ärla"]


def test_manual_tier_change_is_recorded_and_pinned(crm, book):
    zhang = book["Zhang Wei"]
    crm.customers.update(zhang.id, {"tier": "C"}, zhang.version)
    history = crm.tiers.history(zhang.id)
    assert history[0]["from"] == "A" and history[0]["to"] == "C" and history[0]["reason"] == "manual"
    assert crm.customers.get(zhang.id).tier_pinned is True
    crm.tiers.set_tier([book["bob"].id], "B")
    assert crm.customers.get(book["bob"].id).tier == "B"
    assert crm.tiers.history(book["bob"].id)[0]["to"] == "B"


def test_status_enum_round_trip(crm):
    record, _ = crm.customers.create({"name": "S", "status": "DORMANT"})
    with crm.session() as s:
        assert s.get(Customer, record.id).status is CustomerStatus.DORMANT


def test_counters_agree_with_a_direct_count_after_every_kind_of_change(crm):
    """The trigger-kept counts equal GROUP BY over the table after creates, edits, bulk moves and deletes."""
    from sqlalchemy import func as sa_func

    crm.managers.create("m1", "One")
    crm.managers.create("m2", "Two")
    made = [crm.customers.create({"name": f"N{i}", "tier": "ABC"[i % 3], "manager": ("m1", "m2")[i % 2],
                                  "status": ("active", "dormant")[i % 2]})[0] for i in range(12)]
    crm.customers.update(made[0].id, {"tier": "C", "status": "lost"}, made[0].version)
    crm.managers.handover("m1", "m2", customer_ids=[made[2].id, made[4].id])
    crm.tiers.set_tier([made[5].id, made[6].id], None)
    crm.customers.delete([made[7].id, made[8].id])
    crm.customers.restore([made[8].id])
    with crm.session() as s:
        s.delete(s.get(Customer, made[9].id))
        s.commit()

    def direct(column):
        with crm.session() as s:
            rows = s.execute(select(column, sa_func.count()).where(Customer.deleted_at.is_(None))
                             .group_by(column)).all()
        return rows

    tiers = {t.id: t.code for t in crm.tiers.list()}
    assert crm.customers.count_by_tier() == {tiers.get(k): n for k, n in direct(Customer.tier_id)}
    managers = {m.id: m.login for m in crm.managers.list()}
    assert crm.customers.count_by_manager() == {managers.get(k): n for k, n in direct(Customer.manager_id)}
    for status, n in direct(Customer.status):
        assert crm.customers.count(CustomerQuery(statuses=(status.value,))) == n
    assert crm.customers.count() == 10
    assert crm.customers.count(CustomerQuery(tiers=("C", ""))) == sum(
        n for k, n in direct(Customer.tier_id) if tiers.get(k) in ("C", None))
    # combined filters take the SQL path and agree with the counters' sums
    m2 = crm.managers.by_login("m2").id
    assert crm.customers.count(CustomerQuery(tiers=("A",), manager_ids=(m2,))) == len(
        [r for r in crm.customers.rows(crm.customers.ids(CustomerQuery(manager_ids=(m2,)))) if r.tier == "A"])


def _expected_order(crm, sort: str, descending: bool, ids: list[int]) -> list[int]:
    """The table's order computed in Python from the records, independently of the SQL."""
    from desktop_crm.services.search_text import fold

    tiers = {t.code: (t.rank, t.code) for t in crm.tiers.list()}
    managers = {m.login: m.name for m in crm.managers.list(include_inactive=True)}
    statuses = ["prospect", "active", "dormant", "lost"]
    recs = [crm.customers.get(i) for i in ids]

    def blank_last(value):
        return (value is None, value or "")

    def key(r):
        name = (fold(r.name), r.id)
        if sort == "name":
            return name
        if sort == "code":
            return (r.code, r.id)
        if sort in ("company", "city", "region"):
            return (*blank_last(getattr(r, sort)), r.id)
        if sort == "tier":
            return (r.tier is None, tiers.get(r.tier, (0, "")), *name)
        if sort == "manager":
            return (r.manager_login is None, managers.get(r.manager_login, ""), *name)
        if sort == "status":
            return (statuses.index(r.status), *name)
        if sort == "last_contact":
            touches = [t for t in (r.last_call_at, r.last_visit_at) if t is not None]
            return (bool(touches), max(touches) if touches else dt.datetime.min, r.id)
        raise AssertionError(sort)

    return [r.id for r in sorted(recs, key=key, reverse=descending)]


@pytest.mark.parametrize("sort", ["name", "code", "company", "city", "region", "tier", "manager", "status",
                                  "last_contact"])
def test_every_sort_order_and_its_first_pages(crm, book, sort):
    """Each column's order agrees with Python's, asc and desc, with and without a search; a limited
    list is always the head of the whole list (the table shows the head first)."""
    from desktop_crm.models import Customer

    extra = [("Carl", "Carlsberg Oy", "Helsinki"), ("Céline", None, "Lyon"), ("Anna Berg", "Berg AB", None),
             ("Anne Holm", "Aalto", "Espoo")]
    for name, company, city in extra:
        crm.customers.create({"name": name, "company": company, "city": city, "tier": "B", "manager": "li"})
    everyone = crm.customers.ids(CustomerQuery())
    with crm.session() as s:  # touches as the care service keeps them: some calls, some visits, some never
        for n, cid in enumerate(everyone):
            customer = s.get(Customer, cid)
            if n % 3 != 2:
                customer.last_call_at = dt.datetime(2026, 1, 1 + n, 9)
            if n % 2 == 0:
                customer.last_visit_at = dt.datetime(2026, 1, 10 + n, 9)
        s.commit()
    for search in ("", "an"):
        for descending in (False, True):
            query = CustomerQuery(sort=sort, descending=descending, search=search)
            got = crm.customers.ids(query)
            matching = crm.customers.ids(CustomerQuery(search=search))
            assert sorted(got) == sorted(matching)
            assert got == _expected_order(crm, sort, descending, got), (search, descending)
            for limit in range(1, len(got) + 1):
                assert crm.customers.ids(query, limit=limit) == got[:limit]


def test_regions_lists_live_customers_regions(crm, book):
    assert crm.customers.regions() == sorted(["华东", "Урал", "Uusimaa"])
    crm.customers.delete([book["Ärla"].id])
    assert crm.customers.regions() == sorted(["华东", "Урал"])
