"""Regional care: after a typhoon, a flood or a heat wave, one care task for every customer there.

The area is given by region (``customers.region``: a province, an oblast, a state) and, when a
disaster hit only some cities, by city (``customers.city``): a customer is in the area when its
region is one of ``regions`` **or** its city is one of ``cities``. Cities are offered because
imported lists often carry a city but no region, and because an earthquake or a flood can hit one
city of a large province; regions stay the usual unit (they are indexed, and a storm is named by
its province: "Typhoon Haikui, Fujian"). ``country`` (two letters) narrows both.

The customers concerned are live (not deleted) and not ``lost``; the counts of ``regions`` and
``cities`` count the same customers, so a list's number is the number of tasks an action makes.

``create_tasks`` writes one CareTask per customer with one INSERT ... SELECT, for the customer's
current manager. A campaign names the event behind the tasks; a customer that already has an
open task of that campaign gets no second one, so running the same action twice adds nothing.
Without a campaign, an open task with the same title and no campaign counts as the same.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Date, String, and_, case, func, insert, literal, or_, select, text

from desktop_crm.errors import ValidationError
from desktop_crm.models import CareKind, CareTask, Customer, CustomerStatus, Manager, Tier, utcnow

from . import validation
from .card_common import as_date
from .changes import Changes
from .records import JsonMixin

if TYPE_CHECKING:
    from .crm import Crm

ROWS_SHOWN = 500
TEXT_LIMIT = 200
TASK_LOCK_BASE = 7_214_530_981_400_000  # PostgreSQL advisory lock keys of regional care (+ crc32 of the campaign)


class AreaCount(NamedTuple):
    """A region (or a city, or a country) and how many live, non-lost customers are there."""

    name: str
    customers: int


@dataclass(frozen=True)
class RegionalCustomer(JsonMixin):
    id: int
    code: str
    name: str
    tier: str | None
    manager_login: str | None
    manager_name: str | None
    phone: str | None  # the phone, or the mobile when there is no phone
    region: str | None
    city: str | None
    has_open_task: bool  # already has an open task of the campaign asked about


@dataclass(frozen=True)
class RegionalPreview(JsonMixin):
    regions: tuple[str, ...]
    cities: tuple[str, ...]
    count: int  # customers in the area
    already: int  # of them, those with an open task of the campaign (they get no new one)
    to_create: int
    by_manager: tuple[tuple[str | None, int], ...]  # (manager's name or None, customers), most first
    rows: tuple[RegionalCustomer, ...]  # the first ``limit``, by region, city and name

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)

    @property
    def without_manager(self) -> int:
        return sum(n for name, n in self.by_manager if name is None)


@dataclass(frozen=True)
class CampaignCount(JsonMixin):
    campaign: str
    open: int
    done: int

    @property
    def total(self) -> int:
        return self.open + self.done


class RegionalCareService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- reading -----------------------------------------------------------------------------

    def regions(self, country: str | None = None) -> list[AreaCount]:
        """The regions with customers and how many, most customers first (customers without a region
        are not listed)."""
        return self._areas(Customer.region, country)

    def cities(self, country: str | None = None, *, regions: list[str] | None = None) -> list[AreaCount]:
        """The cities with customers and how many, most first; only those of ``regions`` when given."""
        return self._areas(Customer.city, country, regions)

    def countries(self) -> list[AreaCount]:
        """The countries (two-letter codes) of the customers, most customers first."""
        return self._areas(Customer.country, None)

    def customers_in(self, regions: list[str], *, cities: list[str] | None = None, country: str | None = None,
                     campaign: str | None = None, title: str | None = None,
                     limit: int = ROWS_SHOWN) -> RegionalPreview:
        """How many customers are in the area, and the first ``limit`` of them with their manager.

        With ``campaign`` (or, without one, ``title``) it also says who already has an open task of
        it, and so how many tasks ``create_tasks`` would make.
        """
        problems = validation.Problems()
        area = self._area(regions, cities, country, problems)
        same = _same_open_task(validation.clean_text(campaign, TEXT_LIMIT), validation.clean_text(title, TEXT_LIMIT))
        if problems:
            raise ValidationError(problems)
        has_task = Customer.id.in_(select(CareTask.customer_id).where(same)) if same is not None else literal(False)
        with self._crm.session() as s:
            per_manager = s.execute(
                select(Manager.name, func.count(), func.sum(case((has_task, 1), else_=0)))
                .select_from(Customer).outerjoin(Manager, Manager.id == Customer.manager_id)
                .where(area).group_by(Manager.id, Manager.name)
                .order_by(func.count().desc(), Manager.name)).all()
            stmt = (select(Customer.id, Customer.code, Customer.name, Tier.code, Manager.login, Manager.name,
                           func.coalesce(Customer.phone, Customer.mobile), Customer.region, Customer.city, has_task)
                    .outerjoin(Tier, Tier.id == Customer.tier_id)
                    .outerjoin(Manager, Manager.id == Customer.manager_id)
                    .where(area)
                    .order_by(Customer.region, Customer.city, Customer.sort_name, Customer.id)
                    .limit(max(0, limit)))
            rows = tuple(RegionalCustomer(id=cid, code=code, name=name, tier=tier, manager_login=login,
                                          manager_name=manager_name, phone=phone, region=region, city=city,
                                          has_open_task=bool(held))
                         for cid, code, name, tier, login, manager_name, phone, region, city, held in s.execute(stmt))
        count = sum(int(n) for _name, n, _held in per_manager)
        already = sum(int(held or 0) for _name, _n, held in per_manager)
        return RegionalPreview(
            regions=tuple(_names(regions)), cities=tuple(_names(cities)), count=count, already=already,
            to_create=count - already, by_manager=tuple((name, int(n)) for name, n, _held in per_manager), rows=rows)

    def tasks_for_campaign(self, campaign: str) -> CampaignCount:
        """How many tasks of a campaign are open and how many done."""
        name = validation.clean_text(campaign, TEXT_LIMIT)
        if name is None:
            raise ValidationError({"campaign": "name the campaign"})
        with self._crm.session() as s:
            open_, done = s.execute(
                select(func.sum(case((CareTask.done_at.is_(None), 1), else_=0)),
                       func.sum(case((CareTask.done_at.is_not(None), 1), else_=0)))
                .where(CareTask.campaign == name)).one()
        return CampaignCount(campaign=name, open=int(open_ or 0), done=int(done or 0))

    # ----- writing -----------------------------------------------------------------------------

    def create_tasks(self, regions: list[str], title: str, *, cities: list[str] | None = None, kind: str = "call",
                     due_on: dt.date | str | None = None, campaign: str | None = None, country: str | None = None,
                     today: dt.date | None = None) -> tuple[int, Changes]:
        """One care task per customer in the area (see the module); returns how many were made.

        ``due_on`` defaults to ``today`` (default: the computer's date). Each task goes to the
        customer's current manager and is marked as made by the facade's actor. On a problem
        (ValidationError, field -> sentence) nothing is written.
        """
        problems = validation.Problems()
        area = self._area(regions, cities, country, problems)
        what = validation.clean_text(title, TEXT_LIMIT)
        if what is None:
            problems["title"] = "say what to do, e.g. Call to ask how they are"
        task_kind = validation.enum_value(CareKind, kind or "call", "kind", problems)
        due = as_date(due_on, "due_on", problems) or today or dt.date.today()
        name = validation.clean_text(campaign, TEXT_LIMIT)
        if problems:
            raise ValidationError(problems)
        same = _same_open_task(name, what)
        with self._crm.session() as s:
            if s.get_bind().dialect.name == "postgresql":
                # The same action started twice at once: the second waits, then finds the first's tasks.
                s.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                          {"key": TASK_LOCK_BASE + zlib.crc32((name or what).encode("utf-8"))})
            now = utcnow()
            values = select(
                Customer.id, Customer.manager_id, literal(task_kind, CareTask.__table__.c.kind.type),
                literal(what, String(TEXT_LIMIT)), literal(name, String(TEXT_LIMIT)), literal(due, Date()),
                literal(self._crm.actor, String(64)), literal(now), literal(now),
            ).where(area, Customer.id.not_in(select(CareTask.customer_id).where(same)))
            columns = ["customer_id", "manager_id", "kind", "title", "campaign", "due_on", "created_by", "created_at",
                       "updated_at"]
            stmt = insert(CareTask).from_select(columns, values).returning(CareTask.customer_id)
            made = s.execute(stmt).scalars().all()
            s.commit()
        return len(made), Changes(care=bool(made), agenda=bool(made))

    # ----- internals ---------------------------------------------------------------------------

    def _areas(self, column, country: str | None, regions: list[str] | None = None) -> list[AreaCount]:
        problems = validation.Problems()
        where = [_live(), column.is_not(None), column != ""]
        code = validation.country(country, "country", problems)
        if problems:
            raise ValidationError(problems)
        if code:
            where.append(Customer.country == code)
        wanted = _names(regions)
        if wanted:
            where.append(Customer.region.in_(wanted))
        with self._crm.session() as s:
            rows = s.execute(select(column, func.count()).where(*where).group_by(column)
                             .order_by(func.count().desc(), column)).all()
        return [AreaCount(name, int(n)) for name, n in rows]

    @staticmethod
    def _area(regions: list[str] | None, cities: list[str] | None, country: str | None,
              problems: validation.Problems):
        in_regions, in_cities = _names(regions), _names(cities)
        if not in_regions and not in_cities:
            problems["regions"] = "choose at least one region (or city)"
        chosen = []
        if in_regions:
            chosen.append(Customer.region.in_(in_regions))
        if in_cities:
            chosen.append(Customer.city.in_(in_cities))
        where = and_(_live(), or_(*chosen) if chosen else literal(False))
        code = validation.country(country, "country", problems)
        if code:
            where = and_(where, Customer.country == code)
        return where


def _live():
    return and_(Customer.deleted_at.is_(None), Customer.status != CustomerStatus.LOST)


def _names(values: list[str] | None) -> list[str]:
    if isinstance(values, str):  # one region given as text, not as a list
        values = [values]
    return list(dict.fromkeys(v.strip() for v in (values or []) if v is not None and str(v).strip()))


def _same_open_task(campaign: str | None, title: str | None):
    """Which open task counts as "the same" for a customer: one of the campaign, or (none given) of the title."""
    if campaign is not None:
        return and_(CareTask.done_at.is_(None), CareTask.campaign == campaign)
    if title is not None:
        return and_(CareTask.done_at.is_(None), CareTask.campaign.is_(None), CareTask.title == title)
    return None


__all__ = ["AreaCount", "CampaignCount", "RegionalCareService", "RegionalCustomer", "RegionalPreview"]
