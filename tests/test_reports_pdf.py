"""Reports as PDF and chart pictures, from Reports made by hand (every chart kind).

The PDF is read back with poppler's pdftotext and pdfinfo, so the test checks what a reader
gets out of the file: text (not pictures of text) in Chinese, Korean and Cyrillic, the table's
numbers as formatted, its header on every page it runs onto, page numbers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest

from desktop_crm.errors import CrmError
from desktop_crm.printing.charts import render_chart_png
from desktop_crm.printing.qt_app import ensure_gui_app
from desktop_crm.printing.reports import write_report_pdf
from desktop_crm.services.report_records import Chart, Column, Mark, Report, ReportFilters, Series

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")

NAMES = ("王小明", "Дмитрий Иванов", "김민준", "Alice Walker", "李娜", "Ольга Смирнова")
REVENUE = (Decimal("1234567.50"), Decimal("700000.25"), Decimal("400000"), Decimal("250000"), Decimal("99000.10"),
           Decimal("9.99"))
ROWS = 130  # enough for the table to run over several pages
BAR_COLOUR = "#12a4b6"


@pytest.fixture(autouse=True)
def us_english():
    """Numbers as en_US writes them (1,234,567.50), whatever the machine's locale."""
    ensure_gui_app()
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def _charts() -> tuple[Chart, ...]:
    total = sum(REVENUE)
    running, cumulative = Decimal(0), []
    for amount in REVENUE:
        running += amount
        cumulative.append(float(running / total))
    months = tuple(f"2025-{m:02d}" for m in range(1, 7))
    return (
        Chart("pareto", "Revenue by customer", NAMES, (Series("Revenue", tuple(float(r) for r in REVENUE)),
                                                        Series("Cumulative share", tuple(cumulative), axis="right")),
              x_title="Customers", y_title="Revenue", y2_title="Cumulative share",
              marks=(Mark(0.8, "80 %", axis="right"),)),
        Chart("bar", "Managers side by side", ("王小明", "Ольга", "김민준"),
              (Series("Calls", (3, 5, 2), colour=BAR_COLOUR), Series("Visits", (1, 0, 4)))),
        Chart("stacked_bar", "Care per month", months,
              tuple(Series(kind, tuple((i + k) % 5 for i in range(6))) for k, kind in enumerate(("Calls", "Gifts")))),
        Chart("line", "Days to resolve", months, (Series("Median days", (3.5, None, 2.0, 4.0, 6.5, 1.0)),),
              marks=(Mark(3.0, "Target"),)),
        Chart("pie", "Complaints by category", ("delivery", "качество", "품질"), (Series("Complaints", (7, 3, 2)),)),
    )


def _report(rows: int = ROWS) -> Report:
    columns = (Column("rank", "Rank", "int"), Column("name", "Customer"), Column("revenue", "Revenue", "money"),
               Column("share", "Share", "percent"), Column("last", "Last purchase", "date"))
    total = sum(REVENUE)
    table = tuple((i + 1, NAMES[i % len(NAMES)], REVENUE[i % len(REVENUE)], float(REVENUE[i % len(REVENUE)] / total),
                   dt.date(2025, 1, 1) + dt.timedelta(days=i)) for i in range(rows))
    return Report(name="pareto", title="Revenue concentration test", filters=ReportFilters(
                  since=dt.date(2025, 1, 1), until=dt.date(2025, 12, 31), manager="li", tier="A"),
                  columns=columns, rows=table, charts=_charts(), totals=(None, "All", total, 1.0, None),
                  notes=("Only purchases in the period count.",), generated_on=dt.date(2026, 1, 5))


def _pdftotext(path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def _page_count(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_pdf_has_the_title_names_numbers_and_page_numbers(tmp_path):
    report = _report()
    target = tmp_path / "report.pdf"
    pages = write_report_pdf(report, target)
    assert pages == _page_count(target)
    assert pages >= 4  # five charts and 130 rows do not fit on fewer
    text = _pdftotext(target)
    assert "Revenue concentration test" in text
    for name in NAMES:  # as text, in Chinese (小 too, not the radical ⼩), Korean and Cyrillic
        assert name in text
    for amount in REVENUE:
        assert f"{amount:,.2f}" in text
    share = float(REVENUE[0] / sum(REVENUE)) * 100
    assert f"{share:.1f} %" in text
    assert "2025-01-01" in text and (dt.date(2025, 1, 1) + dt.timedelta(days=ROWS - 1)).isoformat() in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert "Period: 2025-01-01 to 2025-12-31" in text and "li" in text
    assert "Only purchases in the period count." in text
    # the horizontal chart labels and the pie's legend are text too
    assert "Ольга" in text and "качество" in text and "품질" in text


def test_table_header_repeats_on_every_page_it_runs_onto(tmp_path):
    target = tmp_path / "report.pdf"
    pages = write_report_pdf(_report(), target)
    ranks_seen: list[int] = []
    row = re.compile(r"^\s*(\d+)\s+.+\s\d{4}-\d\d-\d\d\s*$", re.M)
    header = re.compile(r"Rank\s+Customer\s+Revenue\s+Share\s+Last purchase")
    table_pages = 0
    for page in range(1, pages + 1):
        text = _pdftotext(target, page)
        ranks = [int(m.group(1)) for m in row.finditer(text)]
        if ranks:
            table_pages += 1
            assert header.search(text), f"page {page} has table rows but no header"
        ranks_seen += ranks
    assert table_pages >= 2
    assert ranks_seen == list(range(1, ROWS + 1))  # every row once, in order, none lost between pages


def _words(path) -> list[tuple[str, float, float]]:
    """Each word of the PDF with its left and right edge (points), from pdftotext -bbox."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return [(m.group(3), float(m.group(1)), float(m.group(2)))
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                                 html)]


def test_numbers_are_right_aligned_and_text_left_aligned(tmp_path):
    target = tmp_path / "report.pdf"
    write_report_pdf(dataclasses.replace(_report(rows=len(REVENUE)), charts=()), target)
    words = _words(target)
    money = {f"{amount:,.2f}" for amount in REVENUE}
    rights = [right for word, _left, right in words if word in money]
    assert len(rights) >= len(REVENUE)
    assert max(rights) - min(rights) < 0.5  # money ends in one column, whatever its length
    lefts = [left for word, left, _right in words if word in {"王小明", "Alice", "李娜"}]
    assert len(lefts) >= 3 and max(lefts) - min(lefts) < 0.5  # names start in one column


def test_empty_report_is_one_page_that_says_so(tmp_path):
    report = Report(name="complaints", title="Complaints by category", filters=ReportFilters(),
                    columns=(Column("category", "Category"), Column("received", "Received", "int")), rows=(),
                    charts=(Chart("bar", "Complaints", (), ()),))
    target = tmp_path / "empty.pdf"
    assert write_report_pdf(report, target) == 1
    text = _pdftotext(target)
    assert "No rows for these filters." in text and "Nothing to show for these filters." in text
    assert "all time" in text


@pytest.mark.parametrize("where", ["missing-folder", "a-file", "a-folder"])
def test_unwritable_path_is_an_error_in_words_and_leaves_nothing(tmp_path, where):
    blocker = tmp_path / "blocker.txt"
    blocker.write_text("not a folder")
    path = {"missing-folder": tmp_path / "nowhere" / "r.pdf", "a-file": blocker / "r.pdf", "a-folder": tmp_path}[where]
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(CrmError) as err:
        write_report_pdf(_report(rows=3), path)
    assert str(path) in str(err.value) and "Traceback" not in str(err.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_unknown_paper_size_is_refused(tmp_path):
    with pytest.raises(CrmError, match="paper size"):
        write_report_pdf(_report(rows=1), tmp_path / "r.pdf", page_size="B17")
    assert not (tmp_path / "r.pdf").exists()


def test_existing_file_is_replaced_whole(tmp_path):
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old contents")
    write_report_pdf(_report(rows=2), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]  # no temporary file left beside it


def _colour_pixels(path, colour: str) -> tuple[int, int]:
    from PySide6.QtGui import QColor, QImage

    image = QImage(str(path))
    wanted = QColor(colour).rgb()
    white = QColor("white").rgb()
    matching = other = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            pixel = image.pixel(x, y)
            matching += pixel == wanted
            other += pixel != white
    return matching, other


@pytest.mark.parametrize("index", range(5))
def test_render_chart_png_draws_every_kind(tmp_path, index):
    chart = _charts()[index]
    target = tmp_path / f"chart{index}.png"
    assert render_chart_png(chart, target, (640, 360)) == target
    from PySide6.QtGui import QImage

    image = QImage(str(target))
    assert (image.width(), image.height()) == (640, 360)
    _matching, drawn = _colour_pixels(target, "#000000")
    assert drawn > 640 * 360 // 4 // 50  # more than 2 % of the (sampled) picture is not white


def test_render_chart_png_uses_the_series_colour(tmp_path):
    bar = _charts()[1]
    target = tmp_path / "bar.png"
    render_chart_png(bar, target, (800, 450))
    matching, _drawn = _colour_pixels(target, BAR_COLOUR)
    # three bars of the first series, each several pixels wide and tall (plus its legend box)
    assert matching > 200
    other = Chart("bar", bar.title, bar.categories, (bar.series[1],))
    render_chart_png(other, tmp_path / "without.png", (800, 450))
    assert _colour_pixels(tmp_path / "without.png", BAR_COLOUR)[0] == 0


def test_render_chart_png_unwritable_path(tmp_path):
    with pytest.raises(CrmError):
        render_chart_png(_charts()[0], tmp_path / "missing" / "c.png")


# ----- the notes in the user's language ---------------------------------------------------------

def test_note_sentences_are_the_same_for_the_service_and_the_translators():
    from desktop_crm.printing.report_text import NOTES
    from desktop_crm.services.report_records import NOTE_TEMPLATES

    assert NOTES == NOTE_TEMPLATES


def test_a_loaded_translation_changes_the_notes(qapp):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from desktop_crm.printing.report_text import NOTES, notes_text
    from desktop_crm.services.report_records import note

    class Russian(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            if context == "ReportNotes" and source == NOTES["pareto.top"]:
                return "В таблице {top} клиентов с наибольшей выручкой."
            return ""

    made = note("pareto.top", top=1500)
    report = Report(name="pareto", title="t", filters=ReportFilters(), columns=(), rows=(),
                    notes=(made.text,), note_keys=(made,))
    assert notes_text(report) == ("The table lists the 1,500 customers with the most revenue.",)
    translator = Russian()
    QCoreApplication.installTranslator(translator)
    try:
        assert notes_text(report) == ("В таблице 1,500 клиентов с наибольшей выручкой.",)
    finally:
        QCoreApplication.removeTranslator(translator)
