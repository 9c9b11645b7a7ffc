"""The Reports page in pytest-qt, over real databases (SQLite and PostgreSQL) and the real report service.

The data is made through the services (managers, customers, care events, complaints); purchases,
which only arrive by import, are written directly. Expected figures are counted here from the
events the test made, not taken from the service.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from collections import Counter
from decimal import Decimal

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCharts import QBarSeries, QLineSeries, QStackedBarSeries  # noqa: E402
from PySide6.QtCore import QDate, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox  # noqa: E402

from desktop_crm.models import Purchase  # noqa: E402
from desktop_crm.printing.report_text import report_locale  # noqa: E402
from desktop_crm.services import Changes  # noqa: E402
from desktop_crm.services.report_records import REPORT_NAMES, ReportFilters  # noqa: E402
from desktop_crm.ui.context import AppContext  # noqa: E402
from desktop_crm.ui.main_window import MainWindow  # noqa: E402
from desktop_crm.ui.reports import ReportsPage  # noqa: E402
from desktop_crm.ui.reports.table_model import SORT_ROLE  # noqa: E402

TODAY = dt.date(2026, 4, 27)
WAIT = 20_000
MANAGERS = {"li": "李红梅", "olga": "Ольга Смирнова"}
# (customer, manager, tier, revenue)
CUSTOMERS = (("王小明", "li", "A", Decimal("5000")), ("Дмитрий Иванов", "olga", "A", Decimal("3000")),
             ("김민준", "li", "B", Decimal("1500")), ("Анна Кузнецова", "olga", "C", Decimal("500")))
# (customer, kind, day): done by the customer's manager
EVENTS = (("王小明", "call", dt.date(2026, 3, 5)), ("王小明", "call", dt.date(2026, 3, 20)),
          ("김민준", "visit", dt.date(2026, 4, 2)), ("김민준", "greeting", dt.date(2026, 2, 14)),
          ("Дмитрий Иванов", "call", dt.date(2026, 2, 10)), ("Анна Кузнецова", "gift", dt.date(2026, 4, 10)),
          ("Анна Кузнецова", "help", dt.date(2026, 4, 11)))
COLUMN_OF_KIND = {"call": "call", "visit": "visit", "greeting": "greeting", "gift": "gift"}  # others: "other"


def fill(crm) -> dict[str, int]:
    for login, name in MANAGERS.items():
        crm.managers.create(login, name)
    ids = {}
    for name, manager, tier, _revenue in CUSTOMERS:
        record, _changes = crm.customers.create({"name": name, "manager": manager, "tier": tier})
        ids[name] = record.id
    for customer, kind, day in EVENTS:
        crm.care.log(ids[customer], kind, summary=f"{kind} on {day}", happened_at=dt.datetime.combine(day, dt.time(10)))
    crm.complaints.add(ids["Дмитрий Иванов"], {"received_at": dt.datetime(2026, 3, 1, 9), "description": "Late",
                                               "category": "delivery"})
    with crm.session() as s:  # purchases arrive by import; here they are written directly
        for n, (name, _manager, _tier, revenue) in enumerate(CUSTOMERS):
            s.add(Purchase(customer_id=ids[name], purchased_on=dt.date(2026, 1, 15), amount=revenue,
                           reference=f"T{n}", line_ref="1"))
        s.commit()
    return ids


def expected_care(manager: str | None = None) -> Counter:
    """(manager name, month, column key) -> events, counted from EVENTS."""
    owner = {name: m for name, m, _t, _r in CUSTOMERS}
    counts: Counter = Counter()
    for customer, kind, day in EVENTS:
        if manager is None or owner[customer] == manager:
            counts[(MANAGERS[owner[customer]], day.strftime("%Y-%m"), COLUMN_OF_KIND.get(kind, "other"))] += 1
    return counts


@pytest.fixture
def qsettings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def ids(crm) -> dict[str, int]:
    return fill(crm)


@pytest.fixture
def page(qtbot, crm, qsettings, ids):
    ctx = AppContext(crm, qsettings)
    widget = ReportsPage(ctx, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    qtbot.waitUntil(lambda: widget.report is not None and not widget.loading and widget.choices_loaded, timeout=WAIT)
    yield widget
    widget.wait_for_workers()


def show(qtbot, page, name: str):
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.choose(name) if page.current_name() != name else page.reload()
    assert page.report.name == name
    return page.report


def table_cells(page) -> list[dict]:
    """The table's rows (not the totals) as {column key: value}."""
    model = page.model
    keys = [c.key for c in page.report.columns]
    rows = model.rowCount() - (1 if page.report.totals else 0)
    return [{key: model.index(r, c).data(SORT_ROLE) for c, key in enumerate(keys)} for r in range(rows)]


def care_from_table(page) -> Counter:
    counts: Counter = Counter()
    for row in table_cells(page):
        for key in ("call", "visit", "greeting", "gift", "other"):
            if row[key]:
                counts[(row["manager"], row["month"], key)] += row[key]
    return counts


def test_reports_is_in_the_navigation_after_customers_and_built_on_first_visit(qtbot, crm, qsettings):
    fill(crm)
    window = MainWindow(crm, settings=qsettings, today=TODAY, tray_available=lambda: False)
    qtbot.addWidget(window)
    keys = window.page_keys()
    assert keys.index("reports") == keys.index("customers") + 1
    assert window.reports_page is None
    window.show_page("reports")
    page = window.reports_page
    assert page is not None and window.current_page() == "reports"
    qtbot.waitUntil(lambda: page.report is not None and not page.loading, timeout=WAIT)
    assert page.report.name == REPORT_NAMES[0]
    assert page.report_list.count() == len(REPORT_NAMES)
    window.wait_for_workers()


def test_care_activity_shows_its_charts_and_the_counted_events(qtbot, page, qtmodeltester):
    report = show(qtbot, page, "care-activity")
    assert len(page.chart_views) == len(report.charts) == 2
    stacked = [s for s in page.chart_views[0].chart().series() if isinstance(s, QStackedBarSeries)]
    assert len(stacked) == 1
    sets = {b.label(): b for b in stacked[0].barSets()}
    months = report.charts[0].categories
    assert len(months) == 12 and months[-1] == "2026-04"
    assert all(b.count() == 12 for b in sets.values())
    calls = Counter(day.strftime("%Y-%m") for _c, kind, day in EVENTS if kind == "call")
    for month, n in calls.items():
        assert sets["Calls"].at(months.index(month)) == n
    assert care_from_table(page) == expected_care()
    qtmodeltester.check(page.model)
    totals_row = page.model.rowCount() - 1
    assert page.model.is_totals(totals_row)
    total_column = [c.key for c in report.columns].index("total")
    assert page.model.index(totals_row, total_column).data(SORT_ROLE) == len(EVENTS)


def test_pareto_chart_has_a_bar_and_a_point_per_category_and_the_80_mark(qtbot, page):
    report = show(qtbot, page, "pareto")
    chart = page.chart_views[0].chart()
    categories = report.charts[0].categories
    bars = [s for s in chart.series() if isinstance(s, QBarSeries)]
    assert len(bars) == 1 and bars[0].barSets()[0].count() == len(categories)
    lines = [s for s in chart.series() if isinstance(s, QLineSeries)]
    cumulative = [s for s in lines if s.count() == len(categories)]
    mark = [s for s in lines if s.count() == 2 and s.at(0).y() == s.at(1).y()]
    assert cumulative and mark
    assert mark[0].at(0).y() == pytest.approx(80.0)
    assert cumulative[0].at(cumulative[0].count() - 1).y() == pytest.approx(100.0)
    right = [a for a in chart.axes() if a.alignment().name == "AlignRight"]
    assert right and (right[0].min(), right[0].max()) == (0.0, 100.0)
    rows = table_cells(page)
    assert [r["name"] for r in rows] == [name for name, *_rest in sorted(CUSTOMERS, key=lambda c: -c[3])]
    assert rows[0]["revenue"] == CUSTOMERS[0][3]
    shown = page.model.index(0, [c.key for c in report.columns].index("revenue")).data()
    assert shown == report_locale().toString(5000.0, "f", 2)  # money: two decimals, grouped as the locale does


def test_filters_are_passed_through(qtbot, page):
    show(qtbot, page, "care-activity")
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.manager_combo.setCurrentIndex(page.manager_combo.findData("li"))
    assert page.report.filters.manager == "li"
    assert care_from_table(page) == expected_care("li")
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.since_edit.setDate(QDate(2026, 3, 1))
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.until_edit.setDate(QDate(2026, 3, 31))
    assert page.report.filters == ReportFilters(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "li", None)
    march = Counter({k: v for k, v in expected_care("li").items() if k[1] == "2026-03"})
    assert care_from_table(page) == march
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.tier_combo.setCurrentIndex(page.tier_combo.findData("B"))
    assert page.report.filters.tier == "B"
    assert care_from_table(page) == Counter()  # 김민준 (B) had no care in March
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.reset_period()
    assert page.filters().since is None and page.filters().until is None


def test_a_bad_period_shows_a_message_not_a_traceback(qtbot, page):
    shown_before = page.report
    with qtbot.waitSignal(page.failed, timeout=WAIT) as failed:
        page.since_edit.setDate(QDate(2026, 5, 1))
        page.until_edit.setDate(QDate(2026, 4, 1))
    assert "period" in failed.args[0] and "Traceback" not in failed.args[0]
    assert page.message_label.isVisible() and page.message_label.text() == failed.args[0]
    assert page.report is shown_before  # the last good report stays on screen
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.reset_period()
    assert not page.message_label.isVisible()


def test_export_buttons_write_files(qtbot, page, tmp_path, monkeypatch):
    report = show(qtbot, page, "overdue")
    targets = iter([tmp_path / "overdue", tmp_path / "overdue.pdf"])  # the first without its suffix
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(next(targets)), "")))
    with qtbot.waitSignal(page.exported, timeout=WAIT) as written:
        page.xlsx_button.click()
    assert written.args[0] == str(tmp_path / "overdue.xlsx")
    with zipfile.ZipFile(tmp_path / "overdue.xlsx") as book:
        assert "xl/workbook.xml" in book.namelist()
    with qtbot.waitSignal(page.exported, timeout=WAIT):
        page.pdf_button.click()
    assert (tmp_path / "overdue.pdf").read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "overdue.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert report.title in text and MANAGERS["olga"] in text
    assert page.xlsx_button.isEnabled() and page.pdf_button.isEnabled()


def test_an_export_that_fails_says_why(qtbot, page, tmp_path, monkeypatch):
    show(qtbot, page, "complaints")
    target = tmp_path / "missing" / "complaints.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, title, text, *a: said.append(text)))
    page.pdf_button.click()
    qtbot.waitUntil(lambda: bool(said), timeout=WAIT)
    assert str(target) in said[0] and "Traceback" not in said[0]
    assert not target.parent.exists()
    qtbot.waitUntil(page.pdf_button.isEnabled, timeout=WAIT)


def test_cancelled_save_dialog_writes_nothing(qtbot, page, tmp_path, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    written = []
    page.exported.connect(written.append)
    page.xlsx_button.click()
    page.wait_for_workers()
    QApplication.processEvents()  # deliver anything the workers finished
    assert written == [] and list(tmp_path.glob("*.xlsx")) == []
    assert page.xlsx_button.isEnabled()


def test_a_change_elsewhere_rebuilds_the_report(qtbot, crm, page, ids):
    show(qtbot, page, "care-activity")
    _record, changes = crm.care.log(ids["王小明"], "call", summary="One more call", happened_at=dt.datetime(2026, 4, 20, 11))
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.ctx.announce(changes)
    counts = expected_care()
    counts[(MANAGERS["li"], "2026-04", "call")] += 1
    assert care_from_table(page) == counts
    page.hide()
    page.ctx.announce(Changes(care=True))  # not on screen: built again when shown
    assert not page.loading
    with qtbot.waitSignal(page.shown, timeout=WAIT):
        page.show()


def test_every_report_shows_with_translated_words_matching_the_service(qtbot, page):
    """With no translation loaded, the page's words equal the service's English: the maps are keyed right."""
    for name in REPORT_NAMES:
        report = show(qtbot, page, name)
        words = page.words
        assert words.report_title(name) == report.title
        assert page.title_label.text() == report.title
        for column in report.columns:
            assert words.column_title(column) == column.title, (name, column.key)
        for index, chart in enumerate(report.charts):
            assert words.chart_title(report, index) == chart.title, (name, index)
            shown = words.chart_words(report, index)
            assert [s.name for s in shown.series] == [s.name for s in chart.series]
            assert shown.y_title == chart.y_title and shown.x_title == chart.x_title
        assert len(page.chart_views) == len(report.charts)
        assert page.model.rowCount() == len(report.rows) + (1 if report.totals else 0)
        assert page.model.columnCount() == len(report.columns)


def test_build_chart_handles_every_kind(qtbot):
    from PySide6.QtCharts import QPieSeries

    from desktop_crm.services.report_records import Chart, Mark, Series
    from desktop_crm.ui.reports.charts import build_chart

    months = ("2026-01", "2026-02", "2026-03", "2026-04")
    line = build_chart(Chart("line", "Days", months, (Series("Median", (2.0, None, 3.5, 1.0)),),
                             marks=(Mark(3.0, "Target"),)))
    points = [s for s in line.series() if isinstance(s, QLineSeries) and s.name() == "Median"]
    assert points[0].count() == 3  # the month without a value is left out, not drawn as zero
    target = [s for s in line.series() if s.name() == "Target"][0]
    assert {target.at(0).y(), target.at(1).y()} == {3.0}
    pie = build_chart(Chart("pie", "Categories", ("delivery", "качество", "品質", "none"),
                            (Series("Complaints", (6, 3, 1, 0)),)))
    slices = pie.series()[0]
    assert isinstance(slices, QPieSeries) and slices.count() == 3  # an empty category has no slice
    assert [round(s.percentage(), 2) for s in slices.slices()] == [0.6, 0.3, 0.1]
    stacked = build_chart(Chart("stacked_bar", "Care", months, tuple(
        Series(name, (1, 2, 3, 4), colour="#123456" if name == "Calls" else None) for name in ("Calls", "Visits"))))
    sets = stacked.series()[0].barSets()
    assert [b.label() for b in sets] == ["Calls", "Visits"] and sets[0].color().name() == "#123456"
    many = tuple(f"{i + 1} %" for i in range(100))
    pareto = build_chart(Chart("pareto", "Pareto", many, (Series("Share", tuple(0.01 for _ in many)),
                                                          Series("Cumulative", tuple((i + 1) / 100 for i in range(100)),
                                                                 axis="right"))))
    x_axis = [a for a in pareto.axes() if a.alignment().name == "AlignBottom"][0]
    assert 2 <= len(x_axis.categoriesLabels()) <= 20  # a hundred categories, every n-th labelled
