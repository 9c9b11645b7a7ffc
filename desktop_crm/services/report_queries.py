"""What the reports share: the resolved filters and the database they run on (``Context``), the
periods, labels and money conversion.

The builders are in report_sales.py (pareto, tiers, at-risk, gift-spend) and
report_care.py (care-activity, overdue, complaints); the definitions are in reports.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.engine import Connection

from desktop_crm.errors import NotFoundError

from . import agenda_sql
from .agenda_queries import Scope
from .purchases import year_before
from .report_records import Column, Note, Report, ReportFilters, note

NO_MANAGER = "(no manager)"
NO_TIER = "No tier"
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class TierInfo:
    id: int
    code: str
    name: str
    rank: int
    colour: str
    call_days: int | None
    visit_days: int | None
    budget: Decimal | None  # yearly gift budget per customer

    @property
    def label(self) -> str:
        return self.code if self.name in ("", self.code) else f"{self.code} ({self.name})"


@dataclass
class Context:
    """One report's run: the connection, the filters with ids resolved, the tiers and managers."""

    conn: Connection
    filters: ReportFilters
    today: dt.date
    manager_id: int | None
    tier_id: int | None
    tiers: list[TierInfo]  # most valuable first
    managers: dict[int, tuple[str, str]]  # id -> (login, name)
    home: str
    rates: dict[str, float]  # other currencies -> home units per unit

    @classmethod
    def make(cls, conn: Connection, filters: ReportFilters, today: dt.date, home: str, rates) -> "Context":
        managers = {mid: (login, name) for mid, login, name in conn.exec_driver_sql(
            "SELECT id, login, name FROM managers")}
        tiers = [TierInfo(tid, code, name, rank, colour or "#808080", call, visit,
                          None if budget is None else money(budget))
                 for tid, code, name, rank, colour, call, visit, budget in conn.exec_driver_sql(
                     "SELECT id, code, name, rank, colour, call_cadence_days, visit_cadence_days, gift_budget "
                     "FROM tiers ORDER BY rank, code")]
        manager_id = tier_id = None
        if filters.manager:
            manager_id = next((mid for mid, (login, _) in managers.items() if login == filters.manager), None)
            if manager_id is None:
                raise NotFoundError(f"There is no manager with the login {filters.manager!r}.")
        if filters.tier:
            tier_id = next((t.id for t in tiers if t.code == filters.tier), None)
            if tier_id is None:
                known = ", ".join(t.code for t in tiers)
                raise NotFoundError(f"There is no tier {filters.tier!r} (tiers: {known}).")
        return cls(conn, filters, today, manager_id, tier_id, tiers, managers, home, usable_rates(rates, home))

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def run(self, sql: str, **params):
        return Scope(self.conn, self.today, 0, None).run(sql, **params)

    def customer_filter(self, alias: str = "c.", *, tier: bool = True) -> str:
        """The manager and tier filters as a condition on a customers row ("" when none is set)."""
        sql = "" if self.manager_id is None else f" AND {alias}manager_id = {int(self.manager_id)}"
        if tier and self.tier_id is not None:
            sql += f" AND {alias}tier_id = {int(self.tier_id)}"
        return sql

    def full_scan(self) -> str:
        """A hint after a table name: read the whole table, not an index range (SQLite only)."""
        return " NOT INDEXED" if self.dialect == "sqlite" else ""

    @contextlib.contextmanager
    def temp_table(self, name: str, columns: str, select: str, **params):
        """A temporary table filled from ``select``, dropped afterwards. (After an error the
        transaction's rollback takes it away on PostgreSQL; on SQLite the next run drops it.)"""
        drop = f"DROP TABLE IF EXISTS {'temp' if self.dialect == 'sqlite' else 'pg_temp'}.{name}"
        self.conn.exec_driver_sql(drop)
        self.conn.exec_driver_sql(f"CREATE TEMP TABLE {name} ({columns})")
        self.run(f"INSERT INTO {name} {select}", **params)
        yield name
        self.conn.exec_driver_sql(drop)

    def live_counts(self) -> Counter:
        """Live customers that are not lost, per (manager id, tier id), with the filters applied.

        Read from the agenda's small partial indexes (with a tier: manager, tier, clock; all:
        id, manager), the customers without a tier by difference, so the wide rows stay unread.
        """
        tiered, everyone = "customers", "customers"
        if self.dialect == "sqlite":
            tiered = "customers INDEXED BY ix_agenda_call_clock_manager"
            everyone = "customers INDEXED BY ix_agenda_live"
        counts = Counter({(m, t): int(n) for m, t, n in self.run(
            f"SELECT manager_id, tier_id, count(*) FROM {tiered} WHERE {agenda_sql.CADENCE_LIVE}"
            f"{self.customer_filter('')} GROUP BY manager_id, tier_id")})
        if self.tier_id is None:
            for manager_id, n in self.run(f"SELECT manager_id, count(*) FROM {everyone} WHERE {agenda_sql.LIVE}"
                                          f"{self.customer_filter('')} GROUP BY manager_id"):
                untiered = int(n) - sum(v for (m, _), v in counts.items() if m == manager_id)
                if untiered:
                    counts[(manager_id, None)] = untiered
        return counts

    # ----- labels ------------------------------------------------------------------------------

    def manager_name(self, manager_id: int | None) -> str:
        return self.managers[manager_id][1] if manager_id in self.managers else NO_MANAGER

    def tier(self, tier_id: int | None) -> TierInfo | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def tier_code(self, tier_id: int | None) -> str:
        tier = self.tier(tier_id)
        return tier.code if tier else NO_TIER

    def by_manager_name(self, manager_ids) -> list[int | None]:
        """Manager ids sorted by name, "no manager" last."""
        return sorted(manager_ids, key=lambda mid: (mid not in self.managers, self.manager_name(mid).casefold()))

    # ----- periods -----------------------------------------------------------------------------

    def last_year(self) -> tuple[dt.date, dt.date]:
        """The period asked for; a missing end is today, a missing start 12 months before the end."""
        until = self.filters.until or self.today
        return self.filters.since or year_before(until) + dt.timedelta(days=1), until

    def as_of(self) -> dt.date:
        return self.filters.until or self.today

    # ----- money in the home currency ----------------------------------------------------------

    def currencies(self) -> str:
        """The currencies revenue counts, as an SQL list: the home currency and those with a rate."""
        return "(" + ", ".join(f"'{code}'" for code in (self.home, *self.rates)) + ")"

    def revenue_cte(self, money: str) -> str:
        """The CTE ``rev`` (cid, revenue in home cents) over ``money`` (cid, cur, cents: a customer's
        purchases in one currency), converted and rounded to the cent as the ABC tiers do (abc.py)."""
        whens = " ".join(f"WHEN '{code}' THEN {rate!r}" for code, rate in ((self.home, 1), *self.rates.items()))
        return (f"rev AS (SELECT cid, sum(CAST(round(cents * CASE cur {whens} END) AS BIGINT)) AS revenue "
                f"FROM ({money}) money WHERE cur IN {self.currencies()} GROUP BY cid)")

    def currency_words(self) -> Note:
        if self.rates:
            return note("currency.converted", home=self.home, currencies=", ".join(self.rates))
        return note("currency.home", home=self.home)

    def currency_note(self, left: list[tuple[str, int]]) -> list[Note]:
        """Says in which currency revenue is counted, and which purchases (currency, lines) it leaves out."""
        notes = [self.currency_words()]
        if left:
            notes.append(note("currency.left_out", home=self.home, lines=sum(int(n) for _, n in left),
                              currencies=", ".join(cur or "?" for cur, _ in left)))
        return notes

    # ----- the report --------------------------------------------------------------------------

    def report(self, name: str, title: str, columns: list[Column], rows: list[tuple], *, since, until,
               charts=(), totals=None, notes=(), ignored: tuple[str, ...] = ()) -> Report:
        """A Report with the period used; ``ignored`` names filters that do not apply to it."""
        notes = list(notes) + [note(f"filter.{f}") for f in ignored]
        used = replace(self.filters, since=since, until=until)
        return Report(name=name, title=title, filters=used, columns=tuple(columns), rows=tuple(rows),
                      charts=tuple(charts), totals=None if totals is None else tuple(totals),
                      notes=tuple(n.text for n in notes), note_keys=tuple(notes), generated_on=self.today)


def usable_rates(rates, home: str) -> dict[str, float]:
    """The rates of currency codes (three capital letters) other than the home currency."""
    return {code: float(rate) for code, rate in (rates or {}).items() if CURRENCY_RE.match(code) and code != home}


def money(cents) -> Decimal:
    """Whole or fractional cents from the database as an amount with two places."""
    if cents is None:
        return Decimal("0.00")
    return (Decimal(str(cents)) / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def share(part, whole) -> float | None:
    return None if not whole else float(part) / float(whole)


def percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def months(since: dt.date, until: dt.date) -> list[str]:
    """The calendar months the period touches, as YYYY-MM."""
    out, year, month = [], since.year, since.month
    while (year, month) <= (until.year, until.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
