"""The services behind the customer card: contacts, care, occasions and gifts, purchases, complaints,
the change log. Every test runs on SQLite and on PostgreSQL (``crm`` fixture)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_crm.errors import ConflictError, CrmError, NotFoundError, ValidationError
from desktop_crm.models import Customer, Purchase
from desktop_crm.services import Changes
from desktop_crm.services.purchases import year_before


@pytest.fixture
def company(crm):
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга Смирнова")
    record, _ = crm.customers.create({"name": "上海远航贸易有限公司", "kind": "company", "manager": "li",
                                      "tier": "B"})
    return crm.customers.get(record.id)


@pytest.fixture
def person(crm):
    record, _ = crm.customers.create({"name": "Анна Кузнецова", "kind": "person"})
    return record


# ----- changes --------------------------------------------------------------------------------


def test_changes_or_merges_every_field():
    a = Changes(customers=frozenset({1}), care=True, contacts=frozenset({1}))
    b = Changes(customers=frozenset({2}), customer_list=True, gifts=frozenset({2}), complaints=frozenset({3}))
    merged = a | b
    assert merged.customers == {1, 2} and merged.customer_list and merged.care
    assert merged.contacts == {1} and merged.gifts == {2} and merged.complaints == {3}
    assert not merged.managers and not merged.purchases
    assert merged.touches(3) and merged.touches(1) and not merged.touches(4)


# ----- contacts -------------------------------------------------------------------------------


def test_contact_add_normalises_and_lists(crm, company):
    contact, changes = crm.contacts.add(company.id, {
        "name": " 陈志强 ", "role": "采购经理", "phone": "138 1234 5678", "email": "chen@yuanhang.cn",
        "decision_maker": True, "joined_on": "2019-03-01"})
    assert contact.name == "陈志强" and contact.phone_e164 == "+8613812345678"
    assert contact.joined_on == dt.date(2019, 3, 1) and contact.decision_maker and contact.version == 1
    assert changes.contacts == {company.id} and company.id in changes.customers
    assert [c.name for c in crm.contacts.for_customer(company.id)] == ["陈志强"]
    # the search index follows by itself
    assert [r.id for r in crm.customers.search("陈志强").rows] == [company.id]


def test_contact_validation_names_the_fields(crm, company):
    with pytest.raises(ValidationError) as err:
        crm.contacts.add(company.id, {"name": "", "phone": "12", "email": "chen@", "joined_on": "yesterday"})
    assert set(err.value.problems) == {"name", "phone", "email", "joined_on"}
    assert "wrong number of digits" in err.value.problems["phone"]
    assert crm.contacts.for_customer(company.id) == []


def test_contacts_belong_to_companies(crm, person):
    with pytest.raises(CrmError) as err:
        crm.contacts.add(person.id, {"name": "Someone"})
    assert "company" in str(err.value)
    with pytest.raises(NotFoundError):
        crm.contacts.add(999_999, {"name": "Nobody's"})


def test_contact_optimistic_locking(crm, company):
    contact, _ = crm.contacts.add(company.id, {"name": "Иван", "role": "директор"})
    edited, _ = crm.contacts.update(contact.id, {"role": "генеральный директор"}, contact.version)
    assert edited.version == contact.version + 1
    # a second user still holds the first version
    with pytest.raises(ConflictError) as err:
        crm.contacts.update(contact.id, {"role": "бухгалтер", "email": "ivan@example.ru"}, contact.version)
    assert err.value.theirs == {"role": "генеральный директор", "email": None}
    assert err.value.current_version == edited.version
    assert crm.contacts.get(contact.id).role == "генеральный директор"
    # saving over theirs with the current version works
    mine, _ = crm.contacts.update(contact.id, {"role": "бухгалтер"}, err.value.current_version)
    assert mine.role == "бухгалтер"


def test_mark_left_keeps_the_person_listed_last(crm, company):
    old, _ = crm.contacts.add(company.id, {"name": "Old Boss", "joined_on": "2015-01-01", "decision_maker": True})
    new, _ = crm.contacts.add(company.id, {"name": "New Boss"})
    left, changes = crm.contacts.mark_left(old.id, dt.date(2024, 5, 31), old.version)
    assert left.left_on == dt.date(2024, 5, 31) and changes.contacts == {company.id}
    assert [c.name for c in crm.contacts.for_customer(company.id)] == ["New Boss", "Old Boss"]
    gone, _ = crm.contacts.mark_left(new.id, "2000-01-01", new.version)  # fine: no join date to be before
    assert gone.left_on == dt.date(2000, 1, 1)
    with pytest.raises(ValidationError) as err:
        crm.contacts.update(old.id, {"left_on": "2010-01-01"}, left.version)
    assert "before joining" in err.value.problems["left_on"]


# ----- care -----------------------------------------------------------------------------------


def test_logging_a_call_moves_last_call_without_bumping_the_version(crm, company):
    version = company.version
    when = dt.datetime(2024, 3, 5, 10, 30)
    event, changes = crm.care.log(company.id, "call", summary="Asked about the spring order", outcome="Will order",
                                  next_step="Send the price list", next_due=dt.date(2024, 3, 8), happened_at=when)
    assert event.manager_login == "li" and event.kind == "call" and event.happened_at == when
    assert changes.care and changes.customers == {company.id} and changes.customer_list
    after = crm.customers.get(company.id)
    assert after.last_call_at == when and after.last_visit_at is None
    assert after.version == version  # an open card does not conflict because of a logged call
    # a card loaded before the call can still save without a conflict
    saved, _ = crm.customers.update(company.id, {"city": "上海"}, version)
    assert saved.city == "上海" and saved.last_call_at == when


def test_last_touches_keep_the_later_time(crm, company):
    late, early = dt.datetime(2024, 6, 1, 9), dt.datetime(2024, 1, 1, 9)
    crm.care.log(company.id, "visit", summary="Factory tour", happened_at=late)
    crm.care.log(company.id, "visit", summary="Entered late", happened_at=early)
    crm.care.log(company.id, "greeting", summary="New year card", happened_at=dt.datetime(2024, 12, 31))
    record = crm.customers.get(company.id)
    assert record.last_visit_at == late and record.last_call_at is None
    assert record.version == company.version
    history = crm.care.history(company.id)
    assert [e.summary for e in history] == ["New year card", "Factory tour", "Entered late"]
    assert [e.summary for e in crm.care.history(company.id, limit=1)] == ["New year card"]


def test_care_log_validation_and_manager(crm, company, person):
    with pytest.raises(ValidationError) as err:
        crm.care.log(company.id, "telepathy", summary="  ", next_due="soon")
    assert set(err.value.problems) == {"kind", "summary", "next_due"}
    with pytest.raises(ValidationError) as err:
        crm.care.log(company.id, "call", summary="x", happened_at=dt.datetime(2024, 5, 2), next_due="2024-05-01")
    assert "before the event" in err.value.problems["next_due"]
    foreign, _ = crm.customers.create({"name": "Other Co", "kind": "company"})
    someone, _ = crm.contacts.add(foreign.id, {"name": "Not here"})
    with pytest.raises(ValidationError) as err:
        crm.care.log(company.id, "call", summary="x", contact_id=someone.id)
    assert "contact_id" in err.value.problems
    event, _ = crm.care.log(company.id, "call", summary="By Olga", manager="olga")
    assert event.manager_name == "Ольга Смирнова"
    unmanaged, _ = crm.care.log(person.id, "help", summary="Fixed the printer")
    assert unmanaged.manager_login is None
    with pytest.raises(NotFoundError):
        crm.care.log(company.id, "call", summary="x", manager="nobody")
    assert len(crm.care.history(company.id)) == 1


# ----- occasions and gifts --------------------------------------------------------------------


def test_occasion_dates_are_checked(crm, company):
    leap, changes = crm.occasions.add(company.id, {"kind": "company_anniversary", "title": "成立日",
                                                   "month": 2, "day": 29})
    assert (leap.month, leap.day, leap.year, leap.calendar) == (2, 29, None, "solar")
    assert changes.occasions == {company.id}
    lunar, _ = crm.occasions.add(company.id, {"kind": "birthday", "calendar": "lunar", "month": 8, "day": 30,
                                              "leap_month": True, "lead_days": 10})
    assert lunar.leap_month and lunar.lead_days == 10
    cases = [
        ({"kind": "birthday", "month": 2, "day": 29, "year": 2023}, "date"),
        ({"kind": "birthday", "month": 4, "day": 31}, "date"),
        ({"kind": "birthday", "calendar": "lunar", "month": 13, "day": 1}, "date"),
        ({"kind": "birthday", "calendar": "lunar", "month": 1, "day": 31}, "date"),
        ({"kind": "party", "month": 1, "day": 1}, "kind"),
        ({"kind": "birthday", "month": 1, "day": 1, "lead_days": 400}, "lead_days"),
        ({"kind": "birthday"}, "date"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as err:
            crm.occasions.add(company.id, data)
        assert field in err.value.problems, data
    assert [o.id for o in crm.occasions.for_customer(company.id)] == [leap.id, lunar.id]


def test_occasion_update_and_delete(crm, company):
    contact, _ = crm.contacts.add(company.id, {"name": "김민준"})
    occasion, _ = crm.occasions.add(company.id, {"kind": "birthday", "month": 5, "day": 5, "contact_id": contact.id,
                                                 "title": "김민준 생일"})
    assert occasion.contact_name == "김민준"
    moved, _ = crm.occasions.update(occasion.id, {"day": 31})  # May 31 exists; the month is kept
    assert (moved.month, moved.day) == (5, 31)
    with pytest.raises(ValidationError):
        crm.occasions.update(occasion.id, {"month": 6})  # June 31 does not
    gift, _ = crm.gifts.add(company.id, {"item": "홍삼 세트", "occasion_id": occasion.id})
    changes = crm.occasions.delete(occasion.id)
    assert changes.occasions == {company.id}
    assert crm.occasions.for_customer(company.id) == []
    assert crm.gifts.for_customer(company.id)[0].occasion_id is None  # the gift stays
    assert gift.item == "홍삼 세트"
    with pytest.raises(NotFoundError):
        crm.occasions.delete(occasion.id)


def test_gifts_add_update_and_order(crm, company):
    given, changes = crm.gifts.add(company.id, {"item": "龙井茶", "story": "He loves green tea", "cost": "388",
                                                "status": "given", "given_on": "2024-02-09",
                                                "occasion_label": "春节 2024"})
    assert given.cost == Decimal("388.00") and given.manager_name == "李红梅" and changes.gifts == {company.id}
    idea, _ = crm.gifts.add(company.id, {"item": "月饼"})
    assert idea.status == "idea" and idea.cost is None
    planned, _ = crm.gifts.update(idea.id, {"status": "planned", "planned_for": "2024-09-16", "cost": "120.5"})
    assert planned.status == "planned" and planned.planned_for == dt.date(2024, 9, 16)
    assert planned.cost == Decimal("120.50")
    assert [g.item for g in crm.gifts.for_customer(company.id)] == ["月饼", "龙井茶"]
    with pytest.raises(ValidationError) as err:
        crm.gifts.add(company.id, {"item": " ", "status": "wrapped", "cost": "-1"})
    assert set(err.value.problems) == {"item", "status", "cost"}
    with pytest.raises(ValidationError) as err:
        crm.gifts.add(company.id, {"item": "x", "colour": "red"})
    assert "colour" in err.value.problems


# ----- purchases ------------------------------------------------------------------------------


def test_purchase_summary_with_a_fixed_today(crm, company, person):
    today = dt.date(2024, 2, 29)
    lines = [  # (date, amount, currency, invoice, line)
        (dt.date(2024, 3, 1), "99.99", "CNY", "F-9", "1"),  # after today: all time only
        (dt.date(2024, 2, 29), "100.10", "CNY", "I-1", "1"),
        (dt.date(2024, 2, 29), "0.90", "CNY", "I-1", "2"),
        (dt.date(2023, 3, 1), "50.00", "CNY", "I-2", "1"),  # the first day inside the window
        (dt.date(2023, 2, 28), "7.77", "CNY", "I-3", "1"),  # the same date a year before: outside
        (dt.date(2021, 6, 1), "1000.00", "CNY", None, None),
        (dt.date(2023, 12, 24), "12.34", "USD", None, None),
    ]
    with crm.session() as s:
        for day, amount, currency, ref, line in lines:
            s.add(Purchase(customer_id=company.id, purchased_on=day, amount=Decimal(amount), currency=currency,
                           reference=ref, line_ref=line, product_name="茶叶", quantity=2))
        s.add(Purchase(customer_id=person.id, purchased_on=today, amount=Decimal("5"), currency="CNY"))
        s.commit()
    summary = crm.purchases.summary(company.id, today=today)

    # the expected figures, worked out here in Python
    since = dt.date(2023, 2, 28)
    assert year_before(today) == since == summary.since
    expected = {}
    for day, amount, currency, _ref, _line in lines:
        total = expected.setdefault(currency, [Decimal(0), Decimal(0), 0])
        total[0] += Decimal(amount)
        total[2] += 1
        if since < day <= today:
            total[1] += Decimal(amount)
    assert {t.currency: [t.all_time, t.last_12_months, t.lines] for t in summary.totals} == expected
    assert expected["CNY"][1] == Decimal("151.00")
    assert summary.totals[0].currency == "CNY"  # the biggest first
    assert summary.lines == len(lines)
    assert summary.purchases == len({ref for *_x, ref, _l in lines if ref}) + sum(1 for *_x, ref, _l in lines
                                                                                 if ref is None)
    assert summary.first_on == min(d for d, *_ in lines) and summary.last_on == max(d for d, *_ in lines)
    assert [r.purchased_on for r in summary.rows] == sorted((d for d, *_ in lines), reverse=True)
    assert summary.more is False
    assert summary.rows[0].amount == Decimal("99.99") and summary.rows[0].quantity == 2

    short = crm.purchases.summary(company.id, today=today, limit=2)
    assert len(short.rows) == 2 and short.more and short.lines == len(lines)


def test_purchase_today_is_injectable_and_empty_is_fine(crm, company):
    crm.purchases.today = lambda: dt.date(2030, 1, 1)
    empty = crm.purchases.summary(company.id)
    assert empty.today == dt.date(2030, 1, 1) and empty.since == dt.date(2029, 1, 1)
    assert (empty.lines, empty.purchases, empty.first_on, empty.totals, empty.rows) == (0, 0, None, (), ())


# ----- complaints -----------------------------------------------------------------------------


def test_complaints_add_update_and_locking(crm, company):
    first, changes = crm.complaints.add(company.id, {
        "channel": "wechat", "category": "delivery", "severity": "high", "description": "货物晚到三天",
        "received_at": "2024-04-01 09:15", "target_at": "2024-04-03 09:15"})
    assert first.status == "open" and first.manager_name == "李红梅" and changes.complaints == {company.id}
    second, _ = crm.complaints.add(company.id, {"description": "Invoice had the wrong address",
                                                "received_at": "2024-05-01 10:00"})
    assert second.severity == "medium"
    assert [c.id for c in crm.complaints.for_customer(company.id)] == [second.id, first.id]
    done, _ = crm.complaints.update(first.id, {"status": "resolved", "resolution": "Refunded the freight"},
                                    first.version)
    assert done.status == "resolved" and done.resolved_at is not None and done.version == first.version + 1
    with pytest.raises(ConflictError) as err:
        crm.complaints.update(first.id, {"status": "closed"}, first.version)
    assert err.value.theirs == {"status": "resolved"}
    with pytest.raises(ValidationError) as err:
        crm.complaints.add(company.id, {"description": "", "severity": "apocalyptic",
                                        "received_at": "2024-04-05", "target_at": "2024-04-01"})
    assert set(err.value.problems) == {"description", "severity", "target_at"}


# ----- the change log -------------------------------------------------------------------------


def test_audit_for_customer_includes_contacts_and_complaints(crm, company):
    other, _ = crm.customers.create({"name": "Someone else", "kind": "company"})
    crm.contacts.add(other.id, {"name": "Not mine"})
    contact, _ = crm.contacts.add(company.id, {"name": "Ivan", "role": "buyer"})
    crm.contacts.update(contact.id, {"role": "director"}, contact.version)
    complaint, _ = crm.complaints.add(company.id, {"description": "Broken box", "category": "quality",
                                                   "received_at": "2024-04-01 09:00"})
    crm.complaints.update(complaint.id, {"status": "investigating"}, complaint.version)
    current = crm.customers.get(company.id)
    crm.customers.update(company.id, {"tier": "A", "city": "上海"}, current.version)
    crm.managers.handover("li", "olga", customer_ids=[company.id])

    entries = crm.audit.for_customer(company.id)
    by_key = {(e.entity, e.field): e for e in entries}
    assert by_key[("contact_persons", "role")].old_value == "buyer"
    assert by_key[("contact_persons", "role")].new_value == "director"
    assert by_key[("contact_persons", "role")].subject == "Ivan"
    assert by_key[("complaints", "status")].new_value == "investigating"
    assert "quality" in by_key[("complaints", "status")].subject
    tier = by_key[("customers", "tier_id")]
    assert (tier.old_value, tier.new_value) == ("B", "A") and tier.new_raw.isdigit()
    manager = next(e for e in entries if e.field == "manager_id" and e.old_raw is not None)
    assert (manager.old_value, manager.new_value) == ("李红梅", "Ольга Смирнова")
    assert all(e.actor == "tester" for e in entries)
    assert not any(e.subject == "Not mine" for e in entries)
    # newest first
    assert entries == sorted(entries, key=lambda e: (e.at, e.id), reverse=True)
    assert entries[0].field == "manager_id"  # the handover was the last change
    with crm.session() as s:
        assert s.scalar(select(Customer.city).where(Customer.id == company.id)) == "上海"
