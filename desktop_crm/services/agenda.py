"""The agenda: what a manager should do today, section by section, and the actions on its rows.

``build`` answers every section with its full count and its most urgent rows (services/
agenda_queries.py has the SQL, services/agenda_holidays.py the holidays). Rows can be snoozed
for some days or marked done; both are kept in ``agenda_marks`` and hidden while the mark's
``until`` is after today. What "done" means depends on the row:

* a follow-up or a care task is finished on its own record;
* a call or a visit due is quiet for one cadence of the customer's tier (as if just contacted);
* a birthday, an occasion, a holiday, a re-order or an at-risk row is done for that occurrence
  (its key holds the date, so next year's birthday or the next expected order is a new row);
* a complaint is never "done" here: it is resolved on the customer's card.

Logging a call or a visit from a row records the care event (which restarts the cadence
clock) and finishes the row as "done" would.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import delete, select, text, update

from desktop_crm.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.models import AgendaMark, CareEvent, CareTask, Complaint, ContactPerson, Manager, Occasion

from .agenda_holidays import Holidays
from .agenda_queries import (AtRisk, Cadence, Complaints, FollowUps, Occasions, Reorders, Scope, as_date,
                             as_datetime, only_ids)
from .agenda_records import SECTIONS, Agenda, AgendaRow, AgendaSection, RowContext
from .changes import Changes

if TYPE_CHECKING:
    from .crm import Crm

DEFAULT_DAYS = 14
DEFAULT_LIMIT = 50
MAX_DAYS = 366
MAX_SNOOZE = 365
AGENDA_DAYS = "agenda_days"
FOREVER = dt.date(9999, 12, 31)
# At most this many sections are computed at once, the costliest first.
PARALLEL = max(1, min(4, os.cpu_count() or 1))
COST = ("calls", "visits", "occasions", "follow_ups", "reorders", "complaints", "at_risk", "holidays")
SECTION_OF = {"call": "calls", "visit": "visits", "follow_up": "follow_ups", "task": "follow_ups",
              "birthday": "occasions", "contact_birthday": "occasions", "occasion": "occasions",
              "holiday": "holidays", "company_day": "holidays", "reorder": "reorders", "at_risk": "at_risk",
              "complaint": "complaints"}


class AgendaService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- reading ---------------------------------------------------------------------------

    def default_days(self) -> int:
        value = self._crm.settings.get(AGENDA_DAYS)
        return DEFAULT_DAYS if value is None else int(value)

    def default_manager(self) -> str | None:
        """The login of the active manager who is the person at this computer, if there is one."""
        with self._crm.session() as s:
            return s.scalar(select(Manager.login).where(Manager.login == self._crm.actor, Manager.active.is_(True)))

    def build(self, *, today: dt.date | None = None, days: int | None = None, manager: str | None = None,
              limit: int = DEFAULT_LIMIT, sections: Iterable[str] = SECTIONS) -> Agenda:
        """The agenda of ``manager`` (a login; None for everyone) on ``today``.

        ``days``: how far ahead birthdays, occasions and holidays are looked for (default: the
        setting, 14). Each section has its full count and at most ``limit`` rows.
        """
        today = today or dt.date.today()
        days = self.default_days() if days is None else days
        if not 0 <= days <= MAX_DAYS:
            raise ValidationError({"days": f"look between 0 and {MAX_DAYS} days ahead"})
        if limit < 0:
            raise ValidationError({"limit": "the number of rows cannot be negative"})
        wanted = [name for name in SECTIONS if name in set(sections)]
        with self._crm.session() as s:
            manager_id = None
            if manager:
                manager_id = s.scalar(select(Manager.id).where(Manager.login == manager.strip()))
                if manager_id is None:
                    raise NotFoundError(f"No manager with login {manager!r}.")
            marks = s.execute(select(AgendaMark.key, AgendaMark.section, AgendaMark.customer_id)
                              .where(AgendaMark.until > today)).all()
        # The sections are independent reads: each runs on a connection of its own, several at
        # once (both drivers let other threads run while the database works).
        def one(name: str) -> AgendaSection:
            with self._crm.session() as s:
                return self._build_section(s, Scope(s.connection(), today, days, manager_id), name, marks, limit)

        workers = min(len(wanted), PARALLEL)
        if workers > 1:
            costliest_first = sorted(wanted, key=COST.index)
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="agenda") as pool:
                done = dict(zip(costliest_first, pool.map(one, costliest_first)))
            built = [done[name] for name in wanted]
        else:
            built = [one(name) for name in wanted]
        with self._crm.session() as s:
            built = self._with_context(Scope(s.connection(), today, days, manager_id), built)
        return Agenda(today=today, days=days, manager_login=manager.strip() if manager else None,
                      sections=tuple(built))

    def _build_section(self, s, scope: Scope, name: str, marks, limit: int) -> AgendaSection:
        section = self._section(s, scope, name)
        marked = {key for key, sec, _ in marks if sec == name}
        hidden = 0
        if marked:  # take exactly the snoozed rows out of the count
            customers = {cid for _, sec, cid in marks if sec == name and cid is not None}
            shown = section.rows(len(marked) + 1_000, None) if name == "holidays" else \
                section.rows(10 * len(marked) + 1_000, customers)
            hidden = len({r.key for r in shown} & marked)
        rows = [r for r in section.rows(limit + len(marked), None) if r.key not in marked][:limit]
        return AgendaSection(name, max(0, section.count() - hidden), tuple(rows))

    def _section(self, s, scope: Scope, name: str):
        if name in ("calls", "visits"):
            column = "call_cadence_days" if name == "calls" else "visit_cadence_days"
            tiers = [(tid, code, cadence) for tid, code, cadence in s.execute(
                text(f"SELECT id, code, {column} FROM tiers WHERE {column} > 0 ORDER BY rank, id"))]
            return Cadence(scope, "call" if name == "calls" else "visit", tiers)
        if name == "follow_ups":
            return FollowUps(scope)
        if name == "occasions":
            max_lead = s.execute(text("SELECT max(lead_days) FROM occasions WHERE lead_days > 0")).scalar() or 0
            return Occasions(scope, int(max_lead))
        if name == "holidays":
            days = s.execute(text("SELECT id, name, calendar, year, month, day, leap_month, yearly, country, lead_days "
                                  "FROM company_days ORDER BY id")).all()
            settings = self._crm.settings
            return Holidays(scope, settings.holiday_countries(), settings.default_country(), [tuple(d) for d in days])
        if name == "reorders":
            return Reorders(scope)
        if name == "at_risk":
            return AtRisk(scope)
        return Complaints(scope)

    @staticmethod
    def _with_context(scope: Scope, sections: list[AgendaSection]) -> list[AgendaSection]:
        """Fill in who each row is about and what to know before calling them, in a few batch queries."""
        ids = sorted({r.customer_id for sec in sections for r in sec.rows if r.customer_id is not None})
        if not ids:
            return sections
        run = scope.run
        where = only_ids("c.id", ids)
        info = {r[0]: r for r in run(
            "SELECT c.id, c.code, c.name, c.company, t.code, m.login, m.name, c.phone, c.mobile, c.email, "
            "c.family_notes FROM customers c LEFT JOIN tiers t ON t.id = c.tier_id "
            f"LEFT JOIN managers m ON m.id = c.manager_id WHERE true{where}")}
        last = {r[0]: r for r in run(
            "SELECT customer_id, kind, happened_at, summary FROM (SELECT customer_id, kind, happened_at, summary, "
            "row_number() OVER (PARTITION BY customer_id ORDER BY happened_at DESC, id DESC) AS n "
            f"FROM care_events c WHERE true{only_ids('c.customer_id', ids)}) AS x WHERE n = 1")}
        gifts = {r[0]: r for r in run(
            # the status is tested outside the index look-up, so the customers' index is the one used
            "SELECT customer_id, item, given_on FROM (SELECT customer_id, item, given_on, status, row_number() OVER "
            "(PARTITION BY customer_id ORDER BY CASE WHEN status = 'given' THEN 0 ELSE 1 END, given_on DESC, id DESC) "
            f"AS n FROM gifts c WHERE true{only_ids('c.customer_id', ids)}) AS x WHERE n = 1 AND status = 'given'")}
        complaints = dict(run(
            "SELECT customer_id, sum(CASE WHEN status IN ('open', 'investigating') THEN 1 ELSE 0 END) "
            f"FROM complaints c WHERE true{only_ids('c.customer_id', ids)} GROUP BY customer_id").all())
        out = []
        for sec in sections:
            rows = []
            for r in sec.rows:
                i = info.get(r.customer_id)
                if i is None:
                    rows.append(r)
                    continue
                contact, gift = last.get(r.customer_id), gifts.get(r.customer_id)
                context = RowContext(
                    phone=i[7], mobile=i[8], email=i[9], family_notes=i[10],
                    last_contact_at=as_datetime(contact[2]) if contact else None,
                    last_contact_kind=contact[1] if contact else None,
                    last_contact_summary=contact[3] if contact else None,
                    last_gift_item=gift[1] if gift else None, last_gift_on=as_date(gift[2]) if gift else None,
                    open_complaints=int(complaints.get(r.customer_id, 0)))
                rows.append(replace(r, customer_code=i[1], customer_name=i[2], company=i[3], tier=r.tier or i[4],
                                    manager_login=i[5], manager_name=i[6], context=context))
            out.append(replace(sec, rows=tuple(rows)))
        return out

    def export_ics(self, path, agenda: Agenda) -> int:
        """Write the agenda's rows to an iCalendar file; returns how many events it holds."""
        from desktop_crm.io.calendar_file import write_ics

        return write_ics(path, agenda)

    def warm_up(self, today: dt.date | None = None) -> None:
        """Fill the caches the first agenda of a process needs (lunar dates, holiday tables), so a
        window can do it on a thread of its own while it builds itself."""
        from . import occasion_dates
        from .agenda_holidays import public_holidays

        today = today or dt.date.today()
        occasion_dates.keys_by_day(today, 60)
        for country in self._crm.settings.holiday_countries():
            for year in (today.year, today.year + 1):
                public_holidays(country, year)

    def count(self, *, today: dt.date | None = None, manager: str | None = None) -> int:
        """How many things are on today's agenda (for the start-up notification)."""
        return self.build(today=today, manager=manager, limit=0).total

    # ----- acting on rows --------------------------------------------------------------------

    def snooze(self, key: str, days: int, *, today: dt.date | None = None) -> Changes:
        """Hide the row for ``days`` days."""
        today = today or dt.date.today()
        try:
            days = int(days)
        except (TypeError, ValueError):
            raise ValidationError({"days": f"'{days}' is not a number of days"}) from None
        if not 1 <= days <= MAX_SNOOZE:
            raise ValidationError({"days": f"snooze for 1 to {MAX_SNOOZE} days"})
        with self._crm.session() as s:
            section, customer_id = self._resolve(s, key)
            self._mark(s, key, section, customer_id, today + dt.timedelta(days=days), done=False)
            s.commit()
        return Changes(agenda=True, customers=frozenset({customer_id} if customer_id else ()))

    def done(self, key: str, *, today: dt.date | None = None) -> Changes:
        today = today or dt.date.today()
        with self._crm.session() as s:
            section, customer_id = self._resolve(s, key)
            self._finish(s, key, section, customer_id, today, None)
            s.commit()
        return Changes(agenda=True, care=section == "follow_ups",
                       customers=frozenset({customer_id} if customer_id else ()))

    def log(self, key: str, kind: str, summary: str, *, today: dt.date | None = None,
            next_step: str | None = None, next_due: dt.date | str | None = None) -> Changes:
        """Log a call or a visit to the row's customer and finish the row (a complaint stays open)."""
        if kind not in ("call", "visit"):
            raise ValidationError({"kind": "log a call or a visit from the agenda"})
        with self._crm.session() as s:
            section, customer_id = self._resolve(s, key)
        if customer_id is None:
            raise CrmError("This row is not about one customer; log the care event on each customer's card.")
        now = dt.datetime.now().replace(microsecond=0)
        when = now if today is None else dt.datetime.combine(today, now.time())
        record, changes = self._crm.care.log(customer_id, kind, summary=summary, happened_at=when,
                                             next_step=next_step, next_due=next_due)
        if section != "complaints":
            with self._crm.session() as s:
                self._finish(s, key, section, customer_id, when.date(), record.id)
                s.commit()
        return changes | Changes(agenda=True)

    # ----- internals -------------------------------------------------------------------------

    def _resolve(self, s, key: str) -> tuple[str, int | None]:
        """(section, customer id) of a row key, checking that what it names still exists."""
        kind, _, rest = (key or "").partition(":")
        section = SECTION_OF.get(kind)
        if section is None or not rest:
            raise ValidationError({"key": f"{key!r} is not an agenda row"})
        if section == "holidays":
            return section, None
        try:
            ident = int(rest.split(":")[0])
        except ValueError:
            raise ValidationError({"key": f"{key!r} is not an agenda row"}) from None
        model, column = {"follow_up": (CareEvent, CareEvent.customer_id), "task": (CareTask, CareTask.customer_id),
                         "complaint": (Complaint, Complaint.customer_id),
                         "contact_birthday": (ContactPerson, ContactPerson.customer_id)}.get(kind, (None, None))
        if kind == "occasion":
            row = s.execute(select(Occasion.customer_id, ContactPerson.customer_id)
                            .outerjoin(ContactPerson, ContactPerson.id == Occasion.contact_id)
                            .where(Occasion.id == ident)).first()
            customer_id = None if row is None else (row[0] or row[1])
        elif model is not None:
            customer_id = s.scalar(select(column).where(model.id == ident))
        else:
            customer_id = s.scalar(text("SELECT id FROM customers WHERE id = :id AND deleted_at IS NULL"), {"id": ident})
        if customer_id is None:
            raise NotFoundError("That agenda row is gone: what it was about has been deleted.")
        return section, customer_id

    def _finish(self, s, key: str, section: str, customer_id: int | None, today: dt.date,
                event_id: int | None) -> None:
        kind, _, rest = key.partition(":")
        now = dt.datetime.now().replace(microsecond=0)
        if kind == "follow_up":
            s.execute(update(CareEvent).where(CareEvent.id == int(rest)).values(next_done_at=now))
        elif kind == "task":
            s.execute(update(CareTask).where(CareTask.id == int(rest))
                      .values(done_at=now, done_event_id=event_id))
        elif kind == "complaint":
            raise CrmError("A complaint leaves the agenda when it is resolved: record the resolution on the "
                           "customer's card.")
        elif kind in ("call", "visit"):
            if event_id is None:  # done without a logged touch: quiet for one cadence
                column = "call_cadence_days" if kind == "call" else "visit_cadence_days"
                cadence = s.execute(text(f"SELECT t.{column} FROM customers c JOIN tiers t ON t.id = c.tier_id "
                                         "WHERE c.id = :id"), {"id": customer_id}).scalar() or 1
                self._mark(s, key, section, customer_id, today + dt.timedelta(days=int(cadence)), done=True)
        else:
            self._mark(s, key, section, customer_id, FOREVER, done=True)

    def _mark(self, s, key: str, section: str, customer_id: int | None, until: dt.date, *, done: bool) -> None:
        s.execute(delete(AgendaMark).where(AgendaMark.key == key))
        s.add(AgendaMark(key=key, section=section, customer_id=customer_id, until=until, done=done,
                         actor=self._crm.actor))
        s.flush()


__all__ = ["AgendaService", "AgendaRow", "DEFAULT_DAYS"]
