"""The agenda's sections as SQL: each one counts its rows and fetches the most urgent first.

Every query runs on an index of migration 0006 (services/agenda_sql.py), so the agenda of a
million customers never reads them all. Each section is a ``Section`` with two questions:
``count()`` and ``rows(limit, only)``, where ``only`` restricts to some customers (the agenda
asks it for the customers with snoozed rows, to take exactly those out of the count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Date, DateTime, bindparam, text
from sqlalchemy.engine import Connection

from . import agenda_sql, occasion_dates
from .agenda_records import AgendaRow

OPEN_COMPLAINT = "('open', 'investigating')"


@dataclass
class Scope:
    conn: Connection
    today: dt.date
    days: int
    manager_id: int | None  # None: everyone

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    def run(self, sql: str, **params):
        stmt = text(sql)
        typed = []
        for name, value in params.items():
            if isinstance(value, dt.datetime):
                typed.append(bindparam(name, value, type_=DateTime))
            elif isinstance(value, dt.date):
                typed.append(bindparam(name, value, type_=Date))
        if typed:
            stmt = stmt.bindparams(*typed)
        return self.conn.execute(stmt, {k: v for k, v in params.items()
                                        if not isinstance(v, (dt.date, dt.datetime))})

    def live_customers(self) -> str:
        """``customers c`` for a join that checks "live and not lost": on SQLite through the small
        index of exactly those customers, which its planner would otherwise pass over for the
        wide table rows."""
        return "customers c INDEXED BY ix_agenda_live" if self.dialect == "sqlite" else "customers c"

    def mine(self, alias: str = "") -> str:
        """The condition "of the chosen manager" on a customers row (empty for everyone)."""
        return "" if self.manager_id is None else f" AND {alias}manager_id = {int(self.manager_id)}"


def only_ids(column: str, only: Iterable[int] | None) -> str:
    if only is None:
        return ""
    ids = ",".join(str(int(i)) for i in only) or "NULL"
    return f" AND {column} IN ({ids})"


def as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime.fromisoformat(str(value))


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


# ----- calls and visits by tier cadence -----------------------------------------------------------

class Cadence:
    """Customers whose call (or visit) clock is older than their tier's cadence."""

    def __init__(self, scope: Scope, kind: str, tiers: list[tuple[int, str, int]]):
        self.scope = scope
        self.kind = kind  # "call" or "visit"
        self.section = "calls" if kind == "call" else "visits"
        self.clock = (agenda_sql.CALL_CLOCK if kind == "call" else agenda_sql.VISIT_CLOCK)[scope.dialect]
        self.tiers = tiers  # (tier id, code, cadence days) of the tiers with a cadence

    def _where(self, tier_id: int, cadence: int) -> tuple[str, dict]:
        sql = (f"tier_id = {int(tier_id)} AND ({self.clock}) < :threshold AND {agenda_sql.CADENCE_LIVE}"
               + self.scope.mine())
        return sql, {"threshold": midnight(self.scope.today - dt.timedelta(days=cadence))}

    def count(self) -> int:
        total = 0
        for tier_id, _code, cadence in self.tiers:
            where, params = self._where(tier_id, cadence)
            total += self.scope.run(f"SELECT count(*) FROM customers WHERE {where}", **params).scalar_one()
        return total

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        found = []
        today = self.scope.today
        for tier_id, code, cadence in self.tiers:
            where, params = self._where(tier_id, cadence)
            sql = (f"SELECT id, ({self.clock}) AS clock, last_call_at, last_visit_at FROM customers "
                   f"WHERE {where}{only_ids('id', only)} ORDER BY ({self.clock}) LIMIT {int(limit)}")
            for cid, clock, last_call, last_visit in self.scope.run(sql, **params):
                clock = as_datetime(clock)
                touched = as_datetime(last_visit) if self.kind == "visit" else _later(last_call, last_visit)
                due = clock.date() + dt.timedelta(days=cadence + 1)
                silence = (today - clock.date()).days
                found.append((silence / cadence, AgendaRow(
                    section=self.section, key=f"{self.kind}:{cid}", reason=f"{self.kind}_cadence", due_on=due,
                    customer_id=cid, tier=code, cadence_days=cadence, last_touch_at=touched)))
        found.sort(key=lambda t: (-t[0], t[1].customer_id))  # the longest past its cadence first
        return [row for _, row in found[:limit]]


def _later(a, b) -> dt.datetime | None:
    a, b = as_datetime(a), as_datetime(b)
    if a is None or b is None:
        return a or b
    return max(a, b)


# ----- follow-ups of care events, and care tasks ---------------------------------------------------

class FollowUps:
    section = "follow_ups"

    def __init__(self, scope: Scope):
        self.scope = scope

    def _events(self) -> str:
        # follow_up_owner (kept by triggers) says the customer is live and not lost, and whose it is.
        mine = "" if self.scope.manager_id is None else f" AND e.follow_up_owner = {int(self.scope.manager_id)}"
        return (f"FROM care_events e WHERE e.{agenda_sql.OPEN_FOLLOW_UP.replace(' AND ', ' AND e.')} "
                f"AND e.next_due <= :today{mine}")

    def _tasks(self) -> str:
        return ("FROM care_tasks t JOIN customers c ON c.id = t.customer_id "
                f"WHERE t.done_at IS NULL AND t.due_on <= :today AND c.deleted_at IS NULL{self.scope.mine('c.')}")

    def count(self) -> int:
        today = self.scope.today
        return (self.scope.run(f"SELECT count(*) {self._events()}", today=today).scalar_one()
                + self.scope.run(f"SELECT count(*) {self._tasks()}", today=today).scalar_one())

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        today = self.scope.today
        rows = []
        sql = (f"SELECT e.id, e.customer_id, e.next_due, e.next_step, e.kind, e.happened_at, e.summary "
               f"{self._events()}{only_ids('e.customer_id', only)} ORDER BY e.next_due, e.id LIMIT {int(limit)}")
        for eid, cid, due, step, kind, happened, summary in self.scope.run(sql, today=today):
            rows.append(AgendaRow(section=self.section, key=f"follow_up:{eid}", reason="follow_up",
                                  due_on=as_date(due), customer_id=cid, item_id=eid, kind=kind,
                                  title=step or summary, last_touch_at=as_datetime(happened)))
        sql = (f"SELECT t.id, t.customer_id, t.due_on, t.title, t.kind, t.campaign {self._tasks()}"
               f"{only_ids('t.customer_id', only)} ORDER BY t.due_on, t.id LIMIT {int(limit)}")
        for tid, cid, due, title, kind, campaign in self.scope.run(sql, today=today):
            rows.append(AgendaRow(section=self.section, key=f"task:{tid}", reason="task", due_on=as_date(due),
                                  customer_id=cid, item_id=tid, kind=kind, title=title, person=campaign))
        rows.sort(key=lambda r: (r.due_on, r.key))
        return rows[:limit]


# ----- birthdays, anniversaries and other occasions -----------------------------------------------

class Occasions:
    """Customers' and contact persons' birthdays, and the occasions table, in the coming days."""

    section = "occasions"

    def __init__(self, scope: Scope, max_lead: int):
        self.scope = scope
        # Occasions with a longer warning than the agenda's days show from their own lead days.
        self.horizon = max(scope.days, max_lead)
        self.keys = occasion_dates.keys_by_day(scope.today, self.horizon)

    # The three sources: (count SQL, rows SQL) built from a list of date keys.
    # Each OR term repeats the partial index's condition: SQLite plans every term on its own.
    def _customer_where(self, keys) -> str:
        live = f" AND {agenda_sql.BIRTHDAY_LIVE}{self.scope.mine()}"
        return "(" + " OR ".join(f"({_key_term('birth_', k)}{live})" for _, _, k in keys) + ")"

    def _contact_where(self, keys) -> str:
        live = f" AND {agenda_sql.CONTACT_BIRTHDAY_LIVE.replace('birth_month', 'p.birth_month').replace('left_on', 'p.left_on')}"
        terms = " OR ".join(f"({_key_term('p.birth_', k)}{live})" for _, _, k in keys)
        return f"({terms}) AND c.deleted_at IS NULL AND c.status <> 'lost'{self.scope.mine('c.')}"

    def _occasion_where(self, keys) -> str:
        today = self.scope.today
        terms = []
        for when, year, key in keys:
            term = _key_term("o.", key) + f" AND (o.yearly = true OR o.year = {int(year)})"
            ahead = (when - today).days
            if ahead > self.scope.days:
                term += f" AND o.lead_days >= {ahead}"
            terms.append(f"({term})")
        return (f"({' OR '.join(terms)}) AND c.deleted_at IS NULL AND c.status <> 'lost'{self.scope.mine('c.')}")

    @property
    def _OCCASION_FROM(self) -> str:
        return ("FROM occasions o LEFT JOIN contact_persons p ON p.id = o.contact_id "
                f"JOIN {self.scope.live_customers()} ON c.id = coalesce(o.customer_id, p.customer_id)")

    def count(self) -> int:
        if not self.keys:
            return 0
        near = [k for k in self.keys if (k[0] - self.scope.today).days <= self.scope.days]
        run = self.scope.run
        total = 0
        if near:
            total += run(f"SELECT count(*) FROM customers WHERE {self._customer_where(near)}").scalar_one()
            total += run(f"SELECT count(*) FROM contact_persons p JOIN {self.scope.live_customers()} "
                         f"ON c.id = p.customer_id WHERE {self._contact_where(near)}").scalar_one()
        total += run(f"SELECT count(*) {self._OCCASION_FROM} WHERE {self._occasion_where(self.keys)}").scalar_one()
        return total

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        out: list[AgendaRow] = []
        by_day: dict[dt.date, list] = {}
        for entry in self.keys:
            by_day.setdefault(entry[0], []).append(entry)
        for when in sorted(by_day):
            if len(out) >= limit:
                break
            out.extend(self._day(when, by_day[when], limit - len(out), only))
        return out[:limit]

    def _day(self, when: dt.date, keys, limit: int, only) -> list[AgendaRow]:
        run, today = self.scope.run, self.scope.today
        near = (when - today).days <= self.scope.days
        year_of = {k: y for _, y, k in keys}
        rows: list[AgendaRow] = []
        if near:
            sql = (f"SELECT id, kind, birth_calendar, birth_year, birth_month, birth_day, birth_leap_month "
                   f"FROM customers WHERE {self._customer_where(keys)}{only_ids('id', only)} "
                   f"ORDER BY id LIMIT {int(limit)}")
            for cid, kind, cal, byear, month, day, leap in run(sql):
                key = (cal or "solar", month, day, bool(leap))
                rows.append(AgendaRow(
                    section=self.section, key=f"birthday:{cid}:{when.isoformat()}", reason="birthday", due_on=when,
                    customer_id=cid, kind="company_anniversary" if kind == "company" else "birthday",
                    lunar=key[0] == "lunar", lunar_date=_lunar_of(key), years=_years(byear, year_of.get(key))))
            sql = (f"SELECT p.id, p.customer_id, p.name, p.birth_calendar, p.birth_year, p.birth_month, p.birth_day, "
                   f"p.birth_leap_month FROM contact_persons p JOIN {self.scope.live_customers()} ON c.id = p.customer_id "
                   f"WHERE {self._contact_where(keys)}{only_ids('c.id', only)} ORDER BY p.id LIMIT {int(limit)}")
            for pid, cid, name, cal, byear, month, day, leap in run(sql):
                key = (cal or "solar", month, day, bool(leap))
                rows.append(AgendaRow(
                    section=self.section, key=f"contact_birthday:{pid}:{when.isoformat()}", reason="contact_birthday",
                    due_on=when, customer_id=cid, item_id=pid, person=name, kind="birthday",
                    lunar=key[0] == "lunar", lunar_date=_lunar_of(key), years=_years(byear, year_of.get(key))))
        sql = (f"SELECT o.id, c.id, o.kind, o.title, o.calendar, o.year, o.month, o.day, o.leap_month, o.yearly, p.name "
               f"{self._OCCASION_FROM} WHERE {self._occasion_where(keys)}{only_ids('c.id', only)} "
               f"ORDER BY o.id LIMIT {int(limit)}")
        for oid, cid, kind, title, cal, oyear, month, day, leap, yearly, person in run(sql):
            key = (cal, month, day, bool(leap))
            rows.append(AgendaRow(
                section=self.section, key=f"occasion:{oid}:{when.isoformat()}", reason="occasion", due_on=when,
                customer_id=cid, item_id=oid, kind=kind, title=title, person=person, lunar=cal == "lunar",
                lunar_date=_lunar_of(key),
                years=_years(oyear, year_of.get(key)) if yearly else None))
        return rows[:limit]


def _key_term(prefix: str, key) -> str:
    calendar, month, day, leap = key
    cal = f"{prefix}calendar"
    month_col, day_col = (f"{prefix}month", f"{prefix}day")
    leap_col = f"{prefix}leap_month"
    if calendar == "solar":  # a month and day always come with their calendar (migration 0006)
        return f"({month_col} = {int(month)} AND {day_col} = {int(day)} AND {cal} = 'solar')"
    return (f"({month_col} = {int(month)} AND {day_col} = {int(day)} AND {cal} = 'lunar' "
            f"AND {leap_col} = {'true' if leap else 'false'})")


def _lunar_of(key) -> tuple[int, int, bool] | None:
    return (key[1], key[2], key[3]) if key[0] == "lunar" else None


def _years(since: int | None, year: int | None) -> int | None:
    if since is None or year is None or year <= since:
        return None
    return year - since


# ----- purchase rhythms ---------------------------------------------------------------------------

class Reorders:
    section = "reorders"

    def __init__(self, scope: Scope):
        self.scope = scope

    def _where(self) -> str:
        return (f"reorder_from <= :today AND at_risk_from > :today AND {agenda_sql.RHYTHM_LIVE}"
                + self.scope.mine())

    def count(self) -> int:
        return self.scope.run(f"SELECT count(*) FROM customers WHERE {self._where()}",
                              today=self.scope.today).scalar_one()

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        sql = (f"SELECT id, next_purchase_on, usual_gap_days, last_purchase_on FROM customers "
               f"WHERE {self._where()}{only_ids('id', only)} ORDER BY reorder_from, id LIMIT {int(limit)}")
        return [AgendaRow(section=self.section, key=f"reorder:{cid}:{as_date(expected).isoformat()}", reason="reorder",
                          due_on=as_date(expected), customer_id=cid, usual_gap_days=gap,
                          last_purchase_on=as_date(last))
                for cid, expected, gap, last in self.scope.run(sql, today=self.scope.today)]


class AtRisk:
    section = "at_risk"

    def __init__(self, scope: Scope):
        self.scope = scope

    def _where(self) -> str:
        return f"at_risk_from <= :today AND {agenda_sql.RHYTHM_LIVE}" + self.scope.mine()

    def count(self) -> int:
        return self.scope.run(f"SELECT count(*) FROM customers WHERE {self._where()}",
                              today=self.scope.today).scalar_one()

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        # Newest first: the customers who only just slipped are the ones still easiest to win back.
        sql = (f"SELECT id, at_risk_from, usual_gap_days, last_purchase_on FROM customers "
               f"WHERE {self._where()}{only_ids('id', only)} ORDER BY at_risk_from DESC, id LIMIT {int(limit)}")
        return [AgendaRow(section=self.section, key=f"at_risk:{cid}:{as_date(last).isoformat()}", reason="at_risk",
                          due_on=as_date(since), customer_id=cid, usual_gap_days=gap, last_purchase_on=as_date(last))
                for cid, since, gap, last in self.scope.run(sql, today=self.scope.today)]


# ----- complaints ---------------------------------------------------------------------------------

class Complaints:
    """Open complaints whose promised answer time is today or past."""

    section = "complaints"

    def __init__(self, scope: Scope):
        self.scope = scope

    def _where(self) -> str:
        return (f"m.status IN {OPEN_COMPLAINT} AND m.target_at < :until AND c.deleted_at IS NULL"
                + self.scope.mine("c."))

    def count(self) -> int:
        return self.scope.run(f"SELECT count(*) FROM complaints m JOIN customers c ON c.id = m.customer_id "
                              f"WHERE {self._where()}",
                              until=midnight(self.scope.today + dt.timedelta(days=1))).scalar_one()

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        sql = (f"SELECT m.id, m.customer_id, m.target_at, m.description, m.severity, m.category "
               f"FROM complaints m JOIN customers c ON c.id = m.customer_id WHERE {self._where()}"
               f"{only_ids('c.id', only)} ORDER BY m.target_at, m.id LIMIT {int(limit)}")
        until = midnight(self.scope.today + dt.timedelta(days=1))
        return [AgendaRow(section=self.section, key=f"complaint:{mid}", reason="complaint",
                          due_on=as_date(target), customer_id=cid, item_id=mid, kind=severity,
                          title=description, person=category, last_touch_at=as_datetime(target))
                for mid, cid, target, description, severity, category in self.scope.run(sql, until=until)]


def money(cents) -> Decimal:
    return (Decimal(int(cents or 0)) / 100).quantize(Decimal("0.01"))
