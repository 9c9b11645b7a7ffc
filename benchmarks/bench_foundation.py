"""Foundation benchmarks: search, counts, a deep page, demo generation — on a million customers.

    .venv/bin/python benchmarks/bench_foundation.py                 # builds benchmarks/data/demo-1000000.sqlite3 once
    .venv/bin/python benchmarks/bench_foundation.py --db PATH        # an existing demo database
    .venv/bin/python benchmarks/bench_foundation.py --customers 100000 --rebuild

Everything is measured through the service layer (``Crm``), the way the window and the CLI
call it. Next to each figure stands the same query run bare on sqlite3 (no service layer),
so that a noisy machine shows up in both columns.
"""

from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop_crm.db import Database, migrate  # noqa: E402
from desktop_crm.services import Crm, CustomerQuery  # noqa: E402
from desktop_crm.services.search_text import fts5_match, parse_query  # noqa: E402

SEARCHES = {
    "Latin prefix": ["joh", "mik", "ann", "smi", "vir", "jär"],
    "Cyrillic word": ["иван", "мария", "петров", "сергей", "ольга"],
    "one Chinese character": ["红", "王", "梅", "伟", "李"],
    "phone digit run": ["4567", "12345", "0987", "2468", "13579"],
    "no match": ["qqqzzx", "жжщщэ", "龘龘", "0000000000"],
}
LIMITS_MS = {"search_p95": 30.0, "count": 10.0, "page": 20.0}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, repeat: int) -> list[float]:
    fn()  # warm the page cache and statement caches
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"


def build(path: Path, customers: int) -> None:
    from desktop_crm.services import demo

    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    db = Database.connect(str(path))
    migrate.upgrade(db)
    t0 = time.perf_counter()
    summary = demo.generate(db, customers, seed=1)
    wall = time.perf_counter() - t0
    db.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    print(f"demo --customers {customers:,}: {wall:.1f} s wall ({summary.seconds:.1f} s reported); "
          f"database {size / 1024 / 1024:.0f} MiB; {summary.purchases:,} purchases, {summary.care_events:,} care events, "
          f"{summary.contacts:,} contacts, {summary.occasions:,} occasions, {summary.gifts:,} gifts, "
          f"{summary.complaints:,} complaints")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--repeat", type=int, default=30, help="runs per search text")
    args = ap.parse_args()
    path = args.db or ROOT / "benchmarks" / "data" / f"demo-{args.customers}.sqlite3"
    if args.rebuild or not path.exists():
        build(path, args.customers)

    print(f"machine: {machine()}")
    crm = Crm.open(str(path), actor="bench")
    total = crm.customers.count()
    print(f"database: {path} ({path.stat().st_size / 1024 / 1024:.0f} MiB), {total:,} customers\n")
    raw = sqlite3.connect(path)
    failures = []

    print("| search (service layer, limit 50) | p50 ms | p95 ms | bare FTS5 p95 ms | hits (first text) |")
    print("|---|---:|---:|---:|---:|")
    for label, texts in SEARCHES.items():
        service, bare = [], []
        for text in texts:
            service += timed(lambda t=text: crm.customers.search(t, limit=50), args.repeat)
            match = fts5_match(parse_query(text))
            bare += timed(lambda m=match: raw.execute(
                "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT 51", (m,)).fetchall(), args.repeat)
        hits = len(crm.customers.search(texts[0], limit=50).rows)
        p95 = pct(service, 95)
        print(f"| {label} ({', '.join(texts)}) | {pct(service, 50):.2f} | {p95:.2f} | {pct(bare, 95):.2f} | {hits} |")
        if p95 > LIMITS_MS["search_p95"]:
            failures.append(f"search {label}: p95 {p95:.1f} ms > {LIMITS_MS['search_p95']} ms")

    print("\n| count | p50 ms | p95 ms | bare SQL p95 ms | result |")
    print("|---|---:|---:|---:|---:|")
    tiers = [t.code for t in crm.tiers.list()]
    tier_ids = {t.code: t.id for t in crm.tiers.list()}
    managers = crm.managers.list()[:3]
    cases = [(f"tier {code}", CustomerQuery(tiers=(code,)),
              ("SELECT count(*) FROM customers WHERE deleted_at IS NULL AND tier_id = ?", (tier_ids[code],)))
             for code in tiers]
    cases += [(f"manager {m.login}", CustomerQuery(manager_ids=(m.id,)),
               ("SELECT count(*) FROM customers WHERE deleted_at IS NULL AND manager_id = ?", (m.id,)))
              for m in managers]
    for label, query, (sql, params) in cases:
        service = timed(lambda q=query: crm.customers.count(q), args.repeat)
        bare = timed(lambda: raw.execute(sql, params).fetchone(), args.repeat)
        p95 = pct(service, 95)
        print(f"| {label} | {pct(service, 50):.2f} | {p95:.2f} | {pct(bare, 95):.2f} | {crm.customers.count(query):,} |")
        if p95 > LIMITS_MS["count"]:
            failures.append(f"count {label}: p95 {p95:.1f} ms > {LIMITS_MS['count']} ms")
    for label, fn in (("all tiers at once (GROUP BY)", crm.customers.count_by_tier),
                      ("all managers at once (GROUP BY)", crm.customers.count_by_manager)):
        service = timed(fn, max(5, args.repeat // 3))
        print(f"| {label} | {pct(service, 50):.2f} | {pct(service, 95):.2f} | | {len(fn())} groups |")

    print("\n| page of 100 sorted by name, deep in the list | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    offset = min(500_000, max(0, total - 100))
    query = CustomerQuery(sort="name")
    t0 = time.perf_counter()
    ids = crm.customers.ids(query)
    full = (time.perf_counter() - t0) * 1000
    rows = timed(lambda: crm.customers.rows(ids[offset : offset + 100]), args.repeat)
    p95 = pct(rows, 95)
    print(f"| rows {offset:,}–{offset + 100:,} of the held id list (`rows`, what the table does) "
          f"| {pct(rows, 50):.2f} | {p95:.2f} |")
    if p95 > LIMITS_MS["page"]:
        failures.append(f"page at {offset}: p95 {p95:.1f} ms > {LIMITS_MS['page']} ms")
    bare = timed(lambda: raw.execute(
        "SELECT id FROM customers WHERE deleted_at IS NULL ORDER BY sort_name, id LIMIT 100 OFFSET ?", (offset,)
    ).fetchall(), args.repeat)
    print(f"| for comparison: the same 100 ids by bare SQL OFFSET (no rows) | {pct(bare, 50):.2f} | {pct(bare, 95):.2f} |")
    print(f"\nThe whole ordered id list ({len(ids):,} ids, `ids`) took {full:.0f} ms, once per search/sort change.")

    print("\nlimits: search p95 <= 30 ms, count <= 10 ms, page <= 20 ms")
    print("result: " + ("all within limits" if not failures else "OVER: " + "; ".join(failures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
