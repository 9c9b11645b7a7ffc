"""Gift planning: one gift for every customer of some tiers (or a chosen list) for an occasion.

A plan is named by its occasion label ("Spring Festival 2027"). ``preview`` says who is concerned,
who already holds a gift with that label (skipped: nobody gets two), what each customer received
before (so the same item is not given twice), and how the plan sits against each tier's yearly
gift budget. ``create`` writes the planned gifts with one INSERT ... SELECT.

Who is concerned: live customers (not deleted) whose status is not ``lost``, that are in one of
``tiers`` **or** in ``customer_ids`` (the two add up), narrowed to one manager's book when
``manager`` is given.

The money of a year: a gift counts in the year of its ``given_on``, or of its ``planned_for``
while it has not been given. Ideas are not spending and do not count. Tier budgets are per
customer and year, so a tier's budget here is ``gift_budget`` × the plan's customers of that tier,
and its spending is those same customers' gifts of the year.

Every total comes from GROUP BY in the database; only the first ``ROWS_SHOWN`` customers are
read one by one (with their earlier gifts), so a tier of 100,000 customers previews quickly.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, Integer, String, Text, and_, any_, case, func, insert, literal, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from desktop_crm.errors import ValidationError
from desktop_crm.models import Customer, CustomerStatus, Gift, GiftStatus, Manager, Money, Tier, utcnow

from . import validation
from .card_common import alive_customer, as_date
from .card_records import GiftRecord
from .changes import Changes
from .records import JsonMixin

if TYPE_CHECKING:
    from .crm import Crm

ROWS_SHOWN = 200  # customers listed one by one in a preview (the totals cover all of them)
EARLIER_SHOWN = 10  # earlier gifts listed per customer
INLINE_IDS = 500  # more explicit ids than this travel as one array / JSON parameter
MAX_COST = Decimal("1e13")
PLAN_LOCK_BASE = 7_214_530_981_300_000  # PostgreSQL advisory lock keys of gift plans (+ crc32 of the label)


@dataclass(frozen=True)
class EarlierGift(JsonMixin):
    item: str
    occasion_label: str | None
    when: dt.date | None  # given_on, or planned_for while not given yet
    status: str
    cost: Decimal | None


@dataclass(frozen=True)
class PlanCustomer(JsonMixin):
    id: int
    code: str
    name: str
    tier: str | None
    manager_name: str | None
    has_label: bool  # already holds a gift with the plan's label: skipped
    earlier: tuple[EarlierGift, ...]  # newest first, at most EARLIER_SHOWN


@dataclass(frozen=True)
class TierBudget(JsonMixin):
    tier: str | None  # the tier's code; None for customers without a tier
    tier_name: str | None
    customers: int  # the plan's customers in this tier (those skipped included)
    to_create: int  # gifts the plan adds in this tier
    gift_budget: Decimal | None  # per customer and year; None: the tier has no budget
    budget: Decimal | None  # gift_budget × customers
    spent: Decimal  # these customers' gifts of the year so far
    plan_cost: Decimal  # cost × to_create (0 when the plan has no cost)
    over_budget: bool
    warning: str | None

    @property
    def total(self) -> Decimal:
        return self.spent + self.plan_cost


@dataclass(frozen=True)
class GiftPlanPreview(JsonMixin):
    occasion_label: str
    year: int
    cost: Decimal | None
    customers: int  # concerned customers
    skipped: int  # of them, those already holding a gift with this label
    to_create: int
    rows: tuple[PlanCustomer, ...]  # the first ROWS_SHOWN customers, by tier and name
    tiers: tuple[TierBudget, ...]  # by tier rank; customers without a tier last
    warnings: tuple[str, ...]

    @property
    def more(self) -> bool:
        """There are more customers than ``rows`` lists."""
        return self.customers > len(self.rows)

    @property
    def over_budget(self) -> bool:
        return any(t.over_budget for t in self.tiers)


@dataclass(frozen=True)
class GiftYear(JsonMixin):
    year: int | None  # None: gifts without any date
    gifts: tuple[GiftRecord, ...]  # newest first


@dataclass(frozen=True)
class _Scope:
    """The WHERE clause of the plan's customers, and the tiers asked for by code."""

    where: Any
    tier_ids: tuple[int, ...]


class GiftPlanService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- reading -----------------------------------------------------------------------------

    def preview(self, occasion_label: str, *, tiers: list[str] | None = None, customer_ids: list[int] | None = None,
                manager: str | None = None, cost: Decimal | str | None = None, year: int | None = None,
                limit: int = ROWS_SHOWN) -> GiftPlanPreview:
        """Who a plan concerns, who is skipped, and the plan against the tiers' budgets (see the module)."""
        problems = validation.Problems()
        label = _label(occasion_label, problems)
        amount = _cost(cost, problems)
        year = _year(year, problems)
        with self._crm.session() as s:
            scope = self._scope(s, tiers, customer_ids, manager, problems)
            if problems:
                raise ValidationError(problems)
            has_label = Customer.id.in_(select(Gift.customer_id).where(Gift.occasion_label == label))
            tiers_out = self._budgets(s, scope, has_label, amount, year)
            rows = self._rows(s, scope, label, has_label, limit)
        customers = sum(t.customers for t in tiers_out)
        to_create = sum(t.to_create for t in tiers_out)
        return GiftPlanPreview(
            occasion_label=label, year=year, cost=amount, customers=customers, skipped=customers - to_create,
            to_create=to_create, rows=rows, tiers=tiers_out,
            warnings=tuple(t.warning for t in tiers_out if t.warning))

    def history(self, customer_id: int) -> list[GiftYear]:
        """The gifts a customer received or has coming (ideas left out), newest year first.

        A gift's year is that of ``given_on``, or of ``planned_for`` while not given; gifts without
        either date come last, under ``year=None``.
        """
        when = func.coalesce(Gift.given_on, Gift.planned_for)
        with self._crm.session() as s:
            alive_customer(s, customer_id)
            stmt = (select(Gift, Manager.name).outerjoin(Manager, Manager.id == Gift.manager_id)
                    .where(Gift.customer_id == customer_id, Gift.status != GiftStatus.IDEA)
                    .order_by(when.desc().nulls_last(), Gift.id.desc()))
            by_year: dict[int | None, list[GiftRecord]] = defaultdict(list)
            for gift, manager_name in s.execute(stmt):
                day = gift.given_on or gift.planned_for
                by_year[day.year if day else None].append(GiftRecord(
                    id=gift.id, customer_id=gift.customer_id, contact_id=gift.contact_id, contact_name=None,
                    occasion_id=gift.occasion_id, occasion_label=gift.occasion_label, item=gift.item,
                    story=gift.story, cost=gift.cost, status=gift.status.value, planned_for=gift.planned_for,
                    given_on=gift.given_on, manager_name=manager_name))
        # dicts keep insertion order, which is already newest first with the undated last
        return [GiftYear(year=year, gifts=tuple(gifts)) for year, gifts in by_year.items()]

    # ----- writing -----------------------------------------------------------------------------

    def create(self, occasion_label: str, item: str, *, tiers: list[str] | None = None,
               customer_ids: list[int] | None = None, manager: str | None = None, cost: Decimal | str | None = None,
               planned_for: dt.date | str | None = None, story: str | None = None,
               status: str = "planned") -> tuple[int, Changes]:
        """One gift per concerned customer that holds none with this label yet; returns how many.

        Each gift goes to the customer's current manager. One statement, one transaction; on a
        problem (ValidationError, field -> sentence) nothing is written.
        """
        problems = validation.Problems()
        label = _label(occasion_label, problems)
        what = validation.clean_text(item, 200)
        if what is None:
            problems["item"] = "say what the gift is"
        amount = _cost(cost, problems)
        day = as_date(planned_for, "planned_for", problems)
        state = validation.enum_value(GiftStatus, status or "planned", "status", problems)
        note = validation.clean_text(story)
        given_on = (day or dt.date.today()) if state == GiftStatus.GIVEN else None
        with self._crm.session() as s:
            scope = self._scope(s, tiers, customer_ids, manager, problems)
            if problems:
                raise ValidationError(problems)
            if s.get_bind().dialect.name == "postgresql":
                # Two people creating the same plan at once: the second waits, then finds the first's gifts.
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                          {"key": PLAN_LOCK_BASE + zlib.crc32(label.encode("utf-8"))})
            now = utcnow()
            values = select(
                Customer.id, Customer.manager_id, literal(label, String(200)), literal(what, String(200)),
                literal(note, Text()), literal(amount, Money()), literal(state, Gift.__table__.c.status.type),
                literal(day, Date()), literal(given_on, Date()), literal(now), literal(now),
            ).where(scope.where, Customer.id.not_in(select(Gift.customer_id).where(Gift.occasion_label == label)))
            columns = ["customer_id", "manager_id", "occasion_label", "item", "story", "cost", "status",
                       "planned_for", "given_on", "created_at", "updated_at"]
            stmt = insert(Gift).from_select(columns, values).returning(Gift.customer_id)
            created = s.execute(stmt).scalars().all()
            s.commit()
        return len(created), Changes(gifts=frozenset(created), agenda=bool(created))

    # ----- internals ---------------------------------------------------------------------------

    @staticmethod
    def _scope(s: Session, tiers: list[str] | None, customer_ids: list[int] | None, manager: str | None,
               problems: validation.Problems) -> _Scope:
        chosen = []
        tier_ids: list[int] = []
        codes = [str(c).strip() for c in (tiers or []) if str(c).strip()]
        if codes:
            known = dict(s.execute(select(Tier.code, Tier.id).where(Tier.code.in_(codes))).all())
            unknown = [c for c in codes if c not in known]
            if unknown:
                problems["tiers"] = "there is no tier " + ", ".join(repr(c) for c in unknown)
            tier_ids = [known[c] for c in codes if c in known]
            if tier_ids:
                chosen.append(Customer.tier_id.in_(tier_ids))
        ids = _ids(customer_ids, problems)
        if ids:
            chosen.append(id_in(s, Customer.id, ids))
        if not codes and not ids and "customer_ids" not in problems:
            problems["customers"] = "choose the tiers or the customers the gifts are for"
        where = and_(Customer.deleted_at.is_(None), Customer.status != CustomerStatus.LOST,
                     or_(*chosen) if chosen else literal(False))
        login = validation.clean_text(manager)
        if login:
            manager_id = s.scalar(select(Manager.id).where(Manager.login == login))
            if manager_id is None:
                problems["manager"] = f"there is no manager with login {login!r}"
            else:
                where = and_(where, Customer.manager_id == manager_id)
        return _Scope(where=where, tier_ids=tuple(dict.fromkeys(tier_ids)))

    @staticmethod
    def _budgets(s: Session, scope: _Scope, has_label, cost: Decimal | None, year: int) -> tuple[TierBudget, ...]:
        counts = {
            tier_id: (int(n), int(skipped or 0))
            for tier_id, n, skipped in s.execute(
                select(Customer.tier_id, func.count(), func.sum(case((has_label, 1), else_=0)))
                .where(scope.where).group_by(Customer.tier_id))
        }
        when = func.coalesce(Gift.given_on, Gift.planned_for)
        spent = dict(s.execute(
            select(Customer.tier_id, func.sum(Gift.cost))
            .join(Customer, Customer.id == Gift.customer_id)
            .where(scope.where, Gift.status != GiftStatus.IDEA,
                   when.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
            .group_by(Customer.tier_id)).all())
        wanted = set(counts) | set(scope.tier_ids)
        tiers = {t.id: t for t in s.scalars(select(Tier).where(Tier.id.in_([i for i in wanted if i is not None])))}
        order = sorted(wanted, key=lambda i: (i is None, tiers[i].rank if i in tiers else 0,
                                              tiers[i].code if i in tiers else ""))
        out = []
        for tier_id in order:
            tier = tiers.get(tier_id)
            n, skipped = counts.get(tier_id, (0, 0))
            to_create = n - skipped
            per_customer = tier.gift_budget if tier is not None else None
            budget = per_customer * n if per_customer is not None else None
            so_far = spent.get(tier_id) or Decimal("0.00")
            plan_cost = (cost or Decimal("0.00")) * to_create
            over = budget is not None and so_far + plan_cost > budget
            warning = None
            if over:
                warning = (f"Tier {tier.code}: the gifts of {year} would come to {so_far + plan_cost:,.2f} "
                           f"({so_far:,.2f} already, {plan_cost:,.2f} in this plan), over the budget of "
                           f"{budget:,.2f} ({n:,} customers × {per_customer:,.2f}) by "
                           f"{so_far + plan_cost - budget:,.2f}.")
            out.append(TierBudget(tier=tier.code if tier else None, tier_name=tier.name if tier else None,
                                  customers=n, to_create=to_create, gift_budget=per_customer, budget=budget,
                                  spent=so_far, plan_cost=plan_cost, over_budget=over, warning=warning))
        return tuple(out)

    @staticmethod
    def _rows(s: Session, scope: _Scope, label: str, has_label, limit: int) -> tuple[PlanCustomer, ...]:
        stmt = (select(Customer.id, Customer.code, Customer.name, Tier.code, Manager.name, has_label)
                .outerjoin(Tier, Tier.id == Customer.tier_id)
                .outerjoin(Manager, Manager.id == Customer.manager_id)
                .where(scope.where)
                .order_by(Tier.rank.asc().nulls_last(), Customer.sort_name, Customer.id)
                .limit(max(0, limit)))
        found = s.execute(stmt).all()
        earlier: dict[int, list[EarlierGift]] = defaultdict(list)
        if found:
            when = func.coalesce(Gift.given_on, Gift.planned_for)
            gifts = (select(Gift.customer_id, Gift.item, Gift.occasion_label, when, Gift.status, Gift.cost)
                     .where(Gift.customer_id.in_([r[0] for r in found]), Gift.status != GiftStatus.IDEA,
                            or_(Gift.occasion_label.is_(None), Gift.occasion_label != label))
                     .order_by(Gift.customer_id, when.desc().nulls_last(), Gift.id.desc()))
            for customer_id, item, occasion, day, status, amount in s.execute(gifts):
                if len(earlier[customer_id]) < EARLIER_SHOWN:
                    earlier[customer_id].append(EarlierGift(item=item, occasion_label=occasion, when=_day(day),
                                                            status=GiftStatus(status).value, cost=amount))
        return tuple(PlanCustomer(id=cid, code=code, name=name, tier=tier, manager_name=manager_name,
                                  has_label=bool(held), earlier=tuple(earlier.get(cid, ())))
                     for cid, code, name, tier, manager_name, held in found)


# ----- checking the arguments ------------------------------------------------------------------


def id_in(s: Session, column, ids: list[int]):
    """``column IN ids`` that stays one small statement for any number of ids.

    Up to INLINE_IDS ids are inlined; more travel as one parameter: a PostgreSQL integer array
    (``= ANY(...)``), or a JSON array read by SQLite's ``json_each``.
    """
    if len(ids) <= INLINE_IDS:
        return column.in_(ids)
    if s.get_bind().dialect.name == "postgresql":
        return column == any_(literal(ids, ARRAY(Integer)))
    each = func.json_each(literal(json.dumps(ids), String())).table_valued("value")
    return column.in_(select(each.c.value))


def _ids(customer_ids: list[int] | None, problems: validation.Problems) -> list[int]:
    out = []
    for value in customer_ids or []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            problems["customer_ids"] = f"'{value}' is not a customer id"
            return []
    return sorted(set(out))


def _label(value: str | None, problems: validation.Problems) -> str:
    label = validation.clean_text(value, 200)
    if label is None:
        problems["occasion_label"] = "name the occasion, e.g. Spring Festival 2027"
        return ""
    return label


def _cost(value, problems: validation.Problems) -> Decimal | None:
    amount = validation.money(value, "cost", problems)
    if amount is not None and amount >= MAX_COST:
        problems["cost"] = "that cost is too large"
        return None
    return amount


def _year(value: int | None, problems: validation.Problems) -> int:
    if value in (None, ""):
        return dt.date.today().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        problems["year"] = f"'{value}' is not a year"
        return dt.date.today().year
    if not 1900 <= year <= 9999:
        problems["year"] = f"{year} is not a year a budget can be for"
        return dt.date.today().year
    return year


def _day(value) -> dt.date | None:
    """A date from the database (SQLite hands back text for an expression such as COALESCE)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


__all__ = ["EarlierGift", "GiftPlanPreview", "GiftPlanService", "GiftYear", "PlanCustomer", "TierBudget", "id_in"]
