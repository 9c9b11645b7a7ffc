"""Printed customer cards and the print actions, rendered offscreen for the docs.

    .venv/bin/python scripts/screenshot_cards.py [OUT_FOLDER]     (default docs/screenshots)

Uses a throw-away SQLite database with demo data (300 customers, seed 3) and a company customer with
contact persons, care events, purchases, gifts and complaints (the same pick as screenshot_card.py).
Writes card-print.png (its A4 card), card-print-a6.png (the same card on A6), card/print-header.png and
card/print-menu.png (the card's Print button and menu), card-print-preview.png (the preview of three
cards), card/print-selected-*.png (the table's menu for the selected customers) and
settings/9-printing.png.
Needs pdftoppm (poppler-utils).
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
sys.path.insert(0, str(ROOT / "scripts"))

from screenshot_card import pick_customer, save, wait  # noqa: E402

TODAY = dt.date(2026, 11, 21)


def pdf_to_png(pdf: Path, png: Path, dpi: int) -> None:
    stem = png.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
                   check=True)
    print(png)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    if not shutil.which("pdftoppm"):
        raise SystemExit("screenshot_cards: pdftoppm is missing (apt install poppler-utils)")

    from PySide6.QtCore import QSettings

    from desktop_crm.printing.cards import write_cards_pdf
    from desktop_crm.services import Crm, demo
    from desktop_crm.ui.app import application
    from desktop_crm.ui.card import CustomerCard
    from desktop_crm.ui.context import AppContext
    from desktop_crm.ui.customers.page import CustomersPage
    from desktop_crm.ui.settings.printing_section import PrintingSection

    app = application()
    (args.out / "card").mkdir(parents=True, exist_ok=True)
    (args.out / "settings").mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="card-print-"))
    try:
        crm = Crm.open(tmp / "cards.sqlite3", actor="setup")
        demo.generate(crm.db, 300, seed=3, today=TODAY)
        customer_id = pick_customer(crm)
        record = crm.customers.get(customer_id)
        crm.customers.update(customer_id, {"hobbies": "围棋, tea ceremonies", "family_notes": "老板的女儿在杭州读书",
                                           "birth_calendar": "lunar", "birth_month": 8, "birth_day": 15,
                                           "birth_year": 1998}, record.version)
        cards = crm.cards.cards([customer_id], today=TODAY)
        for size, name, dpi in (("A4", "card-print.png", 80), ("A6", "card-print-a6.png", 110)):
            pdf = tmp / f"card-{size}.pdf"
            write_cards_pdf(cards, pdf, size)
            pdf_to_png(pdf, args.out / name, dpi)

        ctx = AppContext(crm, QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
        card = CustomerCard(ctx)
        card.resize(900, 320)
        card.show()
        card.load(customer_id)
        wait(app, ctx)
        card.print_button.menu().popup(card.print_button.mapToGlobal(card.print_button.rect().bottomLeft()))
        wait(app, ctx, 2)
        save(card, args.out / "card" / "print-header.png")
        save(card.print_button.menu(), args.out / "card" / "print-menu.png")
        card.print_button.menu().hide()

        neighbours = crm.cards.ids()[:3]
        card.printing._ids = lambda: neighbours  # three cards in the preview
        card.printing.preview()
        wait(app, ctx)
        dialog = card.printing.preview_dialog
        if dialog is None:
            raise SystemExit("screenshot_cards: the preview did not open")
        dialog.resize(1000, 760)
        wait(app, ctx, 2)
        save(dialog, args.out / "card-print-preview.png")
        dialog.close()

        page = CustomersPage(ctx)
        page.resize(900, 500)
        page.show()
        wait(app, ctx)
        page.table.selectRow(0)
        menu = page.bulk_button.menu()
        menu.popup(page.bulk_button.mapToGlobal(page.bulk_button.rect().bottomLeft()))
        page.printing.menu.popup(menu.mapToGlobal(menu.actionGeometry(page.printing.menu.menuAction()).topRight()))
        wait(app, ctx, 2)
        save(menu, args.out / "card" / "print-selected-menu.png")
        save(page.printing.menu, args.out / "card" / "print-selected-submenu.png")
        page.printing.menu.hide()
        menu.hide()

        section = PrintingSection(ctx)
        section.resize(760, 300)
        section.show()
        wait(app, ctx)
        save(section, args.out / "settings" / "9-printing.png")
        ctx.tasks.wait()
        card.close()
        crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
