"""Agenda benchmark: the whole agenda on the 1,000,000-customer demo database.

    .venv/bin/python benchmarks/bench_agenda.py                  # builds benchmarks/data/demo-1000000.sqlite3 once
    .venv/bin/python benchmarks/bench_agenda.py --db PATH --rounds 15
    .venv/bin/python benchmarks/bench_agenda.py --page           # also the Today page in the real window

Targets (issue 4): ``AgendaService.build`` for everyone and for one manager <= 300 ms, computed in
SQL; the Today page ready <= 500 ms after it is opened.

What is timed:

  agenda   ``crm.agenda.build(limit=50)``: all eight sections with their full counts and their
           first 50 rows, the snoozed rows taken out, and each shown row's context (last
           contact, family note, last gift, open complaints). The first call of a process is
           reported apart: it also fills the caches of lunar dates and holiday tables.
The team's holiday countries are set to the six countries of the demo's customers.

  bare     ``SELECT count(*) FROM customers`` on the same connection, as a yardstick of the
           machine's speed in this run (SQLite counts a million rows from its smallest index).
  page     (--page) the real main window offscreen, with the Today page opened by its
           navigation entry; timed from the click to the page's ``ready`` signal, inside a
           running Qt event loop.

The manager is the one with the most customers. Medians and maxima of ``--rounds`` runs each.
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

from sqlalchemy import text  # noqa: E402

from bench_foundation import build, machine  # noqa: E402
from desktop_crm.services import Crm  # noqa: E402


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _time(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _report(name: str, times: list[float], limit: float | None = None) -> None:
    med, top = statistics.median(times), max(times)
    verdict = "" if limit is None else (" — within the limit" if med <= limit else " — OVER the limit")
    print(f"  {name:34} median {_ms(med):>8}, max {_ms(top):>8}{verdict}")


# The countries of the demo's customers: their public holidays make the holidays section.
DEMO_COUNTRIES = ["CN", "RU", "KR", "FI", "US", "GB"]


def bench_service(crm: Crm, rounds: int, today: dt.date) -> str:
    if crm.settings.holiday_countries() != DEMO_COUNTRIES:
        crm.settings.set_holiday_countries(DEMO_COUNTRIES)
    with crm.session() as s:
        manager = s.execute(text(
            "SELECT m.login FROM managers m JOIN customers c ON c.manager_id = m.id "
            "GROUP BY m.login ORDER BY count(*) DESC LIMIT 1")).scalar_one()
        n_mine = s.execute(text("SELECT count(*) FROM customers c JOIN managers m ON m.id = c.manager_id "
                                "WHERE m.login = :l AND c.deleted_at IS NULL"), {"l": manager}).scalar_one()
    t0 = time.perf_counter()
    first = crm.agenda.build(today=today)
    print(f"  first call of the process (caches cold): {_ms(time.perf_counter() - t0)}")
    print("  counts for everyone: " + ", ".join(f"{s.name} {s.count:,}" for s in first.sections))
    mine = crm.agenda.build(today=today, manager=manager)
    print(f"  counts for {manager} ({n_mine:,} customers): "
          + ", ".join(f"{s.name} {s.count:,}" for s in mine.sections))

    def bare():
        with crm.session() as s:
            s.execute(text("SELECT count(*) FROM customers")).scalar_one()

    everyone, one, counted = [], [], []
    for _ in range(rounds):  # alternated, so a noisy moment hurts all three alike
        everyone += _time(lambda: crm.agenda.build(today=today), 1)
        one += _time(lambda: crm.agenda.build(today=today, manager=manager), 1)
        counted += _time(bare, 1)
    _report("agenda, everyone", everyone, 0.300)
    _report(f"agenda, {manager}", one, 0.300)
    _report("bare: count(*) of customers", counted)
    print(f"  ratio everyone / bare count: {statistics.median(everyone) / statistics.median(counted):.2f}")
    return manager


def bench_page(db: Path, rounds: int, today: dt.date) -> None:
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_crm.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "bench.ini"), QSettings.Format.IniFormat)

    def wait_loaded(page, start) -> float:
        loop = QEventLoop()
        page.loaded.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)
        start()
        t0 = time.perf_counter()
        loop.exec()
        page.loaded.disconnect(loop.quit)
        return time.perf_counter() - t0

    crm = Crm.open(str(db))
    holder = {}

    def open_window():
        holder["window"] = window = MainWindow(crm, settings=settings, today=today, tray_available=lambda: False)
        window.resize(1400, 900)
        window.show()

    t0 = time.perf_counter()
    loop = QEventLoop()
    QTimer.singleShot(0, open_window)
    QTimer.singleShot(30_000, loop.quit)
    app.processEvents()
    window = holder["window"]
    page = window.today_page
    if page.agenda is None:
        page.loaded.connect(loop.quit)
        loop.exec()
    startup = time.perf_counter() - t0
    shown = sum(len(s.rows) for s in page.agenda.sections)
    print(f"  start-up: window created to Today ready (caches cold): {_ms(startup)}; {shown} rows shown")
    times = []
    for _ in range(rounds):
        window.show_page("customers")
        app.processEvents()

        def reopen():
            window.show_page("today")
            page.reload()

        times.append(wait_loaded(page, reopen))
    _report("Today page, opened to ready", times, 0.500)
    window.close()
    crm.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=None,
                    help="the day to compute the agenda for (default: the database file's day)")
    ap.add_argument("--page", action="store_true", help="also time the Today page in the real window")
    args = ap.parse_args()
    path = args.db or ROOT / "benchmarks" / "data" / "demo-1000000.sqlite3"
    if not path.exists():
        build(path, 1_000_000)
    today = args.today or dt.date.fromtimestamp(path.stat().st_mtime)
    print(f"agenda benchmark, {dt.date.today()}, {machine()}")
    print(f"database {path} ({path.stat().st_size / 1024 / 1024:,.0f} MiB), today = {today}")
    crm = Crm.open(str(path))
    try:
        bench_service(crm, args.rounds, today)
    finally:
        crm.close()
    if args.page:
        bench_page(path, max(5, args.rounds // 3), today)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
