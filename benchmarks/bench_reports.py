"""Reports benchmark: each of the seven reports built once on the 1,000,000-customer demo database.

    .venv/bin/python benchmarks/bench_reports.py                 # uses (or builds) benchmarks/data/demo-1000000.sqlite3
    .venv/bin/python benchmarks/bench_reports.py --db PATH --rounds 3

The issue sets no limit for the reports; the figures say what the Reports page costs at a
million customers (it builds on the worker thread, so the window stays responsive meanwhile).
Yardstick, same run: a bare ``SELECT customer_id, SUM(amount) FROM purchases WHERE
purchased_on >= ? GROUP BY customer_id`` over the last 12 months on raw sqlite3, the least the
revenue reports (pareto, at-risk) must read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_abc import bare  # noqa: E402
from bench_foundation import build, machine  # noqa: E402
from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.services.abc import months_before  # noqa: E402
from desktop_crm.services.report_records import REPORT_NAMES, ReportFilters  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, default=ROOT / "benchmarks" / "data" / "demo-1000000.sqlite3")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not args.db.exists():
        build(args.db, 1_000_000)
    today = dt.date.today()
    print(f"reports benchmark, {today}, {machine()}")
    crm = Crm.open(str(args.db))
    try:
        for name in REPORT_NAMES:
            times = []
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                report = crm.reports.build(name, ReportFilters(), today=today)
                times.append(time.perf_counter() - t0)
            print(f"{name:14} median {statistics.median(times):6.2f} s, max {max(times):6.2f} s "
                  f"({len(report.rows):,} rows, {len(report.charts)} charts)")
    finally:
        crm.close()
    since = months_before(today, 12) + dt.timedelta(days=1)
    print(f"bare 12-month GROUP BY customer_id: {bare(args.db, since):.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
