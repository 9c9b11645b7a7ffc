"""Purchase rhythms: the rules on histories with known rhythms, the re-order and at-risk agenda
sections, and plausible intervals on a real purchase file."""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from desktop_crm.io.plan import ImportOptions
from desktop_crm.models import Customer, Purchase
from desktop_crm.services import rhythms

D0 = dt.date(2026, 1, 5)


def _days(*gaps: int, start: dt.date = D0) -> list[dt.date]:
    out = [start]
    for gap in gaps:
        out.append(out[-1] + dt.timedelta(days=gap))
    return out


def test_fewer_than_three_purchase_days_have_no_rhythm():
    assert rhythms.compute([]) == rhythms.Rhythm(0, None)
    two = rhythms.compute(_days(30))
    assert two.purchase_days == 2 and two.last_purchase_on == D0 + dt.timedelta(days=30)
    assert two.usual_gap_days is None and two.reorder_from is None and two.at_risk_from is None


def test_a_steady_monthly_buyer():
    days = _days(30, 30, 30, 30)
    r = rhythms.compute(days)
    last = days[-1]
    assert (r.usual_gap_days, r.long_gap_days) == (30, 30)
    assert r.next_purchase_on == last + dt.timedelta(days=30)
    assert r.reorder_from == r.next_purchase_on - dt.timedelta(days=6)  # a fifth of 30
    assert r.at_risk_from == last + dt.timedelta(days=61)  # silence longer than twice the usual gap


def test_median_and_90th_percentile_of_an_uneven_buyer():
    gaps = [7, 9, 10, 10, 12, 40, 8, 11, 9, 10]
    r = rhythms.compute(_days(*gaps))
    assert r.usual_gap_days == 10  # median of the gaps
    assert r.long_gap_days == 12  # nearest rank: 9th of 10 sorted gaps
    assert r.at_risk_from == _days(*gaps)[-1] + dt.timedelta(days=21)
    assert r.lead_days == 2


def test_even_number_of_gaps_rounds_the_median_half_up_and_lead_stays_within_1_to_7():
    assert rhythms.compute(_days(3, 4)).usual_gap_days == 4  # (3 + 4) / 2 = 3.5
    assert rhythms.compute(_days(2, 2)).lead_days == 1
    assert rhythms.compute(_days(200, 200)).lead_days == 7


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=400), min_size=2, max_size=40))
def test_the_rules_hold_for_any_history(gaps):
    days = _days(*gaps)
    r = rhythms.compute(days)
    ordered = sorted(gaps)
    assert ordered[0] <= r.usual_gap_days <= ordered[-1]
    assert abs(r.usual_gap_days - statistics.median(gaps)) <= 0.5
    assert r.long_gap_days >= statistics.median_low(gaps)
    assert sum(g <= r.long_gap_days for g in gaps) >= 0.9 * len(gaps)
    assert days[-1] <= r.reorder_from < r.next_purchase_on < r.at_risk_from
    assert (r.at_risk_from - days[-1]).days > max(r.long_gap_days, 2 * r.usual_gap_days)


def _buy(crm, customer_id: int, days, amount: str = "100") -> None:
    with crm.session() as s:
        for n, day in enumerate(days):
            s.add(Purchase(customer_id=customer_id, purchased_on=day, amount=Decimal(amount), currency="CNY",
                           reference=f"T{customer_id}-{day.isoformat()}", line_ref=str(n)))
        s.flush()
        rhythms.refresh(s.connection(), [customer_id])
        s.commit()


def test_reorders_due_and_at_risk_customers_on_the_agenda(db_url):
    from desktop_crm.services import Crm

    crm = Crm.open(db_url, actor="tester")
    try:
        steady, _ = crm.customers.create({"name": "Steady buyer"})
        silent, _ = crm.customers.create({"name": "Gone quiet"})
        returns, _ = crm.customers.create({"name": "Only returns"})
        monthly = _days(30, 30, 30)  # last purchase 2026-04-05, next expected 2026-05-05
        _buy(crm, steady.id, monthly)
        _buy(crm, silent.id, _days(10, 10, 10))  # last 2026-02-04, usual 10: at risk from 2026-02-25
        _buy(crm, returns.id, monthly, amount="-5")  # refunds are no purchases
        with crm.session() as s:
            row = s.get(Customer, steady.id)
            assert (row.usual_gap_days, row.next_purchase_on) == (30, dt.date(2026, 5, 5))
            assert s.get(Customer, returns.id).purchase_days is None

        def section(name, today):
            return {r.customer_id: r for r in crm.agenda.build(today=today).section(name).rows}

        assert steady.id not in section("reorders", dt.date(2026, 4, 28))
        due = section("reorders", dt.date(2026, 4, 29))[steady.id]  # six days before
        assert due.due_on == dt.date(2026, 5, 5) and due.usual_gap_days == 30
        assert steady.id in section("reorders", dt.date(2026, 6, 4))  # 60 days of silence: not yet
        assert steady.id not in section("at_risk", dt.date(2026, 6, 4))
        risk = section("at_risk", dt.date(2026, 6, 5))  # 61 days: longer than twice the usual gap
        assert steady.id in risk and steady.id not in section("reorders", dt.date(2026, 6, 5))
        assert silent.id in risk and risk[silent.id].last_purchase_on == dt.date(2026, 2, 4)
        # a new purchase starts the rhythm again
        _buy(crm, steady.id, [dt.date(2026, 6, 5)])
        assert steady.id not in section("at_risk", dt.date(2026, 6, 5))
        assert steady.id not in section("reorders", dt.date(2026, 6, 5))
    finally:
        crm.close()


def test_online_retail_intervals_are_plausible(sqlite_url, realworld):
    """On SQLite only: the rhythm code is the same on both databases (the test above runs on both)."""
    from desktop_crm.services import Crm

    crm = Crm.open(sqlite_url, actor="tester")
    path = realworld / "online_retail_purchases_40k.xlsx"
    crm.imports.run(path, ImportOptions(kind="purchases", currency="GBP"))
    # An independent count of purchase days per customer, straight from the file.
    wb = openpyxl.load_workbook(path, read_only=True)
    days: dict[str, set[dt.date]] = {}
    for r in list(wb["Sheet1"].iter_rows(values_only=True))[1:]:
        if r[6] in (None, "") or not r[3] or not r[5] or r[3] * r[5] <= 0 or str(r[0]).startswith("C"):
            continue
        when = r[4] if isinstance(r[4], dt.datetime) else dt.datetime.fromisoformat(str(r[4]))
        days.setdefault(str(int(r[6])), set()).add(when.date())
    wb.close()
    with crm.session() as s:
        stored = {code: (n, usual, long, last, nxt, risk) for code, n, usual, long, last, nxt, risk in s.execute(
            select(Customer.code, Customer.purchase_days, Customer.usual_gap_days, Customer.long_gap_days,
                   Customer.last_purchase_on, Customer.next_purchase_on, Customer.at_risk_from))}
    with_rhythm = [code for code, v in stored.items() if v[1] is not None]
    assert len(with_rhythm) >= 50
    for code, own in days.items():
        n, usual, long, last, nxt, risk = stored[code]
        assert n == len(own) and last == max(own)
        if len(own) >= 3:
            ordered = sorted(own)
            gaps = [(b - a).days for a, b in zip(ordered, ordered[1:])]
            assert abs(usual - statistics.median(gaps)) <= 0.5
            span = (ordered[-1] - ordered[0]).days
            assert 1 <= usual <= span and usual <= long <= max(gaps)
            assert nxt == last + dt.timedelta(days=usual) and risk > nxt
        else:
            assert usual is None
    with crm.session() as s:
        assert s.execute(text("SELECT count(*) FROM customers WHERE reorder_from IS NOT NULL")).scalar() == len(with_rhythm)
    crm.close()
