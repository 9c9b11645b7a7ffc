"""ABC benchmark: A/B/C tiers recomputed from purchases on the 1,000,000-customer demo database.

    .venv/bin/python benchmarks/bench_abc.py                 # uses (or builds) benchmarks/data/demo-1000000.sqlite3
    .venv/bin/python benchmarks/bench_abc.py --db PATH --rounds 3 --no-apply

Target (issue 6): the recompute over 1,000,000 customers with their demo purchases <= 15 s,
aggregated in SQL.

What is timed:

  preview  ``crm.abc.preview()`` over the default period (the last 12 months): the lines
           aggregated per customer and currency, revenue in CNY, the running SUM() OVER
           (ORDER BY revenue DESC, id) bands, every live customer's move, the per-tier counts,
           the top 50 movers each way and the left-out currencies.
  bare     ``SELECT customer_id, SUM(amount) FROM purchases WHERE purchased_on >= ? GROUP BY
           customer_id`` on raw sqlite3, fetched to the end: the least any recompute must do,
           measured in the same run as a yardstick of the machine's speed. Reported as a ratio.
  apply    on a copy of the file (the shared one keeps its tiers): first the period that ended a
           month ago (the demo's tiers are random, so about a third of the customers move), then
           today's period (the month's drift, the usual monthly run). Each is preview + UPDATE +
           tier history in one transaction.

If the database has no exchange rates yet, the demo's rates are stored in it (one settings row),
so that all six demo currencies count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import text  # noqa: E402

from bench_foundation import build, machine  # noqa: E402
from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.services.abc import months_before  # noqa: E402
from desktop_crm.services.demo import store_abc_rates  # noqa: E402

LIMIT = 15.0
DEFAULT_DB = ROOT / "benchmarks" / "data" / "demo-1000000.sqlite3"
BARE = "SELECT customer_id, SUM(amount) FROM purchases WHERE purchased_on >= ? GROUP BY customer_id"


def bare(path: Path, since: dt.date) -> float:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA cache_size=-65536")  # as the app's connections
    try:
        t0 = time.perf_counter()
        for _row in conn.execute(BARE, (since.isoformat(),)):
            pass
        return time.perf_counter() - t0
    finally:
        conn.close()


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def bench_preview(path: Path, rounds: int) -> None:
    crm = Crm.open(str(path), actor="bench")
    try:
        store_abc_rates(crm.db)
        since, _until = crm.abc.default_period()
        previews, bares = [], []
        for _ in range(rounds):
            bares.append(bare(path, since))
            result, seconds = timed(crm.abc.preview)
            previews.append(seconds)
        med, yard = statistics.median(previews), statistics.median(bares)
        print(f"preview  median {med:6.2f} s, max {max(previews):6.2f} s over {rounds} runs "
              f"({'within' if med <= LIMIT else 'OVER'} the {LIMIT:.0f} s limit)")
        print(f"bare     median {yard:6.2f} s  -> preview / bare = {med / yard:.1f}")
        print(f"         {result.customers:,} customers, {result.with_revenue:,} with revenue "
              f"{result.total_revenue:,.2f} {result.currency}; would move {result.up:,} up, {result.down:,} down; "
              f"left out: {', '.join(x.currency for x in result.left_out) or 'nothing'}")
    finally:
        crm.close()


def bench_apply(path: Path, copy: Path) -> None:
    print(f"copying the database to {copy} for the apply runs …")
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(path, copy)
    crm = Crm.open(str(copy), actor="bench")
    try:
        today = dt.date.today()
        month_ago = months_before(today, 1)
        for label, until in (("apply, first run (period ended a month ago)", month_ago),
                             ("apply, a month later (today's period)", today)):
            (result, _changes), seconds = timed(lambda: crm.abc.apply(until=until))
            print(f"{label}: {seconds:6.2f} s, {result.moved:,} customers moved "
                  f"({'within' if seconds <= LIMIT else 'OVER'} the {LIMIT:.0f} s limit)")
        with crm.session() as s:
            direct = dict(s.execute(text("SELECT coalesce(t.code, ''), count(*) FROM customers c LEFT JOIN tiers t "
                                         "ON t.id = c.tier_id WHERE c.deleted_at IS NULL GROUP BY 1")).all())
        counted = {code or "": n for code, n in crm.customers.count_by_tier().items()}
        print(f"counters after apply {'match' if counted == direct else 'DIFFER FROM'} a direct count: {counted}")
    finally:
        crm.close()
        for suffix in ("", "-wal", "-shm"):
            Path(str(copy) + suffix).unlink(missing_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=DEFAULT_DB)
    ap.add_argument("--rounds", type=int, default=3, help="preview runs (default 3)")
    ap.add_argument("--no-apply", action="store_true", help="time the preview only")
    ap.add_argument("--copy", type=Path, help="where the apply runs' copy goes (default: beside --db)")
    args = ap.parse_args()
    if not args.db.exists():
        build(args.db, 1_000_000)
    print(f"{dt.date.today()} — {machine()}; {args.db}")
    bench_preview(args.db, args.rounds)
    if not args.no_apply:
        bench_apply(args.db, args.copy or args.db.with_name("abc-apply-copy.sqlite3"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
