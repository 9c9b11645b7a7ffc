"""A report's charts drawn with QPainter, for the PDF and for PNG pictures (no widgets, no QtCharts).

``draw_chart(painter, rect, chart)`` draws in the painter's user units; fonts are sized in the same
units (``report_font``), so the caller chooses the scale: the PDF draws in points, a picture in
pixels divided by its scale. Every figure comes from the Chart; nothing is computed here but the
geometry.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPainterPath, QPen

from desktop_crm.errors import CrmError
from desktop_crm.services.report_records import Chart, Series

from . import fonts
from .document import atomic_path
from .qt_app import ensure_gui_app
from .report_text import report_locale, tick_text

# Latin and Cyrillic from DejaVu, Chinese and Korean from Noto CJK; the first family that has a
# character draws it, so names in any of these scripts come out as text in a PDF.
FONT_FAMILIES = ("DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK KR", "Noto Sans CJK JP", "Noto Sans")
PALETTE = ("#2f6db5", "#e07b28", "#3a9d5d", "#c8423b", "#7d5ba6", "#8c6d3f", "#d46ab0", "#5f7f8f")
INK = QColor("#222222")
MUTED = QColor("#666666")
GRID = QColor("#dddddd")
MARK = QColor("#b3261e")
BASE = 8.5  # the size of axis text, in user units
PNG_SCALE = 1.5  # a chart picture's pixels per user unit
NO_LIGATURES = QFont.Tag("liga")


def report_font(painter: QPainter, size: float = BASE, *, bold: bool = False) -> QFont:
    """The painter's font families, ``size`` user units high on its device whatever its resolution."""
    font = QFont(painter.font())
    font.setPointSizeF(size * 72.0 / painter.device().logicalDpiY())
    font.setBold(bold)
    font.setFeature(NO_LIGATURES, 0)  # "fi" copies out of a PDF as two letters, not the ligature ﬁ
    return font


def series_colour(series: Series | None, index: int) -> QColor:
    """The series' own colour (a tier's), else the palette's ``index``-th."""
    if series is not None and series.colour and QColor.isValidColorName(series.colour):
        return QColor(series.colour)
    return QColor(PALETTE[index % len(PALETTE)])


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks, value = [], first
    while value < high + step * 0.999:
        ticks.append(round(value, 10))
        value += step
    return ticks if len(ticks) > 1 else [first, first + step]


def left_is_share(chart: Chart) -> bool:
    """Whether a pareto chart's bars are shares 0..1 (then its left axis reads in per cent too)."""
    values = [v for s in chart.series if s.axis != "right" for v in s.values if v is not None]
    return chart.kind == "pareto" and bool(values) and all(0.0 <= v <= 1.0 for v in values)


# ----- geometry --------------------------------------------------------------------------------------


@dataclass
class _Axis:
    ticks: list[float]
    labels: list[str]

    @property
    def low(self) -> float:
        return self.ticks[0]

    @property
    def high(self) -> float:
        return self.ticks[-1]

    def y(self, value: float, plot: QRectF) -> float:
        return plot.bottom() - (value - self.low) / (self.high - self.low) * plot.height()


def _value_axis(values: list[float], *, from_zero: bool = True) -> _Axis:
    present = [v for v in values if v is not None] or [0.0]
    low, high = min(present), max(present)
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    ticks = nice_ticks(low, high)
    step = ticks[1] - ticks[0]
    locale = report_locale()
    return _Axis(ticks, [tick_text(t, step, locale) for t in ticks])


def _share_axis(values: list[float] | None = None) -> _Axis:
    """0..100 %, or up to the highest of ``values`` (shares 0..1) with round ticks."""
    high = max((v for v in values or () if v is not None), default=1.0)
    ticks = [i / 5 for i in range(6)] if values is None else nice_ticks(0.0, max(high, 0.01))
    digits = 0 if all(abs(t * 100 - round(t * 100)) < 1e-6 for t in ticks) else 1
    return _Axis(ticks, [f"{t * 100:.{digits}f} %" for t in ticks])


def _text(painter: QPainter, rect: QRectF, flags, text: str, *, size: float = BASE, bold: bool = False,
          colour: QColor = INK) -> None:
    painter.setFont(report_font(painter, size, bold=bold))
    painter.setPen(colour)
    painter.drawText(rect, flags, text)


def _metrics(painter: QPainter, size: float = BASE, bold: bool = False) -> QFontMetricsF:
    return QFontMetricsF(report_font(painter, size, bold=bold), painter.device())


def _rotated_text(painter: QPainter, centre: QPointF, angle: float, text: str) -> None:
    painter.save()
    painter.translate(centre)
    painter.rotate(angle)
    fm = _metrics(painter)
    _text(painter, QRectF(-fm.horizontalAdvance(text) / 2 - 2, -fm.height() / 2, fm.horizontalAdvance(text) + 4,
                          fm.height()), Qt.AlignmentFlag.AlignCenter, text, colour=MUTED)
    painter.restore()


@dataclass
class _Frame:
    """Where the plot area sits and how the category labels go under it."""

    plot: QRectF
    every: int  # label every n-th category
    angle: float  # 0, or -45 for slanted labels
    labels: list[str]


def round_step(needed: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… at least ``needed``: labels on round category numbers."""
    power = 1
    while True:
        for m in (1, 2, 5):
            if m * power >= needed:
                return m * power
        power *= 10


def _category_labels(painter: QPainter, categories: tuple[str, ...], width: float, longest: float) -> tuple:
    """The labels under the categories: every n-th of them, level or slanted, and the height they take."""
    fm = _metrics(painter)
    slot = width / max(1, len(categories))
    if max((fm.horizontalAdvance(c) for c in categories), default=0.0) <= slot * 0.92:
        return list(categories), 1, 0.0, fm.height()
    labels = [fm.elidedText(c, Qt.TextElideMode.ElideRight, longest) for c in categories]
    widest = max((fm.horizontalAdvance(t) for t in labels), default=0.0)
    level = round_step(widest * 1.2 / slot)
    slanted = round_step(fm.height() * 1.8 / slot)
    if level <= 2 * slanted:
        return labels, level, 0.0, fm.height()
    return labels, slanted, -45.0, widest * 0.7072 + fm.height()


def _frame(painter: QPainter, rect: QRectF, chart: Chart, left: _Axis, right: _Axis | None) -> _Frame:
    fm = _metrics(painter)
    gap = fm.height() * 0.4
    left_w = max(fm.horizontalAdvance(t) for t in left.labels) + gap + (fm.height() + gap if chart.y_title else 0)
    right_w = (max(fm.horizontalAdvance(t) for t in right.labels) + gap + (fm.height() + gap if chart.y2_title else 0)
               if right else fm.horizontalAdvance("0000") / 2)
    width = rect.width() - left_w - right_w
    labels, every, angle, label_h = _category_labels(painter, chart.categories, width, rect.height() * 0.3)
    bottom = label_h + gap + (fm.height() + gap if chart.x_title else 0)
    top = fm.height() * 0.6  # room for the top tick label's upper half
    plot = QRectF(rect.left() + left_w, rect.top() + top, width, rect.height() - top - bottom)
    return _Frame(plot, every, angle, labels)


def _draw_value_axis(painter: QPainter, frame: _Frame, axis: _Axis, *, right: bool, title: str | None) -> None:
    plot = frame.plot
    fm = _metrics(painter)
    gap = fm.height() * 0.4
    for tick, label in zip(axis.ticks, axis.labels):
        y = axis.y(tick, plot)
        if not right:
            painter.setPen(QPen(GRID, 0.5))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        width = fm.horizontalAdvance(label) + 2
        x = plot.right() + gap if right else plot.left() - gap - width
        align = Qt.AlignmentFlag.AlignLeft if right else Qt.AlignmentFlag.AlignRight
        _text(painter, QRectF(x, y - fm.height() / 2, width, fm.height()), align | Qt.AlignmentFlag.AlignVCenter,
              label, colour=MUTED)
    if title:
        widest = max(fm.horizontalAdvance(t) for t in axis.labels)
        offset = gap * 2 + widest + fm.height() / 2
        x = plot.right() + offset if right else plot.left() - offset
        _rotated_text(painter, QPointF(x, plot.center().y()), 90.0 if right else -90.0,
                      _metrics(painter).elidedText(title, Qt.TextElideMode.ElideRight, plot.height()))


def _draw_category_axis(painter: QPainter, frame: _Frame, title: str | None) -> None:
    plot = frame.plot
    fm = _metrics(painter)
    slot = plot.width() / max(1, len(frame.labels))
    painter.setPen(QPen(MUTED, 0.8))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    label_h = 0.0
    for i, label in enumerate(frame.labels):
        if i % frame.every:
            continue
        x = plot.left() + slot * (i + 0.5)
        if frame.angle:
            painter.save()
            painter.translate(x, plot.bottom() + fm.height() * 0.3)
            painter.rotate(frame.angle)
            w = fm.horizontalAdvance(label) + 2
            _text(painter, QRectF(-w, -fm.height() / 2, w, fm.height()),
                  Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label, colour=MUTED)
            painter.restore()
            label_h = max(label_h, w * 0.7072 + fm.height())
        else:
            room = slot * frame.every
            _text(painter, QRectF(x - room / 2, plot.bottom() + 2, room, fm.height()),
                  Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, label, colour=MUTED)
            label_h = fm.height()
    if title:
        y = plot.bottom() + label_h + fm.height() * 0.4
        _text(painter, QRectF(plot.left(), y, plot.width(), fm.height() + 2), Qt.AlignmentFlag.AlignHCenter, title,
              colour=MUTED)


def _draw_marks(painter: QPainter, chart: Chart, plot: QRectF, left: _Axis, right: _Axis | None) -> None:
    fm = _metrics(painter)
    for mark in chart.marks:
        axis = right if mark.axis == "right" and right is not None else left
        if not axis.low <= mark.value <= axis.high:
            continue
        y = axis.y(mark.value, plot)
        painter.setPen(QPen(MARK, 1.0, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        w = fm.horizontalAdvance(mark.label) + 6
        _text(painter, QRectF(plot.right() - w, y - fm.height() - 1, w, fm.height()),
              Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, mark.label, colour=MARK)


# ----- the kinds ---------------------------------------------------------------------------------------


def _bars(painter: QPainter, plot: QRectF, axis: _Axis, series: list[tuple[int, Series]], stacked: bool) -> None:
    n = max(1, max((len(s.values) for _i, s in series), default=0))
    slot = plot.width() / n
    group = slot * (0.6 if stacked else 0.78)
    width = group if stacked else group / max(1, len(series))
    painter.setPen(Qt.PenStyle.NoPen)
    zero = axis.y(max(axis.low, min(0.0, axis.high)), plot)
    for c in range(n):
        up = down = 0.0
        for k, (index, s) in enumerate(series):
            value = s.values[c] if c < len(s.values) else None
            if value is None:
                continue
            x = plot.left() + slot * c + (slot - group) / 2 + (0 if stacked else k * width)
            if stacked:
                base = up if value >= 0 else down
                top, bottom = axis.y(base + value, plot), axis.y(base, plot)
                up, down = (up + value, down) if value >= 0 else (up, down + value)
            else:
                top, bottom = axis.y(value, plot), zero
            painter.setBrush(series_colour(s, index))
            painter.drawRect(QRectF(x, min(top, bottom), max(width - (0.6 if width > 3 else 0), 0.3),
                                    abs(bottom - top)))


def _lines(painter: QPainter, plot: QRectF, axis: _Axis, series: list[tuple[int, Series]]) -> None:
    for index, s in series:
        n = max(1, len(s.values))
        slot = plot.width() / n
        colour = series_colour(s, index)
        path, pen_down, points = QPainterPath(), False, []
        for c, value in enumerate(s.values):
            if value is None:
                pen_down = False
                continue
            point = QPointF(plot.left() + slot * (c + 0.5), axis.y(value, plot))
            if pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
            pen_down = True
            points.append(point)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(colour, 1.6))
        painter.drawPath(path)
        if len(points) <= 40:
            painter.setBrush(colour)
            for point in points:
                painter.drawEllipse(point, 1.8, 1.8)


def _stack_totals(chart: Chart) -> list[float]:
    n = max((len(s.values) for s in chart.series), default=0)
    totals = []
    for c in range(n):
        values = [s.values[c] for s in chart.series if c < len(s.values) and s.values[c] is not None]
        totals += [sum(v for v in values if v > 0), sum(v for v in values if v < 0)]
    return totals


def _axes_chart(painter: QPainter, rect: QRectF, chart: Chart) -> None:
    """bar, stacked_bar, line and pareto: categories across, values up (and a 0–100 % axis for pareto)."""
    numbered = list(enumerate(chart.series))
    pareto = chart.kind == "pareto"
    left_series = [(i, s) for i, s in numbered if not (pareto and s.axis == "right")]
    right_series = [(i, s) for i, s in numbered if pareto and s.axis == "right"]
    if chart.kind == "stacked_bar":
        values = _stack_totals(chart)
    else:
        values = [v for _i, s in left_series for v in s.values]
    values += [m.value for m in chart.marks if m.axis != "right" or not pareto]
    if left_is_share(chart):
        left = _share_axis(values)
    else:
        left = _value_axis(values, from_zero=chart.kind != "line" or min((v for v in values if v is not None),
                                                                         default=0) >= 0)
    right = _share_axis() if pareto else None
    frame = _frame(painter, rect, chart, left, right)
    _draw_value_axis(painter, frame, left, right=False, title=chart.y_title)
    if right is not None:
        _draw_value_axis(painter, frame, right, right=True, title=chart.y2_title)
    painter.save()
    painter.setClipRect(frame.plot.adjusted(-3, -3, 3, 3))
    if chart.kind == "line":
        _lines(painter, frame.plot, left, left_series)
    else:
        _bars(painter, frame.plot, left, left_series, stacked=chart.kind == "stacked_bar")
    if right is not None:
        _lines(painter, frame.plot, right, right_series)
    painter.restore()
    _draw_category_axis(painter, frame, chart.x_title)
    _draw_marks(painter, chart, frame.plot, left, right)


def _pie(painter: QPainter, rect: QRectF, chart: Chart) -> None:
    """One slice per category of the first series, with a legend of names, values and shares beside it."""
    series = chart.series[0] if chart.series else None
    values = [max(0.0, float(v or 0)) for v in (series.values if series else ())]
    total = sum(values)
    fm = _metrics(painter)
    side = min(rect.height(), rect.width() * 0.5)
    circle = QRectF(rect.left() + fm.height(), rect.center().y() - side / 2, side, side).adjusted(4, 4, -4, -4)
    painter.setPen(QPen(QColor("white"), 1.0))
    if total <= 0:
        painter.setBrush(GRID)
        painter.drawEllipse(circle)
    angle = 90.0 * 16
    for i, value in enumerate(values):
        if value <= 0:
            continue
        span = value / total * 360 * 16
        painter.setBrush(QColor(PALETTE[i % len(PALETTE)]))
        painter.drawPie(circle, round(angle), -round(span))
        angle -= span
    locale = report_locale()
    entries = [(f"{name} — {tick_text(v, 1 if float(v).is_integer() else 0.01, locale)}"
                f" ({locale.toString(v / total * 100 if total else 0.0, 'f', 1)} %)", QColor(PALETTE[i % len(PALETTE)]),
                "box") for i, (name, v) in enumerate(zip(chart.categories, values))]
    legend = QRectF(circle.right() + fm.height() * 2, rect.top(), rect.right() - circle.right() - fm.height() * 2,
                    rect.height())
    height = len(entries) * fm.height() * 1.4
    _legend(painter, QRectF(legend.left(), legend.center().y() - height / 2, legend.width(), height), entries,
            column=True)


def _legend_entries(chart: Chart) -> list[tuple[str, QColor, str]]:
    entries = []
    for i, s in enumerate(chart.series):
        as_line = chart.kind == "line" or (chart.kind == "pareto" and s.axis == "right")
        entries.append((s.name, series_colour(s, i), "line" if as_line else "box"))
    entries += [(m.label, MARK, "dash") for m in chart.marks]
    return entries


def _legend_rows(painter: QPainter, entries, width: float) -> list[list[tuple[float, tuple]]]:
    fm = _metrics(painter)
    rows: list[list[tuple[float, tuple]]] = [[]]
    used = 0.0
    for entry in entries:
        w = fm.height() * 2.8 + fm.horizontalAdvance(entry[0])
        if rows[-1] and used + w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((w, entry))
        used += w
    return rows


def _legend(painter: QPainter, rect: QRectF, entries, *, column: bool = False) -> None:
    fm = _metrics(painter)
    line_h = fm.height() * 1.4
    rows = [[(rect.width(), e)] for e in entries] if column else _legend_rows(painter, entries, rect.width())
    for r, row in enumerate(rows):
        total = sum(w for w, _e in row)
        x = rect.left() if column else rect.center().x() - total / 2
        y = rect.top() + r * line_h + line_h / 2
        for w, (name, colour, style) in row:
            swatch = fm.height() * 0.9
            if style == "box":
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(colour)
                painter.drawRect(QRectF(x, y - swatch / 2, swatch, swatch))
            else:
                painter.setPen(QPen(colour, 1.6, Qt.PenStyle.DashLine if style == "dash" else Qt.PenStyle.SolidLine))
                painter.drawLine(QPointF(x, y), QPointF(x + swatch * 1.4, y))
            text_x = x + swatch * 1.4 + fm.height() * 0.3
            text = fm.elidedText(name, Qt.TextElideMode.ElideRight, rect.right() - text_x)
            _text(painter, QRectF(text_x, y - line_h / 2, w, line_h), Qt.AlignmentFlag.AlignVCenter, text)
            x += w


DRAWERS: dict[str, Callable[[QPainter, QRectF, Chart], None]] = {
    "bar": _axes_chart, "stacked_bar": _axes_chart, "line": _axes_chart, "pareto": _axes_chart, "pie": _pie,
}


def draw_chart(painter: QPainter, rect: QRectF, chart: Chart, families: tuple[str, ...] = FONT_FAMILIES) -> None:
    """The chart's title, its plot and its legend inside ``rect`` (user units), in ``families``."""
    painter.save()
    font = QFont()
    font.setFamilies(list(families))
    painter.setFont(font)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    title_fm = _metrics(painter, BASE * 1.25, True)
    _text(painter, QRectF(rect.left(), rect.top(), rect.width(), title_fm.height() * 1.3),
          Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
          title_fm.elidedText(chart.title, Qt.TextElideMode.ElideRight, rect.width()), size=BASE * 1.25, bold=True)
    body = rect.adjusted(0, title_fm.height() * 1.5, 0, 0)
    if not chart.categories:
        _text(painter, body, Qt.AlignmentFlag.AlignCenter,
              QCoreApplication.translate("ReportCharts", "Nothing to show for these filters."), colour=MUTED)
    elif chart.kind == "pie":
        _pie(painter, body, chart)
    else:
        entries = _legend_entries(chart)
        line_h = _metrics(painter).height() * 1.4
        legend_h = len(_legend_rows(painter, entries, body.width())) * line_h
        DRAWERS.get(chart.kind, _axes_chart)(painter, body.adjusted(0, 0, 0, -legend_h - line_h * 0.3), chart)
        _legend(painter, QRectF(body.left(), body.bottom() - legend_h, body.width(), legend_h), entries)
    painter.restore()


def chart_text(chart: Chart) -> str:
    """Every word a chart may print (for choosing fonts)."""
    return "\n".join([chart.title, *chart.categories, *(s.name for s in chart.series), *(m.label for m in chart.marks),
                      chart.x_title or "", chart.y_title or "", chart.y2_title or ""])


def render_chart_png(chart: Chart, path: str | os.PathLike, size: tuple[int, int] = (960, 540)) -> Path:
    """Draw ``chart`` on a white picture of ``size`` pixels and save it as PNG at ``path``."""
    ensure_gui_app()
    image = QImage(QSize(*size), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    families = fonts.plan_for(chart_text(chart)).families
    painter = QPainter(image)
    painter.scale(PNG_SCALE, PNG_SCALE)
    margin = 10.0
    draw_chart(painter, QRectF(margin, margin, size[0] / PNG_SCALE - 2 * margin, size[1] / PNG_SCALE - 2 * margin),
               chart, families)
    painter.end()
    with atomic_path(path) as temp:
        if not image.save(str(temp), "PNG"):
            raise CrmError(f"Cannot write the chart picture {path}: the picture could not be saved.")
    return Path(path)
