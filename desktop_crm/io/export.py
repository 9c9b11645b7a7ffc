"""Exporting field sheets: the customers a manager will visit, as an .xlsx to fill in offline.

The customers are read in the given order, ``CHUNK`` ids per query, with SQLAlchemy Core; each
chunk is one query for the rows (tier code, manager name, the latest care event's summary and
the count of open complaints come from correlated subqueries on their customer indexes) and,
with an "Occasions" sheet, three more for the occasions and birthdays. Memory stays bounded:
one chunk of rows, the rows of XML not yet flushed, and the coming occasions (a few per cent
of them), held to be sorted by date.
Each row carries the customer's version, so the import can tell what changed since.

The file is written to a temporary file beside the target and renamed over it at the end, so a
cancelled or failed export leaves no half file and does not touch a file already at the target.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from desktop_crm.errors import CrmError
from desktop_crm.models import (
    CareEvent,
    Complaint,
    ComplaintStatus,
    ContactPerson,
    Customer,
    Manager,
    Occasion,
    Tier,
    utcnow,
)
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.id_order import Stopped
from desktop_crm.services.occasion_dates import next_on_or_after, solar_in_year
from desktop_crm.services.search_text import fold

from .field_sheet import (
    DEFAULT_SHEET,
    MAX_DATA_ROWS,
    NO_MANAGER_SHEET,
    OCCASIONS_SHEET,
    SUMMARY_CHARS,
    FieldSheetWriter,
)
from .files import written_whole

if TYPE_CHECKING:
    from desktop_crm.services.crm import Crm

CHUNK = 2_000
STAGE = "exporting"
OPEN_COMPLAINTS = (ComplaintStatus.OPEN, ComplaintStatus.INVESTIGATING)
OCCASION_WORDS = {"birthday": "Birthday", "company_anniversary": "Company anniversary",
                  "store_opening": "Store opening", "wedding": "Wedding", "custom": "Occasion"}
BIRTHDAY_LEAD_DAYS = 7  # a birthday kept on the customer or contact card has no lead time of its own

Progress = Callable[[int, int, str], Any]


@dataclass(frozen=True)
class ExportOptions:
    per_manager: bool = False  # one sheet per manager (named after them) instead of one sheet
    occasions_days: int | None = 60  # the "Occasions" sheet covers this many days; None = no such sheet
    today: dt.date | None = None  # for the occasions; defaults to the real date


@dataclass(frozen=True)
class ExportResult:
    path: Path
    customers: int  # rows written (ids of deleted or unknown customers are skipped)
    sheets: tuple[str, ...]  # the visible sheets: the data sheets, then "Occasions" when there is one
    export_id: str
    seconds: float


class ExportService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def field_sheet(self, path: str | os.PathLike, customer_ids: Sequence[int],
                    options: ExportOptions = ExportOptions(), *, progress: Progress | None = None,
                    should_stop: Callable[[], bool] | None = None) -> ExportResult:
        """Write the field sheet of these customers (in this order) to ``path``.

        ``progress(done, total, "exporting")`` is called before the first chunk and after every
        chunk (the last call, done == total, once the file is in place); when ``should_stop()``
        says yes, ``Stopped`` is raised and nothing is written. Problems writing the file raise
        CrmError naming it.
        """
        started = time.perf_counter()
        path = Path(path)
        ids = list(dict.fromkeys(int(i) for i in customer_ids))
        total = len(ids)
        today = options.today or dt.date.today()
        export_id = uuid.uuid4().hex
        with written_whole(path, "The field sheet", tag=export_id) as temp:
            writer = FieldSheetWriter(temp, export_id=export_id, exported_at=utcnow())
            try:
                if progress is not None:
                    progress(0, total, STAGE)
                written, occasions = self._write(writer, ids, options, today, progress, should_stop)
                if options.occasions_days is not None:
                    writer.add_occasions(occasions)
                writer.customers = written
                _check_stop(should_stop)
                writer.close()
            except BaseException:
                writer.abort()
                raise
        if progress is not None:
            progress(total, total, STAGE)
        sheets = tuple(s.name for s in writer.sheets) + ((OCCASIONS_SHEET,) if writer.occasions_sheet else ())
        return ExportResult(path=path, customers=written, sheets=sheets, export_id=export_id,
                            seconds=time.perf_counter() - started)

    # ----- internals -----------------------------------------------------------------------

    def _write(self, writer: FieldSheetWriter, ids: list[int], options: ExportOptions, today: dt.date,
               progress: Progress | None, should_stop) -> tuple[int, list[tuple]]:
        total = len(ids)
        written = 0
        occasions = _Occasions(today, options.occasions_days) if options.occasions_days is not None else None
        stmt = _rows_statement(with_birthdays=occasions is not None)
        with self._crm.session() as s:
            conn = s.connection()
            sheet_of = self._plan_sheets(conn, writer, ids, options.per_manager, should_stop)
            single = sheet_of.get(None) if not options.per_manager else None
            add = writer.add_customer
            for start in range(0, total, CHUNK):
                _check_stop(should_stop)
                chunk = ids[start : start + CHUNK]
                found = {r[0]: r for r in conn.execute(stmt, {"ids": chunk})}
                for position, cid in enumerate(chunk, start=start):
                    r = found.get(cid)
                    if r is None:
                        continue
                    touches = [t for t in (r[12], r[13]) if t is not None]
                    summary = r[14]
                    if summary:
                        summary = " ".join(summary.split())
                        if len(summary) > SUMMARY_CHARS:
                            summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
                    sheet = single or sheet_of.get(r[11])
                    if sheet is None:  # given another manager since the sheets were planned
                        sheet = sheet_of[r[11]] = writer.add_sheet(r[16] or NO_MANAGER_SHEET)
                    add(sheet, (r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[16],
                                max(touches).date() if touches else None, summary, r[15], cid, r[1]))
                    written += 1
                    if occasions is not None and r[19] is not None:
                        occasions.birthday(position, r[2], r[3], None, r[17], r[18], r[19], r[20], r[21])
                if occasions is not None and found:
                    occasions.add_chunk(occasions.fetch(conn, list(found)), found,
                                        {cid: p for p, cid in enumerate(chunk, start=start)})
                if progress is not None and start + CHUNK < total:
                    progress(start + len(chunk), total, STAGE)
        return written, occasions.lines() if occasions is not None else []

    @staticmethod
    def _plan_sheets(conn: Connection, writer: FieldSheetWriter, ids: list[int], per_manager: bool,
                     should_stop) -> dict:
        """The data sheets, made in their final order: manager id (None = no manager) → sheet."""
        if not per_manager:
            if len(ids) > MAX_DATA_ROWS:
                raise CrmError(f"An Excel sheet holds at most {MAX_DATA_ROWS:,} customers and {len(ids):,} were "
                               "chosen; export one sheet per manager, or fewer customers.")
            return {None: writer.add_sheet(DEFAULT_SHEET)}
        counts: dict[int | None, int] = {}
        stmt = (select(Customer.manager_id, func.count()).where(Customer.id.in_(_bind_ids()),
                                                                Customer.deleted_at.is_(None))
                .group_by(Customer.manager_id))
        for start in range(0, len(ids), CHUNK):
            _check_stop(should_stop)
            for manager_id, n in conn.execute(stmt, {"ids": ids[start : start + CHUNK]}):
                counts[manager_id] = counts.get(manager_id, 0) + n
        too_many = [m for m, n in counts.items() if n > MAX_DATA_ROWS]
        if too_many:
            raise CrmError(f"An Excel sheet holds at most {MAX_DATA_ROWS:,} customers; one manager has more. "
                           "Export fewer customers.")
        names = dict(conn.execute(select(Manager.id, Manager.name).where(
            Manager.id.in_([m for m in counts if m is not None]))).all()) if counts else {}
        order = sorted(names, key=lambda m: (fold(names[m]), m))
        sheets = {m: writer.add_sheet(names[m]) for m in order}
        if None in counts or not sheets:
            sheets[None] = writer.add_sheet(NO_MANAGER_SHEET if counts else DEFAULT_SHEET)
        return sheets


def _bind_ids():
    from sqlalchemy import bindparam

    return bindparam("ids", expanding=True)


def _rows_statement(*, with_birthdays: bool):
    latest_summary = (
        select(func.substr(CareEvent.summary, 1, SUMMARY_CHARS * 2))
        .where(CareEvent.customer_id == Customer.id)
        .order_by(CareEvent.happened_at.desc(), CareEvent.id.desc())
        .limit(1)
        .correlate(Customer)
        .scalar_subquery()
    )
    open_complaints = (
        select(func.count())
        .select_from(Complaint)
        .where(Complaint.customer_id == Customer.id, Complaint.status.in_(OPEN_COMPLAINTS))
        .correlate(Customer)
        .scalar_subquery()
    )
    columns = [Customer.id, Customer.version, Customer.code, Customer.name, Customer.company, Tier.code,
               Customer.phone, Customer.mobile, Customer.email, Customer.address, Customer.city, Customer.manager_id,
               Customer.last_call_at, Customer.last_visit_at, latest_summary, open_complaints, Manager.name]
    if with_birthdays:
        columns += [Customer.birth_calendar, Customer.birth_year, Customer.birth_month, Customer.birth_day,
                    Customer.birth_leap_month]
    return (
        select(*columns)
        .outerjoin(Tier, Tier.id == Customer.tier_id)
        .outerjoin(Manager, Manager.id == Customer.manager_id)
        .where(Customer.id.in_(_bind_ids()), Customer.deleted_at.is_(None))
    )


class _Occasions:
    """Collects the occasions of the exported customers that fall in the coming ``days``.

    Solar dates outside the months the window touches are left out in SQL; lunar ones are
    converted (once per distinct date) and checked here.
    """

    def __init__(self, today: dt.date, days: int):
        self.today = today
        self.until = today + dt.timedelta(days=max(0, days))
        self._next: dict[tuple, dt.date | None] = {}
        self._lines: list[tuple] = []
        self.months = sorted({(today + dt.timedelta(days=d)).month for d in range(min(max(0, days), 366) + 1)})
        ids = _bind_ids()
        occasion = (Occasion.kind, Occasion.title, Occasion.calendar, Occasion.year, Occasion.month, Occasion.day,
                    Occasion.leap_month, Occasion.yearly, Occasion.lead_days)
        near = self._near(Occasion.calendar, Occasion.month)
        # An occasion belongs to the customer, to one of its contact persons, or to both.
        self._own = (select(Occasion.customer_id, ContactPerson.name, *occasion)
                     .outerjoin(ContactPerson, ContactPerson.id == Occasion.contact_id)
                     .where(Occasion.customer_id.in_(ids), near))
        self._contacts = (select(ContactPerson.customer_id, ContactPerson.name, *occasion)
                          .join(ContactPerson, ContactPerson.id == Occasion.contact_id)
                          .where(ContactPerson.customer_id.in_(ids), Occasion.customer_id.is_(None), near))
        self._births = (select(ContactPerson.customer_id, ContactPerson.name, ContactPerson.birth_calendar,
                               ContactPerson.birth_year, ContactPerson.birth_month, ContactPerson.birth_day,
                               ContactPerson.birth_leap_month)
                        .where(ContactPerson.customer_id.in_(ids), ContactPerson.birth_day.is_not(None),
                               ContactPerson.left_on.is_(None),
                               self._near(ContactPerson.birth_calendar, ContactPerson.birth_month)))

    def _near(self, calendar, month):
        """Lunar dates, and solar dates in a month the window touches (all of them when NULL)."""
        if len(self.months) == 12:
            return month.is_not(None)
        return or_(calendar.is_(None), calendar != "solar", month.in_(self.months))

    def lines(self) -> list[tuple]:
        """Sorted by date, then by the customer's place in the export; as OCCASION_COLUMNS."""
        self._lines.sort(key=lambda line: (line[0], line[1]))
        return [line[2:] for line in self._lines]

    def fetch(self, conn: Connection, ids: list[int]) -> tuple[list, list]:
        """The chunk's occasions and contact persons' birthdays, as rows."""
        params = {"ids": ids}
        return (conn.execute(self._own, params).all() + conn.execute(self._contacts, params).all(),
                conn.execute(self._births, params).all())

    def add_chunk(self, fetched: tuple[list, list], found: dict[int, Any], positions: dict[int, int]) -> None:
        occasions, births = fetched
        for cid, person, *o in occasions:
            r = found[cid]
            self._occasion(positions[cid], r[2], r[3], person, *o)
        for cid, person, calendar, year, month, day, leap in births:
            r = found[cid]
            self.birthday(positions[cid], r[2], r[3], person, calendar, year, month, day, leap)

    def birthday(self, position, code, name, person, calendar, year, month, day, leap) -> None:
        if day is None or month is None:
            return
        if calendar is None or calendar == "solar":
            if month not in self.months:
                return
        self._occasion(position, code, name, person, "birthday", None, calendar or "solar", year, month, day,
                       bool(leap), True, BIRTHDAY_LEAD_DAYS)

    def _occasion(self, position, code, name, person, kind, title, calendar, year, month, day, leap, yearly,
                  lead_days) -> None:
        calendar = str(getattr(calendar, "value", calendar) or "solar")
        kind = str(getattr(kind, "value", kind))
        leap = bool(leap)
        if yearly or year is None:
            key = (calendar, month, day, leap)
            when = self._next.get(key, False)
            if when is False:
                when = self._next[key] = next_on_or_after(calendar, month, day, self.today, leap_month=leap)
        else:
            when = solar_in_year(calendar, month, day, year, leap_month=leap)
        if when is None or not (self.today <= when <= self.until):
            return
        lunar = f"{'leap ' if leap else ''}{month}-{day}" if calendar == "lunar" else None
        self._lines.append((when, position, code, name, OCCASION_WORDS.get(kind, kind), title, person, when,
                            (when - self.today).days, lead_days, lunar))


def ids_for(crm: "Crm", *, manager_login: str | None = None, tier: str | None = None,
            due_within_days: int | None = None, codes: Sequence[str] | None = None,
            today: dt.date | None = None) -> list[int]:
    """The ids of live customers a command-line export names, in name order (or in the order of
    ``codes`` when given; unknown codes are an error). Filters combine with AND.

    ``tier``: a tier code ("" = customers without a tier). ``due_within_days``: customers whose
    tier's call cadence makes them due for a call within that many days, counted as the Overdue
    filter counts (the last call and the last visit, or for a customer never contacted the day
    it was added, older than the cadence less those days); 0 gives exactly the overdue ones.
    """
    today = today or dt.date.today()
    manager_ids: tuple[int, ...] = ()
    if manager_login is not None:
        manager_ids = (crm.managers.by_login(manager_login).id,)
    tiers: tuple[str, ...] = ()
    if tier is not None:
        tier = tier.strip()
        known = [t.code for t in crm.tiers.list()]
        if tier and tier not in known:
            raise CrmError(f"There is no tier {tier!r} (tiers: {', '.join(known)}).")
        tiers = (tier,)
    if due_within_days is not None and due_within_days < 0:
        raise CrmError("The number of days until a call is due cannot be negative.")
    filtered = bool(manager_ids or tiers or due_within_days is not None)
    if codes is not None:
        ordered = _ids_by_code(crm, codes)
        if not filtered:
            return ordered
        keep = set(_filtered_ids(crm, manager_ids, tiers, due_within_days, today, among=ordered))
        return [i for i in ordered if i in keep]
    base = crm.customers.ids(CustomerQuery(tiers=tiers, manager_ids=manager_ids, sort="name"))
    if due_within_days is None:
        return base
    keep = set(_filtered_ids(crm, (), (), due_within_days, today))
    return [i for i in base if i in keep]


def due_within(conn: Connection, days: int, today: dt.date):
    """The SQL condition "due for a call within ``days``" (None when no tier has a call cadence)."""
    conds = []
    for tier_id, cadence in conn.execute(select(Tier.id, Tier.call_cadence_days)).all():
        if not cadence:
            continue
        threshold = dt.datetime.combine(today - dt.timedelta(days=cadence - days), dt.time())
        conds.append(
            (Customer.tier_id == tier_id)
            & or_(Customer.last_call_at.is_(None), Customer.last_call_at < threshold)
            & or_(Customer.last_visit_at.is_(None), Customer.last_visit_at < threshold)
            & (Customer.created_at < threshold)
        )
    return or_(*conds) if conds else None


def _filtered_ids(crm: "Crm", manager_ids, tiers, due_days, today, *, among: list[int] | None = None) -> list[int]:
    with crm.session() as s:
        conn = s.connection()
        conds = [Customer.deleted_at.is_(None)]
        if manager_ids:
            conds.append(Customer.manager_id.in_(manager_ids))
        if tiers:
            tier_ids = [t for t in conn.execute(select(Tier.id).where(Tier.code.in_(tiers))).scalars()]
            tier_conds = [Customer.tier_id.in_(tier_ids)] if tier_ids else []
            if "" in tiers:
                tier_conds.append(Customer.tier_id.is_(None))
            conds.append(or_(*tier_conds) if tier_conds else Customer.id.is_(None))
        if due_days is not None:
            due = due_within(conn, due_days, today)
            if due is None:
                return []
            conds.append(due)
        stmt = select(Customer.id).where(and_(*conds))
        if among is None:
            return list(conn.execute(stmt).scalars())
        out: list[int] = []
        for start in range(0, len(among), CHUNK):
            out += conn.execute(stmt.where(Customer.id.in_(among[start : start + CHUNK]))).scalars()
        return out


def _ids_by_code(crm: "Crm", codes: Sequence[str]) -> list[int]:
    wanted = [c.strip() for c in codes if c and c.strip()]
    found: dict[str, int] = {}
    with crm.session() as s:
        conn = s.connection()
        unique = list(dict.fromkeys(wanted))
        for start in range(0, len(unique), CHUNK):
            part = unique[start : start + CHUNK]
            found.update(conn.execute(select(Customer.code, Customer.id).where(
                Customer.code.in_(part), Customer.deleted_at.is_(None))).all())
    unknown = [c for c in dict.fromkeys(wanted) if c not in found]
    if unknown:
        shown = ", ".join(unknown[:20]) + (f" and {len(unknown) - 20} more" if len(unknown) > 20 else "")
        raise CrmError(f"No customer has the code{'s' if len(unknown) > 1 else ''} {shown}.")
    return list(dict.fromkeys(found[c] for c in wanted))


def _check_stop(should_stop) -> None:
    if should_stop is not None and should_stop():
        raise Stopped("The export was cancelled; no file was written.")


__all__ = ["ExportOptions", "ExportResult", "ExportService", "due_within", "ids_for"]
