"""The Reports page's words: report, chart and column titles, series and axis names, translated.

The report service writes English; the page shows these translations, keyed by report name,
(report name, chart number) and column key. Words the maps do not know (a tier code, a new
column) are shown as the service wrote them.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from desktop_crm.printing.report_text import notes_text
from desktop_crm.services.report_records import Chart, Column, Report


class ReportWords(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.reports = {
            "pareto": self.tr("Revenue concentration (Pareto)"),
            "tiers": self.tr("Tier distribution"),
            "care-activity": self.tr("Care activity per manager and month"),
            "overdue": self.tr("Overdue contacts by manager"),
            "at-risk": self.tr("Customers at risk"),
            "gift-spend": self.tr("Gift spend against budget by tier"),
            "complaints": self.tr("Complaints by category"),
        }
        self.charts = {
            ("pareto", 0): self.tr("Customers by revenue, best first"),
            ("tiers", 0): self.tr("Customers per tier"),
            ("tiers", 1): self.tr("Moves between tiers in the period"),
            ("care-activity", 0): self.tr("Care events per month"),
            ("care-activity", 1): self.tr("Care events per manager"),
            ("overdue", 0): self.tr("Overdue contacts on {day}"),
            ("at-risk", 0): self.tr("Customers at risk by manager"),
            ("at-risk", 1): self.tr("Customers at risk by tier"),
            ("gift-spend", 0): self.tr("Gift budget and spend by tier"),
            ("complaints", 0): self.tr("Complaints by category"),
            ("complaints", 1): self.tr("Median days to resolve"),
        }
        self.columns = {
            "rank": self.tr("Rank"), "code": self.tr("Code"), "name": self.tr("Customer"), "tier": self.tr("Tier"),
            "manager": self.tr("Manager"), "revenue": self.tr("Revenue"), "share": self.tr("Share"),
            "cumulative": self.tr("Cumulative share"), "then": self.tr("At the start"), "now": self.tr("At the end"),
            "change": self.tr("Change"), "moved_up": self.tr("Moved up into it"),
            "moved_down": self.tr("Moved down into it"), "month": self.tr("Month"), "call": self.tr("Calls"),
            "visit": self.tr("Visits"), "greeting": self.tr("Greetings"), "gift": self.tr("Gifts"),
            "other": self.tr("Other"), "total": self.tr("Total"), "customers": self.tr("Customers"),
            "overdue_call": self.tr("Overdue for a call"), "share_call": self.tr("Share for a call"),
            "overdue_visit": self.tr("Overdue for a visit"), "share_visit": self.tr("Share for a visit"),
            "last_purchase": self.tr("Last purchase"), "usual_gap": self.tr("Usual gap"),
            "days_silent": self.tr("Days silent"), "revenue_12m": self.tr("Revenue, last 12 months"),
            "budget_per_customer": self.tr("Yearly budget per customer"), "budget": self.tr("Budget for the period"),
            "gifts_given": self.tr("Gifts given"), "spent": self.tr("Spent"), "planned": self.tr("Planned"),
            "used": self.tr("Share of budget used"), "category": self.tr("Category"), "received": self.tr("Received"),
            "open": self.tr("Still open"), "resolved": self.tr("Resolved"),
            "median_days": self.tr("Median days to resolve"), "mean_days": self.tr("Mean days to resolve"),
            "satisfaction": self.tr("Mean satisfaction (1–5)"),
        }
        # Series names, axis titles and marks, keyed by the service's English.
        self.phrases = {
            "Share of customers": self.tr("Share of customers"), "Share of revenue": self.tr("Share of revenue"),
            "Cumulative share": self.tr("Cumulative share"),
            "Cumulative share of revenue": self.tr("Cumulative share of revenue"),
            "Day": self.tr("Day"), "Customers": self.tr("Customers"), "Tier": self.tr("Tier"),
            "Moved up into it": self.tr("Moved up into it"), "Moved down into it": self.tr("Moved down into it"),
            "Month": self.tr("Month"), "Care events": self.tr("Care events"), "Manager": self.tr("Manager"),
            "Calls": self.tr("Calls"), "Visits": self.tr("Visits"), "Greetings": self.tr("Greetings"),
            "Gifts": self.tr("Gifts"), "Other": self.tr("Other"),
            "Overdue for a call": self.tr("Overdue for a call"), "Overdue for a visit": self.tr("Overdue for a visit"),
            "Customers at risk": self.tr("Customers at risk"), "Budget": self.tr("Budget"), "Spent": self.tr("Spent"),
            "Planned": self.tr("Planned"), "Amount (team's currency)": self.tr("Amount (team's currency)"),
            "Category": self.tr("Category"), "Complaints": self.tr("Complaints"), "Received": self.tr("Received"),
            "Still open": self.tr("Still open"), "Resolved": self.tr("Resolved"),
            "Median days": self.tr("Median days"), "Days": self.tr("Days"),
        }

    def report_title(self, name: str, english: str | None = None) -> str:
        return self.reports.get(name, english or name)

    def chart_title(self, report: Report, index: int) -> str:
        chart = report.charts[index]
        shown = self.charts.get((report.name, index))
        if shown is None:
            return chart.title
        until = report.filters.until
        return shown.format(day=until.isoformat() if until else "")

    def column_title(self, column: Column) -> str:
        return self.columns.get(column.key, column.title)

    def phrase(self, english: str | None) -> str | None:
        return None if english is None else self.phrases.get(english, english)

    def translated(self, report: Report) -> Report:
        """The report with its titles, charts and notes in the user's language (for the exports)."""
        return replace(report, title=self.report_title(report.name, report.title),
                       columns=tuple(replace(c, title=self.column_title(c)) for c in report.columns),
                       charts=tuple(self.chart_words(report, i) for i in range(len(report.charts))),
                       notes=notes_text(report))

    def chart_words(self, report: Report, index: int) -> Chart:
        """The chart with its words translated (numbers and categories as they were)."""
        chart = report.charts[index]
        return replace(chart, title=self.chart_title(report, index),
                       series=tuple(replace(s, name=self.phrase(s.name)) for s in chart.series),
                       marks=tuple(replace(m, label=self.phrase(m.label)) for m in chart.marks),
                       x_title=self.phrase(chart.x_title), y_title=self.phrase(chart.y_title),
                       y2_title=self.phrase(chart.y2_title))
