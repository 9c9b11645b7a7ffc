"""Render the customer card offscreen: one PNG per tab, the conflict dialog, and a few dialogs.

    .venv/bin/python scripts/screenshot_card.py [OUT_FOLDER]      (default /tmp/card-shots)

Uses a throw-away SQLite database filled with demo data (300 customers, seed 3), and picks a company
customer that has contact persons, care events, purchases, gifts and complaints.
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
sys.path.insert(0, str(ROOT))

SIZE = (900, 700)
NAMES = ("profile", "contacts", "care", "occasions", "purchases", "complaints", "changes")


def pick_customer(crm) -> int:
    """A company with at least two contact persons, care events, purchases, gifts and complaints."""
    from sqlalchemy import func, select

    from desktop_crm.models import CareEvent, Complaint, ContactPerson, Customer, CustomerKind, Gift, Purchase

    def has(model, n=1):
        return select(model.customer_id).group_by(model.customer_id).having(func.count() >= n)

    with crm.session() as s:
        stmt = (select(Customer.id).where(Customer.kind == CustomerKind.COMPANY,
                                          Customer.id.in_(has(ContactPerson, 2)), Customer.id.in_(has(CareEvent, 3)),
                                          Customer.id.in_(has(Purchase, 5)), Customer.id.in_(has(Gift)),
                                          Customer.id.in_(has(Complaint)))
                .order_by(Customer.id))
        found = s.scalars(stmt).first()
        if found is None:
            found = s.scalars(select(Customer.id).where(Customer.kind == CustomerKind.COMPANY)
                              .order_by(Customer.id)).first()
        return found


def wait(app, ctx, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    app.processEvents()
    while ctx.tasks.busy and time.monotonic() < deadline:
        ctx.tasks.wait(100)
        app.processEvents()
    for _ in range(5):
        app.processEvents()


def save(widget, path: Path) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"screenshot_card: could not write {path}")
    print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/tmp/card-shots"))
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings

    from desktop_crm.services import Crm, demo
    from desktop_crm.ui.app import application
    from desktop_crm.ui.card import CustomerCard
    from desktop_crm.ui.context import AppContext

    app = application()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="card-shots-"))
    try:
        crm = Crm.open(tmp / "card.sqlite3", actor="setup")
        demo.generate(crm.db, args.customers, seed=args.seed)
        customer_id = pick_customer(crm)
        login = crm.managers.list()[0].login
        crm.close()

        crm = Crm.open(tmp / "card.sqlite3", actor=login)
        other = Crm.open(tmp / "card.sqlite3", actor="colleague")
        try:
            record = crm.customers.get(customer_id)
            crm.customers.update(customer_id, {
                "custom_fields": {"WeChat ID": "yuanhang_trade", "Преференции доставки": "утром, до 11:00",
                                  "선호 연락 시간": "오후 2시 이후"},
                "hobbies": "围棋, tea ceremonies", "birth_calendar": "lunar", "birth_month": 8, "birth_day": 15},
                record.version)
            contacts = crm.contacts.for_customer(customer_id)
            if len(contacts) > 1 and all(c.left_on is None for c in contacts):
                crm.contacts.mark_left(contacts[-1].id, None, contacts[-1].version)
            settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
            ctx = AppContext(crm, settings)
            card = CustomerCard(ctx)
            card.resize(*SIZE)
            card.show()
            card.load(customer_id)
            wait(app, ctx)
            for index, name in enumerate(NAMES):
                card.tabs.setCurrentIndex(index)
                wait(app, ctx, 2)
                save(card, args.out / f"card-{index + 1}-{name}.png")
                if name == "profile":  # and its lower half: personal notes and custom fields
                    from PySide6.QtWidgets import QScrollArea

                    scroll = card.profile.findChild(QScrollArea)
                    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
                    wait(app, ctx, 2)
                    save(card, args.out / "card-1b-profile-lower.png")
                    scroll.verticalScrollBar().setValue(0)

            # in a narrow side panel the profile boxes stack in one column
            card.tabs.setCurrentIndex(0)
            card.resize(520, 700)
            wait(app, ctx, 2)
            save(card, args.out / "card-9-narrow-profile.png")
            card.resize(*SIZE)
            wait(app, ctx, 2)

            # inline validation: a phone number that is not one
            card.tabs.setCurrentIndex(0)
            card.profile.form.lines["phone"].setText("12")
            card.profile.form.lines["email"].setText("li@")
            wait(app, ctx, 2)
            save(card, args.out / "card-8-profile-invalid.png")
            card.profile.revert()

            # dialogs
            card.tabs.setCurrentIndex(2)
            card.care_tab.call_button.click()
            wait(app, ctx, 2)
            save(card.care_tab.dialog, args.out / "dialog-log-call.png")
            card.care_tab.dialog.reject()
            card.tabs.setCurrentIndex(5)
            card.complaints_tab.add_button.click()
            wait(app, ctx, 2)
            save(card.complaints_tab.dialog, args.out / "dialog-complaint.png")
            card.complaints_tab.dialog.reject()
            card.tabs.setCurrentIndex(3)
            card.occasions_tab.add_gift_button.click()
            wait(app, ctx, 2)
            save(card.occasions_tab.dialog, args.out / "dialog-gift.png")
            card.occasions_tab.dialog.reject()

            # a conflict: edit here, let a colleague save first, then save
            card.tabs.setCurrentIndex(0)
            card.profile.form.lines["city"].setText("杭州")
            card.profile.form.lines["name"].setText(record.name + " (总部)")
            card.profile.form.lines["email"].setText("office@yuanhang.cn")
            current = other.customers.get(customer_id)
            other.customers.update(customer_id, {"city": "Санкт-Петербург", "name": record.name + " 集团"},
                                   current.version)
            card.profile.save()
            deadline = time.monotonic() + 30
            while card.profile.conflict_dialog is None and time.monotonic() < deadline:
                ctx.tasks.wait(100)
                app.processEvents()
            dialog = card.profile.conflict_dialog
            if dialog is None:
                raise SystemExit("screenshot_card: the conflict dialog did not appear")
            wait(app, ctx, 2)
            save(dialog, args.out / "conflict-dialog.png")
            dialog.reject()
            wait(app, ctx, 2)
            card.close()
            ctx.tasks.wait()
        finally:
            other.close()
            crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
