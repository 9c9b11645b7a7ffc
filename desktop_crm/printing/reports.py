"""A report as PDF: its title, filters and notes, each chart, then the table, with page numbers.

Everything is drawn with QPainter on a QPdfWriter in points (1/72 inch): the charts by
printing/charts.py, the table here — its header repeated on every page it runs onto, numbers
right-aligned, money, shares and dates formatted as on the Reports page. A wide table turns the
page to landscape. The file is written whole or not at all (document.atomic_path).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPainter, QPen

from desktop_crm.errors import CrmError
from desktop_crm.services.report_records import Chart, Report

from . import fonts
from .charts import GRID, INK, MUTED, chart_text, draw_chart, report_font
from .document import atomic_path, begin, fix_text_map, page_layout, pdf_writer
from .qt_app import ensure_gui_app
from .report_text import NUMERIC_KINDS, filters_text, format_value, report_locale

MARGIN_MM = 14.0
SIZE = 8.0  # table text, in points
CHART_HEIGHT = 250.0  # points; less when the page is short
PAD = 4.0  # cell padding, points
SIDE_BY_SIDE = 640.0  # points of page width from which two charts stand side by side (landscape A4)
SLACK = 2.0  # points more than the widest text of a column, so that measuring and drawing never disagree
Draw = Callable[[QPainter, QRectF], None]


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportPdf", text)


def report_text(report: Report) -> str:
    """Every character the PDF may print (for choosing fonts)."""
    parts = [report.title, filters_text(report.filters), *report.notes, *(c.title for c in report.columns),
             *(chart_text(c) for c in report.charts)]
    for row in (*report.rows, report.totals or ()):
        parts += [str(v) for v in row if isinstance(v, str)]
    return "\n".join(parts) + tr("Page {page} of {pages}") + tr("Made on {day}") + "0123456789.,% —"


# ----- laying out: blocks of known height placed on pages ---------------------------------------------


@dataclass
class _Flow:
    width: float
    height: float
    pages: list[list[tuple[float, float, Draw]]] = field(default_factory=lambda: [[]])
    y: float = 0.0

    def fits(self, height: float) -> bool:
        return self.y + height <= self.height or not self.pages[-1]

    def new_page(self) -> None:
        if self.pages[-1]:
            self.pages.append([])
            self.y = 0.0

    def place(self, height: float, draw: Draw, *, gap: float = 0.0) -> None:
        if not self.fits(height):
            self.new_page()
        self.pages[-1].append((self.y, height, draw))
        self.y += height + gap


def _text_block(flow: _Flow, painter: QPainter, text: str, size: float, *, bold: bool = False,
                colour: QColor = INK, gap: float = 4.0) -> None:
    font = report_font(painter, size, bold=bold)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    height = QFontMetricsF(font, painter.device()).boundingRect(QRectF(0, 0, flow.width, 1e6), flags, text).height()

    def draw(p: QPainter, rect: QRectF) -> None:
        p.setFont(font)
        p.setPen(colour)
        p.drawText(rect, flags, text)

    flow.place(height, draw, gap=gap)


def _chart_row(flow: _Flow, charts: list[Chart], families: tuple[str, ...]) -> None:
    """One chart across the page, or two side by side."""
    width = flow.width / len(charts)
    height = min(CHART_HEIGHT, flow.height * 0.45, width * 0.62 if len(charts) == 1 else width * 0.75)
    gap = 16.0

    def draw(p: QPainter, rect: QRectF) -> None:
        for i, chart in enumerate(charts):
            left = rect.left() + i * width + (gap / 2 if i else 0.0)
            draw_chart(p, QRectF(left, rect.top(), width - gap / 2 * (len(charts) - 1), rect.height()), chart,
                       families)

    flow.place(height, draw, gap=14.0)


# ----- the table ----------------------------------------------------------------------------------------


@dataclass
class _Table:
    kinds: list[str]
    header: list[str]
    rows: list[list[str]]
    totals: list[str] | None
    widths: list[float]
    header_height: float
    row_height: float


def _natural_widths(report: Report, header: list[str], rows: list[list[str]], fm: QFontMetricsF,
                    bold: QFontMetricsF) -> list[float]:
    widths = []
    for c, title in enumerate(header):
        cells = max((fm.horizontalAdvance(r[c]) for r in rows), default=0.0)
        longest_word = max((bold.horizontalAdvance(w) for w in title.split()), default=0.0)
        widths.append(max(cells, longest_word, min(bold.horizontalAdvance(title), cells * 1.4)) + 2 * PAD + SLACK)
    return widths


def _fit(widths: list[float], kinds: list[str], width: float) -> list[float]:
    """Column widths filling ``width``: extra room goes to the widest text column (a name, usually),
    too little shrinks the wide columns."""
    total = sum(widths)
    if total <= width:
        texts = [i for i, k in enumerate(kinds) if k == "text"] or list(range(len(widths)))
        widest = max(texts, key=lambda i: widths[i])
        return [w + (width - total if i == widest else 0.0) for i, w in enumerate(widths)]
    fair = width / len(widths)
    small = sum(w for w in widths if w <= fair)
    big = total - small
    scale = (width - small) / big if big else width / total
    return [w if w <= fair else w * scale for w in widths]


def _table(report: Report, painter: QPainter, width: float) -> _Table:
    locale = report_locale()
    kinds = [c.kind for c in report.columns]
    header = [c.title for c in report.columns]
    rows = [[format_value(v, k, locale) for v, k in zip(row, kinds)] for row in report.rows]
    totals = [format_value(v, k, locale) for v, k in zip(report.totals, kinds)] if report.totals else None
    fm = QFontMetricsF(report_font(painter, SIZE), painter.device())
    bold = QFontMetricsF(report_font(painter, SIZE, bold=True), painter.device())
    widths = _fit(_natural_widths(report, header, rows + ([totals] if totals else []), fm, bold), kinds, width)
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    header_h = max(bold.boundingRect(QRectF(0, 0, max(1.0, w - 2 * PAD), 1e6), flags, t).height()
                   for w, t in zip(widths, header)) + 2 * PAD
    return _Table(kinds, header, rows, totals, widths, header_h, fm.height() + 2 * PAD)


def _draw_cells(p: QPainter, rect: QRectF, table: _Table, cells: list[str], *, bold: bool, wrap: bool) -> None:
    p.setFont(report_font(p, SIZE, bold=bold))
    p.setPen(INK)
    fm = p.fontMetrics()
    x = rect.left()
    for width, kind, text in zip(table.widths, table.kinds, cells):
        cell = QRectF(x + PAD, rect.top() + PAD, width - 2 * PAD, rect.height() - 2 * PAD)
        align = Qt.AlignmentFlag.AlignRight if kind in NUMERIC_KINDS else Qt.AlignmentFlag.AlignLeft
        if wrap:
            p.drawText(cell, align | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap, text)
        else:
            p.drawText(cell, align | Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(text, Qt.TextElideMode.ElideRight, cell.width()))
        x += width


def _header_draw(table: _Table) -> Draw:
    def draw(p: QPainter, rect: QRectF) -> None:
        p.fillRect(rect, QColor("#eef1f5"))
        _draw_cells(p, rect, table, table.header, bold=True, wrap=True)
        p.setPen(QPen(MUTED, 0.8))
        p.drawLine(rect.bottomLeft(), rect.bottomRight())

    return draw


def _row_draw(table: _Table, cells: list[str], shaded: bool, total: bool = False) -> Draw:
    def draw(p: QPainter, rect: QRectF) -> None:
        if shaded:
            p.fillRect(rect, QColor("#f7f7f7"))
        _draw_cells(p, rect, table, cells, bold=total, wrap=False)
        p.setPen(QPen(MUTED if total else GRID, 0.8 if total else 0.4))
        line_y = rect.top() if total else rect.bottom()
        p.drawLine(QPointF(rect.left(), line_y), QPointF(rect.right(), line_y))

    return draw


def _place_table(flow: _Flow, table: _Table) -> None:
    header = _header_draw(table)
    if not flow.fits(table.header_height + table.row_height * 3):
        flow.new_page()
    flow.place(table.header_height, header)
    lines = [(cells, i % 2 == 1, False) for i, cells in enumerate(table.rows)]
    if table.totals is not None:
        lines.append((table.totals, False, True))
    for cells, shaded, total in lines:
        if not flow.fits(table.row_height):
            flow.new_page()
            flow.place(table.header_height, header)
        flow.place(table.row_height, _row_draw(table, cells, shaded, total))


# ----- the whole document --------------------------------------------------------------------------------


def _lay_out(report: Report, painter: QPainter, flow: _Flow, families: tuple[str, ...]) -> None:
    _text_block(flow, painter, report.title, 16.0, bold=True, gap=2.0)
    _text_block(flow, painter, filters_text(report.filters), 9.0, colour=MUTED, gap=8.0)
    for note in report.notes:
        _text_block(flow, painter, note, 9.0, gap=3.0)
    flow.y += 8.0
    per_row = 2 if flow.width >= SIDE_BY_SIDE else 1
    for start in range(0, len(report.charts), per_row):
        _chart_row(flow, list(report.charts[start:start + per_row]), families)
    if report.columns:
        _place_table(flow, _table(report, painter, flow.width))
    if not report.rows:
        _text_block(flow, painter, tr("No rows for these filters."), 9.0, colour=MUTED)


def _footer(painter: QPainter, report: Report, rect: QRectF, page: int, pages: int) -> None:
    painter.setFont(report_font(painter, 7.5))
    painter.setPen(MUTED)
    painter.drawLine(QPointF(rect.left(), rect.top()), QPointF(rect.right(), rect.top()))
    made = tr("Made on {day}").format(day=report.generated_on.isoformat()) if report.generated_on else ""
    painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                     painter.fontMetrics().elidedText(f"{report.title} · {made}" if made else report.title,
                                                      Qt.TextElideMode.ElideRight, rect.width() * 0.7))
    painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                     tr("Page {page} of {pages}").format(page=page, pages=pages))


def _wide(report: Report) -> bool:
    """Whether the table wants a landscape page: many columns, or long text in several of them."""
    return len(report.columns) > 7


def write_report_pdf(report: Report, path: str | os.PathLike, page_size: str = "A4") -> int:
    """The report as a PDF at ``path`` (written whole or not at all); returns the number of pages."""
    ensure_gui_app()
    layout = page_layout(page_size, MARGIN_MM)
    if _wide(report):
        layout.setOrientation(QPageLayout.Orientation.Landscape)
    text = report_text(report)
    plan = fonts.plan_for(text)
    with atomic_path(path) as temp:
        writer = pdf_writer(temp, layout, report.title)
        painter = QPainter()
        begin(painter, writer, str(path))
        try:
            pages = _render(report, painter, writer, plan.families)
        finally:
            painter.end()
            del writer  # closes the file
        fix_text_map(temp, fonts.radical_aliases(text, plan))
    return pages


def _render(report: Report, painter: QPainter, writer, families: tuple[str, ...]) -> int:
    scale = writer.logicalDpiY() / 72.0
    painter.scale(scale, scale)
    base = QFont()
    base.setFamilies(list(families))
    painter.setFont(base)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    width, height = writer.width() / scale, writer.height() / scale
    footer_h = 16.0
    flow = _Flow(width, height - footer_h - 6.0)
    _lay_out(report, painter, flow, families)
    for number, blocks in enumerate(flow.pages, start=1):
        if number > 1 and not writer.newPage():
            raise CrmError("The PDF stopped accepting pages (is the disk full?).")
        for y, block_height, draw in blocks:
            painter.save()
            draw(painter, QRectF(0.0, y, width, block_height))
            painter.restore()
        _footer(painter, report, QRectF(0.0, height - footer_h, width, footer_h), number, len(flow.pages))
    return len(flow.pages)


__all__ = ["report_text", "write_report_pdf"]
