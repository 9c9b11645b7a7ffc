"""Customers: file cards, validation, the big table's id lists, search and counts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, column, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from desktop_crm.errors import ConflictError, NotFoundError, ValidationError
from desktop_crm.models import (
    Customer,
    CustomerAssignment,
    CustomerCount,
    CustomerKind,
    CustomerStatus,
    Loyalty,
    Manager,
    Tier,
    utcnow,
)

from . import customer_order, search_index, validation
from .changes import Changes
from .records import AssignmentRecord, ContactRecord, CustomerRecord, CustomerRow, SearchResult
from .search_text import fold

if TYPE_CHECKING:
    from .crm import Crm

CODE_RE = re.compile(r"^C(\d+)$")

# Fields a caller may set through create()/update(), with their length limits.
TEXT_FIELDS = {
    "name": 200, "company": 200, "title": 100, "address": 300, "city": 100, "region": 100,
    "industry": 100, "purpose": 200, "source": 100, "credit_rating": 16,
    "hobbies": None, "personality": None, "family_notes": None, "notes": None,
}
BIRTHDAY_FIELDS = ("birth_calendar", "birth_year", "birth_month", "birth_day", "birth_leap_month")
EDITABLE = set(TEXT_FIELDS) | set(BIRTHDAY_FIELDS) | {
    "code", "kind", "phone", "mobile", "email", "country", "status", "loyalty", "credit_limit",
    "custom_fields", "tier", "tier_pinned",
}



@dataclass(frozen=True)
class CustomerQuery:
    """What the big table shows: a search, filters and an order."""

    search: str = ""
    tiers: tuple[str, ...] = ()  # tier codes; "" means customers without a tier
    manager_ids: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    overdue: bool = False  # overdue for contact by the tier's call cadence
    sort: str = "name"
    descending: bool = False
    today: dt.date | None = None  # for "overdue"; defaults to the real date


@dataclass
class _Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    tier_code: str | None = None
    tier_given: bool = False


class CustomerService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- reading -------------------------------------------------------------------------

    def get(self, customer_id: int) -> CustomerRecord:
        with self._crm.session() as s:
            return self._record(s, self._load(s, customer_id))

    def by_code(self, code: str) -> CustomerRecord:
        with self._crm.session() as s:
            obj = s.scalar(select(Customer).where(Customer.code == code.strip(), Customer.deleted_at.is_(None)))
            if obj is None:
                raise NotFoundError(f"No customer with code {code.strip()!r}.")
            return self._record(s, obj)

    def search(self, text_: str, limit: int = 50) -> SearchResult:
        """Quick search over names, company, code, phones, e-mail, city and contact persons.

        Returns at most ``limit`` customers (exact and leading name matches first, then by name)
        and whether more matched.
        """
        with self._crm.session() as s:
            ids = search_index.match_ids(s.connection(), text_, region=self._crm.settings.phone_region(s),
                                         limit=limit + 1)
            if ids is None:
                return SearchResult(text=text_)
            more = len(ids) > limit
            rows = self._rows(s, ids[:limit])
        needle = fold(text_.strip())
        rows.sort(key=lambda r: (fold(r.name) != needle, not fold(r.name).startswith(needle), fold(r.name), r.id))
        return SearchResult(text=text_, rows=rows, more=more)

    def ids(self, query: CustomerQuery = CustomerQuery(), *, limit: int | None = None) -> list[int]:
        """The ordered ids of the customers the query shows (the big table's backbone); at most ``limit``."""
        with self._crm.session() as s:
            return customer_order.ordered_ids(
                s, lambda stmt: self._filtered(s, stmt, query), query.sort, query.descending,
                searching=bool(query.search.strip()), limit=limit)

    def match_ids(self, text_: str, *, should_stop=None) -> Sequence[int] | None:
        """Every customer whose search document matches ``text_``, in no order; None when the text
        holds nothing searchable (then every customer matches). See ``id_order`` for ordering them.

        ``should_stop()`` is asked while the search index is read (SQLite); when it says yes the
        read is interrupted and ``id_order.Stopped`` raised — a newer keystroke replaced this search.
        """
        with self._crm.session() as s:
            conn = s.connection()
            compiled = search_index.compile_query(conn, text_, self._crm.settings.phone_region(s))
            if compiled is None:
                return None
            return search_index.all_matching_ids(conn, compiled, should_stop=should_stop)

    def regions(self) -> list[str]:
        """The regions live customers are in, for the table's filter.

        Read one index seek per region (over migration 0004's partial region index): a GROUP BY
        would visit every customer, seconds at a million.
        """
        step = text("SELECT min(region) FROM customers WHERE (region IS NULL) = :no AND deleted_at IS NULL "
                    "AND region > :after")
        out: list[str] = []
        with self._crm.session() as s:
            after = ""
            while True:
                region = s.execute(step, {"no": False, "after": after}).scalar()
                if region is None:
                    return out
                out.append(region)
                after = region

    def count(self, query: CustomerQuery = CustomerQuery()) -> int:
        with self._crm.session() as s:
            quick = self._count_from_counters(s, query)
            if quick is not None:
                return quick
            stmt = self._filtered(s, select(func.count()).select_from(Customer), query)
            return 0 if stmt is None else s.scalar(stmt)

    def count_by_tier(self) -> dict[str | None, int]:
        with self._crm.session() as s:
            codes = {str(i): c for i, c in s.execute(select(Tier.id, Tier.code)).all()}
            return {codes.get(key): n for key, n in self._counters(s, "tier").items()}

    def count_by_manager(self) -> dict[str | None, int]:
        with self._crm.session() as s:
            logins = {str(i): login for i, login in s.execute(select(Manager.id, Manager.login)).all()}
            return {logins.get(key): n for key, n in self._counters(s, "manager").items()}

    @staticmethod
    def _counters(s: Session, dim: str) -> dict[str, int]:
        rows = s.execute(select(CustomerCount.key, CustomerCount.n).where(CustomerCount.dim == dim,
                                                                          CustomerCount.n != 0))
        return {key: int(n) for key, n in rows}

    def _count_from_counters(self, s: Session, query: CustomerQuery) -> int | None:
        """Counts by one of tier, manager or status (or none) come from the trigger-kept counters."""
        if query.search.strip() or query.regions or query.overdue:
            return None
        given = [(dim, keys) for dim, keys in (
            ("tier", query.tiers), ("manager", query.manager_ids), ("status", query.statuses)) if keys]
        if len(given) > 1:
            return None
        if not given:
            return sum(self._counters(s, "status").values())
        dim, keys = given[0]
        if dim == "tier":
            ids = dict(s.execute(select(Tier.code, Tier.id).where(Tier.code.in_(keys))).all())
            wanted = {str(ids[k]) for k in keys if k in ids} | ({""} if "" in keys else set())
        else:
            wanted = {str(k) for k in keys}
        return sum(n for key, n in self._counters(s, dim).items() if key in wanted)

    def rows(self, ids: list[int]) -> list[CustomerRow]:
        """The table rows of these customers, in the order of ``ids`` (missing ones skipped)."""
        with self._crm.session() as s:
            return self._rows(s, ids)

    # ----- writing -------------------------------------------------------------------------

    def create(self, data: dict[str, Any]) -> tuple[CustomerRecord, Changes]:
        """Add a customer. ``data`` uses the field names of CustomerRecord (``tier`` is a tier code)."""
        unknown = set(data) - EDITABLE - {"manager"}
        if unknown:
            raise ValidationError({name: "is not a customer field" for name in sorted(unknown)})
        with self._crm.session() as s:
            region = self._crm.settings.phone_region(s)
            cleaned = self._clean(s, data, region, creating=True)
            obj = Customer(**cleaned.values)
            obj.sort_name = fold(obj.name)[:200]
            if cleaned.tier_given:
                obj.tier_id = self._tier_id(s, cleaned.tier_code)
            if not obj.code:
                obj.code = self._next_code(s)
            s.add(obj)
            manager_login = data.get("manager")
            try:
                s.flush()
            except IntegrityError as exc:
                raise ValidationError({"code": f"code {obj.code!r} is already used by another customer"}) from exc
            if manager_login:
                self._crm.managers.assign_in(s, [obj.id], manager_login)
            s.commit()
            s.refresh(obj)
            return self._record(s, obj), Changes(customers=frozenset({obj.id}), customer_list=True)

    def update(self, customer_id: int, changes: dict[str, Any], expected_version: int) -> tuple[CustomerRecord, Changes]:
        """Save edits made on a copy of version ``expected_version``.

        If the customer was saved by someone else since, nothing is written and ConflictError
        carries the values now in the database for the edited fields.
        """
        unknown = set(changes) - EDITABLE
        if unknown:
            raise ValidationError({name: "is not a customer field" for name in sorted(unknown)})
        with self._crm.session() as s:
            obj = self._load(s, customer_id)
            if obj.version != expected_version:
                record = self._record(s, obj)
                raise ConflictError(self._label(obj), expected_version=expected_version,
                                    current_version=obj.version,
                                    theirs={k: getattr(record, k, None) for k in changes})
            cleaned = self._clean(s, changes, self._crm.settings.phone_region(s), creating=False)
            for name, value in cleaned.values.items():
                setattr(obj, name, value)
            if cleaned.tier_given:
                new_tier = self._tier_id(s, cleaned.tier_code)
                if new_tier != obj.tier_id:
                    self._crm.tiers.record_change(s, obj, new_tier, manual=True)
            try:
                s.flush()
                s.commit()
            except StaleDataError:
                s.rollback()
                current = s.get(Customer, customer_id, populate_existing=True)
                raise ConflictError(self._label(obj), expected_version=expected_version,
                                    current_version=current.version if current else None) from None
            except IntegrityError as exc:
                s.rollback()
                raise ValidationError({"code": f"code {changes.get('code')!r} is already used"}) from exc
            return self._record(s, obj), Changes(customers=frozenset({obj.id}), customer_list=True)

    def delete(self, customer_ids: list[int]) -> Changes:
        """Move customers to the bin (they can be restored); they leave lists and search."""
        return self._set_deleted(customer_ids, utcnow())

    def restore(self, customer_ids: list[int]) -> Changes:
        return self._set_deleted(customer_ids, None)

    # ----- internals -----------------------------------------------------------------------

    def _set_deleted(self, customer_ids: list[int], when: dt.datetime | None) -> Changes:
        with self._crm.session() as s:
            objs = s.scalars(select(Customer).where(Customer.id.in_(customer_ids))).all()
            for obj in objs:
                obj.deleted_at = when
            s.commit()
            return Changes(customers=frozenset(o.id for o in objs), customer_list=True)

    def _load(self, s: Session, customer_id: int) -> Customer:
        obj = s.get(Customer, customer_id, options=[selectinload(Customer.contacts)])
        if obj is None or obj.deleted_at is not None:
            raise NotFoundError(f"Customer #{customer_id} does not exist (it may have been deleted).")
        return obj

    @staticmethod
    def _label(obj: Customer) -> str:
        return f"Customer {obj.code} ({obj.name})"

    def _filtered(self, s: Session, stmt, query: CustomerQuery):
        stmt = stmt.where(Customer.deleted_at.is_(None))
        if query.search.strip():
            compiled = search_index.compile_query(s.connection(), query.search, self._crm.settings.phone_region(s))
            if compiled is not None:
                sql, param = search_index.ids_filter_sql(s.connection())
                sub = text(sql).bindparams(**{param: compiled}).columns(column("id", Integer))
                stmt = stmt.where(Customer.id.in_(sub.subquery().select()))
        if query.tiers:
            tier_ids = dict(s.execute(select(Tier.code, Tier.id).where(Tier.code.in_(query.tiers))).all())
            conds = [Customer.tier_id.in_(list(tier_ids.values()))] if tier_ids else []
            if "" in query.tiers:
                conds.append(Customer.tier_id.is_(None))
            if not conds:
                return None
            stmt = stmt.where(or_(*conds))
        if query.manager_ids:
            stmt = stmt.where(Customer.manager_id.in_(query.manager_ids))
        if query.statuses:
            stmt = stmt.where(Customer.status.in_([CustomerStatus(x) for x in query.statuses]))
        if query.regions:
            stmt = stmt.where(Customer.region.in_(query.regions))
        if query.overdue:
            today = query.today or dt.date.today()
            conds = []
            for tier_id, cadence in s.execute(select(Tier.id, Tier.call_cadence_days)).all():
                if not cadence:
                    continue
                threshold = dt.datetime.combine(today - dt.timedelta(days=cadence), dt.time())
                conds.append(
                    (Customer.tier_id == tier_id)
                    & or_(Customer.last_call_at.is_(None), Customer.last_call_at < threshold)
                    & or_(Customer.last_visit_at.is_(None), Customer.last_visit_at < threshold)
                    & (Customer.created_at < threshold)
                )
            if not conds:
                return None
            stmt = stmt.where(or_(*conds))
        return stmt

    def _rows(self, s: Session, ids: list[int]) -> list[CustomerRow]:
        if not ids:
            return []
        found: dict[int, CustomerRow] = {}
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            stmt = (
                select(Customer.id, Customer.code, Customer.name, Customer.company, Customer.phone, Customer.mobile,
                       Customer.email, Customer.city, Customer.region, Customer.country, Customer.status,
                       Tier.code, Tier.colour, Manager.name, Customer.last_call_at, Customer.last_visit_at)
                .outerjoin(Tier, Tier.id == Customer.tier_id)
                .outerjoin(Manager, Manager.id == Customer.manager_id)
                .where(Customer.id.in_(chunk), Customer.deleted_at.is_(None))
            )
            for r in s.execute(stmt):
                touches = [t for t in (r[14], r[15]) if t is not None]
                found[r[0]] = CustomerRow(
                    id=r[0], code=r[1], name=r[2], company=r[3], phone=r[4], mobile=r[5], email=r[6], city=r[7],
                    region=r[8], country=r[9], status=r[10].value, tier=r[11], tier_colour=r[12],
                    manager_name=r[13], last_contact_at=max(touches) if touches else None,
                )
        return [found[i] for i in ids if i in found]

    def _record(self, s: Session, obj: Customer) -> CustomerRecord:
        assignments = s.execute(
            select(CustomerAssignment, Manager)
            .join(Manager, Manager.id == CustomerAssignment.manager_id)
            .where(CustomerAssignment.customer_id == obj.id)
            .order_by(CustomerAssignment.started_on.desc(), CustomerAssignment.id.desc())
        ).all()
        contacts = tuple(
            ContactRecord(
                id=c.id, name=c.name, role=c.role, phone=c.phone, phone_e164=c.phone_e164, mobile=c.mobile,
                email=c.email, decision_maker=c.decision_maker, joined_on=c.joined_on, left_on=c.left_on,
                birth_calendar=c.birth_calendar.value if c.birth_calendar else None, birth_month=c.birth_month,
                birth_day=c.birth_day, notes=c.notes, version=c.version,
            )
            for c in obj.contacts
        )
        return CustomerRecord(
            id=obj.id, code=obj.code, kind=obj.kind.value, name=obj.name, company=obj.company, title=obj.title,
            phone=obj.phone, phone_e164=obj.phone_e164, mobile=obj.mobile, mobile_e164=obj.mobile_e164,
            email=obj.email, address=obj.address, city=obj.city, region=obj.region, country=obj.country,
            birth_calendar=obj.birth_calendar.value if obj.birth_calendar else None, birth_year=obj.birth_year,
            birth_month=obj.birth_month, birth_day=obj.birth_day, birth_leap_month=obj.birth_leap_month,
            status=obj.status.value, tier=obj.tier.code if obj.tier else None, tier_pinned=obj.tier_pinned,
            loyalty=obj.loyalty.value if obj.loyalty else None, industry=obj.industry, purpose=obj.purpose,
            source=obj.source, credit_rating=obj.credit_rating, credit_limit=obj.credit_limit, hobbies=obj.hobbies,
            personality=obj.personality, family_notes=obj.family_notes, notes=obj.notes,
            custom_fields=dict(obj.custom_fields or {}),
            manager_login=obj.manager.login if obj.manager else None,
            manager_name=obj.manager.name if obj.manager else None,
            last_call_at=obj.last_call_at, last_visit_at=obj.last_visit_at, created_at=obj.created_at,
            updated_at=obj.updated_at, version=obj.version, contacts=contacts,
            assignments=tuple(
                AssignmentRecord(manager_login=m.login, manager_name=m.name, role=a.role.value,
                                 started_on=a.started_on, ended_on=a.ended_on, note=a.note)
                for a, m in assignments
            ),
        )

    def _clean(self, s: Session, data: dict[str, Any], region: str, *, creating: bool) -> _Cleaned:
        problems = validation.Problems()
        out = _Cleaned()
        values = out.values
        for name, limit in TEXT_FIELDS.items():
            if name in data:
                values[name] = validation.clean_text(data[name], limit)
        if creating or "name" in data:
            if not values.get("name"):
                problems["name"] = "a customer needs a name"
        if "code" in data:
            code = validation.clean_text(data["code"], 64)
            if code is None and not creating:
                problems["code"] = "the code cannot be emptied"
            values["code"] = code
        if "kind" in data or creating:
            values["kind"] = validation.enum_value(CustomerKind, data.get("kind") or "person", "kind", problems)
        if "status" in data or creating:
            values["status"] = validation.enum_value(CustomerStatus, data.get("status") or "active", "status",
                                                     problems)
        if "loyalty" in data:
            values["loyalty"] = validation.enum_value(Loyalty, data["loyalty"], "loyalty", problems)
        for name in ("phone", "mobile"):
            if name in data:
                values[name], values[f"{name}_e164"] = validation.phone(data[name], name, region, problems)
        if "email" in data:
            values["email"] = validation.email(data["email"], "email", problems)
        if "country" in data:
            values["country"] = validation.country(data["country"], "country", problems)
        if "credit_limit" in data:
            values["credit_limit"] = validation.money(data["credit_limit"], "credit_limit", problems)
        if "custom_fields" in data:
            custom = data["custom_fields"] or {}
            if not isinstance(custom, dict):
                problems["custom_fields"] = "custom fields must be name → value pairs"
            values["custom_fields"] = dict(custom) if isinstance(custom, dict) else {}
        elif creating:
            values["custom_fields"] = {}
        if "tier_pinned" in data:
            values["tier_pinned"] = bool(data["tier_pinned"])
        if any(k in data for k in BIRTHDAY_FIELDS):
            values.update(validation.birthday(
                data.get("birth_calendar"), data.get("birth_year"), data.get("birth_month"),
                data.get("birth_day"), data.get("birth_leap_month"), problems,
            ))
        if "tier" in data:
            out.tier_given = True
            out.tier_code = validation.clean_text(data["tier"])
            if out.tier_code and s.scalar(select(Tier.id).where(Tier.code == out.tier_code)) is None:
                codes = ", ".join(s.scalars(select(Tier.code).order_by(Tier.rank)))
                problems["tier"] = f"there is no tier {out.tier_code!r} (tiers: {codes})"
        if problems:
            raise ValidationError(problems)
        return out

    @staticmethod
    def _tier_id(s: Session, code: str | None) -> int | None:
        return s.scalar(select(Tier.id).where(Tier.code == code)) if code else None

    @staticmethod
    def _next_code(s: Session) -> str:
        best = 0
        for code in s.scalars(select(Customer.code).where(Customer.code.like("C%")).order_by(
                func.length(Customer.code).desc(), Customer.code.desc()).limit(20)):
            match = CODE_RE.match(code)
            if match:
                best = max(best, int(match.group(1)))
        return f"C{best + 1:07d}"


__all__ = ["CustomerQuery", "CustomerService"]
