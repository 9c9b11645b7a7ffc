"""The order of the customer table, read from indexes (see migration 0004).

* name, code: the column, then id.
* company, city, region: customers with a value first, by the value; blanks last.
* last contact: the later of the last call and the last visit; never-contacted customers come
  first in ascending order (they are the longest without contact).
* tier, manager, status: groups in the group's own order (tier rank, manager name, the status
  life cycle), by name inside a group, customers without one last. Without a search text the
  groups are read one index range at a time, so the first page and the whole list both come
  from an index; with a search text (a small set) the database sorts the matches.

Descending is the exact reverse of ascending.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop_crm.errors import ValidationError
from desktop_crm.models import Customer, CustomerStatus, Manager, Tier

Filter = Callable[[Select], Select | None]

GROUPED = ("tier", "manager", "status")
BLANKS_LAST = {"company": Customer.company, "city": Customer.city, "region": Customer.region}
SORT_KEYS = ("name", "code", "company", "city", "region", "tier", "manager", "status", "last_contact", "created")
STATUS_ORDER = [CustomerStatus.PROSPECT, CustomerStatus.ACTIVE, CustomerStatus.DORMANT, CustomerStatus.LOST]


def last_contact(dialect: str):
    """The indexed expression of migration 0004 (it must match it to the letter to be used)."""
    call, visit = Customer.last_call_at, Customer.last_visit_at
    if dialect == "postgresql":
        return func.greatest(func.coalesce(call, visit), func.coalesce(visit, call))
    return func.max(func.ifnull(call, visit), func.ifnull(visit, call))


def _terms(dialect: str, sort: str, descending: bool) -> list:
    def d(col):
        return col.desc() if descending else col.asc()

    if sort == "name":
        cols = [Customer.sort_name, Customer.id]
    elif sort == "code":
        cols = [Customer.code, Customer.id]
    elif sort in BLANKS_LAST:
        col = BLANKS_LAST[sort]
        cols = [col.is_(None), col, Customer.id]
    elif sort == "last_contact":
        expr = last_contact(dialect)
        if dialect == "postgresql":
            first = expr.desc().nulls_last() if descending else expr.asc().nulls_first()
            return [first, d(Customer.id)]
        cols = [expr, Customer.id]
    elif sort == "created":
        cols = [Customer.created_at, Customer.id]
    else:
        raise ValidationError({"sort": f"cannot sort by {sort!r}"})
    return [d(c) for c in cols]


def ordered_ids(s: Session, filtered: Filter, sort: str, descending: bool, *, searching: bool,
                limit: int | None = None) -> list[int]:
    """Ids of the customers ``filtered`` keeps, in the table's order; at most ``limit``."""
    if sort not in SORT_KEYS:
        raise ValidationError({"sort": f"cannot sort by {sort!r}"})
    dialect = s.get_bind().dialect.name
    if sort in GROUPED:
        if searching:
            return _fetch(s, _grouped_by_join(filtered, sort, descending), limit)
        return _grouped_by_ranges(s, filtered, sort, descending, limit)
    stmt = filtered(select(Customer.id))
    if stmt is None:
        return []
    return _fetch(s, stmt.order_by(*_terms(dialect, sort, descending)), limit)


def _fetch(s: Session, stmt: Select | None, limit: int | None) -> list[int]:
    if stmt is None:
        return []
    if limit is not None:
        stmt = stmt.limit(limit)
    return fetch_ids(s, stmt)


def fetch_ids(s: Session, stmt) -> list[int]:
    """The first column of ``stmt`` as ints, read from the DBAPI cursor.

    For a million ids SQLAlchemy's per-row result processing costs five times the query
    itself; an integer id needs none of it.
    """
    result = s.connection().execute(stmt)  # Core execution: a CursorResult, whose DBAPI cursor we read
    try:
        return [row[0] for row in result.cursor.fetchall()]
    finally:
        result.close()


def _groups(s: Session, sort: str) -> tuple[object, list]:
    """(the column, its values in group order) — without the blank group."""
    if sort == "tier":
        return Customer.tier_id, list(s.scalars(select(Tier.id).order_by(Tier.rank, Tier.code)))
    if sort == "manager":
        return Customer.manager_id, list(s.scalars(select(Manager.id).order_by(Manager.name, Manager.id)))
    return Customer.status, list(STATUS_ORDER)


def _grouped_by_ranges(s: Session, filtered: Filter, sort: str, descending: bool, limit: int | None) -> list[int]:
    column, values = _groups(s, sort)
    keys: list = values + ([None] if sort != "status" else [])
    if descending:
        keys.reverse()
    order = [Customer.sort_name.desc(), Customer.id.desc()] if descending else [Customer.sort_name, Customer.id]
    out: list[int] = []
    for key in keys:
        stmt = filtered(select(Customer.id))
        if stmt is None:
            return []
        stmt = stmt.where(column.is_(None) if key is None else column == key).order_by(*order)
        out.extend(_fetch(s, stmt, None if limit is None else limit - len(out)))
        if limit is not None and len(out) >= limit:
            break
    return out


def _grouped_by_join(filtered: Filter, sort: str, descending: bool) -> Select | None:
    stmt = filtered(select(Customer.id))
    if stmt is None:
        return None
    if sort == "tier":
        stmt = stmt.outerjoin(Tier, Tier.id == Customer.tier_id)
        keys = [Tier.rank.is_(None), Tier.rank, Tier.code]
    elif sort == "manager":
        stmt = stmt.outerjoin(Manager, Manager.id == Customer.manager_id)
        keys = [Manager.name.is_(None), Manager.name, Manager.id]
    else:
        from sqlalchemy import case

        keys = [case({s.value: i for i, s in enumerate(STATUS_ORDER)}, value=Customer.status)]
    keys += [Customer.sort_name, Customer.id]
    return stmt.order_by(*[k.desc() if descending else k.asc() for k in keys])
