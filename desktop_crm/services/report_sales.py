"""The reports about customers' value: pareto, tiers, at-risk and gift-spend (defined in reports.py)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

from . import agenda_sql
from .agenda_queries import as_date, midnight
from .purchases import period_table, year_before
from .report_queries import CENT, NO_TIER, Context, percent, share
from .report_queries import money as money_of
from .report_records import Chart, Column, Mark, Report, Series, note

TOP = 100  # customers in the pareto table
AT_RISK_ROWS = 1000
BUCKETS = 100
BAR_COLOUR = "#2F6DB5"
LINE_COLOUR = "#C8102E"


# ----- pareto ---------------------------------------------------------------------------------

MONEY_COLUMNS = "cid INTEGER NOT NULL, cur VARCHAR(3), cents BIGINT NOT NULL, lines BIGINT NOT NULL"
RANK_COLUMNS = ("cid INTEGER NOT NULL, revenue BIGINT NOT NULL, rn BIGINT NOT NULL, running BIGINT NOT NULL, "
                "n BIGINT NOT NULL, total BIGINT NOT NULL")


def pareto(ctx: Context) -> Report:
    since, until = ctx.last_year()
    # report_money: the period's purchases per customer and currency, read in one pass;
    # report_rank: the customers with a positive revenue, best first, with the running sum.
    money = (f"SELECT customer_id, currency, sum(amount), count(*) FROM {period_table(ctx.conn, since, until)} "
             "WHERE purchased_on >= :since AND purchased_on <= :until "
             "GROUP BY customer_id, currency")
    theirs = f"FROM report_money m JOIN customers c ON c.id = m.cid WHERE c.deleted_at IS NULL{ctx.customer_filter()}"
    ranked = (f"WITH {ctx.revenue_cte(f'SELECT m.cid, m.cur, m.cents {theirs}')} "
              "SELECT cid, revenue, row_number() OVER (ORDER BY revenue DESC, cid), "
              "sum(revenue) OVER (ORDER BY revenue DESC, cid ROWS UNBOUNDED PRECEDING), count(*) OVER (), "
              "sum(revenue) OVER () FROM rev WHERE revenue > 0")
    bucket = f"((rn - 1) * {BUCKETS}) / n"
    with ctx.temp_table("report_money", MONEY_COLUMNS, money, since=since, until=until):
        left = ctx.run(f"SELECT m.cur, sum(m.lines) {theirs} AND m.cur NOT IN {ctx.currencies()} "
                       "GROUP BY m.cur ORDER BY m.cur").all()
        with ctx.temp_table("report_rank", RANK_COLUMNS, ranked):
            groups = ctx.run(
                f"SELECT {bucket} AS bucket, count(*), sum(revenue), "
                "sum(CASE WHEN (running - revenue) * 10 < total * 8 THEN 1 ELSE 0 END), max(n), max(total) "
                f"FROM report_rank GROUP BY {bucket} ORDER BY bucket").all()
            top = ctx.run(
                "SELECT r.rn, c.code, c.name, c.tier_id, c.manager_id, r.revenue, r.running, r.total "
                f"FROM report_rank r JOIN customers c ON c.id = r.cid WHERE r.rn <= {TOP} ORDER BY r.rn").all()
    customers = int(groups[0][4]) if groups else 0
    total = groups[0][5] if groups else 0
    rows = [(int(rn), code, name, ctx.tier_code(tier_id) if tier_id else "", ctx.manager_name(manager_id),
             money_of(revenue), share(revenue, whole), share(running, whole))
            for rn, code, name, tier_id, manager_id, revenue, running, whole in top]
    columns = [Column("rank", "Rank", "int"), Column("code", "Code"), Column("name", "Customer"),
               Column("tier", "Tier"), Column("manager", "Manager"), Column("revenue", "Revenue", "money"),
               Column("share", "Share", "percent"), Column("cumulative", "Cumulative share", "percent")]
    totals = (None, None, f"All {customers:,} customers", None, None, money_of(total), 1.0 if customers else None,
              None)
    notes = ctx.currency_note(left)
    if customers:
        needed = sum(int(g[3]) for g in groups)
        notes.insert(0, note("pareto.bought", customers=customers, share=percent(needed / customers), needed=needed))
        if customers > TOP:
            notes.append(note("pareto.top", top=TOP))
    else:
        notes.insert(0, note("pareto.none"))
    return ctx.report("pareto", "Revenue concentration (Pareto)", columns, rows, since=since, until=until,
                      charts=[_pareto_chart(groups, customers, total)], totals=totals, notes=notes)


def _pareto_chart(groups, customers: int, total) -> Chart:
    labels, shares, cumulative = [], [], []
    seen, running = 0, 0
    for _bucket, count, revenue, *_ in groups:
        seen += int(count)
        running += revenue
        labels.append(f"{round(seen * 100 / customers)} %")
        shares.append(share(revenue, total))
        cumulative.append(share(running, total))
    return Chart(kind="pareto", title="Customers by revenue, best first", categories=tuple(labels),
                 series=(Series("Share of revenue", tuple(shares), colour=BAR_COLOUR),
                         Series("Cumulative share", tuple(cumulative), axis="right", colour=LINE_COLOUR)),
                 x_title="Share of customers", y_title="Share of revenue", y2_title="Cumulative share of revenue",
                 marks=(Mark(0.8, "80 %", axis="right"),))


# ----- tiers ----------------------------------------------------------------------------------

def _tier_at(name: str, at: str) -> str:
    """A CTE ``name``: (customer_id, tier_id) at the instant ``:at`` for customers with tier changes."""
    made = f"changed_at <= :{at}"
    return (f"{name} AS (SELECT customer_id, CASE WHEN {made} THEN to_tier_id ELSE from_tier_id END AS tier_id "
            f"FROM (SELECT customer_id, from_tier_id, to_tier_id, changed_at, row_number() OVER ("
            f"PARTITION BY customer_id ORDER BY CASE WHEN {made} THEN 0 ELSE 1 END, "
            f"CASE WHEN {made} THEN changed_at END DESC, changed_at, CASE WHEN {made} THEN id END DESC, id) AS rn "
            f"FROM tier_changes) o WHERE rn = 1)")


def tiers(ctx: Context) -> Report:
    until = ctx.as_of()
    since = ctx.filters.since or year_before(until)
    start, end = midnight(since), midnight(until + dt.timedelta(days=1))
    exists = "c.created_at <= :{t} AND (c.deleted_at IS NULL OR c.deleted_at > :{t})"
    counts = ctx.run(
        f"WITH {_tier_at('at_start', 't0')}, {_tier_at('at_end', 't1')} "
        "SELECT then_tier, now_tier, sum(was), sum(is_now) FROM (SELECT "
        "CASE WHEN a.customer_id IS NULL THEN c.tier_id ELSE a.tier_id END AS then_tier, "
        "CASE WHEN b.customer_id IS NULL THEN c.tier_id ELSE b.tier_id END AS now_tier, "
        f"CASE WHEN {exists.format(t='t0')} THEN 1 ELSE 0 END AS was, "
        f"CASE WHEN {exists.format(t='t1')} THEN 1 ELSE 0 END AS is_now "
        "FROM customers c LEFT JOIN at_start a ON a.customer_id = c.id LEFT JOIN at_end b ON b.customer_id = c.id "
        f"WHERE c.created_at <= :t1 AND (c.deleted_at IS NULL OR c.deleted_at > :t0){ctx.customer_filter(tier=False)}"
        ") x GROUP BY then_tier, now_tier", t0=start, t1=end).all()
    moves = ctx.run(
        "SELECT t.from_tier_id, t.to_tier_id, count(*) FROM tier_changes t JOIN customers c ON c.id = t.customer_id "
        f"WHERE t.changed_at > :t0 AND t.changed_at <= :t1{ctx.customer_filter(tier=False)} "
        "GROUP BY t.from_tier_id, t.to_tier_id", t0=start, t1=end).all()
    then, now, up, down = Counter(), Counter(), Counter(), Counter()
    for then_tier, now_tier, was, is_now in counts:
        then[then_tier] += int(was)
        now[now_tier] += int(is_now)
    rank = {t.id: t.rank for t in ctx.tiers}
    for from_id, to_id, n in moves:
        before, after = rank.get(from_id, float("inf")), rank.get(to_id, float("inf"))
        if after < before:  # rank 1 is the most valuable; no tier is below every tier
            up[to_id] += int(n)
        elif after > before:
            down[to_id] += int(n)
    tier_ids = [t.id for t in ctx.tiers] + ([None] if then[None] or now[None] or down[None] else [])
    rows = [(ctx.tier(tid).label if tid else NO_TIER, then[tid], now[tid], now[tid] - then[tid], up[tid], down[tid])
            for tid in tier_ids]
    columns = [Column("tier", "Tier"), Column("then", "At the start", "int"), Column("now", "At the end", "int"),
               Column("change", "Change", "int"), Column("moved_up", "Moved up into it", "int"),
               Column("moved_down", "Moved down into it", "int")]
    totals = ("All tiers", *(sum(r[i] for r in rows) for i in range(1, 6)))
    codes = tuple(ctx.tier_code(tid) for tid in tier_ids)
    stacked = Chart(kind="stacked_bar", title="Customers per tier", categories=(since.isoformat(), until.isoformat()),
                    series=tuple(Series(code, (then[tid], now[tid]), colour=_colour(ctx, tid))
                                 for code, tid in zip(codes, tier_ids)),
                    x_title="Day", y_title="Customers")
    moved = Chart(kind="bar", title="Moves between tiers in the period", categories=codes,
                  series=(Series("Moved up into it", tuple(up[t] for t in tier_ids), colour="#3A9A5B"),
                          Series("Moved down into it", tuple(down[t] for t in tier_ids), colour=LINE_COLOUR)),
                  x_title="Tier", y_title="Customers")
    notes = [note("tiers.about", since=since.isoformat(), until=until.isoformat())]
    return ctx.report("tiers", "Tier distribution", columns, rows, since=since, until=until,
                      charts=[stacked, moved], totals=totals, notes=notes, ignored=("tier",))


def _colour(ctx: Context, tier_id: int | None) -> str:
    tier = ctx.tier(tier_id)
    return tier.colour if tier else "#A0A0A0"


# ----- at-risk --------------------------------------------------------------------------------

def at_risk(ctx: Context) -> Report:
    day = ctx.as_of()
    where = f"c.at_risk_from <= :day AND {_live_rhythm()}{ctx.customer_filter()}"
    groups = ctx.run(f"SELECT c.manager_id, c.tier_id, count(*) FROM customers c WHERE {where} "
                     "GROUP BY c.manager_id, c.tier_id", day=day).all()
    # The at-risk customers' purchases of the last 12 months, found from the customers (CROSS JOIN
    # keeps that order on SQLite): a few per customer instead of a year of everyone's.
    money = ("SELECT p.customer_id AS cid, p.currency AS cur, sum(p.amount) AS cents FROM customers c CROSS JOIN "
             f"purchases p WHERE p.customer_id = c.id AND {where} AND p.purchased_on >= :since "
             "AND p.purchased_on <= :until GROUP BY p.customer_id, p.currency")
    found = ctx.run(
        f"WITH {ctx.revenue_cte(money)} SELECT c.code, c.name, c.manager_id, c.tier_id, c.last_purchase_on, "
        f"c.usual_gap_days, coalesce(rev.revenue, 0) AS revenue FROM customers c LEFT JOIN rev ON rev.cid = c.id "
        f"WHERE {where} ORDER BY revenue DESC, c.id LIMIT {AT_RISK_ROWS}",
        day=day, since=year_before(day) + dt.timedelta(days=1), until=day).all()
    rows = []
    for code, name, manager_id, tier_id, last, gap, revenue in found:
        last = as_date(last)
        rows.append((code, name, ctx.manager_name(manager_id), ctx.tier_code(tier_id) if tier_id else "", last, gap,
                     (day - last).days if last else None, money_of(revenue)))
    total = sum(int(n) for *_, n in groups)
    by_manager, by_tier = Counter(), Counter()
    for manager_id, tier_id, n in groups:
        by_manager[manager_id] += int(n)
        by_tier[tier_id] += int(n)
    managers = ctx.by_manager_name(by_manager)
    tier_ids = [t.id for t in ctx.tiers if by_tier[t.id]] + ([None] if by_tier[None] else [])
    columns = [Column("code", "Code"), Column("name", "Customer"), Column("manager", "Manager"), Column("tier", "Tier"),
               Column("last_purchase", "Last purchase", "date"), Column("usual_gap", "Usual gap", "days"),
               Column("days_silent", "Days silent", "days"),
               Column("revenue_12m", "Revenue, last 12 months", "money")]
    notes = [note("at_risk.about", customers=total, day=day.isoformat())]
    if total > len(rows):
        notes.append(note("at_risk.top", shown=len(rows)))
    notes.append(ctx.currency_words())
    charts = [Chart(kind="bar", title="Customers at risk by manager",
                    categories=tuple(ctx.manager_name(m) for m in managers),
                    series=(Series("Customers at risk", tuple(by_manager[m] for m in managers), colour=LINE_COLOUR),),
                    x_title="Manager", y_title="Customers"),
              Chart(kind="bar", title="Customers at risk by tier", categories=tuple(ctx.tier_code(t) for t in tier_ids),
                    series=(Series("Customers at risk", tuple(by_tier[t] for t in tier_ids), colour=LINE_COLOUR),),
                    x_title="Tier", y_title="Customers")]
    totals = (f"{total:,} customers", None, None, None, None, None, None, None)
    return ctx.report("at-risk", "Customers at risk", columns, rows, since=None, until=day, charts=charts,
                      totals=totals, notes=notes, ignored=("since",))


def _live_rhythm() -> str:
    return " AND ".join(f"c.{term}" for term in agenda_sql.RHYTHM_LIVE.split(" AND "))


# ----- gift-spend -----------------------------------------------------------------------------

def _year_period(ctx: Context) -> tuple[dt.date, dt.date]:
    """The period asked for; by default the calendar year of its end or start, or of today."""
    f = ctx.filters
    until = f.until or dt.date((f.since or ctx.today).year, 12, 31)
    return f.since or dt.date(until.year, 1, 1), until


def gift_spend(ctx: Context) -> Report:
    since, until = _year_period(ctx)
    days = (until - since).days + 1
    customers = Counter()
    for (_, tier_id), n in ctx.live_counts().items():
        customers[tier_id] += n
    given = "g.status = 'given' AND g.given_on >= :since AND g.given_on <= :until"
    planned = "g.status IN ('planned', 'bought') AND g.planned_for >= :since AND g.planned_for <= :until"
    spend = {tid: rest for tid, *rest in ctx.run(
        f"SELECT c.tier_id, sum(CASE WHEN {given} THEN 1 ELSE 0 END), "
        f"sum(CASE WHEN {given} THEN coalesce(g.cost, 0) ELSE 0 END), "
        f"sum(CASE WHEN {planned} THEN coalesce(g.cost, 0) ELSE 0 END) "
        f"FROM gifts g JOIN customers c ON c.id = g.customer_id "
        f"WHERE c.deleted_at IS NULL AND (({given}) OR ({planned})){ctx.customer_filter()} GROUP BY c.tier_id",
        since=since, until=until)}
    tier_ids = [t.id for t in ctx.tiers if ctx.tier_id in (None, t.id)]
    tier_ids += [None] if customers.get(None) or None in spend else []
    rows = []
    for tid in tier_ids:
        tier = ctx.tier(tid)
        count = int(customers.get(tid, 0))
        n_given, spent, planned_cost = spend.get(tid, (0, 0, 0))
        per_customer = tier.budget if tier else None
        budget = None if per_customer is None else (per_customer * count * days / 365).quantize(CENT, ROUND_HALF_UP)
        rows.append((tier.label if tier else NO_TIER, count, per_customer, budget, int(n_given or 0), money_of(spent),
                     money_of(planned_cost), share(money_of(spent), budget)))
    columns = [Column("tier", "Tier"), Column("customers", "Customers", "int"),
               Column("budget_per_customer", "Yearly budget per customer", "money"),
               Column("budget", "Budget for the period", "money"), Column("gifts_given", "Gifts given", "int"),
               Column("spent", "Spent", "money"), Column("planned", "Planned", "money"),
               Column("used", "Share of budget used", "percent")]
    budget_total = sum((r[3] for r in rows if r[3] is not None), Decimal("0.00"))
    spent_total = sum((r[5] for r in rows), Decimal("0.00"))
    totals = ("All tiers", sum(r[1] for r in rows), None, budget_total, sum(r[4] for r in rows), spent_total,
              sum((r[6] for r in rows), Decimal("0.00")), share(spent_total, budget_total))
    codes = tuple(ctx.tier_code(tid) for tid in tier_ids)
    chart = Chart(kind="bar", title="Gift budget and spend by tier", categories=codes,
                  series=(Series("Budget", tuple(float(r[3] or 0) for r in rows), colour="#A0A0A0"),
                          Series("Spent", tuple(float(r[5]) for r in rows), colour=BAR_COLOUR),
                          Series("Planned", tuple(float(r[6]) for r in rows), colour="#E08E0B")),
                  x_title="Tier", y_title="Amount (team's currency)")
    notes = [note("gifts.currency"), note("gifts.budget", days=days)]
    return ctx.report("gift-spend", "Gift spend against budget by tier", columns, rows, since=since, until=until,
                      charts=[chart], totals=totals, notes=notes)


__all__ = ["at_risk", "gift_spend", "pareto", "tiers"]
