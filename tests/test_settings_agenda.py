"""Settings ▸ Agenda on real databases: days ahead, and adding and deleting company days."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_crm.services import Crm  # noqa: E402
from desktop_crm.ui.context import AppContext  # noqa: E402
from desktop_crm.ui.settings import SettingsPage  # noqa: E402
from desktop_crm.ui.settings.company_days_model import COLUMNS  # noqa: E402

WAIT = 15_000


@pytest.fixture
def page(qtbot, tmp_path, crm):
    ctx = AppContext(crm, QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 640)
    page.show()
    page.tabs.setCurrentWidget(page.agenda)
    qtbot.waitUntil(lambda: page.agenda.loaded and page.region.loaded, timeout=WAIT)
    yield page
    ctx.tasks.wait()
    page.wait_for_workers()


def _fresh(crm: Crm) -> Crm:
    """Another facade on the same database: what a second window or the next start would read."""
    return Crm(crm.db, actor="reader")


def _cell(section, row: int, column: str) -> str:
    return section.model.index(row, COLUMNS.index(column)).data()


def test_the_model_passes_the_model_tester(qtbot, crm, page, qtmodeltester):
    crm.company_days.add({"name": "Founding day", "month": 5, "day": 20, "notes": "cake\nand tea"})
    page.agenda.reload()
    qtbot.waitUntil(lambda: page.agenda.model.rowCount() == 1, timeout=WAIT)
    qtmodeltester.check(page.agenda.model)
    assert _cell(page.agenda, 0, "notes") == "cake and tea"


def test_days_ahead_is_saved_and_read_back(qtbot, crm, page):
    section = page.agenda
    assert section.days_spin.value() == 14 and section.days_spin.isEnabled()
    with qtbot.waitSignal(page.ctx.changed, timeout=WAIT, check_params_cb=lambda c: c.settings):
        section.days_spin.setValue(30)
    qtbot.waitUntil(lambda: section.days_message.kind == "good", timeout=WAIT)
    assert "30 days" in section.days_message.text()
    assert _fresh(crm).agenda.default_days() == 30
    assert crm.settings.get("agenda_days") == 30

    again = SettingsPage(page.ctx)  # the next time Settings is opened
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.agenda.loaded, timeout=WAIT)
    assert again.agenda.days_spin.value() == 30


def test_days_ahead_keeps_the_range_of_the_agenda(page):
    spin = page.agenda.days_spin
    assert (spin.minimum(), spin.maximum()) == (0, 366)


def test_a_company_day_added_through_the_dialog_is_listed(qtbot, crm, page):
    section = page.agenda
    section.add_button.click()
    dialog = section.add_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.leap_check.isHidden() and not dialog.year_spin.isEnabled()
    dialog.name_edit.setText("中秋 customer evening")
    dialog.set_calendar("lunar")
    assert not dialog.leap_check.isHidden() and dialog.day_spin.maximum() == 30
    dialog.set_date(8, 15)
    dialog.set_country("CN")
    dialog.lead_spin.setValue(21)
    dialog.notes_edit.setPlainText("mooncakes for tier A")
    with qtbot.waitSignal(page.ctx.changed, timeout=WAIT, check_params_cb=lambda c: c.agenda):
        dialog.ok_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=WAIT)
    assert section.add_dialog is None  # closed
    assert section.message.kind == "good" and "中秋 customer evening" in section.message.text()

    [stored] = _fresh(crm).company_days.list()
    assert (stored.name, stored.calendar, stored.month, stored.day, stored.leap_month) == \
        ("中秋 customer evening", "lunar", 8, 15, False)
    assert (stored.yearly, stored.year, stored.country, stored.lead_days, stored.notes) == \
        (True, None, "CN", 21, "mooncakes for tier A")
    assert _cell(section, 0, "date") == "Lunar month 8, day 15"
    assert _cell(section, 0, "country") == "Customers in China (CN)"
    assert _cell(section, 0, "lead_days") == "21 days before"
    assert section.selected().id == stored.id  # the new day is the one selected


def test_a_day_that_happens_once_keeps_its_year(qtbot, crm, page):
    section = page.agenda
    section.add_button.click()
    dialog = section.add_dialog
    dialog.name_edit.setText("Trade fair")
    dialog.set_date(3, 8)
    dialog.set_once(2031)
    assert dialog.year_spin.isEnabled()
    dialog.lead_spin.setValue(0)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=WAIT)
    [stored] = _fresh(crm).company_days.list()
    assert (stored.calendar, stored.month, stored.day, stored.yearly, stored.year, stored.country,
            stored.lead_days) == ("solar", 3, 8, False, 2031, None, 0)
    assert [_cell(section, 0, c) for c in ("date", "repeats", "country", "lead_days")] == \
        ["March 8", "Once, in 2031", "Every customer", "On the day"]


def test_a_bad_entry_is_explained_next_to_its_field_and_nothing_is_written(qtbot, crm, page):
    section = page.agenda
    section.add_button.click()
    dialog = section.add_dialog
    dialog.set_date(2, 30)  # and no name
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.errors["name"].isHidden(), timeout=WAIT)
    assert dialog.errors["name"].text() == "Give the day a name."
    assert "02-30 is not a date" in dialog.errors["date"].text()
    assert "Traceback" not in dialog.errors["name"].text() + dialog.message.text()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert _fresh(crm).company_days.list() == [] and section.model.rowCount() == 0

    dialog.name_edit.setText("Customer appreciation day")
    dialog.set_date(2, 28)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=WAIT)
    assert [d.name for d in _fresh(crm).company_days.list()] == ["Customer appreciation day"]


def test_delete_asks_first_and_removes_the_day(qtbot, crm, page, monkeypatch):
    for name, month in (("Founding day", 5), ("Customer appreciation day", 11)):
        crm.company_days.add({"name": name, "month": month, "day": 1})
    section = page.agenda
    section.reload()
    qtbot.waitUntil(lambda: section.model.rowCount() == 2, timeout=WAIT)
    assert not section.delete_button.isEnabled()
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append(text) or answers.pop(0)))
    founding = next(d for d in crm.company_days.list() if d.name == "Founding day")
    section.select(founding.id)
    assert section.delete_button.isEnabled()

    section.delete_button.click()  # declined
    page.ctx.tasks.wait()
    assert len(asked) == 1 and "Founding day" in asked[0]
    assert len(_fresh(crm).company_days.list()) == 2

    section.delete_button.click()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=WAIT)
    assert [d.name for d in _fresh(crm).company_days.list()] == ["Customer appreciation day"]
    assert section.message.kind == "good" and "Founding day" in section.message.text()


def test_a_day_deleted_elsewhere_is_explained_and_dropped(qtbot, crm, page, monkeypatch):
    record, _ = crm.company_days.add({"name": "Founding day", "month": 5, "day": 20})
    section = page.agenda
    section.reload()
    qtbot.waitUntil(lambda: section.model.rowCount() == 1, timeout=WAIT)
    section.select(record.id)
    _fresh(crm).company_days.delete(record.id)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    section.delete_button.click()
    qtbot.waitUntil(lambda: section.message.kind == "error", timeout=WAIT)
    assert "does not exist" in section.message.text()
    qtbot.waitUntil(lambda: section.model.rowCount() == 0, timeout=WAIT)


def test_the_holiday_countries_of_the_region_section_are_shown(qtbot, crm, page):
    section = page.agenda
    assert section.countries_label.text() == "Holiday countries now: China."
    page.region.set_holiday_countries(["RU", "KR"])
    page.region.save_button.click()
    qtbot.waitUntil(lambda: "Russia" in section.countries_label.text(), timeout=WAIT)
    assert section.countries_label.text() == "Holiday countries now: Russia, South Korea."
    section.add_button.click()
    combo = section.add_dialog.country_combo
    assert [combo.itemData(i) for i in range(3)] == [None, "RU", "KR"]  # the team's countries first
    section.add_dialog.reject()


def test_zero_days_ahead_is_kept(qtbot, crm, page):
    section = page.agenda
    section.days_spin.setValue(0)
    qtbot.waitUntil(lambda: section.days_message.kind == "good", timeout=WAIT)
    assert crm.settings.get("agenda_days") == 0
    assert _fresh(crm).agenda.default_days() == 0
