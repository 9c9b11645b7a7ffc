"""Plain data of a report: its filters, a table, and the charts drawn from it.

The report service fills these; the Reports page draws the charts with QtCharts, the PDF
writer draws them with QPainter, and the .xlsx writer writes the table (and native Excel
charts). None of them computes a number of its own: every figure shown comes from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .records import JsonMixin

# The reports, in the order the Reports page lists them.
REPORT_NAMES = ("pareto", "tiers", "care-activity", "overdue", "at-risk", "gift-spend", "complaints")

# How a column's values are to be shown.
COLUMN_KINDS = ("text", "int", "money", "percent", "date", "days", "number")

# What a chart is drawn as.
#   bar          one bar per category for each series, side by side
#   stacked_bar  the series stacked on each category
#   line         one line per series over the categories
#   pareto       bars (series on the left axis) with a cumulative line (a series with axis="right", 0..1)
#   pie          one slice per category, from the first series
CHART_KINDS = ("bar", "stacked_bar", "line", "pareto", "pie")


@dataclass(frozen=True)
class ReportFilters(JsonMixin):
    """What a report is about. ``until`` is included; None means open-ended."""

    since: dt.date | None = None
    until: dt.date | None = None
    manager: str | None = None  # a manager's login
    tier: str | None = None  # a tier's code


@dataclass(frozen=True)
class Column(JsonMixin):
    key: str
    title: str  # English; the window shows its own translation, keyed by ``key``
    kind: str = "text"  # one of COLUMN_KINDS


@dataclass(frozen=True)
class Series(JsonMixin):
    name: str
    values: tuple[float | None, ...]  # one per category of the chart
    axis: str = "left"  # "left", or "right" for a share 0..1 (the pareto chart's cumulative line)
    colour: str | None = None  # #RRGGBB, e.g. a tier's colour


@dataclass(frozen=True)
class Mark(JsonMixin):
    """A horizontal line across a chart, e.g. the 80 % mark of the pareto chart."""

    value: float
    label: str
    axis: str = "left"


@dataclass(frozen=True)
class Chart(JsonMixin):
    kind: str  # one of CHART_KINDS
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    x_title: str | None = None
    y_title: str | None = None
    y2_title: str | None = None  # the right axis (pareto)
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Report(JsonMixin):
    name: str  # one of REPORT_NAMES
    title: str
    filters: ReportFilters
    columns: tuple[Column, ...]
    rows: tuple[tuple, ...]  # one value per column: str, int, Decimal, float (shares 0..1), date or None
    charts: tuple[Chart, ...] = ()
    totals: tuple | None = None  # a last line under the table, one value per column (None = blank)
    notes: tuple[str, ...] = field(default_factory=tuple)  # sentences shown under the title (English)
    generated_on: dt.date | None = None
