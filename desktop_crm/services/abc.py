"""A/B/C tiers recomputed from purchases (Pareto): preview what would move, then apply.

The rules:

* Period: purchase lines with ``since <= purchased_on <= until``. By default the last
  ``abc.months`` months (setting, 12) up to today: from the day after the same date that many
  months ago, through today.
* Who: every live customer (``deleted_at IS NULL``) whatever its status. A lost customer that
  still bought in the period brought that revenue; one that did not falls to the last tier like
  any customer without revenue.
* Revenue: the sum of a customer's lines in the period, net of returns (negative lines), in the
  home currency (setting ``import.currency``, default CNY). Other currencies are converted with
  ``abc.rates`` (home units per 1 unit), per customer and currency, rounded to the cent. Lines in
  a currency without a rate are left out; the result lists them by currency.
* Bands: the tiers with an ABC share (``revenue_share`` not NULL), ordered by rank, take
  consecutive bands of the cumulative revenue, their shares as widths; the last of them takes
  the rest whatever its own share. Customers with revenue > 0 are sorted by revenue, highest
  first (ties: lower id first); a customer goes to the tier whose band holds the revenue of all
  customers BEFORE it. So the top customer always gets the first tier (unless that tier's share
  is 0), even when it alone makes 95 % of the revenue. The comparison is exact: a band ends at
  ``ceil(cumulative share x total)`` cents.
* No revenue: customers with nothing (or a net of zero or less) in the period get the last tier.
* Kept: customers pinned by hand (``tier_pinned``) and customers in a tier without an ABC share
  (a tier kept by hand, e.g. "VIP") keep their tier and are not movers. Their revenue still
  counts in the total and in the order, so they take their place in the bands.
* Up is towards rank 1; a customer with no tier that gets one moves up.
* Apply recomputes (a preview is never applied stale) and writes in one transaction: UPDATE ...
  FROM the computed moves (tier, version + 1, updated_at) and INSERT ... SELECT into
  ``tier_changes`` (reason automatic, the acting user, a note naming the period). The
  per-tier counters follow through their triggers. A customer changed meanwhile (pinned, moved)
  is left alone. Tier moves are recorded in ``tier_changes``, not in the field audit log.

The heavy part runs in SQL on both databases, through temporary tables: the lines aggregated
per customer and currency, the revenue per customer, then every live customer's band from a
running ``SUM() OVER (ORDER BY revenue DESC, id)``. Python only reads the small summary.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, DateTime, bindparam, select, text
from sqlalchemy.orm import Session

from desktop_crm.errors import CrmError, ValidationError
from desktop_crm.models import Tier, TierChangeReason, utcnow

from . import session_hooks
from .abc_records import AbcLeftOut, AbcMover, AbcResult, AbcTierRow
from .changes import Changes
from .purchases import period_table

if TYPE_CHECKING:
    from .crm import Crm

HOME_CURRENCY_KEY = "import.currency"
RATES_KEY = "abc.rates"
MONTHS_KEY = "abc.months"
DEFAULT_HOME = "CNY"
DEFAULT_MONTHS = 12
MAX_MONTHS = 120
TOP_MOVERS = 50
CHANGED_IDS_LIMIT = 20_000  # more moved customers than this: Changes names none (lists reload anyway)
BULK_CACHE_KIB = 524_288  # SQLite page cache while moving many customers (index upkeep is random I/O)
COUNTS_TRIGGER = "customer_counts_au"  # migration 0003: keeps customer_counts on UPDATE (SQLite)
TEMP_TABLES = ("abc_result", "abc_rank", "abc_rev", "abc_money")

Progress = Callable[[int, int], bool | None]


class AbcService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    # ----- settings --------------------------------------------------------------------------

    def home_currency(self) -> str:
        """The team's currency; a stored value that is not three letters counts as the default."""
        code = str(self._crm.settings.get(HOME_CURRENCY_KEY) or DEFAULT_HOME).strip().upper()
        return code if _is_code(code) else DEFAULT_HOME

    def rates(self) -> dict[str, float]:
        """Home units per 1 unit of each other currency, as stored (the home currency is always 1)."""
        stored = self._crm.settings.get(RATES_KEY) or {}
        home = self.home_currency()
        return {code: float(rate) for code, rate in sorted(stored.items()) if code != home and _is_code(code)}

    def set_rates(self, rates: dict[str, Any]) -> Changes:
        """Replace the exchange rates. Codes are three letters; a rate is a number above zero.

        An empty rate drops the currency. Problems are keyed "rates.CODE" (or "rates" for a code
        that is not one); nothing is saved when there is one.
        """
        cleaned = clean_rates(rates, self.home_currency())
        return self._crm.settings.set(RATES_KEY, cleaned)

    def months(self) -> int:
        value = self._crm.settings.get(MONTHS_KEY)
        return value if isinstance(value, int) and 1 <= value <= MAX_MONTHS else DEFAULT_MONTHS

    def set_months(self, months: Any) -> Changes:
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
            raise ValidationError({"months": f"the ABC period must be 1 to {MAX_MONTHS} whole months "
                                             f"(not {months!r})"})
        return self._crm.settings.set(MONTHS_KEY, months)

    def default_period(self, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        return self._period(None, None, today)

    # ----- preview and apply -----------------------------------------------------------------

    def preview(self, since: dt.date | None = None, until: dt.date | None = None, *, today: dt.date | None = None,
                limit: int = TOP_MOVERS, progress: Progress | None = None) -> AbcResult:
        """What a recompute over the period would do; nothing is written."""
        since, until = self._period(since, until, today)
        with self._session() as s:
            try:
                return _Run(s, self.home_currency(), self.rates(), since, until, progress).summary(limit)
            finally:
                _drop_temp(s)

    def apply(self, since: dt.date | None = None, until: dt.date | None = None, *, today: dt.date | None = None,
              limit: int = TOP_MOVERS, progress: Progress | None = None) -> tuple[AbcResult, Changes]:
        """Recompute and write the moves with their history, in one transaction."""
        since, until = self._period(since, until, today)
        with self._session() as s:
            try:
                run = _Run(s, self.home_currency(), self.rates(), since, until, progress)
                result = run.summary(limit)
                s.commit()  # ends the read; the writes below start a fresh transaction
                moved = run.write(self._crm.actor)
                ids = run.moved_ids() if moved <= CHANGED_IDS_LIMIT else frozenset()
                run.step(run.STEPS - 1)  # the last moment a cancel rolls everything back
                s.commit()
                run.step(run.STEPS, can_stop=False)
            finally:
                _drop_temp(s)
        # tiers=True: an open card reloads its profile (its tier) even when the ids are not named.
        changes = Changes(customers=ids, customer_list=True, tiers=True) if moved else Changes()
        return replace(result, applied=True, moved=moved), changes

    @contextlib.contextmanager
    def _session(self) -> Iterator[Session]:
        """A session that keeps one connection across its commits: the temporary tables live on it."""
        with self._crm.db.engine.connect() as conn, self._crm.db.sessions(bind=conn) as s:
            s.info[session_hooks.ACTOR_KEY] = self._crm.actor
            yield s

    def _period(self, since, until, today) -> tuple[dt.date, dt.date]:
        until = until or today or dt.date.today()
        since = since or months_before(until, self.months()) + dt.timedelta(days=1)
        if since > until:
            raise ValidationError({"since": f"the period starts on {since.isoformat()}, after its end "
                                            f"{until.isoformat()}"})
        return since, until


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day when it has fewer days)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def clean_rates(rates: dict[str, Any], home: str) -> dict[str, float]:
    problems: dict[str, str] = {}
    cleaned: dict[str, float] = {}
    for raw_code, raw_rate in (rates or {}).items():
        code = str(raw_code or "").strip().upper()
        if len(code) != 3 or not code.isascii() or not code.isalpha():
            problems["rates"] = f"{str(raw_code)!r} is not a currency code (three letters, e.g. KRW)"
            continue
        if raw_rate is None or str(raw_rate).strip() == "" or code == home:
            continue
        rate = _positive_number(raw_rate)
        if rate is None:
            problems[f"rates.{code}"] = (f"the rate of {code} must be a number above zero: how many {home} "
                                         f"one {code} is worth (not {raw_rate!r})")
        else:
            cleaned[code] = rate
    if problems:
        raise ValidationError(problems)
    return dict(sorted(cleaned.items()))


def _is_code(code: str) -> bool:
    """Three ASCII letters: the only currency codes that reach SQL text (reports build CASE lists of them)."""
    return len(code) == 3 and code.isascii() and code.isalpha() and code.isupper()


def _positive_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return float(number) if number.is_finite() and number > 0 else None


def _drop_temp(s: Session) -> None:
    schema = "temp" if s.get_bind().dialect.name == "sqlite" else "pg_temp"
    if s.in_transaction():
        s.rollback()
    for name in TEMP_TABLES:
        s.execute(text(f"DROP TABLE IF EXISTS {schema}.{name}"))
    s.commit()


def _cents(value) -> Decimal:
    return (Decimal(int(value or 0)) / 100).quantize(Decimal("0.01"))


class _Run:
    """One recompute inside an open session: builds the temporary tables, then reads or writes."""

    STEPS = 8  # 0-6 computing and reading, 7 written, 8 committed (apply only)

    def __init__(self, s: Session, home: str, rates: dict[str, float], since: dt.date, until: dt.date,
                 progress: Progress | None):
        self.s, self.home, self.since, self.until, self.progress = s, home, since, until, progress
        self.sqlite = s.get_bind().dialect.name == "sqlite"
        # SQLite would read the big customers table through a partial index, one random row at a
        # time; a plain scan in id order is several times faster.
        self.customers = "customers AS c NOT INDEXED" if self.sqlite else "customers AS c"
        self.rates = {home: 1.0, **rates}
        self.tiers = list(s.execute(select(Tier.id, Tier.code, Tier.name, Tier.rank, Tier.revenue_share)
                                    .order_by(Tier.rank, Tier.code)).all())
        self.bands = [t for t in self.tiers if t.revenue_share is not None]
        if not self.bands:
            raise CrmError("No tier has an ABC share of revenue, so there is nothing to recompute; "
                           "set the shares in Settings › Tiers.")
        _drop_temp(s)
        self.step(0)
        self._aggregate()
        self.step(1)
        self.total, self.with_revenue = self._revenue()
        if self.total <= 0:
            raise CrmError(f"No purchases between {since.isoformat()} and {until.isoformat()} add up to revenue "
                           f"in {home} (or a currency with a rate), so the tiers cannot be recomputed; "
                           "choose another period or add exchange rates.")
        self.step(2)
        self._rank()
        self.step(3)
        self._classify()
        self.step(4)

    def step(self, done: int, *, can_stop: bool = True) -> None:
        if self.progress is not None and self.progress(done, self.STEPS) is False and can_stop:
            raise CrmError("The tier recompute was cancelled; nothing was changed.")

    def _sql(self, sql: str, **params):
        stmt = text(sql)
        if ":since" in sql:
            stmt = stmt.bindparams(bindparam("since", type_=Date), bindparam("until", type_=Date))
        return self.s.execute(stmt, params)

    def _create(self, name: str, columns: str) -> None:
        self.s.execute(text(f"CREATE TEMP TABLE {name} ({columns})"))

    # ----- the temporary tables --------------------------------------------------------------

    def _aggregate(self) -> None:
        """abc_money: the period's lines per customer and currency (before knowing who is live)."""
        self._create("abc_money", "customer_id INTEGER NOT NULL, currency VARCHAR(3) NOT NULL, "
                                  "cents BIGINT NOT NULL, lines BIGINT NOT NULL")
        self._sql("INSERT INTO abc_money (customer_id, currency, cents, lines) "
                  f"SELECT customer_id, currency, SUM(amount), COUNT(*) FROM {period_table(self.s, self.since, self.until)} "
                  "WHERE purchased_on >= :since AND purchased_on <= :until GROUP BY customer_id, currency",
                  since=self.since, until=self.until)

    def _rate_case(self, column: str) -> tuple[str, dict]:
        """CASE column WHEN 'CNY' THEN 1 ... END, with the rates as parameters (exact NUMERIC on PostgreSQL)."""
        whens, params = [], {}
        for n, (code, rate) in enumerate(sorted(self.rates.items())):
            whens.append(f"WHEN :cur{n} THEN :rate{n}")
            params[f"cur{n}"] = code
            params[f"rate{n}"] = float(rate) if self.sqlite else Decimal(str(rate))
        return f"CASE {column} {' '.join(whens)} END", params

    def _revenue(self) -> tuple[int, int]:
        """abc_rev: each live customer's revenue in home cents, only those above zero."""
        self._create("abc_rev", "id INTEGER PRIMARY KEY, revenue BIGINT NOT NULL")
        rate, params = self._rate_case("m.currency")
        converted = f"SUM(CAST(ROUND(m.cents * {rate}) AS BIGINT))"
        self._sql(f"INSERT INTO abc_rev (id, revenue) SELECT m.customer_id, {converted} FROM abc_money m "
                  f"JOIN customers c ON c.id = m.customer_id WHERE c.deleted_at IS NULL AND {rate} IS NOT NULL "
                  f"GROUP BY m.customer_id HAVING {converted} > 0", **params)
        total, count = self._sql("SELECT COALESCE(SUM(revenue), 0), COUNT(*) FROM abc_rev").one()
        return int(total), int(count)

    def _thresholds(self) -> list[int]:
        """Where each band but the last ends, in cents: a customer with less revenue before it is inside."""
        out, cumulative = [], Decimal(0)
        for tier in self.bands[:-1]:
            cumulative += Decimal(str(tier.revenue_share))
            out.append(math.ceil(cumulative * self.total))
        return out

    def _rank(self) -> None:
        """abc_rank: the band of each customer with revenue, from the revenue of all before it."""
        self._create("abc_rank", "id INTEGER PRIMARY KEY, revenue BIGINT NOT NULL, band INTEGER NOT NULL")
        params: dict[str, Any] = {"last": self.bands[-1].id}
        whens = []
        for n, (tier, end) in enumerate(zip(self.bands, self._thresholds())):
            whens.append(f"WHEN k.before < :end{n} THEN :band{n}")
            params[f"end{n}"], params[f"band{n}"] = end, tier.id
        self._sql(f"INSERT INTO abc_rank (id, revenue, band) SELECT k.id, k.revenue, CASE {' '.join(whens)} "
                  "ELSE :last END FROM (SELECT id, revenue, SUM(revenue) OVER (ORDER BY revenue DESC, id "
                  "ROWS UNBOUNDED PRECEDING) - revenue AS before FROM abc_rev) k", **params)

    def _classify(self) -> None:
        """abc_result: every live customer's tier before, by the bands, and after; ``move`` > 0 is up."""
        self._create("abc_result", "id INTEGER PRIMARY KEY, old_tier INTEGER, band_tier INTEGER NOT NULL, "
                                   "new_tier INTEGER, revenue BIGINT NOT NULL, move INTEGER NOT NULL")
        n = len(self.bands)
        params: dict[str, Any] = {f"t{i}": t.id for i, t in enumerate(self.bands)}
        params["last"] = self.bands[-1].id
        whens = " ".join(f"WHEN :t{i} THEN {i}" for i in range(n))
        in_abc = ", ".join(f":t{i}" for i in range(n))
        self._sql(
            "INSERT INTO abc_result (id, old_tier, band_tier, new_tier, revenue, move) "
            "SELECT x.id, x.old_tier, x.band, CASE WHEN x.kept = 1 THEN x.old_tier ELSE x.band END, x.revenue, "
            "CASE WHEN x.kept = 1 OR x.old_tier = x.band THEN 0 "
            f"ELSE (CASE x.old_tier {whens} ELSE {n} END) - (CASE x.band {whens} END) END "
            "FROM (SELECT c.id, c.tier_id AS old_tier, COALESCE(k.band, :last) AS band, "
            "COALESCE(k.revenue, 0) AS revenue, CASE WHEN c.tier_pinned OR (c.tier_id IS NOT NULL "
            f"AND c.tier_id NOT IN ({in_abc})) THEN 1 ELSE 0 END AS kept FROM {self.customers} "
            "LEFT JOIN abc_rank k ON k.id = c.id WHERE c.deleted_at IS NULL) x", **params)

    # ----- reading ---------------------------------------------------------------------------

    def summary(self, limit: int) -> AbcResult:
        groups = self._sql("SELECT old_tier, new_tier, band_tier, move, COUNT(*), SUM(revenue) FROM abc_result "
                           "GROUP BY old_tier, new_tier, band_tier, move").all()
        before: dict[int | None, int] = {}
        after: dict[int | None, int] = {}
        revenue: dict[int | None, int] = {}
        up = down = kept = customers = 0
        for old, new, band, move, n, cents in groups:
            customers += n
            before[old] = before.get(old, 0) + n
            after[new] = after.get(new, 0) + n
            revenue[new] = revenue.get(new, 0) + int(cents or 0)
            up += n if move > 0 else 0
            down += n if move < 0 else 0
            kept += n if band != new else 0
        self.step(5)
        rows = [AbcTierRow(t.code, t.name, t.rank, t.revenue_share, before.get(t.id, 0), after.get(t.id, 0),
                           _cents(revenue.get(t.id))) for t in self.tiers]
        if before.get(None) or after.get(None):
            rows.append(AbcTierRow(None, "", None, None, before.get(None, 0), after.get(None, 0),
                                   _cents(revenue.get(None))))
        result = AbcResult(
            since=self.since, until=self.until, currency=self.home,
            rates={k: v for k, v in sorted(self.rates.items()) if k != self.home},
            total_revenue=_cents(self.total), customers=customers, with_revenue=self.with_revenue,
            tiers=tuple(rows), up=up, down=down, kept=kept,
            top_up=self._movers("r.move > 0", "r.revenue DESC, r.id", limit),
            top_down=self._movers("r.move < 0", "r.move, r.revenue DESC, r.id", limit),
            left_out=self._left_out())
        self.step(6)
        return result

    def _movers(self, where: str, order: str, limit: int) -> tuple[AbcMover, ...]:
        codes = {t.id: t.code for t in self.tiers}
        rows = self._sql(f"SELECT r.id, c.code, c.name, r.revenue, r.old_tier, r.new_tier FROM abc_result r "
                         f"JOIN customers c ON c.id = r.id WHERE {where} ORDER BY {order} LIMIT :limit",
                         limit=max(0, int(limit)))
        return tuple(AbcMover(i, code, name, _cents(cents), codes.get(old), codes.get(new))
                     for i, code, name, cents, old, new in rows)

    def _left_out(self) -> tuple[AbcLeftOut, ...]:
        stmt = text("SELECT m.currency, SUM(m.lines), COUNT(*), SUM(m.cents) FROM abc_money m "
                    "JOIN customers c ON c.id = m.customer_id WHERE c.deleted_at IS NULL "
                    "AND m.currency NOT IN :known GROUP BY m.currency ORDER BY m.currency"
                    ).bindparams(bindparam("known", expanding=True))
        rows = self.s.execute(stmt, {"known": sorted(self.rates)})
        return tuple(AbcLeftOut(cur, int(lines), int(n), _cents(cents)) for cur, lines, n, cents in rows)

    # ----- writing ---------------------------------------------------------------------------

    def write(self, actor: str | None) -> int:
        """Move the customers and write their history; a customer changed since is left alone."""
        stamp = bindparam("now", value=utcnow(), type_=DateTime)
        with self._bulk() as count_by_hand:
            # "id IN (movers)" makes SQLite go from the movers to their rows, not scan every customer.
            movers = "IN (SELECT id FROM abc_result WHERE move <> 0)"
            moved = self.s.execute(text(
                "UPDATE customers SET tier_id = r.new_tier, version = customers.version + 1, updated_at = :now "
                f"FROM abc_result r WHERE r.id = customers.id AND customers.id {movers} "
                "AND customers.deleted_at IS NULL AND NOT customers.tier_pinned AND (customers.tier_id = r.old_tier "
                "OR (customers.tier_id IS NULL AND r.old_tier IS NULL))").bindparams(stamp)).rowcount
            # The rows just updated carry this very timestamp, so the history names exactly them.
            applied = (f"FROM abc_result r JOIN customers c ON c.id = r.id WHERE c.id {movers} "
                       "AND c.updated_at = :now AND c.tier_id = r.new_tier")
            note = f"ABC from purchases {self.since.isoformat()} to {self.until.isoformat()}"
            self.s.execute(text(
                "INSERT INTO tier_changes (customer_id, from_tier_id, to_tier_id, changed_at, reason, actor, note) "
                f"SELECT r.id, r.old_tier, r.new_tier, :now, :reason, :actor, :note {applied}").bindparams(stamp),
                {"reason": TierChangeReason.AUTOMATIC.value, "actor": actor, "note": note})
            if count_by_hand:
                pairs = self.s.execute(text(f"SELECT r.old_tier, r.new_tier, COUNT(*) {applied} "
                                            "GROUP BY r.old_tier, r.new_tier").bindparams(stamp)).all()
                self._count_moves(pairs)
        return int(moved)

    @contextlib.contextmanager
    def _bulk(self) -> Iterator[bool]:
        """On SQLite: the write lock from the start, a bigger page cache, and the per-row counter
        trigger set aside (its counts are then moved in one step). Yields whether to count by hand.

        The trigger is dropped and recreated from its own SQL inside the same transaction, so no
        other connection ever sees the table without it; a failure rolls both back.
        """
        if not self.sqlite:
            yield False
            return
        conn = self.s.connection()
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
        try:
            trigger = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                           (COUNTS_TRIGGER,)).scalar()
            if trigger:
                conn.exec_driver_sql(f"DROP TRIGGER {COUNTS_TRIGGER}")
            yield trigger is not None
            if trigger:
                conn.exec_driver_sql(trigger)
        finally:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(cache)}")

    def _count_moves(self, pairs) -> None:
        """What the counter trigger would have done for these (from tier, to tier, customers) moves."""
        deltas: dict[str, int] = {}
        for old, new, n in pairs:
            for tier, sign in ((old, -1), (new, 1)):
                key = "" if tier is None else str(tier)
                deltas[key] = deltas.get(key, 0) + sign * int(n)
        for key, n in sorted(deltas.items()):
            if n:
                self.s.execute(text("INSERT INTO customer_counts (dim, key, n) VALUES ('tier', :key, :n) "
                                    "ON CONFLICT (dim, key) DO UPDATE SET n = customer_counts.n + excluded.n"),
                               {"key": key, "n": n})

    def moved_ids(self) -> frozenset[int]:
        return frozenset(self.s.scalars(text("SELECT id FROM abc_result WHERE move <> 0")))
