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


# The sentences a report may carry under its title, in English, keyed for translation. The window
# and the PDF say them in the user's language (desktop_crm/printing/report_text.py has the same
# sentences for the translators; a test keeps the two lists the same).
NOTE_TEMPLATES = {
    "pareto.bought": "{customers} customers bought in the period; {share} of them ({needed}) make 80 % of the revenue.",
    "pareto.top": "The table lists the {top} customers with the most revenue.",
    "pareto.none": "No customer bought anything in the period.",
    "tiers.about": ("Customers per tier at the start of {since} and at the end of {until}, rebuilt from the tier "
                    "history; lost customers count too."),
    "at_risk.about": ("{customers} customers are at risk on {day}: silent for longer than both their long gap and "
                      "twice their usual gap between purchases."),
    "at_risk.top": "The table lists the {shown} with the most revenue in the last 12 months.",
    "gifts.currency": "Gift costs carry no currency: the amounts are in the team's currency.",
    "gifts.budget": ("The budget is each tier's yearly budget per customer × its customers (live, not lost) × "
                     "{days} days / 365."),
    "care.about": ("Care events per manager who did them and month; other kinds (congratulations, help, disaster "
                   "care, complaint follow-ups…) are counted as other."),
    "overdue.about": ("Live customers that are not lost, per manager, and those overdue on {day} by their tier's "
                      "call and visit cadence (a visit restarts the call clock too; a customer never contacted "
                      "counts from its creation or assignment). Rows snoozed on Today still count."),
    "complaints.about": ("Complaints received in the period, by category; days to resolve run from receipt to "
                         "resolution of the resolved and closed ones; satisfaction is the mean of the {rated} "
                         "scores given."),
    "currency.home": "Revenue is counted in {home}.",
    "currency.converted": ("Revenue is counted in {home}, converting {currencies} at the exchange rates set for "
                           "the tier recompute."),
    "currency.left_out": ("Purchase lines left out, having no rate to {home} (Settings ▸ Tiers ▸ Recompute from "
                          "purchases): {lines} in {currencies}."),
    "filter.since": "The period's start does not apply to this report.",
    "filter.manager": "The manager filter does not apply to this report.",
    "filter.tier": "The tier filter does not apply to this report.",
}


@dataclass(frozen=True)
class Note(JsonMixin):
    """One sentence under a report's title: its key in NOTE_TEMPLATES and the values it names."""

    key: str
    values: tuple[tuple[str, str], ...] = ()  # (name, value written out), e.g. ("customers", "1,666")

    @property
    def text(self) -> str:
        """The sentence in English."""
        return NOTE_TEMPLATES[self.key].format(**dict(self.values))


def note(key: str, **values) -> Note:
    """A Note; numbers are written with thousands separators, everything else as text."""
    written = {k: f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v) for k, v in values.items()}
    return Note(key, tuple(written.items()))


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
    note_keys: tuple[Note, ...] = ()  # the same sentences, keyed for translation (one per note)
    generated_on: dt.date | None = None
