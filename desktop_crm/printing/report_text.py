"""How a report's values read as text: shared by the PDF, the chart pictures and the Reports page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale

from desktop_crm.services.report_records import Note, Report, ReportFilters

NUMERIC_KINDS = frozenset({"int", "money", "percent", "days", "number"})


# The report notes for the translators: the same English sentences as services.report_records
# NOTE_TEMPLATES (a test keeps them equal), marked so that lupdate finds them.
NOTES = {
    "pareto.bought": QT_TRANSLATE_NOOP("ReportNotes", "{customers} customers bought in the period; {share} of them ({needed}) make 80 % of the revenue."),
    "pareto.top": QT_TRANSLATE_NOOP("ReportNotes", "The table lists the {top} customers with the most revenue."),
    "pareto.none": QT_TRANSLATE_NOOP("ReportNotes", "No customer bought anything in the period."),
    "tiers.about": QT_TRANSLATE_NOOP("ReportNotes", "Customers per tier at the start of {since} and at the end of {until}, rebuilt from the tier history; lost customers count too."),
    "at_risk.about": QT_TRANSLATE_NOOP("ReportNotes", "{customers} customers are at risk on {day}: silent for longer than both their long gap and twice their usual gap between purchases."),
    "at_risk.top": QT_TRANSLATE_NOOP("ReportNotes", "The table lists the {shown} with the most revenue in the last 12 months."),
    "gifts.currency": QT_TRANSLATE_NOOP("ReportNotes", "Gift costs carry no currency: the amounts are in the team's currency."),
    "gifts.budget": QT_TRANSLATE_NOOP("ReportNotes", "The budget is each tier's yearly budget per customer × its customers (live, not lost) × {days} days / 365."),
    "care.about": QT_TRANSLATE_NOOP("ReportNotes", "Care events per manager who did them and month; other kinds (congratulations, help, disaster care, complaint follow-ups…) are counted as other."),
    "overdue.about": QT_TRANSLATE_NOOP("ReportNotes", "Live customers that are not lost, per manager, and those overdue on {day} by their tier's call and visit cadence (a visit restarts the call clock too; a customer never contacted counts from its creation or assignment). Rows snoozed on Today still count."),
    "complaints.about": QT_TRANSLATE_NOOP("ReportNotes", "Complaints received in the period, by category; days to resolve run from receipt to resolution of the resolved and closed ones; satisfaction is the mean of the {rated} scores given."),
    "currency.home": QT_TRANSLATE_NOOP("ReportNotes", "Revenue is counted in {home}."),
    "currency.converted": QT_TRANSLATE_NOOP("ReportNotes", "Revenue is counted in {home}, converting {currencies} at the exchange rates set for the tier recompute."),
    "currency.left_out": QT_TRANSLATE_NOOP("ReportNotes", "Purchase lines left out, having no rate to {home} (Settings ▸ Tiers ▸ Recompute from purchases): {lines} in {currencies}."),
    "filter.since": QT_TRANSLATE_NOOP("ReportNotes", "The period's start does not apply to this report."),
    "filter.manager": QT_TRANSLATE_NOOP("ReportNotes", "The manager filter does not apply to this report."),
    "filter.tier": QT_TRANSLATE_NOOP("ReportNotes", "The tier filter does not apply to this report."),
}


def note_text(note: Note) -> str:
    """A report note in the user's language (English when no translation is loaded, or the key is new)."""
    english = NOTES.get(note.key)
    if english is None:
        return note.text
    try:
        return QCoreApplication.translate("ReportNotes", english).format(**dict(note.values))
    except (KeyError, IndexError, ValueError):  # a translation that names a value wrongly
        return note.text


def notes_text(report: Report) -> tuple[str, ...]:
    """All the report's notes in the user's language (a report made by hand may have only English)."""
    return tuple(note_text(n) for n in report.note_keys) if report.note_keys else report.notes


def report_locale() -> QLocale:
    """The default locale, or US English where that is the bare C locale (it has no digit grouping)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return locale


def _whole(value: float) -> bool:
    return float(value).is_integer()


def format_value(value: object, kind: str, locale: QLocale | None = None) -> str:
    """``value`` of a column of ``kind`` (see report_records.COLUMN_KINDS) as the table shows it."""
    if value is None or value == "":
        return ""
    locale = locale or report_locale()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if kind == "date" else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) or isinstance(value, bool) or kind not in NUMERIC_KINDS:
        return str(value)
    number = float(value) if isinstance(value, Decimal) else value
    if kind == "int":
        return locale.toString(int(round(number)))
    if kind == "money":
        return locale.toString(float(number), "f", 2)
    if kind == "percent":
        return f"{locale.toString(float(number) * 100, 'f', 1)} %"
    digits = 0 if _whole(number) else (1 if kind == "days" else 2)
    return locale.toString(float(number), "f", digits)


def tick_text(value: float, step: float, locale: QLocale | None = None) -> str:
    """An axis tick: as many decimals as the step between ticks needs."""
    locale = locale or report_locale()
    digits = 0
    while digits < 4 and not _whole(round(step * 10 ** digits, 6)):
        digits += 1
    return locale.toString(float(value), "f", digits)


def filters_text(filters: ReportFilters) -> str:
    """One line saying what a report is about: its period, manager and tier."""
    tr = QCoreApplication.translate
    since, until = filters.since, filters.until
    if since and until:
        period = tr("ReportText", "{since} to {until}").format(since=since.isoformat(), until=until.isoformat())
    elif since:
        period = tr("ReportText", "from {since}").format(since=since.isoformat())
    elif until:
        period = tr("ReportText", "up to {until}").format(until=until.isoformat())
    else:
        period = tr("ReportText", "all time")
    manager = filters.manager or tr("ReportText", "everyone")
    tier = filters.tier or tr("ReportText", "all tiers")
    return tr("ReportText", "Period: {period} · Manager: {manager} · Tier: {tier}").format(
        period=period, manager=manager, tier=tier)
