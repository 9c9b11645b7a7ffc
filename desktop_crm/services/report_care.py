"""The reports about care given: care-activity, overdue and complaints (defined in reports.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from . import agenda_sql
from .agenda_queries import OPEN_COMPLAINT, midnight
from .report_queries import Context, months, share
from .report_records import Chart, Column, Report, Series, note

# The care kinds with a column of their own; every other kind counts as "other".
KINDS = (("call", "Calls", "#2F6DB5"), ("visit", "Visits", "#3A9A5B"), ("greeting", "Greetings", "#E08E0B"),
         ("gift", "Gifts", "#C8102E"))
OTHER = ("other", "Other", "#808080")
MONTH_SQL = {"sqlite": "strftime('%Y-%m', e.happened_at)", "postgresql": "to_char(e.happened_at, 'YYYY-MM')"}
DAYS_SQL = {"sqlite": "julianday(m.resolved_at) - julianday(m.received_at)",
            "postgresql": "extract(epoch FROM (m.resolved_at - m.received_at)) / 86400.0"}
DONE_COMPLAINT = "('resolved', 'closed')"
UNCATEGORISED = "uncategorised"


def _span(since: dt.date, until: dt.date) -> dict:
    """The period as instants: from the start of ``since`` to the start of the day after ``until``."""
    return {"start": midnight(since), "end": midnight(until + dt.timedelta(days=1))}


# ----- care-activity --------------------------------------------------------------------------

def _whole_months(ctx: Context) -> tuple[dt.date, dt.date]:
    """The period asked for; a missing start is the first day of the 12th month back (this one counting)."""
    until = ctx.as_of()
    if ctx.filters.since:
        return ctx.filters.since, until
    month = until.year * 12 + until.month - 12
    return dt.date(month // 12, month % 12 + 1, 1), until


def care_activity(ctx: Context) -> Report:
    since, until = _whole_months(ctx)
    mine = "" if ctx.manager_id is None else f" AND e.manager_id = {int(ctx.manager_id)}"
    tier = "" if ctx.tier_id is None else f" AND c.tier_id = {int(ctx.tier_id)}"
    month = MONTH_SQL[ctx.dialect]
    scan = ctx.full_scan() if ctx.manager_id is None else ""  # a year of events: the table, not an index
    found = ctx.run(
        f"SELECT e.manager_id, {month} AS month, e.kind, count(*) FROM care_events e{scan} "
        f"JOIN customers c ON c.id = e.customer_id WHERE e.happened_at >= :start AND e.happened_at < :end "
        f"AND c.deleted_at IS NULL{mine}{tier} GROUP BY e.manager_id, {month}, e.kind", **_span(since, until)).all()
    slot = {kind: i for i, (kind, _, _) in enumerate(KINDS)}
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0] * (len(KINDS) + 1))
    for manager_id, when, kind, n in found:
        cells[(manager_id, when)][slot.get(kind, len(KINDS))] += int(n)
    managers = ctx.by_manager_name({m for m, _ in cells})
    order = {m: i for i, m in enumerate(managers)}
    rows = [(ctx.manager_name(m), when, *counts, sum(counts))
            for (m, when), counts in sorted(cells.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))]
    columns = ([Column("manager", "Manager"), Column("month", "Month")]
               + [Column(key, title, "int") for key, title, _ in (*KINDS, OTHER)] + [Column("total", "Total", "int")])
    width = len(KINDS) + 2
    totals = ("All managers", None, *(sum(r[2 + i] for r in rows) for i in range(width)))
    month_list = months(since, until)
    per_month: dict[str, list[int]] = defaultdict(lambda: [0] * (len(KINDS) + 1))
    per_manager: dict[int | None, int] = defaultdict(int)
    for (m, when), counts in cells.items():
        per_month[when] = [a + b for a, b in zip(per_month[when], counts)]
        per_manager[m] += sum(counts)
    stacked = Chart(kind="stacked_bar", title="Care events per month", categories=tuple(month_list),
                    series=tuple(Series(title, tuple(per_month[mo][i] for mo in month_list), colour=colour)
                                 for i, (_, title, colour) in enumerate((*KINDS, OTHER))),
                    x_title="Month", y_title="Care events")
    by_manager = Chart(kind="bar", title="Care events per manager",
                       categories=tuple(ctx.manager_name(m) for m in managers),
                       series=(Series("Care events", tuple(per_manager[m] for m in managers), colour=KINDS[0][2]),),
                       x_title="Manager", y_title="Care events")
    notes = [note("care.about")]
    return ctx.report("care-activity", "Care activity per manager and month", columns, rows, since=since,
                      until=until, charts=[stacked, by_manager], totals=totals, notes=notes)


# ----- overdue --------------------------------------------------------------------------------

def _overdue(ctx: Context, kind: str, day: dt.date) -> Counter:
    """Customers overdue on ``day`` for a call (or visit) per manager: the clock older than the
    tier's cadence. Counted from the agenda's index of (manager, tier, clock) alone."""
    clock = (agenda_sql.CALL_CLOCK if kind == "call" else agenda_sql.VISIT_CLOCK)[ctx.dialect]
    params, whens = {}, []
    for tier in ctx.tiers:
        cadence = tier.call_days if kind == "call" else tier.visit_days
        if cadence:
            params[f"t{tier.id}"] = midnight(day - dt.timedelta(days=cadence))
            whens.append(f"WHEN {int(tier.id)} THEN :t{tier.id}")
    if not whens:
        return Counter()
    table = f"customers INDEXED BY ix_agenda_{kind}_clock_manager" if ctx.dialect == "sqlite" else "customers"
    return Counter(dict(ctx.run(
        f"SELECT manager_id, count(*) FROM {table} WHERE ({clock}) < CASE tier_id {' '.join(whens)} END "
        f"AND {agenda_sql.CADENCE_LIVE}{ctx.customer_filter('')} GROUP BY manager_id", **params).all()))


def overdue(ctx: Context) -> Report:
    day = ctx.as_of()
    customers = Counter()
    for (manager_id, _), n in ctx.live_counts().items():
        customers[manager_id] += n
    calls, visits = _overdue(ctx, "call", day), _overdue(ctx, "visit", day)
    managers = ctx.by_manager_name(customers)
    rows = [(ctx.manager_name(m), customers[m], int(calls[m]), share(calls[m], customers[m]), int(visits[m]),
             share(visits[m], customers[m])) for m in managers]
    columns = [Column("manager", "Manager"), Column("customers", "Customers", "int"),
               Column("overdue_call", "Overdue for a call", "int"), Column("share_call", "Share for a call", "percent"),
               Column("overdue_visit", "Overdue for a visit", "int"),
               Column("share_visit", "Share for a visit", "percent")]
    everyone, call_total, visit_total = (sum(r[i] for r in rows) for i in (1, 2, 4))
    totals = ("All managers", everyone, call_total, share(call_total, everyone), visit_total,
              share(visit_total, everyone))
    chart = Chart(kind="bar", title=f"Overdue contacts on {day.isoformat()}",
                  categories=tuple(ctx.manager_name(m) for m in managers),
                  series=(Series("Overdue for a call", tuple(int(calls[m]) for m in managers), colour=KINDS[0][2]),
                          Series("Overdue for a visit", tuple(int(visits[m]) for m in managers), colour=KINDS[1][2])),
                  x_title="Manager", y_title="Customers")
    notes = [note("overdue.about", day=day.isoformat())]
    return ctx.report("overdue", "Overdue contacts by manager", columns, rows, since=None, until=day,
                      charts=[chart], totals=totals, notes=notes, ignored=("since",))


# ----- complaints -----------------------------------------------------------------------------

def _complaint_figures(ctx: Context, group: str, span: dict) -> list[tuple]:
    """(group, received, open, resolved, median days, mean days, mean satisfaction, rated) per ``group``."""
    base = (f"SELECT {group} AS grp, m.status, m.satisfaction, CASE WHEN m.status IN {DONE_COMPLAINT} "
            f"AND m.resolved_at IS NOT NULL THEN {DAYS_SQL[ctx.dialect]} END AS days "
            f"FROM complaints m JOIN customers c ON c.id = m.customer_id WHERE m.received_at >= :start "
            f"AND m.received_at < :end AND c.deleted_at IS NULL{ctx.customer_filter()}")
    return ctx.run(
        f"WITH base AS ({base}), "
        "ranked AS (SELECT grp, days, row_number() OVER (PARTITION BY grp ORDER BY days) AS rn, "
        "count(*) OVER (PARTITION BY grp) AS k FROM base WHERE days IS NOT NULL), "
        "medians AS (SELECT grp, avg(days) AS median FROM ranked WHERE rn IN ((k + 1) / 2, (k + 2) / 2) GROUP BY grp) "
        f"SELECT b.grp, count(*), sum(CASE WHEN b.status IN {OPEN_COMPLAINT} THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN b.status IN {DONE_COMPLAINT} THEN 1 ELSE 0 END), max(md.median), avg(b.days), "
        "avg(b.satisfaction), count(b.satisfaction) FROM base b LEFT JOIN medians md ON md.grp = b.grp "
        "GROUP BY b.grp ORDER BY count(*) DESC, b.grp", **span).all()


def complaints(ctx: Context) -> Report:
    since, until = ctx.last_year()
    span = _span(since, until)
    found = _complaint_figures(ctx, "coalesce(m.category, '')", span)
    overall = _complaint_figures(ctx, "''", span)
    rows = [_complaint_row(r) for r in found]
    columns = [Column("category", "Category"), Column("received", "Received", "int"),
               Column("open", "Still open", "int"), Column("resolved", "Resolved", "int"),
               Column("median_days", "Median days to resolve", "days"),
               Column("mean_days", "Mean days to resolve", "days"),
               Column("satisfaction", "Mean satisfaction (1–5)", "number")]
    totals = ("All categories", *_complaint_row(overall[0])[1:]) if overall else ("All categories", 0, 0, 0, None,
                                                                                  None, None)
    names = tuple(r[0] for r in rows)
    counts = Chart(kind="bar", title="Complaints by category", categories=names,
                   series=(Series("Received", tuple(r[1] for r in rows), colour="#2F6DB5"),
                           Series("Still open", tuple(r[2] for r in rows), colour="#C8102E"),
                           Series("Resolved", tuple(r[3] for r in rows), colour="#3A9A5B")),
                   x_title="Category", y_title="Complaints")
    speed = Chart(kind="bar", title="Median days to resolve", categories=names,
                  series=(Series("Median days", tuple(r[4] for r in rows), colour="#E08E0B"),),
                  x_title="Category", y_title="Days")
    rated = int(overall[0][7]) if overall else 0
    notes = [note("complaints.about", rated=rated)]
    return ctx.report("complaints", "Complaints by category", columns, rows, since=since, until=until,
                      charts=[counts, speed], totals=totals, notes=notes)


def _complaint_row(r) -> tuple:
    group, received, still_open, resolved, median, mean, satisfaction, _rated = r
    rounded = [None if v is None else round(float(v), 1) for v in (median, mean)]
    return (group or UNCATEGORISED, int(received), int(still_open or 0), int(resolved or 0), *rounded,
            None if satisfaction is None else round(float(satisfaction), 2))


__all__ = ["care_activity", "complaints", "overdue"]
