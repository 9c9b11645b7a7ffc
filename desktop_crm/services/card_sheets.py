"""Printable customer cards: everything a paper card shows, gathered for many customers at once.

``ids(codes, tier, manager)`` chooses live customers in name order; ``cards(ids)`` reads their
cards in the order given, a chunk of ids at a time, with a handful of ``IN (...)`` queries per
chunk (never one service call per customer). The lists on a card are short by design: the last
care events, the gifts given, the open complaints and the next occasions are capped here, with
counts of what was left out, so that a card fits on one sheet of paper.

"The next occasions" are the customer's birthday, its contact persons' birthdays and the
occasions of both, on or after ``today``, soonest first (a yearly date falls where
``occasion_dates`` says; a one-off date only if it is still ahead).

The paper size is a team setting (``print.page_size``: A4, A5 or A6; A4 when unset).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lunardate import LunarDate
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import (
    CareEvent,
    Complaint,
    ComplaintStatus,
    ContactPerson,
    Customer,
    CustomerAssignment,
    Gift,
    GiftStatus,
    Manager,
    Occasion,
    Purchase,
    Tier,
)

from .card_records import CareRecord, ComplaintRecord, CurrencyTotal, GiftRecord
from .care import CareService
from .changes import Changes
from .complaints import ComplaintService
from .contacts import contact_record
from .occasion_dates import next_on_or_after, solar_in_year
from .occasions import GiftService
from .purchases import _money, year_before
from .records import ContactRecord, JsonMixin

if TYPE_CHECKING:
    from .crm import Crm

PAGE_SIZE_KEY = "print.page_size"
PAGE_SIZES = ("A4", "A5", "A6")
DEFAULT_PAGE_SIZE = "A4"

CHUNK = 400  # customers read per round of queries
CARE_LIMIT = 5
GIFT_LIMIT = 5
COMPLAINT_LIMIT = 5
CONTACT_LIMIT = 6
OCCASION_LIMIT = 5
OPEN_COMPLAINTS = (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)
# lunardate renamed fromSolarDate; older releases have only the old name.
_FROM_SOLAR = getattr(LunarDate, "from_solar_date", None) or LunarDate.fromSolarDate


@dataclass(frozen=True)
class CardManager(JsonMixin):
    login: str
    name: str
    role: str  # primary / secondary
    since: dt.date | None


@dataclass(frozen=True)
class Birthday(JsonMixin):
    """A birthday as the customer gave it, with the solar day it falls on next."""

    calendar: str  # solar / lunar
    year: int | None
    month: int
    day: int
    leap_month: bool
    next_on: dt.date | None
    turns: int | None  # the age reached on ``next_on`` (in the birthday's own calendar), when the year is known


@dataclass(frozen=True)
class NextOccasion(JsonMixin):
    on: dt.date
    kind: str  # birthday, company_anniversary, store_opening, wedding, custom
    title: str | None
    person: str | None  # a contact person's name; None for the customer itself
    calendar: str
    month: int
    day: int
    leap_month: bool
    years: int | None  # the how-many-th time, when the first year is known


@dataclass(frozen=True)
class PurchaseFigures(JsonMixin):
    since: dt.date  # "last 12 months" is since < purchased_on <= today
    first_on: dt.date | None
    last_on: dt.date | None
    usual_gap_days: int | None  # the usual re-order interval (services/rhythms.py)
    next_purchase_on: dt.date | None
    totals: tuple[CurrencyTotal, ...]  # largest all-time total first


@dataclass(frozen=True)
class PrintCard(JsonMixin):
    """One customer's paper card."""

    id: int
    code: str
    kind: str
    name: str
    company: str | None
    title: str | None
    status: str
    tier: str | None
    tier_name: str | None
    tier_colour: str | None
    managers: tuple[CardManager, ...]  # the primary manager first
    phone: str | None
    mobile: str | None
    email: str | None
    address: str | None
    city: str | None
    region: str | None
    country: str | None
    birthday: Birthday | None
    family_notes: str | None
    hobbies: str | None
    personality: str | None
    contacts: tuple[ContactRecord, ...]  # still working there; decision makers first
    contacts_more: int
    care: tuple[CareRecord, ...]  # the last few, newest first
    gifts: tuple[GiftRecord, ...]  # given, newest first, with their stories
    gifts_more: int
    purchases: PurchaseFigures
    complaints: tuple[ComplaintRecord, ...]  # open or being investigated, newest first
    complaints_more: int
    occasions: tuple[NextOccasion, ...]  # soonest first
    today: dt.date


class CardSheetService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- the paper size -------------------------------------------------------------------

    def page_size(self) -> str:
        value = self._crm.settings.get(PAGE_SIZE_KEY, DEFAULT_PAGE_SIZE)
        return value if value in PAGE_SIZES else DEFAULT_PAGE_SIZE

    def set_page_size(self, value: str) -> Changes:
        size = (value or "").strip().upper()
        if size not in PAGE_SIZES:
            raise ValidationError({"page_size": f"{value!r} is not a paper size cards print on "
                                                f"(choose {', '.join(PAGE_SIZES)})"})
        return self._crm.settings.set(PAGE_SIZE_KEY, size)

    # ----- which customers ------------------------------------------------------------------

    def ids(self, codes: Sequence[str] | None = None, tier: str | None = None,
            manager: str | None = None) -> list[int]:
        """Live customers with these codes / of this tier / whose primary manager has this login, in
        name order. The filters combine with AND; an unknown code, tier or login is a NotFoundError."""
        with self._crm.session() as s:
            conds = [Customer.deleted_at.is_(None)]
            if tier is not None:
                conds.append(Customer.tier_id == _tier_id(s, tier))
            if manager is not None:
                conds.append(Customer.manager_id == _manager_id(s, manager))
            stmt = select(Customer.id, Customer.sort_name).where(*conds)
            if codes is None:
                return list(s.scalars(select(Customer.id).where(*conds).order_by(Customer.sort_name, Customer.id)))
            found: list[tuple[str, int]] = []
            for chunk in _chunks(_known_codes(s, codes)):
                found += [(name, cid) for cid, name in s.execute(stmt.where(Customer.id.in_(chunk)))]
            return [cid for _name, cid in sorted(found)]

    # ----- the cards --------------------------------------------------------------------------

    def cards(self, ids: Sequence[int], today: dt.date | None = None) -> list[PrintCard]:
        """The cards of these customers, in the order of ``ids`` (deleted or unknown ids are skipped)."""
        today = today or dt.date.today()
        out: dict[int, PrintCard] = {}
        with self._crm.session() as s:
            for chunk in _chunks(list(dict.fromkeys(ids))):
                out.update(_Chunk(s, chunk, today).cards())
        return [out[i] for i in ids if i in out]


class _Chunk:
    """The queries for one chunk of customers, each answering for all of them."""

    def __init__(self, s: Session, ids: list[int], today: dt.date):
        self.s, self.ids, self.today = s, ids, today
        self.since = year_before(today)
        self.contact_birth: dict[int, tuple[bool, int | None]] = {}  # leap month, year: not in ContactRecord

    def cards(self) -> dict[int, PrintCard]:
        rows = self.s.execute(
            select(Customer, Tier.code, Tier.name, Tier.colour)
            .outerjoin(Tier, Tier.id == Customer.tier_id)
            .where(Customer.id.in_(self.ids), Customer.deleted_at.is_(None))
        ).all()
        if not rows:
            return {}
        self.contacts = self._contacts()
        self.managers = self._managers()
        self.care = self._care()
        self.gifts, self.gifts_total = self._gifts()
        self.complaints, self.complaints_total = self._complaints()
        self.purchases = self._purchases()
        self.occasions = self._occasions(self.contacts)
        return {c.id: self._card(c, tier, tier_name, colour) for c, tier, tier_name, colour in rows}

    def _card(self, c: Customer, tier: str | None, tier_name: str | None, colour: str | None) -> PrintCard:
        current = [r for r in self.contacts.get(c.id, ()) if r.left_on is None or r.left_on > self.today]
        current.sort(key=lambda r: (not r.decision_maker, r.id))
        birthday = _birthday(c, self.today)
        soon = list(self.occasions.get(c.id, ()))
        if birthday is not None and birthday.next_on is not None:
            soon.append(NextOccasion(on=birthday.next_on, kind="birthday", title=None, person=None,
                                     calendar=birthday.calendar, month=birthday.month, day=birthday.day,
                                     leap_month=birthday.leap_month, years=birthday.turns))
        gifts, complaints = self.gifts.get(c.id, []), self.complaints.get(c.id, [])
        return PrintCard(
            id=c.id, code=c.code, kind=c.kind.value, name=c.name, company=c.company, title=c.title,
            status=c.status.value, tier=tier, tier_name=tier_name, tier_colour=colour,
            managers=tuple(self.managers.get(c.id, ())), phone=c.phone, mobile=c.mobile, email=c.email,
            address=c.address, city=c.city, region=c.region, country=c.country, birthday=birthday,
            family_notes=c.family_notes, hobbies=c.hobbies, personality=c.personality,
            contacts=tuple(current[:CONTACT_LIMIT]), contacts_more=max(0, len(current) - CONTACT_LIMIT),
            care=tuple(self.care.get(c.id, ())),
            gifts=tuple(gifts), gifts_more=self.gifts_total.get(c.id, 0) - len(gifts),
            purchases=self._figures(self.purchases.get(c.id, ()), c),
            complaints=tuple(complaints), complaints_more=self.complaints_total.get(c.id, 0) - len(complaints),
            occasions=tuple(_soonest(soon)), today=self.today,
        )

    def _contacts(self) -> dict[int, list[ContactRecord]]:
        found: dict[int, list[ContactRecord]] = defaultdict(list)
        for p in self.s.scalars(select(ContactPerson).where(ContactPerson.customer_id.in_(self.ids))):
            found[p.customer_id].append(contact_record(p))
            self.contact_birth[p.id] = (bool(p.birth_leap_month), p.birth_year)
        return found

    def _managers(self) -> dict[int, list[CardManager]]:
        found: dict[int, list[CardManager]] = defaultdict(list)
        stmt = (
            select(CustomerAssignment.customer_id, Manager.id, Manager.login, Manager.name, CustomerAssignment.role,
                   CustomerAssignment.started_on, Customer.manager_id)
            .join(Manager, Manager.id == CustomerAssignment.manager_id)
            .join(Customer, Customer.id == CustomerAssignment.customer_id)
            .where(CustomerAssignment.customer_id.in_(self.ids), CustomerAssignment.ended_on.is_(None))
            .order_by(CustomerAssignment.started_on, CustomerAssignment.id)
        )
        seen: set[tuple[int, int]] = set()
        for cid, mid, login, name, role, since, primary_id in self.s.execute(stmt):
            if (cid, mid) in seen:
                continue
            seen.add((cid, mid))
            role = "primary" if mid == primary_id else ("secondary" if role.value == "primary" else role.value)
            found[cid].append(CardManager(login=login, name=name, role=role, since=since))
        # The current primary manager even where the assignment history lacks it.
        for cid, mid, login, name, since in self.s.execute(
                select(Customer.id, Manager.id, Manager.login, Manager.name, Customer.assigned_at)
                .join(Manager, Manager.id == Customer.manager_id).where(Customer.id.in_(self.ids))):
            if (cid, mid) not in seen:
                found[cid].append(CardManager(login=login, name=name, role="primary",
                                              since=since.date() if since else None))
        for managers in found.values():
            managers.sort(key=lambda m: m.role != "primary")
        return found

    def _ranked(self, model, order, where=None):
        """Ids of ``model`` rows of these customers, numbered per customer by ``order``, with their counts."""
        conds = [model.customer_id.in_(self.ids)] + ([where] if where is not None else [])
        return select(
            model.id, model.customer_id,
            func.row_number().over(partition_by=model.customer_id, order_by=order).label("rn"),
        ).where(*conds).subquery()

    def _care(self) -> dict[int, list[CareRecord]]:
        ranked = self._ranked(CareEvent, (CareEvent.happened_at.desc(), CareEvent.id.desc()))
        wanted = CareEvent.id.in_(select(ranked.c.id).where(ranked.c.rn <= CARE_LIMIT))
        return _by_customer(CareService._records(self.s, wanted, CARE_LIMIT * len(self.ids)))

    def _gifts(self) -> tuple[dict[int, list[GiftRecord]], dict[int, int]]:
        given = Gift.status == GiftStatus.GIVEN
        newest = (func.coalesce(Gift.given_on, Gift.planned_for).desc(), Gift.id.desc())
        ranked = self._ranked(Gift, newest, given)
        records = GiftService._records(self.s, Gift.id.in_(select(ranked.c.id).where(ranked.c.rn <= GIFT_LIMIT)))
        records.sort(key=lambda g: (g.given_on or g.planned_for or dt.date.min, g.id), reverse=True)
        return _by_customer(records), self._counts(Gift, given)

    def _complaints(self) -> tuple[dict[int, list[ComplaintRecord]], dict[int, int]]:
        still_open = Complaint.status.in_(OPEN_COMPLAINTS)
        ranked = self._ranked(Complaint, (Complaint.received_at.desc(), Complaint.id.desc()), still_open)
        wanted = Complaint.id.in_(select(ranked.c.id).where(ranked.c.rn <= COMPLAINT_LIMIT))
        return _by_customer(ComplaintService._records(self.s, wanted)), self._counts(Complaint, still_open)

    def _counts(self, model, where) -> dict[int, int]:
        stmt = (select(model.customer_id, func.count()).where(model.customer_id.in_(self.ids), where)
                .group_by(model.customer_id))
        return {cid: int(n) for cid, n in self.s.execute(stmt)}

    def _purchases(self) -> dict[int, list[tuple[CurrencyTotal, dt.date, dt.date]]]:
        """Per customer and currency: the totals, the first and the last purchase day."""
        recent = and_(Purchase.purchased_on > self.since, Purchase.purchased_on <= self.today)
        stmt = (
            select(Purchase.customer_id, Purchase.currency, func.sum(Purchase.amount),
                   func.sum(case((recent, Purchase.amount), else_=0)), func.count(),
                   func.min(Purchase.purchased_on), func.max(Purchase.purchased_on))
            .where(Purchase.customer_id.in_(self.ids))
            .group_by(Purchase.customer_id, Purchase.currency)
        )
        groups: dict[int, list] = defaultdict(list)
        for cid, currency, total, last_year, n, first_on, last_on in self.s.execute(stmt):
            groups[cid].append((CurrencyTotal(currency=currency, all_time=_money(total),
                                              last_12_months=_money(last_year), lines=int(n)), first_on, last_on))
        return groups

    def _figures(self, parts, c: Customer) -> PurchaseFigures:
        totals = sorted((t for t, _first, _last in parts), key=lambda t: (-t.all_time, t.currency))
        return PurchaseFigures(
            since=self.since, first_on=min((f for _t, f, _l in parts), default=None),
            last_on=max((last for _t, _f, last in parts), default=None), usual_gap_days=c.usual_gap_days,
            next_purchase_on=c.next_purchase_on, totals=tuple(totals))

    def _occasions(self, contacts: dict[int, list[ContactRecord]]) -> dict[int, list[NextOccasion]]:
        """Occasions and contact persons' birthdays ahead, per customer (not yet cut to the few soonest)."""
        owner: dict[int, tuple[int, str]] = {}
        found: dict[int, list[NextOccasion]] = defaultdict(list)
        for cid, people in contacts.items():
            for p in people:
                if p.left_on is not None and p.left_on <= self.today:
                    continue
                owner[p.id] = (cid, p.name)
                if p.birth_month and p.birth_day:
                    calendar, (leap, year) = p.birth_calendar or "solar", self.contact_birth[p.id]
                    nxt = _next(calendar, p.birth_month, p.birth_day, leap, year, True, self.today)
                    if nxt is not None:
                        found[cid].append(NextOccasion(on=nxt[0], kind="birthday", title=None, person=p.name,
                                                       calendar=calendar, month=p.birth_month, day=p.birth_day,
                                                       leap_month=leap, years=nxt[1]))
        conds = [Occasion.customer_id.in_(self.ids)]
        for chunk in _chunks(list(owner)):
            conds.append(Occasion.contact_id.in_(chunk))
        for o in self.s.scalars(select(Occasion).where(or_(*conds))):
            cid, person = (o.customer_id, None) if o.contact_id is None else owner.get(o.contact_id, (None, None))
            if cid is None:
                continue
            nxt = _next(o.calendar.value, o.month, o.day, o.leap_month, o.year, o.yearly, self.today)
            if nxt is not None:
                found[cid].append(NextOccasion(on=nxt[0], kind=o.kind.value, title=o.title, person=person,
                                               calendar=o.calendar.value, month=o.month, day=o.day,
                                               leap_month=o.leap_month, years=nxt[1]))
        return found


# ----- helpers ---------------------------------------------------------------------------------


def _chunks(values: list) -> Iterable[list]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _by_customer(records) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for r in records:
        found[r.customer_id].append(r)
    return found


def _soonest(occasions: list[NextOccasion]) -> list[NextOccasion]:
    unique = {(o.on, o.kind, o.person, o.title): o for o in occasions}
    return sorted(unique.values(), key=lambda o: (o.on, o.person is not None, o.kind))[:OCCASION_LIMIT]


def _next(calendar: str, month: int, day: int, leap: bool, year: int | None, yearly: bool,
          today: dt.date) -> tuple[dt.date, int | None] | None:
    """The next solar day on or after ``today`` of a yearly (or one-off) date, and how many years it
    has been since ``year`` then (counted in the date's own calendar)."""
    if not yearly:
        when = solar_in_year(calendar, month, day, year, leap_month=leap) if year else None
        return (when, None) if when is not None and when >= today else None
    when = next_on_or_after(calendar, month, day, today, leap_month=leap)
    if when is None:
        return None
    if year is None:
        return when, None
    own_year = when.year if calendar != "lunar" else _FROM_SOLAR(when.year, when.month, when.day).year
    years = own_year - year
    return when, years if years > 0 else None


def _birthday(c: Customer, today: dt.date) -> Birthday | None:
    if not (c.birth_month and c.birth_day):
        return None
    calendar = c.birth_calendar.value if c.birth_calendar else "solar"
    nxt = _next(calendar, c.birth_month, c.birth_day, c.birth_leap_month, c.birth_year, True, today)
    return Birthday(calendar=calendar, year=c.birth_year, month=c.birth_month, day=c.birth_day,
                    leap_month=bool(c.birth_leap_month), next_on=nxt[0] if nxt else None,
                    turns=nxt[1] if nxt else None)


def _tier_id(s: Session, code: str) -> int:
    code = (code or "").strip()
    found = s.scalar(select(Tier.id).where(Tier.code == code))
    if found is None:
        known = ", ".join(s.scalars(select(Tier.code).order_by(Tier.rank, Tier.code)))
        raise NotFoundError(f"There is no tier {code!r} (tiers: {known or 'none yet'}).")
    return found


def _manager_id(s: Session, login: str) -> int:
    login = (login or "").strip()
    found = s.scalar(select(Manager.id).where(Manager.login == login))
    if found is None:
        raise NotFoundError(f"No manager with login {login!r}.")
    return found


def _known_codes(s: Session, codes: Sequence[str]) -> list[int]:
    """The ids of live customers with these codes; any unknown code is a NotFoundError naming it."""
    wanted = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        found.update(s.execute(select(Customer.code, Customer.id)
                               .where(Customer.code.in_(chunk), Customer.deleted_at.is_(None))).all())
    unknown = [c for c in wanted if c not in found]
    if unknown:
        shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise NotFoundError(f"No customer with the code{'s' if len(unknown) > 1 else ''} {shown}.")
    return [found[c] for c in wanted]


__all__ = ["Birthday", "CardManager", "CardSheetService", "NextOccasion", "PAGE_SIZES", "PrintCard",
           "PurchaseFigures"]
