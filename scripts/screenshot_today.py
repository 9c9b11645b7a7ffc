"""Render the Today page offscreen: the agenda, and the popup that logs a call.

    .venv/bin/python scripts/screenshot_today.py [OUT_FOLDER]      (default docs/screenshots/today)

Writes today.png (the window on the Today page, "only my customers"), today-everyone.png (every
manager's customers, a narrower window), today-sections.png (the same with the long sections
folded: birthdays, holidays, re-orders, risks and complaints) and today-log.png (the "Log call" popup open on the first
call due). Uses a throw-away SQLite database filled by desktop_crm.services.demo (2,000 customers,
seed 1) and one fixed day for both the demo history and the agenda, so the pictures do not change
from one run to the next.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2027, 1, 26)  # a Tuesday, eleven days before Spring Festival 2027
SIZE = (1280, 800)
NARROW = (1000, 760)


def _wait(app, condition, seconds: float = 60) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    if not condition():
        raise SystemExit("screenshot_today: the page did not get ready in time")
    for _ in range(20):  # let the last paints land
        app.processEvents()


def _save(pixmap, target: Path) -> None:
    if not pixmap.save(str(target), "PNG"):
        raise SystemExit(f"screenshot_today: could not write {target}")
    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)


def _window(crm, settings_file: Path, size: tuple[int, int]):
    from PySide6.QtCore import QSettings

    from desktop_crm.ui.main_window import MainWindow

    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    window = MainWindow(crm, settings=settings, today=TODAY, tray_available=lambda: False)
    window.resize(*size)
    window.show()
    return window


def _ready(page) -> bool:
    return page.agenda is not None and not page.loading


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots" / "today")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QPainter

    from desktop_crm.services import Crm, demo
    from desktop_crm.ui.app import application

    app = application()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="desktop_crm-today-"))
    try:
        maker = Crm.open(tmp / "today.sqlite3", actor="demo")
        demo.generate(maker.db, args.customers, seed=args.seed, today=TODAY)
        # The user at this computer is the manager with the most customers: "only my customers" is theirs.
        counts = maker.customers.count_by_manager()
        managers = maker.managers.list()
        me = max(managers, key=lambda m: counts.get(m.login, 0)).login if managers else "demo"
        crm = Crm(maker.db, actor=me)
        print(f"screenshot_today: {args.customers} demo customers, seed {args.seed}, today {TODAY}, user {me}")

        window = _window(crm, tmp / "settings.ini", SIZE)
        page = window.today_page
        _wait(app, lambda: _ready(page) and window.customer_count is not None)
        _save(window.grab(), args.out / "today.png")

        row = next((r for name in ("calls", "visits", "follow_ups") for r in page.model.rows_of(name)), None)
        if row is not None:
            page.tree.setCurrentIndex(page.model.index_of_key(row.key))
            page.tree.scrollTo(page.model.index_of_key(row.key))
            _wait(app, lambda: True)
            popup = page.actions.open_log(row, "call")
            popup.summary.setText("Asked about the spring order; wants the new price list by Friday")
            _wait(app, popup.isVisible)
            # The offscreen screen is 800 pixels wide and the popup keeps inside it: put it under its
            # button as a real, wider screen would.
            button = page.button_rect(row.key, "call", scroll=False)
            popup.move(page.tree.viewport().mapToGlobal(button.bottomLeft()) + QPoint(0, 2))
            _wait(app, lambda: True)
            shot = window.grab()
            painter = QPainter(shot)  # the popup is a window of its own: draw it where it stands
            painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft())), popup.grab())
            painter.end()
            _save(shot, args.out / "today-log.png")
            popup.close()
        window.close()

        narrow = _window(crm, tmp / "settings-narrow.ini", NARROW)
        page = narrow.today_page
        _wait(app, lambda: _ready(page))
        page.manager_combo.setCurrentIndex(page.manager_combo.findData(None))
        _wait(app, lambda: _ready(page) and page.agenda.manager_login is None)
        _save(narrow.grab(), args.out / "today-everyone.png")
        for name in ("calls", "visits", "follow_ups"):  # fold the long sections: the rest of the day shows
            page.set_section_expanded(name, False)
        page.go_to_section("occasions")
        _wait(app, lambda: True)
        _save(narrow.grab(), args.out / "today-sections.png")
        narrow.close()
        crm.close()
        maker.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
