"""Render the import wizard's pages, the import history and the export dialog to PNGs.

Called by scripts/screenshots.py with its window and database (demo data), or on its own:

    .venv/bin/python scripts/screenshot_import.py [OUT_DIR]       (default /tmp/import-shots)

Writes OUT/import/1-file.png … 6-history.png and OUT/export-dialog.png. The customer list that
is imported is written by openpyxl the way other people's files look: a title row above the
header, Russian names with phone numbers written nationally, dates like 03/04/1985, a manager
the database does not know, a broken e-mail address. The field sheet is exported from the
database, filled in as a manager would, and two of its customers are changed at the desk
meanwhile, so the check shows conflicts.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WIZARD_SIZE = (980, 720)
CUSTOMER_ROWS = [
    ["Клиенты отдела продаж — выгрузка 1С, март"],
    ["ФИО", "Компания", "Телефон", "E-mail", "Дата рождения", "Город", "Менеджер", "Категория"],
    ["Ольга Смирнова", "ООО «Север»", "8 913 875 31 79", "olga@sever.ru", "03/04/1985", "Казань", "Ольга Смирнова", "A"],
    ["Дмитрий Иванов", "АО «Волга-Трейд»", "8 912 345 67 89", "d.ivanov@volga.ru", "25/12/1979", "Самара",
     "Павел Сидоров", "B"],
    ["Анна Кузнецова", "", "8 923 111 22 33", "anna.k@mail", "11/02/1990", "Новосибирск", "Павел Сидоров", "C"],
    ["Сергей Орлов", "ИП Орлов", "8 915 222 33 44", "orlov@yandex.ru", "07/08/1982", "Москва", "Ольга Смирнова", "B"],
    ["Мария Соколова", "ООО «Ладога»", "8 921 555 66 77", "sokolova@ladoga.ru", "1988-06-30", "Санкт-Петербург",
     "Павел Сидоров", "A"],
    ["Иван Петров", "", "8 916 777 88 99", "petrov@mail.ru", "19/09/1975", "Тула", "Ольга Смирнова", "C"],
    ["", "ООО «Пустота»", "", "", "", "Омск", "", ""],
    ["Елена Волкова", "ЗАО «Урал»", "8 343 210 11 22", "volkova@ural.ru", "02/03/1992", "Екатеринбург",
     "Павел Сидоров", "B"],
]


def wait(app, condition, seconds: float = 60) -> None:
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    for _ in range(20):
        app.processEvents()


def settle(app, seconds: float = 0.4) -> None:
    wait(app, lambda: False, seconds)


def save(widget, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not widget.grab().save(str(target), "PNG"):
        raise SystemExit(f"screenshot_import: could not write {target}")
    here = Path.cwd()
    print(target.relative_to(here) if target.is_relative_to(here) else target)


def customer_file(folder: Path, crm) -> Path:
    """The list, with a row number column nobody wants and one customer the database already has
    (matched by e-mail; their city changed)."""
    import openpyxl
    from openpyxl.styles import Font

    known = next(r for r in crm.customers.rows(crm.customers.ids()) if r.email and r.city)
    rows = [list(r) for r in CUSTOMER_ROWS]
    rows.insert(5, [known.name, known.company or "", "", known.email, "", "Харбин", "", ""])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Клиенты"
    ws.append(rows[0])  # the title
    ws.append(["№", *rows[1]])
    for n, row in enumerate(rows[2:], start=1):
        ws.append([n, *row])
    ws["A1"].font = Font(bold=True, size=14)
    notes = wb.create_sheet("Сводка")
    notes.append(["Всего", len(CUSTOMER_ROWS) - 2])
    hidden = wb.create_sheet("Служебный")
    hidden.sheet_state = "hidden"
    hidden.append(["version", 3])
    path = folder / "клиенты-март.xlsx"
    wb.save(path)
    return path


def field_sheet(crm, folder: Path) -> Path:
    """A field sheet of eight customers, filled in; two of them changed in the database meanwhile."""
    import openpyxl

    from desktop_crm.io.field_sheet import COLUMN_KEYS

    ids = crm.customers.ids()[:8]
    path = folder / "field-sheet-visits.xlsx"
    crm.exports.field_sheet(path, ids)
    col = {key: i + 1 for i, key in enumerate(COLUMN_KEYS)}
    wb = openpyxl.load_workbook(path)
    ws = wb[wb.sheetnames[0]]
    today = dt.date.today()
    filled = [
        ("Visit", "Signed the autumn order; wants samples of the new line", "Send samples", 7, "+86 138 0013 8001", None),
        ("Visit", "Complained about late delivery, calmed down after the discount", "Call the warehouse", 3, None,
         "new.buyer@example.cn"),
        ("Call", "Birthday next week — prepare tea gift set", "Send the gift", 6, "+86 139 0013 9002", None),
        ("Visit", "New purchasing manager, Ms Zhou", "Meet Ms Zhou", 14, None, None),
    ]
    by_id = {}
    for row in range(2, ws.max_row + 1):
        cid = ws.cell(row, col["customer_id"]).value
        if cid:
            by_id[int(cid)] = row
    for cid, (kind, summary, step, days, phone, email) in zip(ids, filled):
        row = by_id[cid]
        ws.cell(row, col["visit_date"]).value = today - dt.timedelta(days=1)
        ws.cell(row, col["kind"]).value = kind
        ws.cell(row, col["summary"]).value = summary
        ws.cell(row, col["next_step"]).value = step
        ws.cell(row, col["next_date"]).value = today + dt.timedelta(days=days)
        if phone:
            ws.cell(row, col["new_phone"]).value = phone
        if email:
            ws.cell(row, col["new_email"]).value = email
    wb.save(path)
    # Meanwhile at the desk: the same details of two of them were changed.
    for cid, change in ((ids[0], {"phone": "+86 21 6888 1234"}), (ids[2], {"phone": "+86 10 8765 4321"}),
                        (ids[1], {"email": "purchasing@example.cn"})):
        record = crm.customers.get(cid)
        crm.customers.update(cid, change, record.version)
    return path


def shoot(app, window, out: Path, folder: Path) -> list[Path]:
    """The wizard's pages on ``window`` (a MainWindow with data), then history and the export dialog."""
    from PySide6.QtWidgets import QWizard

    from desktop_crm.io.plan import TAKE_SHEET

    shots = out / "import"
    written = []

    def snap(widget, name: str) -> None:
        target = shots / name if not name.startswith("..") else out / name[3:]
        save(widget, target)
        written.append(target)

    crm = window.crm
    source = customer_file(folder, crm)
    wizard = window.open_import_wizard(str(source))
    wizard.resize(*WIZARD_SIZE)
    wait(app, lambda: wizard.state.look is not None and not wizard.file_page.job.running)
    snap(wizard, "1-file.png")

    wizard.button(QWizard.WizardButton.NextButton).click()
    settle(app)
    wizard.columns_page.combo(0).setCurrentIndex(0)  # "№" is no customer code: not imported
    settle(app)
    snap(wizard, "2-columns.png")

    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.check_page
    wait(app, lambda: wizard.state.plan is not None and not page.job.running)
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.issues_page))
    settle(app)
    snap(wizard, "3-check-issues.png")

    page.day_first_button.click()
    wait(app, lambda: wizard.state.plan is not None and not page.job.running and not page._timer.isActive())
    page.hint_button.click()
    wait(app, lambda: wizard.state.plan is not None and not page.job.running and not page._timer.isActive())
    page.managers_check.setChecked(True)
    page.skip_check.setChecked(True)
    wait(app, lambda: wizard.state.plan is not None and not page.job.running and not page._timer.isActive())
    page.tabs.setCurrentIndex(0)
    settle(app)
    snap(wizard, "4-check-preview.png")

    wizard.button(QWizard.WizardButton.NextButton).click()
    wait(app, lambda: wizard.state.result is not None or not wizard.import_page.job.running)
    settle(app)
    snap(wizard, "5-done.png")
    wizard.accept()

    sheet = field_sheet(crm, folder)
    wizard = window.open_import_wizard(str(sheet))
    wizard.resize(*WIZARD_SIZE)
    wait(app, lambda: wizard.state.file is not None and not wizard.file_page.job.running)
    snap(wizard, "1b-file-field-sheet.png")
    wizard.button(QWizard.WizardButton.NextButton).click()
    page = wizard.check_page
    wait(app, lambda: wizard.state.plan is not None and not page.job.running)
    settle(app)
    first = page.conflict_table.cellWidget(0, 5)
    if first is not None:
        first.setCurrentIndex(first.findData(TAKE_SHEET))
        wait(app, lambda: wizard.state.plan is not None and not page.job.running and not page._timer.isActive())
    snap(wizard, "3b-check-conflicts.png")
    wizard.button(QWizard.WizardButton.NextButton).click()
    wait(app, lambda: wizard.state.result is not None or not wizard.import_page.job.running)
    settle(app)
    snap(wizard, "5b-done-field-sheet.png")
    wizard.accept()
    crm.imports.undo(wizard.state.result.batch_id)  # so that the history shows an undone import too

    history = window.open_import_history()
    wait(app, lambda: history.loaded)
    wait(app, lambda: any(b.status == "undone" for b in history.batches))
    history.select_batch(history.batches[-1].id if history.batches else 0)
    settle(app)
    snap(history, "6-history.png")
    history.close()

    customers = window.customers_page
    window.show_page("customers")
    wait(app, lambda: customers.total is not None and customers.model.cached_row(0) is not None)
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    selection.select(customers.model.index(0, 0), customers.model.index(36, customers.model.columnCount() - 1))
    customers.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    dialog = window.export_field_sheet()
    dialog.path_edit.setText(str(folder / dialog.path().name))
    settle(app)
    snap(dialog, "../export-dialog.png")
    dialog.export_button.click()
    wait(app, lambda: dialog.result is not None or (not dialog.job.running and dialog.message.isVisible()))
    settle(app)
    snap(dialog, "export-done.png")
    dialog.reject()
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else Path("/tmp/import-shots")
    from PySide6.QtCore import QSettings

    from desktop_crm.services import Crm, demo
    from desktop_crm.ui.app import application
    from desktop_crm.ui.main_window import MainWindow

    app = application()
    tmp = Path(tempfile.mkdtemp(prefix="import-shots-"))
    try:
        crm = Crm.open(tmp / "客户资料" / "desktop_crm.sqlite3", actor="王芳")
        try:
            demo.generate(crm.db, 200, seed=2)
            window = MainWindow(crm, settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
            window.resize(1280, 760)
            window.show()
            shoot(app, window, out, tmp)
            window.close()
        finally:
            crm.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
