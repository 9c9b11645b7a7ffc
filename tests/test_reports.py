"""The reports' numbers against the database (SQLite file and PostgreSQL), their .xlsx export and
``desktop-crm report``.

Every expectation is worked out here from rows read straight from the tables, in plain Python,
with the rules written out again: nothing is copied from the report code.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from sqlalchemy import select, update

from desktop_crm import cli
from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.io.report_xlsx import write_report_xlsx
from desktop_crm.models import CareEvent, Complaint, Customer, Gift, Manager, Purchase, Tier, TierChange
from desktop_crm.services import rhythms
from desktop_crm.services.report_records import REPORT_NAMES, ReportFilters
from pdf_tools import needs_poppler, page_text, pdf_pages

TODAY = dt.date(2026, 6, 30)
YEAR_AGO = dt.date(2025, 7, 1)  # the first day of the 12 months up to TODAY
CUSTOMERS = Customer.__table__
PURCHASES = Purchase.__table__


# ----- building the data through the services, then pinning the dates ----------------------------

def customer(crm, name, tier=None, manager=None, created=dt.datetime(2025, 1, 10, 9, 0), **more) -> int:
    record, _ = crm.customers.create({"name": name, "tier": tier, "manager": manager, **more})
    set_columns(crm, CUSTOMERS, record.id, created_at=created, assigned_at=created if manager else None)
    return record.id


def set_columns(crm, table, row_id: int, **values) -> None:
    with crm.session() as s:
        s.execute(update(table).where(table.c.id == row_id).values(**values))
        s.commit()


def delete(crm, customer_id: int, when: dt.datetime) -> None:
    crm.customers.delete([customer_id])
    set_columns(crm, CUSTOMERS, customer_id, deleted_at=when)


def buy(crm, customer_id: int, *lines: tuple[str, str, str]) -> None:
    """Purchases (day, amount, currency); there is no service for single lines, imports make them."""
    with crm.session() as s:
        for n, (day, amount, currency) in enumerate(lines):
            s.add(Purchase(customer_id=customer_id, purchased_on=dt.date.fromisoformat(day), amount=Decimal(amount),
                           currency=currency, reference=f"T{customer_id}-{day}-{n}", line_ref="1"))
        s.flush()
        rhythms.refresh(s.connection(), [customer_id])
        s.commit()


def rows_of(crm, stmt) -> list:
    with crm.session() as s:
        return list(s.execute(stmt))


def manager_names(crm) -> dict:
    return dict(rows_of(crm, select(Manager.id, Manager.name)))


def tier_rows(crm) -> dict:
    return {t.id: t for t in rows_of(crm, select(Tier.__table__))}


def build(crm, name, **filters):
    return crm.reports.build(name, ReportFilters(**filters), today=TODAY)


def column(report, key):
    i = [c.key for c in report.columns].index(key)
    return [r[i] for r in report.rows]


def by_first(report) -> dict:
    return {r[0]: r[1:] for r in report.rows}


@pytest.fixture
def team(crm):
    crm.managers.create("li", "Li Hongmei")
    crm.managers.create("wang", "Wang Lei")
    return crm


# ----- pareto ---------------------------------------------------------------------------------

def expected_revenue(crm, since, until, rates, *, manager=None, tier=None) -> dict[int, Decimal]:
    """Revenue per live customer: per currency summed, converted, rounded to the cent; > 0 only."""
    per = defaultdict(Decimal)
    found = rows_of(crm, select(PURCHASES.c.customer_id, PURCHASES.c.purchased_on, PURCHASES.c.amount,
                                PURCHASES.c.currency, CUSTOMERS.c.deleted_at, CUSTOMERS.c.manager_id,
                                CUSTOMERS.c.tier_id).join(CUSTOMERS, CUSTOMERS.c.id == PURCHASES.c.customer_id))
    for cid, day, amount, currency, deleted, manager_id, tier_id in found:
        if deleted is None and since <= day <= until and currency in rates and manager in (None, manager_id) \
                and tier in (None, tier_id):
            per[(cid, currency)] += amount
    revenue = defaultdict(Decimal)
    for (cid, currency), amount in per.items():
        revenue[cid] += (amount * Decimal(str(rates[currency]))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return {cid: r for cid, r in revenue.items() if r > 0}


def test_pareto_counts_home_currency_and_rates_against_the_purchases(team):
    crm = team
    ids = [customer(crm, f"Buyer {n}", tier="ABC"[n % 3], manager=("li", "wang", None)[n % 3]) for n in range(7)]
    buy(crm, ids[0], ("2026-01-05", "1000.00", "CNY"), ("2026-02-05", "-200.00", "CNY"))
    buy(crm, ids[1], ("2026-03-01", "300.00", "CNY"), ("2026-03-02", "10.01", "USD"))
    buy(crm, ids[2], ("2025-12-24", "50.00", "EUR"), ("2026-06-30", "120.00", "CNY"))
    buy(crm, ids[3], ("2025-06-30", "5000.00", "CNY"), ("2025-07-01", "80.00", "CNY"))  # first line before the period
    buy(crm, ids[4], ("2026-04-04", "100.00", "CNY"), ("2026-04-05", "-150.00", "CNY"))  # net negative: left out
    buy(crm, ids[5], ("2026-05-05", "900.00", "CNY"))
    buy(crm, ids[6], ("2026-05-06", "700.00", "CNY"))
    delete(crm, ids[5], dt.datetime(2026, 6, 1))
    crm.abc.set_rates({"USD": "7.5"})

    report = build(crm, "pareto")
    assert (report.filters.since, report.filters.until) == (YEAR_AGO, TODAY)
    revenue = expected_revenue(crm, YEAR_AGO, TODAY, {"CNY": 1, "USD": 7.5})
    order = sorted(revenue, key=lambda cid: (-revenue[cid], cid))
    total = sum(revenue.values())
    codes = dict(rows_of(crm, select(CUSTOMERS.c.id, CUSTOMERS.c.code)))
    assert column(report, "code") == [codes[c] for c in order]
    assert column(report, "revenue") == [revenue[c] for c in order]
    running = 0
    for cid, got_share, got_cumulative in zip(order, column(report, "share"), column(report, "cumulative")):
        running += revenue[cid]
        assert got_share == pytest.approx(float(revenue[cid] / total))
        assert got_cumulative == pytest.approx(float(running / total))
    assert report.totals[5] == total
    needed = next(k for k in range(1, len(order) + 1) if sum(revenue[c] for c in order[:k]) >= Decimal("0.8") * total)
    assert f"{len(order)} customers bought in the period" in report.notes[0]
    assert f"({needed}) make 80 % of the revenue" in report.notes[0]
    assert any(n.startswith("Purchase lines left out") and n.endswith(": 1 in EUR.") for n in report.notes)
    chart = report.charts[0]
    assert chart.kind == "pareto" and chart.marks[0].value == 0.8 and chart.series[1].axis == "right"
    assert chart.series[0].values == pytest.approx([float(revenue[c] / total) for c in order])
    assert chart.series[1].values[-1] == pytest.approx(1.0)

    li = dict(rows_of(crm, select(Manager.login, Manager.id)))["li"]
    by_li = build(crm, "pareto", manager="li", since=dt.date(2026, 1, 1), until=dt.date(2026, 3, 31))
    li_revenue = expected_revenue(crm, dt.date(2026, 1, 1), dt.date(2026, 3, 31), {"CNY": 1, "USD": 7.5}, manager=li)
    assert column(by_li, "revenue") == sorted(li_revenue.values(), reverse=True)
    a_tier = {t.code: t.id for t in tier_rows(crm).values()}["A"]
    by_a = build(crm, "pareto", tier="A")
    assert sorted(column(by_a, "revenue")) == sorted(
        expected_revenue(crm, YEAR_AGO, TODAY, {"CNY": 1, "USD": 7.5}, tier=a_tier).values())


def test_pareto_groups_many_customers_into_a_hundred_equal_buckets(crm):
    ids = [customer(crm, f"Shop {n}") for n in range(130)]
    with crm.session() as s:
        for n, cid in enumerate(ids):
            s.add(Purchase(customer_id=cid, purchased_on=dt.date(2026, 3, 1), amount=Decimal((n * 37) % 101 + 1),
                           currency="CNY", reference=f"B{n}", line_ref="1"))
        s.commit()
    report = build(crm, "pareto")
    revenue = expected_revenue(crm, YEAR_AGO, TODAY, {"CNY": 1})
    order = sorted(revenue, key=lambda cid: (-revenue[cid], cid))
    n, total = len(order), sum(revenue.values())
    buckets = defaultdict(Decimal)
    for rank, cid in enumerate(order):
        buckets[rank * 100 // n] += revenue[cid]
    chart = report.charts[0]
    assert len(chart.categories) == 100 and chart.categories[-1] == "100 %"
    assert chart.series[0].values == pytest.approx([float(buckets[b] / total) for b in sorted(buckets)])
    assert len(report.rows) == 100 and report.totals[2] == f"All {n} customers"


# ----- tiers ----------------------------------------------------------------------------------

def tier_at(changes: list, current, when: dt.datetime):
    """The rule: the last change made by then; else the first change's from tier; else the current tier."""
    made = [c for c in changes if c[2] <= when]
    if made:
        return max(made, key=lambda c: (c[2], c[3]))[1]
    if changes:
        return min(changes, key=lambda c: (c[2], c[3]))[0]
    return current


def test_tiers_then_and_now_rebuilt_from_the_history(team):
    crm = team
    codes = {t.code: t.id for t in tier_rows(crm).values()}

    def move(cid, code, when):
        crm.tiers.set_tier([cid], code)
        with crm.session() as s:
            last = s.scalar(select(TierChange.id).where(TierChange.customer_id == cid).order_by(TierChange.id.desc()))
        set_columns(crm, TierChange.__table__, last, changed_at=when)

    down = customer(crm, "Falls to B", tier="B", manager="li")
    move(down, "A", dt.datetime(2025, 9, 1))
    move(down, "B", dt.datetime(2026, 3, 1))
    up = customer(crm, "Climbs to B", tier="C", manager="wang")
    move(up, "B", dt.datetime(2026, 2, 1))
    customer(crm, "Stays C", tier="C", manager="li")
    customer(crm, "New A", tier="A", manager="li", created=dt.datetime(2026, 4, 1))
    gone = customer(crm, "Gone A", tier="A", manager="wang")
    delete(crm, gone, dt.datetime(2026, 5, 1))
    later = customer(crm, "Gets C later", manager="li")
    move(later, "C", dt.datetime(2026, 7, 15))
    customer(crm, "Lost B", tier="B", manager="li", status="lost")

    since, until = dt.date(2026, 1, 1), dt.date(2026, 6, 30)
    report = build(crm, "tiers", since=since, until=until)
    start, end = dt.datetime(2026, 1, 1), dt.datetime(2026, 7, 1)
    history = defaultdict(list)
    for cid, from_id, to_id, when, change_id in rows_of(crm, select(
            TierChange.customer_id, TierChange.from_tier_id, TierChange.to_tier_id, TierChange.changed_at,
            TierChange.id)):
        history[cid].append((from_id, to_id, when, change_id))
    then, now = Counter(), Counter()
    for cid, tier_id, created, deleted in rows_of(crm, select(CUSTOMERS.c.id, CUSTOMERS.c.tier_id,
                                                              CUSTOMERS.c.created_at, CUSTOMERS.c.deleted_at)):
        for counter, instant in ((then, start), (now, end)):
            if created <= instant and (deleted is None or deleted > instant):
                counter[tier_at(history[cid], tier_id, instant)] += 1
    rank = {t.id: t.rank for t in tier_rows(crm).values()}
    moved_up, moved_down = Counter(), Counter()
    for changes in history.values():
        for from_id, to_id, when, _ in changes:
            if start < when <= end:
                before, after = rank.get(from_id, math.inf), rank.get(to_id, math.inf)
                (moved_up if after < before else moved_down)[to_id] += after != before
    got = by_first(report)
    for code in "ABC":
        tid = codes[code]
        assert got[code] == (then[tid], now[tid], now[tid] - then[tid], moved_up[tid], moved_down[tid]), code
    assert got["No tier"][:2] == (then[None], now[None])
    assert report.totals[1:3] == (sum(then.values()), sum(now.values()))
    stacked = report.charts[0]
    assert stacked.kind == "stacked_bar" and stacked.categories == ("2026-01-01", "2026-06-30")
    assert {s.name: s.values for s in stacked.series}["A"] == (then[codes["A"]], now[codes["A"]])
    assert "The tier filter does not apply to this report." in report.notes

    li = build(crm, "tiers", since=since, until=until, manager="li")
    assert sum(column(li, "now")) == 5  # Falls to B, Stays C, New A, Gets C later and Lost B (lost ones count)


# ----- care activity --------------------------------------------------------------------------

def test_care_activity_per_manager_who_did_it_and_month(team):
    crm = team
    a = customer(crm, "Alpha", tier="A", manager="li")
    b = customer(crm, "Beta", tier="B", manager="wang")
    gone = customer(crm, "Gone", tier="A", manager="li")
    log = [(a, "call", "2026-01-03 10:00", None), (a, "call", "2026-01-20 10:00", None),
           (a, "visit", "2026-02-01 15:00", None), (a, "greeting", "2026-02-10 08:00", "wang"),
           (b, "gift", "2026-02-11 09:00", None), (b, "help", "2026-03-31 23:30", None),
           (b, "call", "2025-06-30 12:00", None), (gone, "call", "2026-03-01 10:00", None),
           (a, "complaint_follow_up", "2026-06-30 18:00", None)]
    for cid, kind, when, manager in log:
        crm.care.log(cid, kind, summary=f"{kind} at {when}", happened_at=when, manager=manager)
    delete(crm, gone, dt.datetime(2026, 4, 1))

    report = build(crm, "care-activity")
    names = manager_names(crm)
    expected = defaultdict(lambda: [0] * 5)
    slots = {"call": 0, "visit": 1, "greeting": 2, "gift": 3}
    for manager_id, kind, happened, deleted, tier_id in rows_of(crm, select(
            CareEvent.manager_id, CareEvent.kind, CareEvent.happened_at, CUSTOMERS.c.deleted_at, CUSTOMERS.c.tier_id)
            .join(CUSTOMERS, CUSTOMERS.c.id == CareEvent.customer_id)):
        if deleted is None and YEAR_AGO <= happened.date() <= TODAY:
            expected[(names.get(manager_id, "(no manager)"), f"{happened:%Y-%m}")][slots.get(kind.value, 4)] += 1
    got = {(r[0], r[1]): list(r[2:7]) for r in report.rows}
    assert got == dict(expected)
    assert column(report, "total") == [sum(r[2:7]) for r in report.rows]
    assert report.totals[-1] == sum(sum(v) for v in expected.values())
    stacked = report.charts[0]
    assert stacked.categories[0] == "2025-07" and stacked.categories[-1] == "2026-06"
    calls = dict(zip(stacked.categories, {s.name: s.values for s in stacked.series}["Calls"]))
    assert calls["2026-01"] == sum(v[0] for (m, month), v in expected.items() if month == "2026-01")
    per_manager = dict(zip(report.charts[1].categories, report.charts[1].series[0].values))
    assert per_manager["Wang Lei"] == sum(sum(v) for (m, _), v in expected.items() if m == "Wang Lei")

    wang = build(crm, "care-activity", manager="wang")
    assert {r[0] for r in wang.rows} == {"Wang Lei"}
    assert wang.totals[-1] == sum(sum(v) for (m, _), v in expected.items() if m == "Wang Lei")
    only_b = build(crm, "care-activity", tier="B")
    assert only_b.totals[-1] == 2  # the gift and the help for Beta; its call of June 2025 is before the period


# ----- overdue --------------------------------------------------------------------------------

def test_overdue_follows_the_tier_cadence_clocks(team):
    crm = team
    ids = {
        "a_called": customer(crm, "A called lately", tier="A", manager="li"),
        "a_silent": customer(crm, "A silent", tier="A", manager="li"),
        "b_visited": customer(crm, "B visited", tier="B", manager="wang"),
        "c_new": customer(crm, "C new", tier="C", manager="wang", created=dt.datetime(2026, 6, 1)),
        "c_old": customer(crm, "C old", tier="C"),
        "lost": customer(crm, "Lost A", tier="A", manager="li", status="lost"),
        "none": customer(crm, "No tier", manager="li"),
    }
    crm.care.log(ids["a_called"], "call", summary="hello", happened_at="2026-06-25 10:00")
    crm.care.log(ids["a_silent"], "call", summary="hello", happened_at="2026-05-01 10:00")
    crm.care.log(ids["b_visited"], "visit", summary="hello", happened_at="2026-06-10 10:00")
    set_columns(crm, CUSTOMERS, ids["c_new"], assigned_at=dt.datetime(2026, 6, 20))

    report = build(crm, "overdue")
    tiers = tier_rows(crm)
    names = manager_names(crm)
    limit = dt.datetime.combine(TODAY, dt.time())
    customers, calls, visits = Counter(), Counter(), Counter()
    for row in rows_of(crm, select(CUSTOMERS)):
        if row.deleted_at is not None or row.status == "lost":
            continue
        who = names.get(row.manager_id, "(no manager)")
        customers[who] += 1
        tier = tiers.get(row.tier_id)
        if tier is None:
            continue
        start = max(row.created_at, row.assigned_at or row.created_at)
        touches = [t for t in (row.last_call_at, row.last_visit_at) if t]
        call_clock = max(touches) if touches else start
        visit_clock = row.last_visit_at or start
        calls[who] += call_clock < limit - dt.timedelta(days=tier.call_cadence_days)
        visits[who] += visit_clock < limit - dt.timedelta(days=tier.visit_cadence_days)
    got = by_first(report)
    assert set(got) == set(customers)
    for who in customers:
        assert got[who] == (customers[who], calls[who], pytest.approx(calls[who] / customers[who]), visits[who],
                            pytest.approx(visits[who] / customers[who])), who
    assert report.totals[1] == sum(customers.values())
    assert report.charts[0].series[0].values == tuple(calls[m] for m in report.charts[0].categories)
    assert "The period's start does not apply to this report." in report.notes
    assert build(crm, "overdue", tier="C").totals[1] == 2


# ----- at risk --------------------------------------------------------------------------------

def test_at_risk_lists_silent_customers_with_their_recent_revenue(team):
    crm = team
    early = customer(crm, "Early rhythm", tier="B", manager="li")
    buy(crm, early, ("2025-01-01", "100.00", "CNY"), ("2025-02-01", "100.00", "CNY"), ("2025-03-01", "100.00", "CNY"))
    recent = customer(crm, "Recent rhythm", tier="A", manager="wang")
    buy(crm, recent, ("2025-05-01", "200.00", "CNY"), ("2025-06-01", "200.00", "CNY"),
        ("2025-07-01", "250.00", "CNY"), ("2025-07-01", "5.00", "KRW"))
    steady = customer(crm, "Steady", tier="A", manager="li")
    buy(crm, steady, ("2026-04-01", "10.00", "CNY"), ("2026-05-01", "10.00", "CNY"), ("2026-06-01", "10.00", "CNY"))
    lost = customer(crm, "Lost", tier="A", manager="li", status="lost")
    buy(crm, lost, ("2025-01-01", "1.00", "CNY"), ("2025-02-01", "1.00", "CNY"), ("2025-03-01", "1.00", "CNY"))

    report = build(crm, "at-risk")
    names = manager_names(crm)
    tiers = tier_rows(crm)
    lines = rows_of(crm, select(PURCHASES.c.customer_id, PURCHASES.c.purchased_on, PURCHASES.c.amount,
                                PURCHASES.c.currency))
    expected = []
    for row in rows_of(crm, select(CUSTOMERS)):
        if row.deleted_at or row.status == "lost" or row.at_risk_from is None or row.at_risk_from > TODAY:
            continue
        money = sum((a for cid, day, a, cur in lines if cid == row.id and YEAR_AGO <= day <= TODAY and cur == "CNY"),
                    Decimal("0.00"))
        expected.append((row.code, row.name, names.get(row.manager_id, "(no manager)"), tiers[row.tier_id].code,
                         row.last_purchase_on, row.usual_gap_days, (TODAY - row.last_purchase_on).days, money))
    expected.sort(key=lambda r: -r[-1])
    assert [r[1] for r in expected] == ["Recent rhythm", "Early rhythm"]  # the data is what this test means
    assert [tuple(r) for r in report.rows] == expected
    assert report.totals[0] == "2 customers"
    assert dict(zip(report.charts[0].categories, report.charts[0].series[0].values)) == {"Li Hongmei": 1,
                                                                                         "Wang Lei": 1}
    assert build(crm, "at-risk", manager="li").rows[0][1] == "Early rhythm"
    assert build(crm, "at-risk", until=dt.date(2025, 8, 1)).rows[0][1] == "Early rhythm"


# ----- gift spend -----------------------------------------------------------------------------

def test_gift_spend_against_the_prorated_budget(team):
    crm = team
    a1 = customer(crm, "A one", tier="A", manager="li")
    a2 = customer(crm, "A two", tier="A", manager="wang")
    b1 = customer(crm, "B one", tier="B", manager="li")
    customer(crm, "A lost", tier="A", manager="li", status="lost")
    gone = customer(crm, "C gone", tier="C", manager="li")
    gifts = [(a1, "given", "100.50", None, "2026-02-01"), (a1, "given", "40", None, "2025-12-31"),
             (a2, "planned", "75", "2026-05-01", None), (a2, "bought", "25", "2026-03-31", None),
             (a2, "idea", "999", "2026-02-02", None), (b1, "given", None, None, "2026-03-03"),
             (b1, "planned", "60", "2026-04-01", None), (gone, "given", "500", None, "2026-02-02")]
    for cid, status, cost, planned, given in gifts:
        crm.gifts.add(cid, {"item": "Tea", "status": status, "cost": cost, "planned_for": planned, "given_on": given})
    delete(crm, gone, dt.datetime(2026, 3, 1))

    since, until = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    report = build(crm, "gift-spend", since=since, until=until)
    days = (until - since).days + 1
    tiers = tier_rows(crm)
    live = Counter(r.tier_id for r in rows_of(crm, select(CUSTOMERS)) if r.deleted_at is None and r.status != "lost")
    spent, planned, given = Counter(), Counter(), Counter()
    for status, cost, planned_for, given_on, tier_id, deleted in rows_of(crm, select(
            Gift.status, Gift.cost, Gift.planned_for, Gift.given_on, CUSTOMERS.c.tier_id, CUSTOMERS.c.deleted_at)
            .join(CUSTOMERS, CUSTOMERS.c.id == Gift.customer_id)):
        if deleted is not None:
            continue
        if status.value == "given" and since <= given_on <= until:
            spent[tier_id] += cost or 0
            given[tier_id] += 1
        elif status.value in ("planned", "bought") and since <= planned_for <= until:
            planned[tier_id] += cost or 0
    got = by_first(report)
    for tier in tiers.values():
        budget = (tier.gift_budget * live[tier.id] * days / 365).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert got[tier.code][:6] == (live[tier.id], tier.gift_budget, budget, given[tier.id], spent[tier.id],
                                      planned[tier.id]), tier.code
        used = got[tier.code][6]
        assert used == pytest.approx(float(spent[tier.id] / budget)) if budget else used is None
    assert report.totals[5] == sum(spent.values())
    assert report.charts[0].series[1].values == tuple(float(spent[t.id]) for t in sorted(tiers.values(),
                                                                                          key=lambda t: t.rank))
    only_li = build(crm, "gift-spend", since=since, until=until, manager="li")
    assert by_first(only_li)["A"][4] == Decimal("100.50") and by_first(only_li)["A"][0] == 1


# ----- complaints -----------------------------------------------------------------------------

def test_complaints_by_category_with_median_and_mean_days(team):
    crm = team
    a = customer(crm, "Alpha", tier="A", manager="li")
    b = customer(crm, "Beta", tier="B", manager="wang")
    gone = customer(crm, "Gone", tier="B", manager="wang")
    made = [(a, "delivery", "2026-01-01 09:00", "resolved", "2026-01-03 21:00", 4),
            (a, "delivery", "2026-02-01 09:00", "closed", "2026-02-02 09:00", 5),
            (b, "delivery", "2026-03-01 09:00", "resolved", "2026-03-11 09:00", 2),
            (b, "delivery", "2026-04-01 09:00", "open", None, None),
            (a, "quality", "2026-05-01 09:00", "investigating", None, None),
            (b, None, "2026-05-02 09:00", "resolved", "2026-05-02 15:00", None),
            (b, "quality", "2025-06-01 09:00", "resolved", "2025-06-02 09:00", 1),
            (gone, "quality", "2026-02-02 09:00", "open", None, None)]
    for cid, category, received, status, resolved, score in made:
        data = {"description": "It broke", "category": category, "received_at": received, "status": status}
        if resolved:
            data["resolved_at"] = resolved
        if score:
            data["satisfaction"] = score
        crm.complaints.add(cid, data)
    delete(crm, gone, dt.datetime(2026, 3, 1))

    report = build(crm, "complaints")
    groups = defaultdict(list)
    for category, status, received, resolved, score, deleted in rows_of(crm, select(
            Complaint.category, Complaint.status, Complaint.received_at, Complaint.resolved_at, Complaint.satisfaction,
            CUSTOMERS.c.deleted_at).join(CUSTOMERS, CUSTOMERS.c.id == Complaint.customer_id)):
        if deleted is None and YEAR_AGO <= received.date() <= TODAY:
            groups[category or "uncategorised"].append((status.value, received, resolved, score))
    got = by_first(report)
    assert set(got) == set(groups)
    for category, items in groups.items():
        days = [(r - rec).total_seconds() / 86400 for s, rec, r, _ in items if s in ("resolved", "closed") and r]
        scores = [sc for *_, sc in items if sc is not None]
        received, still_open, resolved, median, mean, satisfaction = got[category]
        assert (received, still_open, resolved) == (
            len(items), sum(s in ("open", "investigating") for s, *_ in items),
            sum(s in ("resolved", "closed") for s, *_ in items)), category
        assert median == (pytest.approx(statistics.median(days), abs=0.051) if days else None)
        assert mean == (pytest.approx(statistics.mean(days), abs=0.051) if days else None)
        assert satisfaction == (pytest.approx(statistics.mean(scores), abs=0.006) if scores else None)
    all_days = [(r - rec).total_seconds() / 86400 for items in groups.values() for s, rec, r, _ in items
                if s in ("resolved", "closed") and r]
    assert report.totals[1] == sum(len(v) for v in groups.values())
    assert report.totals[4] == pytest.approx(statistics.median(all_days), abs=0.051)
    assert [r[0] for r in report.rows][0] == "delivery"  # the most complaints first
    assert build(crm, "complaints", manager="li").totals[1] == 3


# ----- errors and the report list --------------------------------------------------------------

def test_names_choices_and_errors_in_words(team):
    crm = team
    assert crm.reports.names() == REPORT_NAMES
    assert [login for login, _ in crm.reports.managers()] == ["li", "wang"]
    assert [code for code, _ in crm.reports.tiers()] == ["A", "B", "C"]
    with pytest.raises(NotFoundError, match="no report 'sales'.*pareto, tiers, care-activity"):
        crm.reports.build("sales")
    with pytest.raises(ValidationError) as problem:
        build(crm, "pareto", since=dt.date(2026, 2, 1), until=dt.date(2026, 1, 1))
    assert "since" in problem.value.problems and "2026-02-01" in str(problem.value)
    with pytest.raises(NotFoundError, match="no manager with the login 'zhou'"):
        build(crm, "overdue", manager="zhou")
    with pytest.raises(NotFoundError, match=r"no tier 'Z' \(tiers: A, B, C\)"):
        build(crm, "gift-spend", tier="Z")
    for name in REPORT_NAMES:  # an empty book still gives every report, with its charts
        report = build(crm, name)
        assert report.name == name and report.charts and report.generated_on == TODAY


# ----- .xlsx ----------------------------------------------------------------------------------

def test_xlsx_holds_the_table_with_formats_totals_and_native_charts(team, tmp_path):
    crm = team
    ids = [customer(crm, f"Buyer {n}", tier="A", manager="li") for n in range(3)]
    for n, cid in enumerate(ids):
        buy(crm, cid, ("2026-03-01", f"{(n + 1) * 111}.25", "CNY"))
    report = build(crm, "pareto")
    path = tmp_path / "pareto.xlsx"
    write_report_xlsx(report, path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(values) if r[0] == "Rank")
    assert values[0][0] == report.title
    assert [v for v in values[header] if v is not None] == [c.title for c in report.columns]
    body = values[header + 1: header + 1 + len(report.rows)]
    assert [r[1] for r in body] == column(report, "code")
    assert [Decimal(str(r[5])) for r in body] == column(report, "revenue")
    assert values[header + 1 + len(report.rows)][2] == "All 3 customers"
    assert sheet.freeze_panes == f"A{header + 2}"
    first = header + 2
    assert sheet[f"F{first}"].number_format == "#,##0.00" and sheet[f"G{first}"].number_format == "0.0%"
    assert sheet[f"C{first + len(report.rows)}"].font.b
    assert len(sheet._charts) == len(report.charts) == 1
    assert "Chart data" in book.sheetnames

    tiers = build(crm, "tiers")
    write_report_xlsx(tiers, tmp_path / "tiers.xlsx")
    assert len(openpyxl.load_workbook(tmp_path / "tiers.xlsx").worksheets[0]._charts) == 2


def test_xlsx_refuses_a_path_it_cannot_write_in_words(crm, tmp_path):
    report = build(crm, "overdue")
    folder = tmp_path / "out"
    folder.mkdir()
    blocker = folder / "a-file"
    blocker.write_text("x")
    with pytest.raises(CrmError, match="cannot be written to .*the folder .* does not exist"):
        write_report_xlsx(report, blocker / "report.xlsx")
    (folder / "taken.xlsx").mkdir()
    with pytest.raises(CrmError, match="that is a folder"):
        write_report_xlsx(report, folder / "taken.xlsx")
    assert sorted(p.name for p in folder.iterdir()) == ["a-file", "taken.xlsx"]  # no temporary file left


# ----- the command line -----------------------------------------------------------------------

def test_cli_writes_xlsx_and_json_and_refuses_bad_input(team, db_url, tmp_path, capsys):
    crm = team
    cid = customer(crm, "Buyer", tier="A", manager="li")
    buy(crm, cid, ("2026-03-01", "250.00", "CNY"))
    out = tmp_path / "care.xlsx"
    assert cli.main(["report", "pareto", str(out), "--db", db_url, "--since", "2026-01-01", "--until", "2026-06-30",
                     "--manager", "li", "--json"]) == cli.EXIT_OK
    printed = capsys.readouterr().out
    assert '"name": "pareto"' in printed and '"revenue"' in printed and '"250.00"' in printed
    assert openpyxl.load_workbook(out).worksheets[0]["A1"].value == "Revenue concentration (Pareto)"

    assert cli.main(["report", "tiers", str(tmp_path / "t.csv"), "--db", db_url]) == cli.EXIT_USAGE
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "must end in .xlsx or .pdf" in err
    assert cli.main(["report", "sales", str(tmp_path / "s.xlsx"), "--db", db_url]) == cli.EXIT_DOMAIN
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no report 'sales'" in err
    assert cli.main(["report", "overdue", str(tmp_path / "o.xlsx"), "--db", db_url, "--tier", "Z"]) == cli.EXIT_DOMAIN
    assert "no tier 'Z'" in capsys.readouterr().err
    assert not (tmp_path / "s.xlsx").exists() and not (tmp_path / "o.xlsx").exists()


@needs_poppler
def test_cli_writes_a_pdf(team, db_url, tmp_path, capsys):
    crm = team
    cid = customer(crm, "Buyer", tier="A", manager="li")
    crm.care.log(cid, "call", summary="hello", happened_at=dt.datetime.now() - dt.timedelta(days=3))
    out = tmp_path / "care.pdf"
    assert cli.main(["report", "care-activity", str(out), "--db", db_url]) == cli.EXIT_OK
    assert out.read_bytes().startswith(b"%PDF") and "care activity" in capsys.readouterr().out.lower()
    text = " ".join(page_text(out).split())
    assert pdf_pages(out) >= 1 and "Care activity" in text and crm.managers.by_login("li").name in text
