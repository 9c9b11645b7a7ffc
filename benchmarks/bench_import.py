"""Import of a 100,000-row customer .xlsx against the bare limit, measured in the same run.

Target (issue 5): the whole import — parse, map, validate, match, upsert, search index — takes at
most 2x the bare limit: reading the same file with python-calamine plus inserting the same rows
into the same (empty, migrated) customers table with raw sqlite3 executemany. Peak memory of the
import <= 400 MB.

    .venv/bin/python benchmarks/bench_import.py [--rows 100000] [--rounds 3]

The file is generated once into benchmarks/data/ (gitignored): codes, multilingual names,
companies, mobiles stored as numbers (as Excel keeps them), landlines as text, e-mails, cities,
regions, countries, birthdays as date cells, tiers and notes. Each round starts from a copy of
the same empty database; the bare limit and the import alternate, so machine noise hits both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SURNAMES = ["张", "王", "李", "刘", "陈", "Иванов", "Смирнова", "Smith", "Kim", "Park", "Virtanen", "Korhonen"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "Иван", "Ольга", "John", "Minji", "Jisoo", "Matti", "Aino"]
CITIES = [("北京", "华北", "CN"), ("上海", "华东", "CN"), ("Москва", "Центр", "RU"), ("Seoul", "Seoul", "KR"),
          ("Helsinki", "Uusimaa", "FI"), ("London", "England", "GB")]
HEADERS = ["Code", "Name", "Company", "Mobile", "Phone", "Email", "City", "Region", "Country", "Birthday", "Tier",
           "Notes"]


def make_file(path: Path, rows: int) -> None:
    import xlsxwriter

    rng = random.Random(7)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.xlsx")
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    ws = wb.add_worksheet("Customers")
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HEADERS)
    for i in range(1, rows + 1):
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        name = surname + given if ord(surname[0]) > 0x3000 else f"{given} {surname}"
        city, region, country = rng.choice(CITIES)
        ws.write_string(i, 0, f"K{i:07d}")
        ws.write_string(i, 1, name)
        ws.write_string(i, 2, f"Company {rng.randrange(20_000)}")
        ws.write_number(i, 3, 13_000_000_000 + rng.randrange(999_999_999))  # a mobile kept as a number
        ws.write_string(i, 4, f"010-{rng.randrange(10_000_000, 99_999_999)}")
        ws.write_string(i, 5, f"client{i}@example.com")
        ws.write_string(i, 6, city)
        ws.write_string(i, 7, region)
        ws.write_string(i, 8, country)
        ws.write_datetime(i, 9, dt.datetime(1950 + rng.randrange(55), 1 + rng.randrange(12), 1 + rng.randrange(28)),
                          date)
        ws.write_string(i, 10, rng.choice("ABC"))
        if i % 3 == 0:
            ws.write_string(i, 11, "prefers calls in the morning")
    wb.close()
    tmp.replace(path)


def empty_database(path: Path) -> None:
    from desktop_crm.services import Crm

    Crm.open(str(path)).close()


def bare_limit(xlsx: Path, db: Path) -> float:
    """calamine reading the sheet, then raw executemany of the same rows into customers."""
    import python_calamine

    started = time.perf_counter()
    workbook = python_calamine.CalamineWorkbook.from_path(str(xlsx))
    rows = workbook.get_sheet_by_name("Customers").to_python()[1:]
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(" ")
    params = [(r[0], r[1], r[1], r[2], str(int(r[3])), r[4], r[5], r[6], r[7], r[8],
               r[9].month if r[9] else None, r[9].day if r[9] else None, r[11] or None, now, now) for r in rows]
    conn = sqlite3.connect(str(db))
    conn.executemany(
        "INSERT INTO customers (code, name, sort_name, company, mobile, phone, email, city, region, country, "
        "birth_month, birth_day, notes, created_at, updated_at, kind, status, custom_fields, version, tier_pinned, "
        "birth_leap_month) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'person', 'active', '{}', 1, 0, 0)",
        params)
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def import_once(xlsx: Path, db: Path) -> dict:
    """The real import, in a child process so its peak memory is its own."""
    code = (
        "import json, sys, time\n"
        "from desktop_crm.services import Crm\n"
        "crm = Crm.open(sys.argv[2])\n"
        "t = time.perf_counter()\n"
        "result = crm.imports.run(sys.argv[1])\n"
        "seconds = time.perf_counter() - t\n"
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print(json.dumps({'seconds': seconds, 'new': result.plan.counts.new, 'peak_mib': int(hwm) / 1024,\n"
        "                  'errors': len(result.plan.errors), 'warnings': len(result.plan.warnings)}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(xlsx), str(db)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    xlsx = DATA / f"customers-{args.rows}.xlsx"
    if not xlsx.exists():
        print(f"writing {xlsx} …", flush=True)
        make_file(xlsx, args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        template = Path(tmp) / "empty.sqlite3"
        empty_database(template)
        bare, runs = [], []
        for n in range(args.rounds):
            for which in ("bare", "import"):
                db = Path(tmp) / f"{which}-{n}.sqlite3"
                shutil.copy(template, db)
                if which == "bare":
                    bare.append(bare_limit(xlsx, db))
                else:
                    runs.append(import_once(xlsx, db))
                    assert runs[-1]["new"] == args.rows and runs[-1]["errors"] == 0, runs[-1]
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                print(f"round {n + 1}: {which} done", flush=True)
    bare_median = statistics.median(bare)
    import_median = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mib"] for r in runs)
    print(f"rows: {args.rows:,}  rounds: {args.rounds}  cpus: {os.cpu_count()}")
    print(f"bare limit (calamine + sqlite3 executemany): median {bare_median:.2f} s  all {[round(b, 2) for b in bare]}")
    print(f"import (parse, map, validate, upsert, index): median {import_median:.2f} s  "
          f"all {[round(r['seconds'], 2) for r in runs]}")
    print(f"ratio: {import_median / bare_median:.2f} (target <= 2.0)   peak memory of the import: {peak:.0f} MiB "
          f"(target <= 400)")


if __name__ == "__main__":
    main()
