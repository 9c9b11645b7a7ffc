"""Render the main window offscreen to docs/screenshots/*.png for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--customers 200]

Also renders the import wizard's pages, import history and the export dialog
(scripts/screenshot_import.py) to OUT/import/ and OUT/export-dialog.png, and Settings ▸ Agenda
with two company days (one lunar) and its Add dialog to OUT/settings-agenda*.png.

Uses a throw-away database: demo data from ``desktop_crm.services.demo`` when it is there,
else a handful of customers made through the service. The database sits in a folder with a
Chinese, Russian and Korean name, and the user has a Chinese name, so the picture shows whether CJK
and Cyrillic text render (they need fonts-noto-cjk and fonts-dejavu-core on Debian).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1280, 760)
USER = "王芳"
FOLDER = "客户资料 Клиенты 고객"

SAMPLE_CUSTOMERS = [
    {"name": "王小明", "company": "上海远航贸易有限公司", "city": "上海", "kind": "company"},
    {"name": "李娜", "company": "杭州青禾茶业", "city": "杭州"},
    {"name": "陈志强", "company": "深圳华信电子", "city": "深圳"},
    {"name": "Ольга Смирнова", "company": "ООО «Север»", "city": "Казань"},
    {"name": "Дмитрий Иванов", "company": "АО «Волга-Трейд»", "city": "Самара"},
    {"name": "Анна Кузнецова", "city": "Новосибирск"},
    {"name": "김민준", "company": "한빛상사", "city": "부산"},
    {"name": "이서연", "company": "서울푸드", "city": "서울"},
    {"name": "Alice Walker", "company": "Walker & Sons", "city": "Leeds"},
    {"name": "Marco Rossi", "company": "Rossi Forniture", "city": "Bologna"},
]


def fill(crm, customers: int, seed: int) -> str:
    """Put sample data into ``crm``; say which way it was made."""
    try:
        from desktop_crm.services import demo

        generate = demo.generate
    except (ImportError, AttributeError):
        generate = None
    if generate is not None:
        try:
            generate(crm.db, customers, seed=seed)
            return f"demo data ({customers} customers, seed {seed})"
        except TypeError as exc:  # the demo generator's signature changed; say so and carry on
            print(f"screenshots: demo.generate did not accept (db, n, seed=): {exc}", file=sys.stderr)
    for data in SAMPLE_CUSTOMERS:
        crm.customers.create(data)
    return f"{len(SAMPLE_CUSTOMERS)} sample customers"


def check_fonts() -> None:
    from PySide6.QtGui import QFontDatabase

    for system, package in ((QFontDatabase.WritingSystem.SimplifiedChinese, "fonts-noto-cjk"),
                            (QFontDatabase.WritingSystem.Korean, "fonts-noto-cjk"),
                            (QFontDatabase.WritingSystem.Cyrillic, "fonts-dejavu-core")):
        if not QFontDatabase.families(system):
            print(f"screenshots: no font for {system.name}; install {package} (scripts/bootstrap.sh does)",
                  file=sys.stderr)


def _wait(app, condition, seconds: float = 60) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(20):  # let the last paints land
        app.processEvents()


def _save(widget, target: Path) -> None:
    if not widget.grab().save(str(target), "PNG"):
        raise SystemExit(f"screenshots: could not write {target}")
    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)


def _window(crm, tmp: Path, size: tuple[int, int]):
    from PySide6.QtCore import QSettings

    from desktop_crm.ui.main_window import MainWindow

    settings = QSettings(str(tmp / f"settings-{size[0]}.ini"), QSettings.Format.IniFormat)
    window = MainWindow(crm, settings=settings)
    window.resize(*size)
    window.show()
    return window


def shoot_settings_agenda(app, crm, out: Path, tmp: Path) -> None:
    """Settings ▸ Agenda with two company days, one of them lunar; the Add dialog with a refused entry."""
    from PySide6.QtCore import QSettings

    from desktop_crm.ui.context import AppContext
    from desktop_crm.ui.settings import SettingsPage

    crm.settings.set_holiday_countries(["CN", "RU", "KR"])
    crm.settings.set("agenda_days", 21)
    crm.company_days.add({"name": "公司成立日 Founding day", "month": 5, "day": 20, "lead_days": 30,
                          "notes": "Thank-you letters to every customer; cake in the office"})
    crm.company_days.add({"name": "中秋 customer evening", "calendar": "lunar", "month": 8, "day": 15,
                          "country": "CN", "lead_days": 21, "notes": "Mooncakes for tier A customers"})
    ctx = AppContext(crm, QSettings(str(tmp / "settings-agenda.ini"), QSettings.Format.IniFormat))
    page = SettingsPage(ctx)
    page.resize(900, 640)
    page.tabs.setCurrentWidget(page.agenda)
    page.show()
    _wait(app, lambda: page.agenda.loaded and page.agenda.model.rowCount() == 2)
    _save(page, out / "settings-agenda.png")

    page.agenda.add_day()
    dialog = page.agenda.add_dialog
    dialog.set_calendar("lunar")
    dialog.set_date(4, 1)
    dialog.leap_check.setChecked(True)
    dialog.set_once(2031)
    dialog.save()  # no name: the problem shows next to the field
    _wait(app, lambda: not dialog.errors["name"].isHidden())
    _save(dialog, out / "settings-agenda-add.png")
    dialog.reject()
    ctx.tasks.wait()
    page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--customers", type=int, default=300, help="demo customers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--all", action="store_true",
                        help="also every card tab, the card's dialogs and the Settings sections (into OUT/card, OUT/settings)")
    args = parser.parse_args(argv)

    from desktop_crm.services import Crm
    from desktop_crm.ui.app import application

    app = application()
    check_fonts()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.gettempdir()) / "desktop_crm-screenshots"  # a fixed name: it shows in the picture
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        empty = Crm.open(tmp / FOLDER / "empty.sqlite3", actor=USER)
        try:
            window = _window(empty, tmp, SIZE)
            _wait(app, lambda: window.customer_count == 0)
            _save(window, args.out / "welcome.png")
            window.close()
        finally:
            empty.close()

        crm = Crm.open(tmp / FOLDER / "desktop_crm.sqlite3", actor=USER)
        try:
            made = fill(crm, args.customers, args.seed)
            print(f"screenshots: {made}")
            window = _window(crm, tmp, SIZE)
            page = window.customers_page
            _wait(app, lambda: page.total is not None and page.model.cached_row(0) is not None)
            _save(window, args.out / "main-window.png")
            window.close()

            wide = _window(crm, tmp, (1400, 860))
            wide.show_page("customers")  # the window opens on Today
            page = wide.customers_page
            _wait(app, lambda: page.total is not None and page.model.cached_row(0) is not None)
            company = next(r for r in crm.customers.rows(crm.customers.ids())
                           if r.company is None and crm.customers.get(r.id).kind == "company"
                           and crm.customers.get(r.id).contacts)
            page.open_card(company.id)
            _wait(app, lambda: page.card.record is not None and page.card.record.id == company.id)
            page.splitter.setSizes([700, 700])
            _wait(app, lambda: False, 1.5)  # the card's tabs load their parts
            _save(wide, args.out / "customer-card.png")
            wide.close()

            # the import wizard, import history and the export dialog (OUT/import, OUT/export-dialog.png)
            sys.path.insert(0, str(ROOT / "scripts"))
            import screenshot_import

            window = _window(crm, tmp, SIZE)
            _wait(app, lambda: window.customers_page.total is not None)
            screenshot_import.shoot(app, window, args.out, tmp)
            window.close()

            shoot_settings_agenda(app, crm, args.out, tmp)
        finally:
            crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.all:
        sys.path.insert(0, str(ROOT / "scripts"))
        import screenshot_card
        import screenshot_settings

        screenshot_card.main([str(args.out / "card")])
        screenshot_settings.main([str(args.out / "settings")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
