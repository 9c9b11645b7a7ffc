"""The reports behind the Reports page, their .xlsx/PDF exports and ``desktop-crm report``.

Every figure is counted by the database (aggregates and window functions that run on SQLite
and PostgreSQL alike); Python only lays the few result rows out as a ``Report``
(services/report_records.py). The queries live in report_sales.py and report_care.py,
their shared parts in report_queries.py.

Words used below. A customer is *live* when it is not deleted. The manager and tier filters
apply to the customer (its current manager and tier), except in care-activity, where the
manager is the one who did the care event. Where a filter does not apply, the report's notes
say so. Each report puts the period it used into ``Report.filters``.

* **pareto** — net revenue per live customer from purchases dated ``since``..``until``
  (default: the 12 months up to today), customers with a positive revenue only. Amounts are
  counted in the team's home currency (setting ``import.currency``, default CNY); purchases in
  other currencies are converted with the rates of setting ``abc.rates`` ({currency: home units
  per unit}) when it names them, and otherwise left out, which a note says. The chart splits the
  customers, best first, into at most 100 equal groups: bars are each group's share of revenue,
  the line the cumulative share, with a mark at 80 %. The table lists the top 100.
* **tiers** — customers per tier at the start of ``since`` (default: a year before ``until``) and
  at the end of ``until`` (default: today). A customer counts at an instant when it was created
  by then and not deleted by then. Its tier at an instant is the ``to`` tier of its last tier
  change made by then; with none, the ``from`` tier of its first change after it; with no
  changes at all, its current tier. "Moved up" counts the changes in the period into a tier from
  a less valuable one (higher rank, or no tier); "moved down", from a more valuable one.
* **care-activity** — care events that happened in the period (default: 12 whole calendar
  months, the month of ``until`` or today the last of them) for live customers, per manager who
  did them and calendar month: calls, visits, greetings, gifts, and every other kind as "other".
* **overdue** — per manager, the live customers that are not lost, and how many of them (and
  what share) are overdue on ``until`` (default today) for a call, and for a visit, by their
  tier's cadence, with the agenda's clocks (services/agenda_sql.py): the last call or visit
  (for a visit: the last visit), or for a customer never contacted the later of its creation
  and its assignment. The clocks are the latest touches known, so for a past ``until`` a touch
  made after it counts as done. Snoozing a row on Today does not hide it here.
* **at-risk** — live customers that are not lost and whose purchase rhythm (services/rhythms.py)
  says they are at risk on ``until`` (default today; the rhythm is the one kept from all the
  purchases known); the table shows the 1,000 with the most revenue in the 12 months up to
  that day (home currency, as pareto).
* **gift-spend** — per tier: live customers that are not lost, the tier's yearly gift budget per
  customer times its customers prorated to the period's days / 365 (default period: the
  calendar year of ``until`` or today), gifts given in the period (status given, ``given_on``
  in it) and gifts planned in it (status planned or bought, ``planned_for`` in it) of live
  customers. Gift costs carry no currency: they are in the team's currency.
* **complaints** — complaints of live customers received in the period (default: the 12 months
  up to today), per category (none: "uncategorised"): how many, still open (open or
  investigating), resolved (resolved or closed), the median and mean days from receipt to
  resolution of the resolved ones with a resolution time, and the mean satisfaction given.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import Manager, Tier

from . import report_care, report_queries, report_sales
from .report_records import REPORT_NAMES, Report, ReportFilters

if TYPE_CHECKING:
    from .crm import Crm

BUILDERS = {"pareto": report_sales.pareto, "tiers": report_sales.tiers, "care-activity": report_care.care_activity,
            "overdue": report_care.overdue, "at-risk": report_sales.at_risk, "gift-spend": report_sales.gift_spend,
            "complaints": report_care.complaints}


class ReportService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    @staticmethod
    def names() -> tuple[str, ...]:
        return REPORT_NAMES

    def managers(self) -> list[tuple[str, str]]:
        """(login, name) of every manager, by name: the choices of the manager filter."""
        with self._crm.session() as s:
            return [tuple(r) for r in s.execute(select(Manager.login, Manager.name).order_by(Manager.name))]

    def tiers(self) -> list[tuple[str, str]]:
        """(code, name) of every tier, most valuable first: the choices of the tier filter."""
        with self._crm.session() as s:
            return [tuple(r) for r in s.execute(select(Tier.code, Tier.name).order_by(Tier.rank, Tier.code))]

    def build(self, name: str, filters: ReportFilters = ReportFilters(), today: dt.date | None = None) -> Report:
        """The report ``name`` (one of ``names()``) for these filters, as of ``today``."""
        builder = BUILDERS.get(name)
        if builder is None:
            raise NotFoundError(f"There is no report {name!r}; the reports are: {', '.join(REPORT_NAMES)}.")
        if filters.since and filters.until and filters.since > filters.until:
            raise ValidationError({"since": f"the period cannot start ({filters.since.isoformat()}) after it ends "
                                            f"({filters.until.isoformat()})"})
        today = today or dt.date.today()
        home, rates = self._crm.abc.home_currency(), self._crm.abc.rates()
        with self._crm.session() as s:
            ctx = report_queries.Context.make(s.connection(), filters, today, home, rates)
            return builder(ctx)


__all__ = ["ReportService"]
