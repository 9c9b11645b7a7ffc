"""Field-sheet export benchmark: 100,000 customers to .xlsx against bare xlsxwriter.

    .venv/bin/python benchmarks/bench_export.py                   # builds benchmarks/data/demo-100000.sqlite3 once
    .venv/bin/python benchmarks/bench_export.py --db PATH --rounds 5
    .venv/bin/python benchmarks/bench_export.py --profile         # one profiled export (cProfile, top 25)

Target (issue 5): ``ExportService.field_sheet`` of 100,000 customers takes at most 1.3 times as
long as writing the same rows with a plain xlsxwriter constant-memory workbook, measured in the
same run. The two are timed alternately, ``--rounds`` times each, and the medians compared:

  export  the whole service call to a temporary file: reading the customers in chunks (tier,
          manager, last contact, the latest care summary, open complaints), the occasions of the
          next 60 days with their own sheet, formats, protection, validation, the identity sheet,
          the temporary file renamed into place.
  bare    the same 15 values per customer (read once beforehand, not timed) written with
          ``write_row``, one call per row, no formats, to a constant-memory workbook.

The peak resident memory (VmHWM) of the process is printed after the first export (before the
bare run's input is read) and at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import xlsxwriter  # noqa: E402

from bench_foundation import build, machine  # noqa: E402
from desktop_crm.io.export import ExportOptions, ExportService, _rows_statement  # noqa: E402
from desktop_crm.io.field_sheet import COLUMNS, WORKBOOK_OPTIONS  # noqa: E402
from desktop_crm.services import Crm, CustomerQuery  # noqa: E402

LIMIT = 1.3
TODAY = dt.date(2026, 11, 21)


def mib(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def read_rows(crm: Crm, ids: list[int]) -> list[tuple]:
    """The 15 values per customer the field sheet holds (not timed): the bare run's input."""
    stmt = _rows_statement(with_birthdays=False)
    out = []
    with crm.session() as s:
        conn = s.connection()
        for start in range(0, len(ids), 2000):
            chunk = ids[start : start + 2000]
            found = {r[0]: r for r in conn.execute(stmt, {"ids": chunk})}
            for cid in chunk:
                r = found[cid]
                touches = [t for t in (r[12], r[13]) if t is not None]
                out.append((r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[16],
                            max(touches).date() if touches else None, r[14], r[15], cid, r[1]))
    return out


def bare(path: Path, rows: list[tuple]) -> None:
    wb = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    ws = wb.add_worksheet("Field sheet")
    ws.write_row(0, 0, [c.label for c in COLUMNS])
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    wb.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--profile", action="store_true", help="profile one export instead of measuring")
    args = ap.parse_args()
    path = args.db or ROOT / "benchmarks" / "data" / f"demo-{args.customers}.sqlite3"
    if args.rebuild or not path.exists():
        build(path, args.customers)

    print(f"machine: {machine()}")
    crm = Crm.open(str(path), actor="bench")
    t0 = time.perf_counter()
    ids = crm.customers.ids(CustomerQuery(sort="name"))
    print(f"database: {path} ({path.stat().st_size / 1024 / 1024:.0f} MiB), {len(ids):,} customers "
          f"(ids in name order read in {(time.perf_counter() - t0) * 1000:.0f} ms)")
    service = ExportService(crm)
    options = ExportOptions(today=TODAY)

    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        target = Path(folder) / "field-sheet.xlsx"
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            service.field_sheet(target, ids, options)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
            print(out.getvalue())
            return 0

        rss_before = mib("VmRSS")
        service.field_sheet(target, ids, options)  # warm the file cache and statement caches
        export_peak = mib("VmHWM")
        print(f"resident memory: {rss_before:.0f} MiB before the first export, peak {export_peak:.0f} MiB "
              "after it (before the bare run's input is read)")
        t0 = time.perf_counter()
        rows = read_rows(crm, ids)
        print(f"bare input: {len(rows):,} rows of 15 values read in {time.perf_counter() - t0:.2f} s (not timed)\n")
        bare(Path(folder) / "bare.xlsx", rows)

        exports, bares = [], []
        result = None
        for i in range(args.rounds):
            t0 = time.perf_counter()
            result = service.field_sheet(target, ids, options)
            exports.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            bare(Path(folder) / "bare.xlsx", rows)
            bares.append(time.perf_counter() - t0)
            print(f"round {i + 1}: export {exports[-1]:.2f} s, bare {bares[-1]:.2f} s")
        size = target.stat().st_size / 1024 / 1024
        bare_size = (Path(folder) / "bare.xlsx").stat().st_size / 1024 / 1024

    export_median, bare_median = statistics.median(exports), statistics.median(bares)
    ratio = export_median / bare_median
    print(f"\n| run | median s | min s | max s | file MiB |")
    print("|---|---:|---:|---:|---:|")
    print(f"| `ExportService.field_sheet` ({result.customers:,} customers, sheets: {', '.join(result.sheets)}) "
          f"| {export_median:.2f} | {min(exports):.2f} | {max(exports):.2f} | {size:.1f} |")
    print(f"| bare xlsxwriter constant_memory, `write_row` per row | {bare_median:.2f} | {min(bares):.2f} | "
          f"{max(bares):.2f} | {bare_size:.1f} |")
    print(f"\nratio export / bare (medians): {ratio:.2f} (limit {LIMIT})")
    print(f"peak resident memory (VmHWM): {export_peak:.0f} MiB with the exports alone, {mib('VmHWM'):.0f} MiB "
          "at the end (with the bare run's 100,000 rows held)")
    print("result: " + ("within the limit" if ratio <= LIMIT else f"OVER: {ratio:.2f} > {LIMIT}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
