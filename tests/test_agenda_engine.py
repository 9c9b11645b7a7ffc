"""The care engine: every agenda section on SQLite and PostgreSQL, with a fixed "today".

Dates that the services take from the clock (a customer's creation) are moved into the test's
own calendar with plain SQL before the agenda is asked, so no assertion depends on the real date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import CareEvent

TODAY = dt.date(2027, 3, 10)
T0 = dt.datetime(2027, 1, 1, 9, 0)


def _sql(crm, sql: str, **params):
    with crm.session() as s:
        result = s.execute(text(sql), params)
        rows = result.all() if result.returns_rows else None
        s.commit()
        return rows


def _customer(crm, name: str, *, tier: str | None = "A", manager: str | None = None, created: dt.datetime = T0,
              **data) -> int:
    record, _ = crm.customers.create({"name": name, "tier": tier, **({"manager": manager} if manager else {}), **data})
    _sql(crm, "UPDATE customers SET created_at = :c, assigned_at = NULL WHERE id = :id", c=created, id=record.id)
    return record.id


def _keys(agenda, section: str) -> list[str]:
    return [r.key for r in agenda.section(section).rows]


def _ids(agenda, section: str) -> set[int]:
    return {r.customer_id for r in agenda.section(section).rows}


# ----- tier cadence ------------------------------------------------------------------------------


def test_a_never_contacted_customer_is_due_one_cadence_after_its_creation(crm):
    cid = _customer(crm, "Wang Fang", tier="A")  # A: a call every 14 days, a visit every 60
    due_day = T0.date() + dt.timedelta(days=15)
    assert cid not in _ids(crm.agenda.build(today=due_day - dt.timedelta(days=1)), "calls")
    agenda = crm.agenda.build(today=due_day)
    row = next(r for r in agenda.section("calls").rows if r.customer_id == cid)
    assert row.reason == "call_cadence" and row.due_on == due_day and row.cadence_days == 14
    assert row.last_touch_at is None and row.tier == "A" and row.customer_name == "Wang Fang"
    assert agenda.section("calls").count == 1
    assert cid not in _ids(agenda, "visits")  # 60 days for a visit
    assert cid in _ids(crm.agenda.build(today=T0.date() + dt.timedelta(days=61)), "visits")


def test_logging_a_call_restarts_the_call_clock_and_a_visit_restarts_both(crm):
    cid = _customer(crm, "Иван Петров", tier="B")  # B: call 30, visit 120
    crm.care.log(cid, "call", summary="Поздравил с праздником", happened_at=dt.datetime(2027, 2, 1, 10))
    assert cid not in _ids(crm.agenda.build(today=dt.date(2027, 3, 3)), "calls")  # 30 days: not older
    assert cid in _ids(crm.agenda.build(today=dt.date(2027, 3, 4)), "calls")
    crm.care.log(cid, "visit", summary="Visited the shop", happened_at=dt.datetime(2027, 3, 1, 15))
    agenda = crm.agenda.build(today=dt.date(2027, 3, 4))
    assert cid not in _ids(agenda, "calls") and cid not in _ids(agenda, "visits")
    # a greeting is not a call: the clock stays
    crm.care.log(cid, "greeting", summary="Card", happened_at=dt.datetime(2027, 3, 30, 9))
    assert cid in _ids(crm.agenda.build(today=dt.date(2027, 4, 1)), "calls")


def test_a_never_contacted_customer_taken_over_is_due_from_the_assignment(crm):
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга")
    cid = _customer(crm, "Old customer", tier="A", manager="li", created=dt.datetime(2026, 1, 1))
    assert cid in _ids(crm.agenda.build(today=TODAY), "calls")
    crm.managers.handover("li", "olga", today=TODAY)
    _sql(crm, "UPDATE customers SET assigned_at = :a WHERE id = :id", a=dt.datetime(2027, 3, 5, 12), id=cid)
    assert cid not in _ids(crm.agenda.build(today=TODAY), "calls")
    assert cid in _ids(crm.agenda.build(today=dt.date(2027, 3, 20)), "calls")


def test_the_most_overdue_relative_to_its_cadence_comes_first(crm):
    a = _customer(crm, "A customer", tier="A", created=dt.datetime(2027, 2, 1))  # 37 days, cadence 14
    c = _customer(crm, "C customer", tier="C", created=dt.datetime(2026, 6, 1))  # 282 days, cadence 90
    b = _customer(crm, "B customer", tier="B", created=dt.datetime(2027, 1, 20))  # 49 days, cadence 30
    assert [r.customer_id for r in crm.agenda.build(today=TODAY).section("calls").rows] == [c, a, b]


def test_lost_deleted_and_tierless_customers_have_no_cadence(crm):
    lost = _customer(crm, "Lost", status="lost")
    gone = _customer(crm, "Gone")
    none = _customer(crm, "No tier", tier=None)
    kept = _customer(crm, "Kept")
    crm.customers.delete([gone])
    agenda = crm.agenda.build(today=TODAY)
    assert _ids(agenda, "calls") == {kept} and agenda.section("calls").count == 1
    assert not {lost, gone, none} & _ids(agenda, "visits")


# ----- actions: log, snooze, done ----------------------------------------------------------------


def test_log_from_a_row_records_the_care_event_and_clears_the_row(crm):
    cid = _customer(crm, "Kim Minji")
    changes = crm.agenda.log(f"call:{cid}", "call", "Asked about the new order", today=TODAY)
    assert changes.care and changes.agenda and cid in changes.customers
    history = crm.care.history(cid)
    assert [(e.kind, e.summary, e.happened_at.date()) for e in history] == [("call", "Asked about the new order", TODAY)]
    assert cid not in _ids(crm.agenda.build(today=TODAY), "calls")
    with pytest.raises(ValidationError):
        crm.agenda.log(f"call:{cid}", "call", "   ", today=TODAY)
    with pytest.raises(ValidationError):
        crm.agenda.log(f"call:{cid}", "gift", "not from here", today=TODAY)
    assert len(crm.care.history(cid)) == 1


def test_snooze_hides_a_row_and_its_count_until_the_day_comes(crm):
    one, two = _customer(crm, "One"), _customer(crm, "Two")
    assert crm.agenda.build(today=TODAY).section("calls").count == 2
    crm.agenda.snooze(f"call:{one}", 3, today=TODAY)
    agenda = crm.agenda.build(today=TODAY)
    assert _ids(agenda, "calls") == {two} and agenda.section("calls").count == 1
    assert crm.agenda.build(today=TODAY + dt.timedelta(days=2)).section("calls").count == 1
    assert crm.agenda.build(today=TODAY + dt.timedelta(days=3)).section("calls").count == 2
    for bad in (0, 400, "x"):
        with pytest.raises(ValidationError):
            crm.agenda.snooze(f"call:{one}", bad, today=TODAY)
    with pytest.raises(ValidationError):
        crm.agenda.snooze("nonsense", 1, today=TODAY)
    with pytest.raises(NotFoundError):
        crm.agenda.snooze("call:999999", 1, today=TODAY)


def test_done_on_a_due_call_is_quiet_for_one_cadence(crm):
    cid = _customer(crm, "Done")
    crm.agenda.done(f"call:{cid}", today=TODAY)
    assert cid not in _ids(crm.agenda.build(today=TODAY + dt.timedelta(days=13)), "calls")
    assert cid in _ids(crm.agenda.build(today=TODAY + dt.timedelta(days=14)), "calls")


# ----- follow-ups and tasks ----------------------------------------------------------------------


def test_follow_ups_are_due_on_their_date_and_done_finishes_them(crm):
    cid = _customer(crm, "Follow", tier=None)
    record, _ = crm.care.log(cid, "call", summary="Price list asked", next_step="Send the price list",
                             next_due=TODAY, happened_at=dt.datetime(2027, 3, 1, 10))
    assert _keys(crm.agenda.build(today=TODAY - dt.timedelta(days=1)), "follow_ups") == []
    agenda = crm.agenda.build(today=TODAY)
    row = agenda.section("follow_ups").rows[0]
    assert (row.key, row.title, row.due_on, row.reason) == (f"follow_up:{record.id}", "Send the price list", TODAY,
                                                            "follow_up")
    crm.agenda.done(row.key, today=TODAY)
    assert crm.agenda.build(today=TODAY).section("follow_ups").count == 0
    with crm.session() as s:
        assert s.get(CareEvent, record.id).next_done_at is not None


def test_follow_ups_follow_the_customer_state_through_the_triggers(crm):
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга")
    cid = _customer(crm, "Trigger", tier=None, manager="li")
    crm.care.log(cid, "call", summary="x", next_step="call back", next_due=TODAY,
                 happened_at=dt.datetime(2027, 3, 1, 10))
    count = lambda **kw: crm.agenda.build(today=TODAY, **kw).section("follow_ups").count  # noqa: E731
    assert (count(), count(manager="li"), count(manager="olga")) == (1, 1, 0)
    crm.managers.handover("li", "olga", today=TODAY)
    assert (count(), count(manager="li"), count(manager="olga")) == (1, 0, 1)
    record = crm.customers.get(cid)
    crm.customers.update(cid, {"status": "lost"}, record.version)
    assert count() == 0
    record = crm.customers.get(cid)
    crm.customers.update(cid, {"status": "active"}, record.version)
    assert count(manager="olga") == 1
    crm.customers.delete([cid])
    assert count() == 0


def test_logging_from_a_task_row_finishes_the_task(crm):
    cid = _customer(crm, "Task", tier=None)
    with crm.session() as s:
        s.execute(text("INSERT INTO care_tasks (customer_id, kind, title, campaign, due_on, created_at, updated_at) "
                       "VALUES (:c, 'call', 'Ask how they are', 'Storm', :d, :t, :t)"),
                  {"c": cid, "d": TODAY, "t": T0})
        s.commit()
    row = crm.agenda.build(today=TODAY).section("follow_ups").rows[0]
    assert row.reason == "task" and row.title == "Ask how they are" and row.person == "Storm"
    crm.agenda.log(row.key, "call", "All fine after the storm", today=TODAY)
    assert crm.agenda.build(today=TODAY).section("follow_ups").count == 0
    done = _sql(crm, "SELECT done_at IS NOT NULL, done_event_id FROM care_tasks")
    assert done[0][0] and done[0][1] == crm.care.history(cid)[0].id


# ----- occasions ---------------------------------------------------------------------------------


def test_a_lunar_birthday_comes_on_its_solar_day(crm):
    # lunar 8/15 (Mid-Autumn) is 2027-09-15
    cid = _customer(crm, "李明", tier=None, birth_calendar="lunar", birth_year=1967, birth_month=8, birth_day=15)
    agenda = crm.agenda.build(today=dt.date(2027, 9, 10), days=7)
    row = next(r for r in agenda.section("occasions").rows if r.customer_id == cid)
    assert row.due_on == dt.date(2027, 9, 15) and row.lunar and row.years == 60 and row.reason == "birthday"
    assert row.lunar_date == (8, 15, False)
    assert cid not in _ids(crm.agenda.build(today=dt.date(2027, 9, 10), days=4), "occasions")


def test_february_29_birthdays_come_on_february_28_in_other_years(crm):
    cid = _customer(crm, "Leap", tier=None, birth_calendar="solar", birth_month=2, birth_day=29)
    assert [r.due_on for r in crm.agenda.build(today=dt.date(2027, 2, 20), days=10).section("occasions").rows
            if r.customer_id == cid] == [dt.date(2027, 2, 28)]
    assert [r.due_on for r in crm.agenda.build(today=dt.date(2028, 2, 20), days=10).section("occasions").rows
            if r.customer_id == cid] == [dt.date(2028, 2, 29)]


def test_contact_birthdays_occasions_lead_days_and_one_off_dates(crm):
    cid = _customer(crm, "Oy Kivi Ab", tier=None, kind="company")
    contact, _ = crm.contacts.add(cid, {"name": "Kirsi", "birth_calendar": "solar", "birth_month": 3,
                                        "birth_day": 15})
    crm.occasions.add(cid, {"kind": "company_anniversary", "title": "Founded", "month": 4, "day": 5,
                            "year": 2002, "lead_days": 30})
    crm.occasions.add(cid, {"kind": "store_opening", "title": "New shop", "month": 3, "day": 20, "year": 2026,
                            "yearly": False})
    crm.occasions.add(cid, {"kind": "wedding", "title": "Wedding", "month": 3, "day": 21, "year": 2027,
                            "yearly": False})
    agenda = crm.agenda.build(today=TODAY, days=14)
    rows = {r.reason + ":" + (r.title or r.person or ""): r for r in agenda.section("occasions").rows}
    assert set(rows) == {"contact_birthday:Kirsi", "occasion:Founded", "occasion:Wedding"}
    assert rows["occasion:Founded"].due_on == dt.date(2027, 4, 5) and rows["occasion:Founded"].years == 25
    assert rows["contact_birthday:Kirsi"].item_id == contact.id
    assert agenda.section("occasions").count == 3
    assert [r.due_on for r in agenda.section("occasions").rows] == sorted(r.due_on for r in agenda.section("occasions").rows)
    crm.agenda.done(rows["occasion:Wedding"].key, today=TODAY)
    assert crm.agenda.build(today=TODAY, days=14).section("occasions").count == 2


# ----- holidays ----------------------------------------------------------------------------------


def test_holidays_of_the_team_countries_with_their_gift_plan(crm):
    crm.settings.update_region(default_country="CN", holiday_countries=["CN", "US"])
    cn = _customer(crm, "王芳", tier=None, country="CN")
    _customer(crm, "No country", tier=None)
    _customer(crm, "Ivan", tier=None, country="RU")
    crm.gifts.add(cn, {"item": "Tea", "cost": "88", "occasion_label": "Chinese New Year (Spring Festival) 2027",
                       "status": "planned"})
    agenda = crm.agenda.build(today=dt.date(2027, 1, 25), days=7)  # holidays are looked for 21 days ahead
    rows = agenda.section("holidays").rows
    spring = next(r for r in rows if r.holiday.country == "CN" and "Spring Festival" in r.title)
    assert spring.due_on == dt.date(2027, 2, 6)
    assert spring.holiday.customers == 2 and spring.holiday.gifts_planned == 1
    assert spring.holiday.gift_cost == Decimal("88.00") and spring.holiday.label.endswith("2027")
    assert spring.holiday.local_name and "春节" in spring.holiday.local_name
    assert all(r.holiday.country in ("CN", "US") for r in rows)
    assert len([r for r in rows if "Spring Festival" in r.title]) == 1  # three days off, one row
    crm.agenda.snooze(spring.key, 5, today=dt.date(2027, 1, 25))
    assert spring.key not in _keys(crm.agenda.build(today=dt.date(2027, 1, 25), days=7), "holidays")


def test_company_days_join_the_holidays(crm):
    day, _ = crm.company_days.add({"name": "Customer day", "month": 3, "day": 18, "lead_days": 30})
    agenda = crm.agenda.build(today=TODAY, days=3)
    row = next(r for r in agenda.section("holidays").rows if r.reason == "company_day")
    assert row.title == "Customer day" and row.due_on == dt.date(2027, 3, 18) and row.holiday.country is None
    with pytest.raises(ValidationError) as err:
        crm.company_days.add({"name": "", "month": 13, "day": 1})
    assert "name" in err.value.problems
    assert [d.id for d in crm.company_days.list()] == [day.id]


# ----- complaints and the context of a row ---------------------------------------------------------


def test_complaints_past_their_target_cannot_be_done_here(crm):
    cid = _customer(crm, "Complaining", tier=None, family_notes="Two daughters")
    crm.complaints.add(cid, {"description": "Late delivery", "received_at": "2027-03-01 10:00",
                             "target_at": "2027-03-08 17:00", "category": "delivery"})
    crm.complaints.add(cid, {"description": "Later", "received_at": "2027-03-01 10:00",
                             "target_at": "2027-03-20 17:00"})
    agenda = crm.agenda.build(today=TODAY)
    rows = agenda.section("complaints").rows
    assert [r.title for r in rows] == ["Late delivery"] and rows[0].days_from(TODAY) == -2
    assert rows[0].context.open_complaints == 2 and rows[0].context.family_notes == "Two daughters"
    with pytest.raises(CrmError):
        crm.agenda.done(rows[0].key, today=TODAY)


def test_rows_carry_the_last_contact_and_the_last_gift(crm):
    cid = _customer(crm, "Context")
    crm.care.log(cid, "greeting", summary="New year card", happened_at=dt.datetime(2027, 1, 1, 9))
    crm.care.log(cid, "help", summary="Fixed the machine", happened_at=dt.datetime(2027, 1, 5, 9))
    crm.gifts.add(cid, {"item": "Tea", "status": "given", "given_on": "2026-02-01"})
    crm.gifts.add(cid, {"item": "Wine", "status": "given", "given_on": "2026-09-01"})
    row = crm.agenda.build(today=TODAY).section("calls").rows[0]
    assert row.context.last_contact_summary == "Fixed the machine" and row.context.last_contact_kind == "help"
    assert (row.context.last_gift_item, row.context.last_gift_on) == ("Wine", dt.date(2026, 9, 1))


def test_the_manager_filter_and_unknown_managers(crm):
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга")
    mine = _customer(crm, "Mine", manager="li")
    _customer(crm, "Theirs", manager="olga")
    agenda = crm.agenda.build(today=TODAY, manager="li")
    assert _ids(agenda, "calls") == {mine} and agenda.manager_login == "li"
    assert crm.agenda.build(today=TODAY).section("calls").count == 2
    with pytest.raises(NotFoundError):
        crm.agenda.build(today=TODAY, manager="nobody")
    with pytest.raises(ValidationError):
        crm.agenda.build(today=TODAY, days=-1)


def test_default_manager_is_the_person_at_the_computer(crm):
    assert crm.agenda.default_manager() is None
    crm.managers.create("tester", "Test Person")  # the crm fixture acts as "tester"
    assert crm.agenda.default_manager() == "tester"


def test_public_holidays_name_the_lunar_festivals_once_and_leave_swapped_days_out():
    from desktop_crm.services.agenda_holidays import public_holidays

    cn = {name: day for day, name, _ in public_holidays("CN", 2026)}
    assert cn["Chinese New Year (Spring Festival)"] == dt.date(2026, 2, 17)
    assert cn["Mid-Autumn Festival"] == dt.date(2026, 9, 25) and cn["Dragon Boat Festival"] == dt.date(2026, 6, 19)
    assert not any(name.startswith("Day off") for name in cn)
    kr = {name: (day, local) for day, name, local in public_holidays("KR", 2026)}
    assert kr["Korean New Year"] == (dt.date(2026, 2, 17), "설날") and kr["Chuseok"][0] == dt.date(2026, 9, 25)
    ru = [name for _, name, _ in public_holidays("RU", 2026)]
    assert ru.count("New Year Holidays") == 1 and "Victory Day" in ru


def test_a_lunar_day_30_in_a_short_month_keeps_its_own_date_on_the_row(crm):
    from lunardate import LunarDate

    # a lunar year whose first month has 29 days: the birthday of 1/30 falls on 1/29
    year = next(y for y in range(2027, 2040)
                if (LunarDate(y, 2, 1).to_solar_date() - LunarDate(y, 1, 1).to_solar_date()).days == 29)
    day29 = LunarDate(year, 1, 29).to_solar_date()
    cid = _customer(crm, "Day thirty", tier=None, birth_calendar="lunar", birth_month=1, birth_day=30)
    row = next(r for r in crm.agenda.build(today=day29, days=0).section("occasions").rows if r.customer_id == cid)
    assert row.due_on == day29 and row.lunar_date == (1, 30, False)
