"""Render the main window offscreen to docs/screenshots/*.png for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--customers 200]

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
SIZE = (960, 600)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--customers", type=int, default=200, help="demo customers, when the generator exists")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings

    from desktop_crm.services import Crm
    from desktop_crm.ui.app import application
    from desktop_crm.ui.main_window import MainWindow

    app = application()
    check_fonts()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.gettempdir()) / "desktop_crm-screenshots"  # a fixed name: it shows in the picture
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        folder = tmp / FOLDER
        crm = Crm.open(folder / "desktop_crm.sqlite3", actor=USER)
        try:
            made = fill(crm, args.customers, args.seed)
            settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(crm, settings=settings)
            window.resize(*SIZE)
            window.show()
            window.wait_for_workers()
            deadline = time.monotonic() + 60
            while window.customer_count is None and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            app.processEvents()
            target = args.out / "main-window.png"
            if not window.grab().save(str(target), "PNG"):
                print(f"screenshots: could not write {target}", file=sys.stderr)
                return 1
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                  f"main window with {made}")
            window.close()
        finally:
            crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
