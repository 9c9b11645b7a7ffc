"""A report's Chart as a QChart for the Reports page.

bar → QBarSeries, stacked_bar → QStackedBarSeries, line → QLineSeries, pie → QPieSeries, and
pareto → bars on the left axis with the cumulative line on a second axis 0–100 % and its marks
(the 80 % line) as dashed line series. Categories lie at 0, 1, 2… on the horizontal axis; with
many of them only every n-th is labelled, so the labels stay readable.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QLegend,
    QLineSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen

from desktop_crm.printing.charts import MARK, left_is_share, round_step, series_colour
from desktop_crm.printing.report_text import report_locale
from desktop_crm.services.report_records import Chart, Series

MAX_LABEL_CHARS = 18
MAX_SLANTED = 16  # up to this many categories each keeps its label (upright if need be)


def build_chart(chart: Chart, width: int = 600) -> QChart:
    """A QChart drawing ``chart`` (whose words the caller has already translated), about ``width`` pixels
    wide: with less room per category than its labels need, only every n-th category is labelled."""
    qchart = QChart()
    qchart.setTitle(chart.title)
    title_font = QFont(qchart.titleFont())
    title_font.setBold(True)
    title_font.setPointSizeF(max(title_font.pointSizeF(), 10.5))
    qchart.setTitleFont(title_font)
    qchart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    qchart.setBackgroundRoundness(0)
    qchart.setMargins(QMargins(4, 4, 4, 4))
    qchart.setLocalizeNumbers(True)
    qchart.setLocale(report_locale())
    qchart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    if chart.kind == "pie":
        _pie(qchart, chart)
    else:
        _axes_chart(qchart, chart, width)
    for series in qchart.series():  # lines show as lines in the legend; bars keep their filled boxes
        if isinstance(series, QLineSeries):
            for marker in qchart.legend().markers(series):
                marker.setShape(QLegend.MarkerShape.MarkerShapeFromSeries)
    return qchart


def _bar_set(series: Series, index: int, scale: float = 1.0) -> QBarSet:
    bar_set = QBarSet(series.name)
    bar_set.append([float(v) * scale if v is not None else 0.0 for v in series.values])
    colour = series_colour(series, index)
    bar_set.setColor(colour)
    bar_set.setBorderColor(colour)
    return bar_set


def _line(series: Series, index: int, scale: float = 1.0) -> QLineSeries:
    line = QLineSeries()
    line.setName(series.name)
    line.append([QPointF(i, float(v) * scale) for i, v in enumerate(series.values) if v is not None])
    line.setPen(QPen(series_colour(series, index), 2.0))
    line.setPointsVisible(len(series.values) <= 40)
    return line


def _attach(qchart: QChart, series: QAbstractSeries, *axes: QAbstractAxis) -> None:
    qchart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)


def _label_step(labels: list[str], width: int) -> int:
    """Label every n-th category: 1 when all fit across ``width``, else 2, 5, 10, 20, 50…"""
    metrics = QFontMetrics(QFont())
    widest = max((metrics.horizontalAdvance(t) for t in labels), default=0)
    return round_step((widest + 12) * len(labels) / max(100.0, width * 0.8))


def _category_axis(chart: Chart, width: int) -> QAbstractAxis:
    labels = [c if len(c) <= MAX_LABEL_CHARS else c[:MAX_LABEL_CHARS - 1] + "…" for c in chart.categories]
    count = len(labels)
    every = _label_step(labels, width)
    if count <= MAX_SLANTED and len(set(labels)) == count:
        axis = QBarCategoryAxis()  # a label under every category: level, or upright when they would touch
        axis.append(labels)
        axis.setLabelsAngle(0 if every == 1 else -90)  # slanted ones lose the first and last to the edges
        axis.setGridLineVisible(False)
        return axis
    axis = QCategoryAxis()  # a value axis: category i lies at i, labelled every n-th
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(-0.5)
    seen: set[str] = set()
    for i in range(0, count, every):
        label = labels[i]
        while label in seen:  # the axis needs unique labels
            label += " "
        seen.add(label)
        axis.append(label, i)
    axis.setRange(-0.5, count - 0.5)
    axis.setGridLineVisible(False)
    return axis


def _value_axis(title: str | None, *, percent: bool = False) -> QValueAxis:
    axis = QValueAxis()
    axis.setTitleText(title or "")
    axis.setLabelFormat("%.0f %" if percent else "%.0f")
    return axis


def _fit(axis: QValueAxis, values: list[float], *, percent: bool = False) -> None:
    """A range from zero (or the lowest value) to the highest, on round ticks."""
    low = min([0.0, *values])
    high = max([0.0, *values])
    if not percent and all(float(v).is_integer() for v in values):
        high = max(high, low + 4)  # counts: whole-number ticks even when all are small
    elif high <= low:
        high = low + (100.0 if percent else 1.0)
    axis.setRange(low, high)
    axis.applyNiceNumbers()
    if not percent and axis.max() - axis.min() < axis.tickCount() - 1:
        axis.setLabelFormat("%.1f")


def _axes_chart(qchart: QChart, chart: Chart, width: int) -> None:
    pareto = chart.kind == "pareto"
    share = left_is_share(chart)
    scale = 100.0 if share else 1.0
    left_series = [(i, s) for i, s in enumerate(chart.series) if not (pareto and s.axis == "right")]
    right_series = [(i, s) for i, s in enumerate(chart.series) if pareto and s.axis == "right"]
    x_axis = _category_axis(chart, width)
    x_axis.setTitleText(chart.x_title or "")
    x_axis.setTruncateLabels(False)
    y_axis = _value_axis(chart.y_title, percent=share)
    qchart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    qchart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    values = [float(v) * scale for _i, s in left_series for v in s.values if v is not None]
    if chart.kind == "line":
        for index, s in left_series:
            _attach(qchart, _line(s, index, scale), x_axis, y_axis)
    elif left_series:
        bars = QStackedBarSeries() if chart.kind == "stacked_bar" else QBarSeries()
        bars.setBarWidth(0.6 if chart.kind == "stacked_bar" else 0.8)
        for index, s in left_series:
            bars.append(_bar_set(s, index, scale))
        _attach(qchart, bars, x_axis, y_axis)
        if chart.kind == "stacked_bar":
            values = _stack_sums(chart)
    y2_axis = None
    if pareto:
        y2_axis = _value_axis(chart.y2_title, percent=True)
        y2_axis.setRange(0.0, 100.0)
        y2_axis.setTickCount(6)
        qchart.addAxis(y2_axis, Qt.AlignmentFlag.AlignRight)
        for index, s in right_series:
            _attach(qchart, _line(s, index, 100.0), x_axis, y2_axis)
    for mark in chart.marks:
        on_right = mark.axis == "right" and y2_axis is not None
        values += [] if on_right else [mark.value * scale]
        _attach(qchart, _mark_line(mark.label, mark.value * (100.0 if on_right else scale), len(chart.categories)),
                x_axis, y2_axis if on_right else y_axis)
    _fit(y_axis, values, percent=share)


def _stack_sums(chart: Chart) -> list[float]:
    sums = []
    for c in range(len(chart.categories)):
        values = [float(s.values[c]) for s in chart.series if c < len(s.values) and s.values[c] is not None]
        sums += [sum(v for v in values if v > 0), sum(v for v in values if v < 0)]
    return sums


def _mark_line(label: str, value: float, count: int) -> QLineSeries:
    line = QLineSeries()
    line.setName(label)
    line.append([QPointF(-0.5, value), QPointF(count - 0.5, value)])
    line.setPen(QPen(QColor(MARK), 1.5, Qt.PenStyle.DashLine))
    return line


def _pie(qchart: QChart, chart: Chart) -> None:
    pie = QPieSeries()
    series = chart.series[0] if chart.series else None
    values = series.values if series else ()
    for i, (name, value) in enumerate(zip(chart.categories, values)):
        if value is None or value <= 0:
            continue
        part = pie.append(name, float(value))
        part.setColor(series_colour(None, i))
        part.setLabelVisible(True)
    for part in pie.slices():
        part.setLabel(f"{part.label()} ({part.percentage() * 100:.1f} %)")
    qchart.addSeries(pie)
    qchart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
