"""The Today page in pytest-qt, over a real SQLite database and the real agenda service.

Every test builds the agenda for one fixed day (TODAY, a Monday in the past, so that customers
created by the test "now" are never due for anything by accident).
"""

from __future__ import annotations

import datetime as dt
import sys
import types
from decimal import Decimal

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QSystemTrayIcon  # noqa: E402

from desktop_crm.models import Purchase  # noqa: E402
from desktop_crm.services import Crm, rhythms  # noqa: E402
from desktop_crm.services.agenda_records import SECTIONS, AgendaRow, HolidayInfo, RowContext  # noqa: E402
from desktop_crm.ui.context import AppContext  # noqa: E402
from desktop_crm.ui.main_window import MainWindow  # noqa: E402
from desktop_crm.ui.today import actions as today_actions  # noqa: E402
from desktop_crm.ui.today import page as today_page  # noqa: E402
from desktop_crm.ui.today.model import Kind, Role  # noqa: E402
from desktop_crm.ui.today.page import TodayPage  # noqa: E402
from desktop_crm.ui.today.reasons import Dates, describe  # noqa: E402

TODAY = dt.date(2026, 4, 27)  # a Monday
WAIT = 15_000


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def _ago(days: int) -> dt.datetime:
    return _at(TODAY - dt.timedelta(days=days))


def fill(crm: Crm) -> dict[str, int]:
    """Two managers and eight customers, each due for something different on TODAY."""
    crm.settings.set_default_country("CN")
    crm.settings.set_holiday_countries(["CN"])
    crm.managers.create("li", "李红梅")
    crm.managers.create("olga", "Ольга Смирнова")
    ids: dict[str, int] = {}

    def make(key: str, **data) -> int:
        record, _changes = crm.customers.create(data)
        ids[key] = record.id
        return record.id

    wang = make("wang", name="王小明", company="上海远航贸易有限公司", tier="B", manager="li", phone="021 5555 1234",
                family_notes="Wife Lena; daughter studies in Hangzhou")
    crm.care.log(wang, "call", summary="Asked about the spring catalogue", happened_at=_ago(45))
    crm.occasions.add(wang, {"kind": "wedding", "month": 5, "day": 3, "year": 2006})
    dima = make("dima", name="Дмитрий Иванов", company="АО «Волга-Трейд»", tier="A", manager="olga",
                mobile="+7 912 345 67 89")
    crm.care.log(dima, "call", summary="Ordered pipes", happened_at=_ago(26))
    kim = make("kim", name="김민준", company="한빛상사", tier="A", manager="li")
    crm.care.log(kim, "visit", summary="Showed the new line", happened_at=_ago(85))
    crm.care.log(kim, "call", summary="Quick check", happened_at=_ago(7))
    alice = make("alice", name="Alice Walker", company="Walker & Sons", manager="li")
    crm.care.log(alice, "call", summary="Wants prices", happened_at=_ago(17), next_step="Send the price list",
                 next_due=TODAY - dt.timedelta(days=2))
    make("lina", name="李娜", manager="olga", birth_year=1966, birth_month=4, birth_day=30)
    marco = make("marco", name="Marco Rossi", company="Rossi Forniture", manager="olga")
    crm.complaints.add(marco, {"received_at": _ago(7), "target_at": _at(TODAY - dt.timedelta(days=2), 18),
                               "description": "The delivery arrived broken", "severity": "high",
                               "category": "delivery"})
    chen = make("chen", name="陈志强", company="深圳华信电子", manager="li")
    anna = make("anna", name="Анна Кузнецова", manager="olga")
    with crm.session() as s:  # purchases arrive by import; here they are written directly
        n = 0
        for customer, first, last, step, amount in ((chen, dt.date(2025, 10, 30), dt.date(2026, 3, 30), 30, "1200"),
                                                     (anna, dt.date(2025, 6, 1), dt.date(2025, 12, 1), 20, "300")):
            day = first
            while day <= last:
                s.add(Purchase(customer_id=customer, purchased_on=day, amount=Decimal(amount), reference=f"T{n}",
                               line_ref="1"))
                day += dt.timedelta(days=step)
                n += 1
        s.flush()
        rhythms.refresh(s.connection(), [chen, anna])
        s.commit()
    return ids


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def crm(tmp_path):
    instance = Crm.open(tmp_path / "crm.sqlite3", actor="li")
    yield instance
    instance.close()


@pytest.fixture
def ids(crm):
    return fill(crm)


@pytest.fixture
def make_page(qtbot, qsettings):
    contexts: list[AppContext] = []

    def _make(crm: Crm, *, wait: bool = True) -> TodayPage:
        ctx = AppContext(crm, qsettings)
        contexts.append(ctx)
        page = TodayPage(ctx, today=TODAY)
        qtbot.addWidget(page)
        page.resize(1100, 1400)  # every row of the test data on screen
        page.show()
        if wait:
            ready(qtbot, page)
        return page

    yield _make
    for ctx in contexts:
        ctx.tasks.wait()


@pytest.fixture
def page(make_page, crm, ids):
    return make_page(crm)


def ready(qtbot, page: TodayPage) -> None:
    qtbot.waitUntil(lambda: page.agenda is not None and not page.loading, timeout=WAIT)


def keys(page: TodayPage, section: str) -> list[str]:
    return [r.key for r in page.model.rows_of(section)]


def names(page: TodayPage, section: str) -> list[str]:
    return [r.customer_name for r in page.model.rows_of(section)]


def row_of(page: TodayPage, section: str, customer_id: int) -> AgendaRow:
    return next(r for r in page.model.rows_of(section) if r.customer_id == customer_id)


def text_of(page: TodayPage, row: AgendaRow):
    return page.model.index_of_key(row.key).data(Role.TEXT)


def click_button(qtbot, page: TodayPage, key: str, action: str) -> None:
    """A real mouse click on the painted button of a row."""
    rect = page.button_rect(key, action)
    assert rect is not None, f"no {action} button on {key}"
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose_manager(qtbot, page: TodayPage, login: str | None) -> None:
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.manager_combo.setCurrentIndex(page.manager_combo.findData(login))
    ready(qtbot, page)


# ----- what the page shows ------------------------------------------------------------------------


def test_sections_show_in_order_with_their_counts(qtbot, page, ids, qtmodeltester):
    assert page.manager_combo.currentData() == "li"  # the manager who is the user at this computer
    assert page.manager_combo.currentText().startswith("Only my customers")
    model = page.model
    assert model.section_names() == list(SECTIONS)
    counts = {name: model.count_of(name) for name in SECTIONS}
    assert counts == {"calls": 1, "visits": 1, "follow_ups": 1, "occasions": 1, "holidays": 1, "reorders": 1,
                      "at_risk": 0, "complaints": 0}
    assert model.section_index("calls").data() == "Calls due (1)"
    assert names(page, "calls") == ["王小明"]
    assert names(page, "visits") == ["김민준"]
    assert names(page, "follow_ups") == ["Alice Walker"]
    assert names(page, "reorders") == ["陈志强"]
    # sections with rows are open; an empty one is closed and says nothing is due
    assert page.tree.isExpanded(model.section_index("calls"))
    empty = model.section_index("at_risk")
    assert not page.tree.isExpanded(empty) and model.rowCount(empty) == 0
    assert empty.data(Qt.ItemDataRole.ToolTipRole) == "Nothing is due in this section."
    assert page.summary_label.text() == "6 thing(s) to do"
    assert page.stack.currentWidget() is page.tree
    # the row of section buttons: the day at a glance, and a jump to a section
    assert page.section_buttons["holidays"].text() == "Holidays 1"
    assert not page.section_buttons["at_risk"].isEnabled()
    page.set_section_expanded("reorders", False)
    page.section_buttons["reorders"].click()
    assert page.tree.isExpanded(model.section_index("reorders"))
    assert page.tree.currentIndex() == model.section_index("reorders")
    qtmodeltester.check(model)

    choose_manager(qtbot, page, None)
    assert {name: model.count_of(name) for name in SECTIONS} == {
        "calls": 2, "visits": 1, "follow_ups": 1, "occasions": 2, "holidays": 1, "reorders": 1, "at_risk": 1,
        "complaints": 1}
    assert names(page, "calls") == ["Дмитрий Иванов", "王小明"]  # the longest past its cadence first
    qtmodeltester.check(model)


def test_each_row_says_why_it_is_there_and_what_to_know(qtbot, page, ids):
    choose_manager(qtbot, page, None)
    call = text_of(page, row_of(page, "calls", ids["wang"]))
    assert call.reason == "No call for 45 day(s) — tier B asks every 30"
    assert call.due == "14 day(s) late" and call.urgency == "late"
    assert "上海远航贸易有限公司" in call.details and "Tier B" in call.details and "李红梅" in call.details
    assert call.context[0] == "Tel. 021 5555 1234 · Last contact 13 Mar (call): “Asked about the spring catalogue”"
    assert call.context[1] == "Family: Wife Lena; daughter studies in Hangzhou"

    assert text_of(page, row_of(page, "visits", ids["kim"])).reason == "No visit for 85 day(s) — tier A asks every 60"
    assert text_of(page, row_of(page, "follow_ups", ids["alice"])).reason == \
        "Next step “Send the price list”, due Sat 25 Apr"
    birthday = text_of(page, row_of(page, "occasions", ids["lina"]))
    assert birthday.reason == "Birthday on Thu 30 Apr, turns 60" and birthday.due == "in 3 day(s)"
    assert text_of(page, row_of(page, "occasions", ids["wang"])).reason == \
        "Wedding anniversary on Sun 3 May, 20 year(s)"
    assert text_of(page, row_of(page, "reorders", ids["chen"])).reason == \
        "Next order expected 28 Apr (usually every 30 days)"
    assert text_of(page, row_of(page, "at_risk", ids["anna"])).reason.startswith("No order since 28 Nov 2025")
    complaint = text_of(page, row_of(page, "complaints", ids["marco"]))
    assert complaint.reason.startswith("Complaint promised by 25 Apr, 2 day(s) late · High")
    assert "“The delivery arrived broken”" in complaint.reason
    # the tooltip and the accessible text carry the whole row
    index = page.model.index_of_key(row_of(page, "calls", ids["wang"]).key)
    assert "Asked about the spring catalogue" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Family" in index.data(Qt.ItemDataRole.AccessibleTextRole)


def test_holiday_rows_show_their_gift_plan(qtbot, crm, page, ids):
    holiday = page.model.rows_of("holidays")[0]
    assert holiday.holiday is not None and holiday.customer_id is None
    text = text_of(page, holiday)
    assert text.reason.startswith("Public holiday on Fri 1 May — ")
    assert text.context == (f"No gifts planned yet for “{holiday.holiday.label}”",)
    actions = [name for name, _enabled in page.delegate.actions_for(holiday)]
    assert "call" not in actions and "open" not in actions and "snooze" in actions

    gift, changes = crm.gifts.add(ids["wang"], {"item": "Tea set", "status": "planned", "cost": "120.50",
                                                "occasion_label": holiday.holiday.label})
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.ctx.announce(changes)  # as the gift dialog would
    text = text_of(page, page.model.rows_of("holidays")[0])
    assert text.context == (f"Gifts for “{holiday.holiday.label}”: 1 planned, 0 given, cost 120.50",)


def test_reason_sentences_for_rows_made_by_hand(qapp):
    dates = Dates(dt.date(2026, 11, 21))
    lunar = AgendaRow(section="occasions", key="birthday:1:2026-11-24", reason="birthday", due_on=dt.date(2026, 11, 24),
                      customer_id=1, customer_name="王芳", kind="birthday", lunar=True, years=60)
    assert describe(lunar, dates, show_manager=False).reason == "Birthday on Tue 24 Nov (lunar 10/16), turns 60"
    founded = AgendaRow(section="occasions", key="birthday:2:2026-12-02", reason="birthday", due_on=dt.date(2026, 12, 2),
                        customer_id=2, kind="company_anniversary", years=25)
    assert describe(founded, dates, show_manager=False).reason == "Founded on Wed 2 Dec, 25 year(s) ago"
    never = AgendaRow(section="calls", key="call:3", reason="call_cadence", due_on=dt.date(2026, 11, 1),
                      customer_id=3, tier="A", cadence_days=14, context=RowContext(email="a@b.example"))
    text = describe(never, dates, show_manager=False)
    assert text.reason == "No call yet, due since 1 Nov — tier A asks for one every 14 days"
    assert text.context == ("E-mail a@b.example · No care event logged yet",)
    complaint = AgendaRow(section="complaints", key="complaint:4", reason="complaint", due_on=dt.date(2026, 11, 20),
                          customer_id=4, kind="critical")
    assert describe(complaint, dates, show_manager=False).reason == "Complaint promised by 20 Nov, 1 day(s) late · Critical"
    reorder = AgendaRow(section="reorders", key="reorder:5:2026-12-02", reason="reorder", due_on=dt.date(2026, 12, 2),
                        customer_id=5, usual_gap_days=31)
    assert describe(reorder, dates, show_manager=False).reason == "Next order expected 2 Dec (usually every 31 days)"
    task = AgendaRow(section="follow_ups", key="task:6", reason="task", due_on=dt.date(2026, 11, 21), customer_id=6,
                     kind="disaster_care", title="Ask how they are after the storm", person="Typhoon 2026-11")
    text = describe(task, dates, show_manager=False)
    assert text.reason == "Task “Ask how they are after the storm, Typhoon 2026-11” (disaster care), due Sat 21 Nov"
    assert text.due == "today" and text.urgency == "today"
    company_day = AgendaRow(section="holidays", key="company_day:1:2027-01-05", reason="company_day",
                            due_on=dt.date(2027, 1, 5), holiday=HolidayInfo(None, "Customer day", None,
                                                                           "Customer day 2027", 1200, 3, 1,
                                                                           Decimal("400")))
    text = describe(company_day, dates, show_manager=True)
    assert text.title == "Customer day" and text.details == "every customer"
    assert text.reason == "Company day on Tue 5 Jan 2027 — 1200 customer(s) concerned"
    assert text.context == ("Gifts for “Customer day 2027”: 3 planned, 1 given, cost 400.00",)


def test_the_page_shows_a_loading_state_until_the_worker_answers(qtbot, crm, ids, make_page, monkeypatch):
    import threading

    gate = threading.Event()
    real_build = crm.agenda.build

    def slow_build(**kwargs):
        gate.wait(10)
        return real_build(**kwargs)

    monkeypatch.setattr(crm.agenda, "build", slow_build)
    page = make_page(crm, wait=False)
    assert page.stack.currentWidget() is page.loading_label
    assert "Loading" in page.loading_label.text()
    gate.set()
    ready(qtbot, page)
    assert page.stack.currentWidget() is page.tree


def test_a_failing_build_is_shown_not_raised(qtbot, crm, ids, make_page, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk unplugged")

    monkeypatch.setattr(crm.agenda, "build", broken)
    page = make_page(crm, wait=False)
    with qtbot.waitSignal(page.load_failed, timeout=WAIT):
        pass
    assert "disk unplugged" in page.loading_label.text()


# ----- acting on rows -------------------------------------------------------------------------------


def test_log_call_takes_two_clicks_and_a_summary(qtbot, crm, page, ids):
    key = row_of(page, "calls", ids["wang"]).key
    click_button(qtbot, page, key, "call")  # click 1
    popup = page.actions.log_popup
    assert popup is not None and popup.isVisible()
    assert "王小明" in popup.title_label.text()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is popup.summary, timeout=WAIT)
    qtbot.keyClicks(popup.summary, "Talked about the May order")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.mouseClick(popup.save_button, Qt.MouseButton.LeftButton)  # click 2
    ready(qtbot, page)
    event = crm.care.history(ids["wang"])[0]
    assert (event.kind, event.summary, event.happened_at.date()) == ("call", "Talked about the May order", TODAY)
    assert key not in keys(page, "calls")
    assert page.model.count_of("calls") == 0
    assert page.actions.log_popup is None


def test_enter_saves_a_visit_and_an_empty_summary_is_refused(qtbot, crm, page, ids):
    key = row_of(page, "visits", ids["kim"]).key
    click_button(qtbot, page, key, "visit")
    popup = page.actions.log_popup
    assert "김민준" in popup.title_label.text()
    qtbot.keyClick(popup.summary, Qt.Key.Key_Return)
    assert popup.error_label.isVisible() and "few words" in popup.error_label.text()
    assert crm.care.history(ids["kim"])[0].summary == "Quick check"  # nothing was written
    qtbot.keyClicks(popup.summary, "Visited the new plant")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(popup.summary, Qt.Key.Key_Return)
    ready(qtbot, page)
    assert crm.care.history(ids["kim"])[0].kind == "visit"
    assert key not in keys(page, "visits")


def test_snooze_hides_the_row_for_the_days_chosen(qtbot, crm, page, ids):
    key = row_of(page, "reorders", ids["chen"]).key
    click_button(qtbot, page, key, "snooze")
    menu = page.actions.snooze_menu
    assert menu is not None
    assert [a.data() for a in menu.actions()] == [1, 3, 7, 14]
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        next(a for a in menu.actions() if a.data() == 3).trigger()
    ready(qtbot, page)
    assert key not in keys(page, "reorders")
    assert key not in [r.key for r in crm.agenda.build(today=TODAY).section("reorders").rows]
    later = crm.agenda.build(today=TODAY + dt.timedelta(days=3)).section("reorders").rows
    assert key in [r.key for r in later]  # back when the snooze is over


def test_done_takes_a_row_off_but_not_a_complaint(qtbot, crm, page, ids):
    key = row_of(page, "follow_ups", ids["alice"]).key
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        click_button(qtbot, page, key, "done")
    ready(qtbot, page)
    assert keys(page, "follow_ups") == []
    assert crm.care.history(ids["alice"])[0].next_done_at is not None

    choose_manager(qtbot, page, "olga")
    complaint = row_of(page, "complaints", ids["marco"])
    assert dict(page.delegate.actions_for(complaint))["done"] is False
    assert "resolved" in page.delegate.tooltip_for(complaint, "done")
    notes: list[str] = []
    page.ctx.notify.connect(notes.append)
    click_button(qtbot, page, complaint.key, "done")  # a disabled button: nothing happens
    page.actions.mark_done(complaint)  # asked for all the same (from code): the page says why not
    assert notes and "resolved" in notes[-1]
    qtbot.wait(50)
    assert complaint.key in keys(page, "complaints")


def test_keyboard_keys_act_on_the_current_row(qtbot, crm, page, ids):
    row = row_of(page, "calls", ids["wang"])
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.model.index_of_key(row.key))
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        qtbot.keyClick(page.tree, Qt.Key.Key_D)
    ready(qtbot, page)
    assert row.key not in keys(page, "calls")
    # the current row moved on to a neighbour, or to nothing when the section is empty
    assert page.model.row_at(page.tree.currentIndex()) is None or page.tree.currentIndex().isValid()


def test_changes_made_elsewhere_refresh_the_page(qtbot, crm, page, ids):
    _record, changes = crm.care.log(ids["wang"], "call", summary="Called from the card", happened_at=_at(TODAY))
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.ctx.announce(changes)
    ready(qtbot, page)
    assert names(page, "calls") == []


def test_plan_gifts_opens_the_gift_plan_for_the_holiday(qtbot, page, monkeypatch):
    opened: list[tuple] = []

    class FakeDialog:
        def __init__(self, ctx, parent, occasion_label=""):
            opened.append((ctx, parent, occasion_label))

        def setAttribute(self, *args):  # noqa: N802 - Qt's name
            pass

        def open(self):
            opened.append("open")

    fake = types.ModuleType(today_actions.GIFT_PLAN_MODULE)
    fake.GiftPlanDialog = FakeDialog
    monkeypatch.setitem(sys.modules, today_actions.GIFT_PLAN_MODULE, fake)
    page.actions.can_plan_gifts = page.delegate.can_plan_gifts = True
    page.tree.viewport().update()
    holiday = page.model.rows_of("holidays")[0]
    click_button(qtbot, page, holiday.key, "plan")
    assert opened == [(page.ctx, page, holiday.holiday.label), "open"]

    page.delegate.can_plan_gifts = False  # no gift plan dialog in this build: no button
    assert "plan" not in dict(page.delegate.actions_for(holiday))


def test_export_to_a_calendar_file(qtbot, crm, ids, make_page, monkeypatch, tmp_path):
    target = tmp_path / "today"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page = make_page(crm)
    assert not page.export_button.isHidden()
    notes: list[str] = []
    page.ctx.notify.connect(notes.append)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(notes), timeout=WAIT)
    assert notes[-1] == f"The agenda was saved to {target}.ics."
    text = (tmp_path / "today.ics").read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR") and "王小明" in text

    written: list[tuple] = []  # an export of the agenda service's own is preferred
    monkeypatch.setattr(crm.agenda, "export_ics", lambda path, agenda: written.append((path, agenda)), raising=False)
    page = make_page(crm)
    page.export_button.click()
    qtbot.waitUntil(lambda: bool(written), timeout=WAIT)
    assert written == [(str(target) + ".ics", page.agenda)]


# ----- choices ------------------------------------------------------------------------------------


def test_the_manager_selector_filters_and_is_remembered(qtbot, crm, page, ids, make_page, qsettings):
    labels = [page.manager_combo.itemText(i) for i in range(page.manager_combo.count())]
    assert labels == ["Everyone", "Only my customers (李红梅)", "Ольга Смирнова (olga)"]
    choose_manager(qtbot, page, "olga")
    assert page.agenda.manager_login == "olga"
    assert names(page, "calls") == ["Дмитрий Иванов"]
    assert names(page, "complaints") == ["Marco Rossi"]
    assert page.model.count_of("visits") == 0
    assert qsettings.value(today_page.MANAGER_KEY) == "olga"
    again = make_page(crm)
    assert again.chosen_manager() == "olga" and names(again, "calls") == ["Дмитрий Иванов"]

    choose_manager(qtbot, page, None)
    assert qsettings.value(today_page.MANAGER_KEY) == today_page.EVERYONE
    assert page.model.count_of("calls") == 2
    assert make_page(crm).chosen_manager() is None


def test_days_ahead_narrows_the_birthdays(qtbot, page, qsettings):
    choose_manager(qtbot, page, None)
    assert page.days_spin.value() == 14
    assert names(page, "occasions") == ["李娜", "王小明"]  # a birthday in 3 days, an anniversary in 6
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.days_spin.setValue(2)
    ready(qtbot, page)
    assert page.agenda.days == 2
    # the birthday is further off than that; the anniversary keeps its own 7 days of warning
    assert names(page, "occasions") == ["王小明"]
    assert int(qsettings.value(today_page.DAYS_KEY)) == 2


def test_a_section_collapses_on_a_click_and_stays_so(qtbot, crm, page, make_page, qsettings):
    section = page.model.section_index("calls")
    assert page.model.kind(section) is Kind.SECTION and page.tree.isExpanded(section)
    qtbot.mouseClick(page.tree.viewport(), Qt.MouseButton.LeftButton, pos=page.tree.visualRect(section).center())
    assert not page.tree.isExpanded(section)
    assert "calls" in qsettings.value(today_page.COLLAPSED_KEY)
    again = make_page(crm)
    assert not again.tree.isExpanded(again.model.section_index("calls"))
    assert again.tree.isExpanded(again.model.section_index("visits"))


# ----- in the main window -----------------------------------------------------------------------------


@pytest.fixture
def open_window(qtbot, qsettings):
    opened: list[MainWindow] = []

    def _open(crm: Crm, **kwargs) -> MainWindow:
        window = MainWindow(crm, settings=qsettings, today=TODAY, **kwargs)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        return window

    yield _open
    for window in opened:
        window.wait_for_workers()


def test_the_window_opens_on_today_and_open_card_shows_the_customer(qtbot, crm, ids, open_window):
    window = open_window(crm, tray_available=lambda: False)
    assert window.page_keys()[0] == "today" and window.current_page() == "today"
    page = window.today_page
    ready(qtbot, page)
    window.resize(1300, 900)
    key = row_of(page, "calls", ids["wang"]).key
    click_button(qtbot, page, key, "open")
    assert window.current_page() == "customers"
    card = window.customers_page.card
    qtbot.waitUntil(lambda: card.record is not None and card.record.id == ids["wang"], timeout=WAIT)
    assert window.customers_page.card_open()


def test_startup_news_goes_to_the_tray_when_there_is_one(qtbot, crm, ids, open_window, monkeypatch):
    shown: list[tuple] = []
    monkeypatch.setattr(QSystemTrayIcon, "show", lambda self: None)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, title, text, *args: shown.append((title, text)))
    window = open_window(crm, tray_available=lambda: True)
    qtbot.waitUntil(lambda: window.startup_news is not None, timeout=WAIT)
    assert window.tray is not None
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "6 thing(s) to do today"
    assert "Calls due: 1" in text and "Holidays coming: 1" in text and "Complaints" not in text
    assert "6 thing(s) to do today" not in window.statusBar().currentMessage()


def test_startup_news_is_a_note_in_the_window_without_a_tray(qtbot, crm, ids, open_window, monkeypatch):
    shown: list[tuple] = []
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, *args: shown.append(args))
    window = open_window(crm, tray_available=lambda: False)
    qtbot.waitUntil(lambda: window.startup_news is not None, timeout=WAIT)
    assert shown == [] and window.tray is None
    message = window.statusBar().currentMessage()
    assert message.startswith("Today: 6 thing(s) to do today") and "Calls due: 1" in message
    # the news is said once: later builds of the agenda do not repeat it
    with qtbot.waitSignal(window.today_page.loaded, timeout=WAIT):
        window.today_page.reload()
    assert shown == []


def test_a_new_day_starts_on_today_and_the_same_day_comes_back(qtbot, crm, ids, open_window, qsettings):
    window = open_window(crm, tray_available=lambda: False)
    ready(qtbot, window.today_page)
    window.show_page("settings")
    window.close()
    again = open_window(crm, tray_available=lambda: False)  # reopened the same day: where it was left
    assert again.current_page() == "settings"
    again.close()
    qsettings.setValue("main_window/page_day", (TODAY - dt.timedelta(days=1)).isoformat())
    morning = open_window(crm, tray_available=lambda: False)  # the next morning: the agenda
    assert morning.current_page() == "today"
