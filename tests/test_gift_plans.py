"""Gift planning over a real database (SQLite file and PostgreSQL): who a plan concerns, one gift per
customer, skipping those who already hold one for the occasion, the tiers' budgets, earlier gifts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import Gift, GiftStatus
from desktop_crm.services.gift_plans import INLINE_IDS

LABEL = "Spring Festival 2027"


def gift_rows(crm, label: str | None = None) -> list[Gift]:
    with crm.session() as s:
        stmt = select(Gift).order_by(Gift.customer_id, Gift.id)
        if label is not None:
            stmt = stmt.where(Gift.occasion_label == label)
        return list(s.scalars(stmt))


def set_budget(crm, code: str, amount: str | None) -> None:
    tier = next(t for t in crm.tiers.list() if t.code == code)
    crm.tiers.update(tier.id, {"gift_budget": amount})


@pytest.fixture
def book(crm):
    """Two managers; four live A customers (one already holding the label), a deleted and a lost A
    customer, two B customers and a C customer. Earlier gifts: a 2026 gift, an idea, a gift of the plan."""
    crm.managers.create("li", "Li Hongmei")
    crm.managers.create("wang", "Wang Lei")

    def customer(name, tier, manager, **more):
        record, _ = crm.customers.create({"name": name, "tier": tier, "manager": manager, **more})
        return record.id

    ids = {
        "a1": customer("Alpha Trading", "A", "li"),
        "a2": customer("Beta Foods", "A", "wang"),
        "a3": customer("Gamma Tools", "A", "li"),
        "a4": customer("Delta Paper", "A", None),
        "a_deleted": customer("Gone Ltd", "A", "li"),
        "a_lost": customer("Lost Ltd", "A", "wang", status="lost"),
        "b1": customer("Echo Shop", "B", "li"),
        "b2": customer("Foxtrot Shop", "B", "wang"),
        "c1": customer("Golf Kiosk", "C", "li"),
    }
    crm.customers.delete([ids["a_deleted"]])
    crm.gifts.add(ids["a1"], {"item": "Tea set", "occasion_label": LABEL, "status": "planned", "cost": "100",
                              "planned_for": "2027-01-20"})
    crm.gifts.add(ids["a2"], {"item": "Mooncakes", "occasion_label": "Mid-Autumn 2026", "status": "given",
                              "cost": "200", "given_on": "2026-09-25"})
    crm.gifts.add(ids["a2"], {"item": "Silk scarf", "occasion_label": "Dragon Boat 2027", "status": "given",
                              "cost": "30", "given_on": "2027-06-19"})
    crm.gifts.add(ids["a3"], {"item": "Only an idea", "status": "idea", "cost": "999", "planned_for": "2027-03-01"})
    crm.gifts.add(ids["b1"], {"item": "Calendar", "occasion_label": "New Year 2027", "status": "bought",
                              "cost": "20", "planned_for": "2027-01-01"})
    return ids


def test_a_plan_for_all_a_customers_makes_one_gift_each_and_skips_the_label_holders(crm, book):
    preview = crm.gift_plans.preview(LABEL, tiers=["A"], cost="150", year=2027)
    assert (preview.customers, preview.skipped, preview.to_create) == (4, 1, 3)
    assert {r.id for r in preview.rows} == {book["a1"], book["a2"], book["a3"], book["a4"]}
    assert [r.id for r in preview.rows if r.has_label] == [book["a1"]]

    count, changes = crm.gift_plans.create(LABEL, "Longjing tea", tiers=["A"], cost="150",
                                           planned_for=dt.date(2027, 1, 25), story="From the Hangzhou farm")
    assert count == 3
    assert changes.gifts == {book["a2"], book["a3"], book["a4"]} and changes.agenda
    planned = gift_rows(crm, LABEL)
    per_customer = {}
    for gift in planned:
        per_customer[gift.customer_id] = per_customer.get(gift.customer_id, 0) + 1
    assert per_customer == {book["a1"]: 1, book["a2"]: 1, book["a3"]: 1, book["a4"]: 1}
    new = [g for g in planned if g.customer_id != book["a1"]]
    assert {g.item for g in new} == {"Longjing tea"}
    assert all(g.status == GiftStatus.PLANNED and g.cost == Decimal("150.00") and g.story == "From the Hangzhou farm"
               and g.planned_for == dt.date(2027, 1, 25) and g.given_on is None for g in new)
    # each gift goes to the customer's own manager (none for the customer without one)
    names = {cid: crm.gifts.for_customer(cid)[0].manager_name for cid in (book["a2"], book["a3"], book["a4"])}
    assert names == {book["a2"]: "Wang Lei", book["a3"]: "Li Hongmei", book["a4"]: None}
    # the holder's own gift is untouched; nobody outside the A tier, deleted or lost got one
    assert next(g for g in planned if g.customer_id == book["a1"]).item == "Tea set"
    assert not {book["a_deleted"], book["a_lost"], book["b1"], book["b2"], book["c1"]} & per_customer.keys()

    again, changes = crm.gift_plans.create(LABEL, "Longjing tea", tiers=["A"], cost="150")
    assert again == 0 and changes.gifts == frozenset() and not changes.agenda
    assert len(gift_rows(crm, LABEL)) == 4
    after = crm.gift_plans.preview(LABEL, tiers=["A"])
    assert (after.customers, after.skipped, after.to_create) == (4, 4, 0)


def test_budget_totals_and_the_over_budget_warning(crm, book):
    set_budget(crm, "A", "100")  # 4 live A customers: a budget of 400.00 for 2027
    # spending of 2027 so far: a1's 100 (planned); a2's 30 (given in 2027); the 2026 gift and the idea don't count
    within = crm.gift_plans.preview(LABEL, tiers=["A"], cost="50", year=2027)
    (a,) = within.tiers
    assert (a.tier, a.customers, a.to_create) == ("A", 4, 3)
    assert a.gift_budget == Decimal("100.00") and a.budget == Decimal("400.00")
    assert a.spent == Decimal("130.00") and a.plan_cost == Decimal("150.00") and a.total == Decimal("280.00")
    assert not a.over_budget and a.warning is None
    assert not within.over_budget and within.warnings == ()

    over = crm.gift_plans.preview(LABEL, tiers=["A"], cost="150", year=2027)
    (a,) = over.tiers
    assert a.plan_cost == Decimal("450.00") and a.over_budget and over.over_budget
    assert over.warnings == (a.warning,)
    assert "Tier A" in a.warning and "400.00" in a.warning and "580.00" in a.warning and "180.00" in a.warning

    # another year counts other gifts: 2026 holds only a2's 200
    (a2026,) = crm.gift_plans.preview(LABEL, tiers=["A"], cost="50", year=2026).tiers
    assert a2026.spent == Decimal("200.00") and not a2026.over_budget

    # two tiers side by side, each against its own budget; a tier without a budget is never over
    set_budget(crm, "B", None)
    both = crm.gift_plans.preview(LABEL, tiers=["B", "A"], cost="1000", year=2027)
    assert [t.tier for t in both.tiers] == ["A", "B"]
    b = both.tiers[1]
    assert b.customers == 2 and b.budget is None and b.spent == Decimal("20.00") and not b.over_budget
    assert both.tiers[0].over_budget and len(both.warnings) == 1


def test_a_manager_plan_covers_only_that_managers_customers(crm, book):
    preview = crm.gift_plans.preview(LABEL, tiers=["A", "B"], manager="wang", year=2027)
    assert {r.id for r in preview.rows} == {book["a2"], book["b2"]}
    count, _ = crm.gift_plans.create(LABEL, "Tea", tiers=["A", "B"], manager="wang")
    assert count == 2
    assert {g.customer_id for g in gift_rows(crm, LABEL)} == {book["a1"], book["a2"], book["b2"]}


def test_explicit_customers_add_to_the_tiers_and_many_ids_stay_one_parameter(crm, book):
    preview = crm.gift_plans.preview(LABEL, tiers=["C"], customer_ids=[book["b1"], book["a_lost"]], year=2027)
    assert {r.id for r in preview.rows} == {book["c1"], book["b1"]}  # the lost customer is never concerned
    # more ids than are written into the statement: they travel as one array / JSON parameter
    many = list(range(1, INLINE_IDS + 50)) + [book["a2"]]
    preview = crm.gift_plans.preview(LABEL, customer_ids=many, year=2027)
    live = {book[k] for k in ("a1", "a2", "a3", "a4", "b1", "b2", "c1")}
    assert {r.id for r in preview.rows} == live and preview.to_create == 6
    count, changes = crm.gift_plans.create(LABEL, "Tea", customer_ids=many)
    assert count == 6 and changes.gifts == live - {book["a1"]}


def test_preview_lists_earlier_gifts_but_only_the_first_customers_one_by_one(crm, book):
    preview = crm.gift_plans.preview(LABEL, tiers=["A"], year=2027)
    rows = {r.id: r for r in preview.rows}
    assert [(g.item, g.when, g.occasion_label) for g in rows[book["a2"]].earlier] == [
        ("Silk scarf", dt.date(2027, 6, 19), "Dragon Boat 2027"),
        ("Mooncakes", dt.date(2026, 9, 25), "Mid-Autumn 2026"),
    ]
    assert rows[book["a1"]].earlier == ()  # its gift of this very occasion is the reason it is skipped
    assert rows[book["a3"]].earlier == ()  # an idea is not a gift received
    assert rows[book["a2"]].manager_name == "Wang Lei" and rows[book["a2"]].tier == "A"

    short = crm.gift_plans.preview(LABEL, tiers=["A"], year=2027, limit=2)
    assert len(short.rows) == 2 and short.more and short.customers == 4 and short.to_create == 3


def test_history_groups_gifts_by_year_newest_first(crm, book):
    crm.gifts.add(book["a2"], {"item": "Undated hamper", "status": "bought"})
    years = crm.gift_plans.history(book["a2"])
    assert [y.year for y in years] == [2027, 2026, None]
    assert [g.item for g in years[0].gifts] == ["Silk scarf"]
    assert [g.item for g in years[1].gifts] == ["Mooncakes"]
    assert crm.gift_plans.history(book["a3"]) == []  # only an idea
    with pytest.raises(NotFoundError):
        crm.gift_plans.history(book["a_deleted"])


def test_validation_errors_write_nothing(crm, book):
    before = len(gift_rows(crm))
    with pytest.raises(ValidationError) as err:
        crm.gift_plans.create("  ", "", tiers=["A", "Z"], cost="-5", planned_for="next spring", status="lost")
    assert set(err.value.problems) == {"occasion_label", "item", "tiers", "cost", "planned_for", "status"}
    assert "'Z'" in err.value.problems["tiers"]
    with pytest.raises(ValidationError) as err:
        crm.gift_plans.create(LABEL, "Tea")
    assert set(err.value.problems) == {"customers"}
    with pytest.raises(ValidationError) as err:
        crm.gift_plans.create(LABEL, "Tea", tiers=["A"], manager="nobody")
    assert set(err.value.problems) == {"manager"}
    with pytest.raises(ValidationError) as err:
        crm.gift_plans.create(LABEL, "Tea", customer_ids=["x"])
    assert set(err.value.problems) == {"customer_ids"}
    with pytest.raises(ValidationError) as err:
        crm.gift_plans.preview(LABEL, tiers=["A"], cost="lots", year=12)
    assert set(err.value.problems) == {"cost", "year"}
    assert len(gift_rows(crm)) == before
    with crm.session() as s:
        assert s.scalar(select(func.count()).select_from(Gift).where(Gift.item == "Tea")) == 0


def test_planned_gifts_move_on_to_given_and_keep_story_and_cost(crm, book):
    crm.gift_plans.create(LABEL, "Longjing tea", tiers=["A"], cost="150", story="From the Hangzhou farm",
                          status="idea")
    gift = next(g for g in crm.gifts.for_customer(book["a3"]) if g.occasion_label == LABEL)
    assert gift.status == "idea"
    for status in ("planned", "bought", "given"):
        gift, changes = crm.gifts.update(gift.id, {"status": status})
        assert gift.status == status and changes.gifts == {book["a3"]}
        assert gift.story == "From the Hangzhou farm" and gift.cost == Decimal("150.00")
    assert gift.given_on == dt.date.today()
    # a given gift counts in the year it was given
    (a,) = crm.gift_plans.preview("Other", tiers=["A"], year=dt.date.today().year).tiers
    assert a.spent >= Decimal("150.00")
