"""The Settings page on real databases: tiers, managers, connection tests, backups, region."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QColorDialog, QFileDialog, QMessageBox  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from desktop_crm.db import backup  # noqa: E402
from desktop_crm.services import Changes, Crm  # noqa: E402
from desktop_crm.ui.context import AppContext  # noqa: E402
from desktop_crm.ui.settings import SettingsPage  # noqa: E402
from desktop_crm.ui.settings.tiers_model import COLUMNS  # noqa: E402

WAIT = 15_000


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_page(qtbot, qsettings):
    made: list[tuple[AppContext, SettingsPage]] = []

    def _make(crm: Crm) -> SettingsPage:
        ctx = AppContext(crm, qsettings)
        page = SettingsPage(ctx)
        qtbot.addWidget(page)
        page.resize(900, 640)
        page.show()
        made.append((ctx, page))
        qtbot.waitUntil(lambda: page.managers.loaded and page.tiers.loaded and page.region.loaded, timeout=WAIT)
        return page

    yield _make
    for ctx, page in made:
        ctx.tasks.wait()
        page.wait_for_workers()


@pytest.fixture
def page(crm, make_page):
    return make_page(crm)


def _fresh(crm: Crm) -> Crm:
    """Another facade on the same database: what a second window or the next start would read."""
    return Crm(crm.db, actor="reader")


def _tier_row(page: SettingsPage, code: str) -> int:
    return next(i for i, r in enumerate(page.tiers.model.records()) if r.code == code)


def _edit(page: SettingsPage, code: str, column: str, value) -> None:
    model = page.tiers.model
    assert model.setData(model.index(_tier_row(page, code), COLUMNS.index(column)), value)


# ----- models ---------------------------------------------------------------------------------

def test_models_pass_the_model_tester(page, qtmodeltester):
    qtmodeltester.check(page.managers.model)
    qtmodeltester.check(page.tiers.model)
    _edit(page, "A", "name", "Key accounts")
    page.tiers.model.set_problems({"A.name": "the name of tier A is wrong", "revenue_share": "too much"})
    qtmodeltester.check(page.tiers.model)


# ----- tiers ----------------------------------------------------------------------------------

def test_tier_edits_are_saved_and_announced(qtbot, crm, page):
    _edit(page, "A", "name", "Key accounts 重点客户")
    _edit(page, "B", "call_cadence_days", "21")
    _edit(page, "B", "revenue_share", "12.5 %")
    _edit(page, "C", "visit_cadence_days", "")
    assert page.tiers.save_button.isEnabled() and page.has_unsaved_changes()
    with qtbot.waitSignal(page.ctx.changed, timeout=WAIT, check_params_cb=lambda c: c.tiers):
        page.tiers.save_button.click()
    qtbot.waitUntil(lambda: page.tiers.message.kind == "good", timeout=WAIT)
    tiers = {t.code: t for t in _fresh(crm).tiers.list()}
    assert tiers["A"].name == "Key accounts 重点客户"
    assert tiers["B"].call_cadence_days == 21
    assert tiers["B"].revenue_share == pytest.approx(0.125)
    assert tiers["C"].visit_cadence_days is None
    assert not page.has_unsaved_changes() and not page.tiers.save_button.isEnabled()
    row = _tier_row(page, "B")
    assert page.tiers.model.index(row, COLUMNS.index("revenue_share")).data() == "12.5 %"


@pytest.mark.parametrize("column, value, words", [
    ("revenue_share", "150", "between 0 and 100 %"),
    ("call_cadence_days", "0", "whole number of days"),
])
def test_a_bad_tier_value_is_explained_and_nothing_is_written(qtbot, crm, page, column, value, words):
    before = crm.tiers.list()
    _edit(page, "A", "name", "Renamed")  # a good edit next to the bad one is not written either
    _edit(page, "B", column, value)
    page.tiers.save_button.click()
    qtbot.waitUntil(lambda: page.tiers.message.kind == "error", timeout=WAIT)
    text = page.tiers.message.text()
    assert words in text and "tier B" in text and "Traceback" not in text
    index = page.tiers.model.index(_tier_row(page, "B"), COLUMNS.index(column))
    assert words in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert _fresh(crm).tiers.list() == before
    assert page.has_unsaved_changes()  # the edits are still there to be corrected


def test_shares_over_100_percent_together_are_refused(qtbot, crm, page):
    _edit(page, "C", "revenue_share", "30")  # 80 + 15 + 30
    assert "together: 125 %" in page.tiers.total_label.text()
    page.tiers.save_button.click()
    qtbot.waitUntil(lambda: page.tiers.message.kind == "error", timeout=WAIT)
    assert "add up to 125 %" in page.tiers.message.text()
    assert {t.code: t.revenue_share for t in _fresh(crm).tiers.list()}["C"] == pytest.approx(0.05)


def test_tier_colour_from_the_colour_dialog(qtbot, tmp_path, make_page, monkeypatch):
    crm = Crm.open(tmp_path / "colour.sqlite3", actor="t")
    try:
        page = make_page(crm)
        asked = []

        def pick(initial, parent=None, title="", *args, **kwargs):
            asked.append((initial.name().upper(), title))
            return QColor("#12ab34")

        monkeypatch.setattr(QColorDialog, "getColor", staticmethod(pick))
        row = _tier_row(page, "C")
        page.tiers.view.doubleClicked.emit(page.tiers.model.index(row, COLUMNS.index("colour")))
        assert asked == [("#2F6DB5", "Colour of tier C")]
        page.tiers.save_button.click()
        qtbot.waitUntil(lambda: page.tiers.message.kind == "good", timeout=WAIT)
        assert {t.code: t.colour for t in _fresh(crm).tiers.list()}["C"] == "#12AB34"
    finally:
        page.ctx.tasks.wait()
        crm.close()


def test_tier_changes_from_elsewhere_refresh_but_keep_unsaved_edits(qtbot, crm, page):
    _edit(page, "A", "call_cadence_days", "7")
    c = next(t for t in crm.tiers.list() if t.code == "C")
    _, changes = crm.tiers.update(c.id, {"name": "Occasional"})
    page.ctx.announce(changes)
    row_c = _tier_row(page, "C")
    qtbot.waitUntil(lambda: page.tiers.model.index(row_c, COLUMNS.index("name")).data() == "Occasional",
                    timeout=WAIT)
    assert page.tiers.model.index(_tier_row(page, "A"), COLUMNS.index("call_cadence_days")).data() == "7"
    assert page.has_unsaved_changes()


# ----- managers -------------------------------------------------------------------------------

def test_add_a_manager_then_deactivate_and_reactivate(qtbot, crm, page, monkeypatch):
    section = page.managers
    section.add_button.click()
    dialog = section.add_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.ok_button.click()  # empty: the problems appear next to the fields
    qtbot.waitUntil(lambda: not dialog.errors["login"].isHidden(), timeout=WAIT)
    assert "login" in dialog.errors["login"].text() and "name" in dialog.errors["name"].text()
    assert dialog.isVisible() and _fresh(crm).managers.list(include_inactive=True) == []

    dialog.login_edit.setText("olga")
    dialog.name_edit.setText("Ольга Смирнова")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("supervisor"))
    dialog.email_edit.setText("olga@example.com")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: section.model.row_of("olga") >= 0, timeout=WAIT)
    assert section.add_dialog is None  # closed
    olga = _fresh(crm).managers.by_login("olga")
    assert (olga.name, olga.role, olga.email, olga.active) == ("Ольга Смирнова", "supervisor",
                                                               "olga@example.com", True)
    row = section.model.row_of("olga")
    assert section.model.index(row, 2).data() == "Supervisor"

    for i in range(2):
        crm.customers.create({"name": f"Клиент {i}", "manager": "olga"})
    asked: list[str] = []

    monkeypatch.setattr(section, "ask_with_customers", lambda text: asked.append(text) or "deactivate")
    section.select("olga")
    assert section.deactivate_button.isEnabled() and not section.reactivate_button.isEnabled()
    section.deactivate_button.click()
    qtbot.waitUntil(lambda: not _fresh(crm).managers.by_login("olga").active, timeout=WAIT)
    assert len(asked) == 1 and "2 customers" in asked[0] and "Hand these customers over" in asked[0]
    qtbot.waitUntil(lambda: section.model.index(section.model.row_of("olga"), 4).data() == "Inactive",
                    timeout=WAIT)
    assert section.reactivate_button.isEnabled()

    section.reactivate_button.click()
    qtbot.waitUntil(lambda: _fresh(crm).managers.by_login("olga").active, timeout=WAIT)


def test_a_duplicate_login_is_shown_next_to_the_field(qtbot, crm, page):
    crm.managers.create("wang", "王芳")
    page.managers.add_button.click()
    dialog = page.managers.add_dialog
    dialog.login_edit.setText("wang")
    dialog.name_edit.setText("王伟")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: not dialog.errors["login"].isHidden(), timeout=WAIT)
    assert "already taken" in dialog.errors["login"].text()
    assert [m.name for m in _fresh(crm).managers.list()] == ["王芳"]


def test_declining_the_deactivation_changes_nothing(qtbot, crm, page, monkeypatch):
    crm.managers.create("kim", "김서연")
    page.ctx.announce(Changes(managers=True))
    qtbot.waitUntil(lambda: page.managers.model.row_of("kim") >= 0, timeout=WAIT)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No))
    page.managers.select("kim")
    page.managers.deactivate_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=WAIT)
    assert "no customers" in asked[0]
    page.ctx.tasks.wait()
    assert _fresh(crm).managers.by_login("kim").active


# ----- database -------------------------------------------------------------------------------

def _test_connection(qtbot, page: SettingsPage, target: str):
    section = page.database
    section.url_edit.setText(target)
    with qtbot.waitSignal(section.probed, timeout=WAIT) as blocker:
        section.test_button.click()
    return blocker.args[0]


def test_a_good_sqlite_database_can_be_chosen(qtbot, tmp_path, crm, page):
    other = tmp_path / "team.sqlite3"
    Crm.open(other).close()
    result = _test_connection(qtbot, page, str(other))
    assert result.kind == "ours"
    assert "A desktop_crm database (schema revision" in page.database.probe_message.text()
    assert page.database.use_button.isEnabled()
    with qtbot.waitSignal(page.switch_requested, timeout=WAIT) as blocker:
        page.database.use_button.click()
    assert blocker.args == [str(other)]


def test_editing_the_address_after_a_test_needs_a_new_test(qtbot, tmp_path, crm, page):
    _test_connection(qtbot, page, str(tmp_path / "new.sqlite3"))
    assert page.database.use_button.isEnabled()
    assert "No file there yet" in page.database.probe_message.text()
    page.database.url_edit.textEdited.emit("something else")
    assert not page.database.use_button.isEnabled()


@pytest.mark.pg
def test_a_good_postgresql_database_can_be_chosen(qtbot, tmp_path, pg_url, make_page):
    crm = Crm.open(tmp_path / "local.sqlite3", actor="t")
    try:
        page = make_page(crm)
        result = _test_connection(qtbot, page, pg_url)
        assert (result.ok, result.kind) == (True, "empty")
        assert "An empty database: desktop_crm will create its tables." in page.database.probe_message.text()
        with qtbot.waitSignal(page.switch_requested, timeout=WAIT) as blocker:
            page.database.use_button.click()
        assert blocker.args == [pg_url]
    finally:
        page.ctx.tasks.wait()
        crm.close()


@pytest.mark.pg
def test_a_wrong_postgresql_address_shows_the_reason(qtbot, tmp_path, pg_url, make_page):
    crm = Crm.open(tmp_path / "local.sqlite3", actor="t")
    try:
        page = make_page(crm)
        wrong = make_url(pg_url).set(database="no_such_crm").render_as_string(hide_password=False)
        result = _test_connection(qtbot, page, wrong)
        assert result.kind == "unreachable"
        text = page.database.probe_message.text()
        assert page.database.probe_message.kind == "error"
        assert "no such database" in text and "no_such_crm" in text
        assert not page.database.use_button.isEnabled()
    finally:
        page.ctx.tasks.wait()
        crm.close()


def test_a_file_that_is_not_a_database_shows_the_reason(qtbot, tmp_path, crm, page):
    junk = tmp_path / "customers.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    result = _test_connection(qtbot, page, str(junk))
    assert result.kind == "unreachable"
    assert "not a database file" in page.database.probe_message.text()
    assert page.database.probe_message.kind == "error" and not page.database.use_button.isEnabled()


def test_the_open_database_is_shown_and_not_offered_again(qtbot, crm, page):
    assert page.database.location_label.text() == crm.db.describe()
    pw = make_url(crm.db.url).password
    assert not pw or pw not in page.database.location_label.text()
    if crm.db.is_sqlite:
        _test_connection(qtbot, page, str(crm.db.sqlite_path))
        assert "in use now" in page.database.probe_message.text()
        assert not page.database.use_button.isEnabled()
    else:
        assert not page.database.backup_button.isEnabled() and not page.database.restore_button.isEnabled()
        assert "pg_dump" in page.database.backup_about.text()


def test_back_up_now_writes_where_the_user_chose(qtbot, tmp_path, make_page, monkeypatch):
    path = tmp_path / "mine.sqlite3"
    crm = Crm.open(path, actor="t")
    try:
        crm.customers.create({"name": "이서연"})
        page = make_page(crm)
        offered = []

        def save_name(parent, title, suggested, *args, **kwargs):
            offered.append(Path(suggested))
            return str(tmp_path / "copies" / "before-trip"), ""

        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
        page.database.backup_button.click()
        qtbot.waitUntil(lambda: page.database.backup_message.kind == "good", timeout=WAIT)
        dest = tmp_path / "copies" / "before-trip.sqlite3"
        assert offered[0].parent == backup.backups_dir(path) and offered[0].name.startswith("manual-")
        assert str(dest) in page.database.backup_message.text()
        assert backup.check_database_file(dest).ok
        copy = Crm.open(dest, upgrade=False)
        try:
            assert copy.customers.count() == 1
        finally:
            copy.close()
    finally:
        page.ctx.tasks.wait()
        crm.close()


def test_restore_checks_the_file_and_asks_first(qtbot, tmp_path, make_page, monkeypatch):
    path = tmp_path / "mine.sqlite3"
    crm = Crm.open(path, actor="t")
    try:
        page = make_page(crm)
        good = backup.make_backup(path)
        junk = tmp_path / "other.sqlite3"
        conn = sqlite3.connect(junk)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
        chosen = [str(junk)]
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (chosen[0], "")))
        asked = []
        monkeypatch.setattr(QMessageBox, "question", staticmethod(
            lambda parent, title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.Yes))
        requested = []
        page.restore_requested.connect(requested.append)

        page.database.restore_button.click()
        qtbot.waitUntil(lambda: page.database.backup_message.kind == "error", timeout=WAIT)
        assert "not a desktop_crm database" in page.database.backup_message.text()
        assert asked == [] and requested == []

        chosen[0] = str(good)
        with qtbot.waitSignal(page.restore_requested, timeout=WAIT) as blocker:
            page.database.restore_button.click()
        assert blocker.args == [str(good)]
        assert str(good) in asked[0] and "kept aside" in asked[0]
    finally:
        page.ctx.tasks.wait()
        crm.close()


# ----- region and holidays ------------------------------------------------------------------

def test_region_and_holiday_choices_persist(qtbot, crm, page):
    region = page.region
    assert region.values() == ("CN", "CN", ["CN"])
    combo = region.phone_combo
    assert combo.itemText(combo.findData("KR")) == "South Korea (KR)"
    region.set_phone_region("KR")
    region.set_default_country("RU")
    region.set_holiday_countries(["RU", "KR", "CN"])
    assert region.save_button.isEnabled()
    with qtbot.waitSignal(page.ctx.changed, timeout=WAIT, check_params_cb=lambda c: c.settings):
        region.save_button.click()
    qtbot.waitUntil(lambda: region.message.kind == "good", timeout=WAIT)
    fresh = _fresh(crm).settings
    assert fresh.phone_region() == "KR"
    assert fresh.default_country() == "RU"
    assert sorted(fresh.holiday_countries()) == ["CN", "KR", "RU"]
    assert crm.settings.phone_region() == "KR"  # the window's own facade reads phones in KR from now on
    assert not region.save_button.isEnabled()


def test_region_revert_and_filter(qtbot, crm, page):
    region = page.region
    region.set_phone_region("FI")
    assert region.is_dirty()
    region.revert_button.click()
    assert region.values()[0] == "CN" and not region.is_dirty()
    region.filter_edit.setText("kor")
    shown = [region.countries_list.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(region.countries_list.count()) if not region.countries_list.item(i).isHidden()]
    assert "KR" in shown and "CN" not in shown
