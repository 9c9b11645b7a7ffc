"""How a report's values read as text: shared by the PDF, the chart pictures and the Reports page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QLocale

from desktop_crm.services.report_records import ReportFilters

NUMERIC_KINDS = frozenset({"int", "money", "percent", "days", "number"})


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
