"""Render the Reports page offscreen for each report, and a report's PDF pages.

    .venv/bin/python scripts/screenshot_reports.py [OUT_FOLDER]      (default docs/screenshots)

Writes OUT/reports-<name>.png (the window on the Reports page, one per report), OUT/reports/<name>-chart<N>.png
(each chart as the PDF draws it) and OUT/reports/<name>-pdf-<page>.png (the first pages of the pareto and
care-activity PDFs, with pdftoppm when it is installed). Uses a throw-away SQLite database filled by
desktop_crm.services.demo (2,000 customers, seed 1) and one fixed day, so the pictures do not change from
one run to the next.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from screenshot_today import _wait  # noqa: E402 - the scripts folder is on the path when this one runs

TODAY = dt.date(2027, 1, 26)
SIZE = (1280, 800)
PDF_REPORTS = ("pareto", "care-activity")
PDF_PAGES = 2


def _saved(target: Path) -> None:
    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)


def _pdf_pages(report, folder: Path, tmp: Path) -> None:
    from desktop_crm.printing.reports import write_report_pdf

    pdf = tmp / f"{report.name}.pdf"
    pages = write_report_pdf(report, pdf)
    if shutil.which("pdftoppm") is None:
        print("screenshot_reports: pdftoppm is not installed; the PDF pages are not rendered", file=sys.stderr)
        return
    last = min(pages, PDF_PAGES)
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", str(last), str(pdf),
                    str(folder / f"{report.name}-pdf")], check=True)
    for made in sorted(folder.glob(f"{report.name}-pdf-*.png")):
        _saved(made)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings

    from desktop_crm.printing.charts import render_chart_png
    from desktop_crm.services import Crm, demo
    from desktop_crm.services.report_records import REPORT_NAMES
    from desktop_crm.ui.app import application
    from desktop_crm.ui.main_window import MainWindow

    app = application()
    charts = args.out / "reports"
    charts.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="desktop_crm-reports-"))
    try:
        crm = Crm.open(tmp / "reports.sqlite3", actor="demo")
        demo.generate(crm.db, args.customers, seed=args.seed, today=TODAY)
        # The demo keeps no tier history; one A/B/C recompute gives the tier report moves to show.
        crm.abc.apply(today=TODAY)
        print(f"screenshot_reports: {args.customers} demo customers, seed {args.seed}, today {TODAY}")
        settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(crm, settings=settings, today=TODAY, tray_available=lambda: False)
        window.resize(*SIZE)
        window.show()
        window.show_page("reports")
        page = window.ensure_reports_page()
        _wait(app, lambda: page.choices_loaded)
        for name in REPORT_NAMES:
            page.choose(name)
            _wait(app, lambda name=name: not page.loading and page.report is not None and page.report.name == name)
            target = args.out / f"reports-{name}.png"
            if not window.grab().save(str(target), "PNG"):
                raise SystemExit(f"screenshot_reports: could not write {target}")
            _saved(target)
            for index, chart in enumerate(page.report.charts):
                _saved(render_chart_png(chart, charts / f"{name}-chart{index}.png"))
            if name in PDF_REPORTS:
                _pdf_pages(page.report, charts, tmp)
        window.close()
        crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
