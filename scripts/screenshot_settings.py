"""Render each section of the Settings page offscreen to PNGs, to look at them.

    .venv/bin/python scripts/screenshot_settings.py [OUT_DIR]      (default /tmp/settings-shots)

Uses a throw-away SQLite database with demo data (200 customers, seed 2) and managers with a
Chinese, a Russian and a Korean name, so the pictures show whether CJK and Cyrillic text render.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZE = (900, 640)
MANAGERS = [("wang.fang", "王芳", "supervisor", "wang.fang@example.cn"),
            ("olga.s", "Ольга Смирнова", "manager", "olga@example.ru"),
            ("kim.sy", "김서연", "manager", None)]


def wait(app, condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path("/tmp/settings-shots")
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from desktop_crm.services import Crm, demo
    from desktop_crm.ui.app import application
    from desktop_crm.ui.context import AppContext
    from desktop_crm.ui.settings import SettingsPage
    from desktop_crm.ui.settings.tiers_model import COLUMNS

    app = application()
    tmp = Path(tempfile.mkdtemp(prefix="desktop_crm-settings-shots-"))
    written: list[Path] = []

    def shot(widget, name: str) -> None:
        app.processEvents()
        target = out / name
        if not widget.grab().save(str(target), "PNG"):
            raise SystemExit(f"screenshot_settings: could not write {target}")
        written.append(target)

    try:
        crm = Crm.open(tmp / "客户资料" / "desktop_crm.sqlite3", actor="王芳")
        other = tmp / "team.sqlite3"
        Crm.open(other).close()
        try:
            demo.generate(crm.db, 200, seed=2)
            for login, name, role, email in MANAGERS:
                crm.managers.create(login, name, role=role, email=email)
            crm.customers.create({"name": "Дмитрий Иванов", "manager": "olga.s"})
            crm.managers.assign(crm.customers.ids(limit=12), "olga.s")
            crm.managers.set_active("kim.sy", False)
            crm.settings.set_holiday_countries(["CN", "RU", "KR"])

            ctx = AppContext(crm, QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
            page = SettingsPage(ctx)
            page.resize(*SIZE)
            page.show()
            wait(app, lambda: page.managers.loaded and page.tiers.loaded and page.region.loaded)

            # Database: a good test, then a server that does not answer
            database = page.database
            database.url_edit.setText(str(other))
            database.test_connection()
            wait(app, lambda: database.probe_message.kind not in ("", "info"))
            database.backup_message.good(database.tr("Backup written to {path}").format(
                path=str(tmp / "客户资料" / "desktop_crm-backups" / "manual-20260301-093000.sqlite3")))
            shot(page, "1-database.png")
            database.url_edit.setText("postgresql://crm@127.0.0.1:1/crm")
            database.test_connection()
            wait(app, lambda: database.probe_message.kind not in ("", "info"))
            shot(page, "2-database-cannot-connect.png")

            # Managers, with the inactive one selected, and the add dialog with its problems
            page.tabs.setCurrentWidget(page.managers)
            page.managers.select("kim.sy")
            shot(page, "3-managers.png")
            page.managers.add_manager()
            dialog = page.managers.add_dialog
            dialog.login_edit.setText("wang.fang")
            dialog.email_edit.setText("not-an-address")
            dialog.save()
            wait(app, lambda: not dialog.errors["login"].isHidden())
            shot(dialog, "4-add-manager.png")
            dialog.reject()
            page.managers.select("olga.s")
            handover = page.managers.hand_over()
            wait(app, lambda: handover.plan is not None)
            shot(handover, "4b-handover.png")
            handover.reject()

            # Tiers: one edit waiting, one refused value
            page.tabs.setCurrentWidget(page.tiers)
            model = page.tiers.model
            model.setData(model.index(0, COLUMNS.index("name")), "Key accounts 重点客户")
            model.setData(model.index(1, COLUMNS.index("revenue_share")), "150")
            page.tiers.save()
            wait(app, lambda: page.tiers.message.kind == "error")
            shot(page, "5-tiers-refused.png")
            model.revert()
            page.tiers.message.clear()
            shot(page, "6-tiers.png")
            abc = page.tiers.open_abc_dialog()
            wait(app, lambda: abc.loaded)
            abc.preview()
            wait(app, lambda: abc.result is not None)
            shot(abc, "6b-abc-preview.png")
            abc.reject()

            # Region and holidays
            page.tabs.setCurrentWidget(page.region)
            shot(page, "7-region.png")

            # The restore question, as the user sees it
            page.tabs.setCurrentWidget(page.database)
            backup_file = tmp / "客户资料" / "desktop_crm-backups" / "auto-20260301-093000.sqlite3"
            box = QMessageBox(QMessageBox.Icon.Question, database.tr("Restore from backup"),
                              database.restore_question(backup_file),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, page)
            box.show()
            shot(box, "8-restore-question.png")
            box.close()

            ctx.tasks.wait()
            page.wait_for_workers()
            page.close()
        finally:
            crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
