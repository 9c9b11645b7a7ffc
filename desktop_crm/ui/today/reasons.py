"""The sentences of a Today row: why it is there, when it is due, and what to know before calling.

Everything here is made from the row's own fields (``AgendaRow``); nothing is looked up. The
words go through Qt's translation (context ``TodayRows``) with plural forms where a number
is counted, so that pyside6-lupdate hands them to translators.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from desktop_crm.services.agenda_records import AgendaRow

from ..card.labels import value_label

CONTEXT = "TodayRows"
SEPARATOR = " · "
SUMMARY_CHARS = 140  # a long care-event summary or family note is cut here (the tooltip has it whole)


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, None, n)


@dataclass(frozen=True)
class RowText:
    title: str  # the customer (or the holiday)
    details: str  # company, tier, manager…
    due: str  # "3 days late", "today", "in 2 days"
    urgency: str  # "late", "today" or "soon": the colour of ``due``
    reason: str  # why the row is there
    context: tuple[str, ...]  # zero to two lines: phones and last contact; family, last gift, complaints

    @property
    def tooltip(self) -> str:
        lines = [f"{self.title}{SEPARATOR}{self.details}" if self.details else self.title,
                 f"{self.due}: {self.reason}", *self.context]
        return "\n".join(lines)


class Dates:
    """Dates as the row sentences show them, in the user's locale."""

    def __init__(self, today: dt.date, locale: QLocale | None = None):
        self.today = today
        self.locale = locale or QLocale()

    def _format(self, day: dt.date, this_year: str, other_year: str) -> str:
        pattern = this_year if day.year == self.today.year else other_year
        return self.locale.toString(QDate(day.year, day.month, day.day), pattern)

    def weekday(self, day: dt.date) -> str:
        """"Tue 24 Nov" (with the year when it is not this year's)."""
        return self._format(day, tr("ddd d MMM"), tr("ddd d MMM yyyy"))

    def short(self, day: dt.date) -> str:
        """"24 Nov" (with the year when it is not this year's)."""
        return self._format(day, tr("d MMM"), tr("d MMM yyyy"))

    def when(self, day: dt.date) -> tuple[str, str]:
        """How far ``day`` is from today, and the urgency it gives the row."""
        days = (day - self.today).days
        if days < 0:
            return tr("%n day(s) late", -days), "late"
        if days == 0:
            return tr("today"), "today"
        if days == 1:
            return tr("tomorrow"), "soon"
        return tr("in %n day(s)", days), "soon"

    def money(self, amount: Decimal) -> str:
        return self.locale.toString(float(amount), "f", 2)


def lunar_label(day: dt.date, kept: tuple[int, int, bool] | None = None) -> str:
    """" (lunar 10/10)": the lunar date as kept with the customer when known (a day 30 that falls
    on a day 29 still says 30), else the one the solar ``day`` is; empty when it cannot be told."""
    if kept is not None:
        month, day_, leap = kept
        if leap:
            return " " + tr("(lunar leap {month}/{day})").format(month=month, day=day_)
        return " " + tr("(lunar {month}/{day})").format(month=month, day=day_)
    try:
        from lunardate import LunarDate

        convert = getattr(LunarDate, "from_solar_date", None) or LunarDate.fromSolarDate
        lunar = convert(day.year, day.month, day.day)
    except (ImportError, ValueError, IndexError):
        return ""
    leap = getattr(lunar, "is_leap_month", None)
    if leap is None:  # lunardate before 0.2.2
        leap = lunar.isLeapMonth
    if leap:
        return " " + tr("(lunar leap {month}/{day})").format(month=lunar.month, day=lunar.day)
    return " " + tr("(lunar {month}/{day})").format(month=lunar.month, day=lunar.day)


def _clip(text: str | None, limit: int = SUMMARY_CHARS) -> str:
    flat = re.sub(r"\s+", " ", text or "").strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _days_between(earlier: dt.date, later: dt.date) -> int:
    return max(0, (later - earlier).days)


# ----- why the row is there -------------------------------------------------------------------------


def _cadence(row: AgendaRow, dates: Dates, call: bool) -> str:
    tier, cadence = row.tier or "—", row.cadence_days or 0
    if row.last_touch_at is None:
        if call:
            return tr("No call yet, due since {date} — tier {tier} asks for one every {cadence} days").format(
                date=dates.short(row.due_on), tier=tier, cadence=cadence)
        return tr("No visit yet, due since {date} — tier {tier} asks for one every {cadence} days").format(
            date=dates.short(row.due_on), tier=tier, cadence=cadence)
    days = _days_between(row.last_touch_at.date(), dates.today)
    if call:
        return tr("No call for %n day(s) — tier {tier} asks every {cadence}", days).format(tier=tier, cadence=cadence)
    return tr("No visit for %n day(s) — tier {tier} asks every {cadence}", days).format(tier=tier, cadence=cadence)


def _birthday(row: AgendaRow, dates: Dates) -> str:
    day = dates.weekday(row.due_on)
    lunar = lunar_label(row.due_on, row.lunar_date) if row.lunar else ""
    if row.kind == "company_anniversary":  # a company customer's "birthday" is its founding day
        if row.years:
            return tr("Founded on {date}{lunar}, %n year(s) ago", row.years).format(date=day, lunar=lunar)
        return tr("Founding day on {date}{lunar}").format(date=day, lunar=lunar)
    if row.years:
        return tr("Birthday on {date}{lunar}, turns %n", row.years).format(date=day, lunar=lunar)
    return tr("Birthday on {date}{lunar}").format(date=day, lunar=lunar)


def _contact_birthday(row: AgendaRow, dates: Dates) -> str:
    day = dates.weekday(row.due_on)
    lunar = lunar_label(row.due_on, row.lunar_date) if row.lunar else ""
    person = row.person or tr("a contact person")
    if row.years:
        return tr("Birthday of {person} on {date}{lunar}, turns %n", row.years).format(
            person=person, date=day, lunar=lunar)
    return tr("Birthday of {person} on {date}{lunar}").format(person=person, date=day, lunar=lunar)


def _occasion_name(kind: str | None) -> str:
    """What an occasion of ``kind`` is called when it comes round again."""
    names = {"birthday": tr("Birthday"), "wedding": tr("Wedding anniversary"),
             "company_anniversary": tr("Company anniversary"), "store_opening": tr("Store opening anniversary")}
    return names.get(kind or "", "") or value_label("occasion_kind", kind)


def _occasion(row: AgendaRow, dates: Dates) -> str:
    day = dates.weekday(row.due_on)
    lunar = lunar_label(row.due_on, row.lunar_date) if row.lunar else ""
    name = row.title or _occasion_name(row.kind)
    if row.person:
        name = tr("{occasion} of {person}").format(occasion=name, person=row.person)
    if row.years and row.kind == "birthday":
        return tr("{occasion} on {date}{lunar}, turns %n", row.years).format(occasion=name, date=day, lunar=lunar)
    if row.years:
        return tr("{occasion} on {date}{lunar}, %n year(s)", row.years).format(occasion=name, date=day, lunar=lunar)
    return tr("{occasion} on {date}{lunar}").format(occasion=name, date=day, lunar=lunar)


def _holiday(row: AgendaRow, dates: Dates) -> str:
    info = row.holiday
    day = dates.weekday(row.due_on)
    customers = info.customers if info is not None else 0
    if row.reason == "company_day":
        return tr("Company day on {date} — %n customer(s) concerned", customers).format(date=day)
    return tr("Public holiday on {date} — %n customer(s) concerned", customers).format(date=day)


def _reorder(row: AgendaRow, dates: Dates) -> str:
    gap = row.usual_gap_days or 0
    if row.due_on < dates.today:
        return tr("Next order was expected {date}, %n day(s) ago (usually every {gap} days)",
                  (dates.today - row.due_on).days).format(date=dates.short(row.due_on), gap=gap)
    return tr("Next order expected {date} (usually every {gap} days)").format(date=dates.short(row.due_on), gap=gap)


def _at_risk(row: AgendaRow, dates: Dates) -> str:
    gap = row.usual_gap_days or 0
    if row.last_purchase_on is None:
        return tr("No order for a long while — usually every {gap} days").format(gap=gap)
    days = _days_between(row.last_purchase_on, dates.today)
    return tr("No order since {date}: %n day(s), usually every {gap}", days).format(
        date=dates.short(row.last_purchase_on), gap=gap)


def _complaint(row: AgendaRow, dates: Dates) -> str:
    late = (dates.today - row.due_on).days
    day = dates.short(row.due_on)
    if late > 0:
        text = tr("Complaint promised by {date}, %n day(s) late", late).format(date=day)
    else:
        text = tr("Complaint promised by today ({date})").format(date=day)
    if row.kind:
        text += SEPARATOR + value_label("severity", row.kind)
    if row.person:  # the complaint's category
        text += SEPARATOR + value_label("complaint_category", row.person)
    if row.title:
        text += SEPARATOR + "“" + _clip(row.title, 90) + "”"
    return text


def _follow_up(row: AgendaRow, dates: Dates) -> str:
    step = _clip(row.title, 90) or tr("(no next step written)")
    return tr("Next step “{step}”, due {date}").format(step=step, date=dates.weekday(row.due_on))


def _task(row: AgendaRow, dates: Dates) -> str:
    title = _clip(row.title, 90) or tr("(untitled)")
    if row.person:  # the campaign the task came from (regional care)
        title = tr("{title}, {campaign}").format(title=title, campaign=_clip(row.person, 60))
    if row.kind:
        return tr("Task “{title}” ({kind}), due {date}").format(
            title=title, kind=value_label("care_kind", row.kind).lower(), date=dates.weekday(row.due_on))
    return tr("Task “{title}”, due {date}").format(title=title, date=dates.weekday(row.due_on))


def reason_text(row: AgendaRow, dates: Dates) -> str:
    """One sentence: why ``row`` is on today's agenda."""
    reason = row.reason
    if reason in ("call_cadence", "visit_cadence"):
        return _cadence(row, dates, reason == "call_cadence")
    if reason == "birthday":
        return _birthday(row, dates)
    if reason == "contact_birthday":
        return _contact_birthday(row, dates)
    if reason == "occasion":
        return _occasion(row, dates)
    if reason in ("holiday", "company_day"):
        return _holiday(row, dates)
    if reason == "reorder":
        return _reorder(row, dates)
    if reason == "at_risk":
        return _at_risk(row, dates)
    if reason == "complaint":
        return _complaint(row, dates)
    if reason == "follow_up":
        return _follow_up(row, dates)
    if reason == "task":
        return _task(row, dates)
    return tr("Due {date}").format(date=dates.weekday(row.due_on))  # a reason this version does not know yet


# ----- what to know before the call ------------------------------------------------------------------


def _holiday_context(row: AgendaRow, dates: Dates) -> tuple[str, ...]:
    info = row.holiday
    if info is None:
        return ()
    if info.gifts_planned or info.gifts_given:
        return (tr("Gifts for “{label}”: {planned} planned, {given} given, cost {cost}").format(
            label=info.label, planned=dates.locale.toString(info.gifts_planned),
            given=dates.locale.toString(info.gifts_given), cost=dates.money(info.gift_cost)),)
    return (tr("No gifts planned yet for “{label}”").format(label=info.label),)


def context_lines(row: AgendaRow, dates: Dates) -> tuple[str, ...]:
    """Up to two lines: how to reach the customer and the last contact; family, last gift, complaints."""
    if row.reason in ("holiday", "company_day"):
        return _holiday_context(row, dates)
    ctx = row.context
    if ctx is None:
        return ()
    reach = []
    if ctx.phone:
        reach.append(tr("Tel. {phone}").format(phone=ctx.phone))
    if ctx.mobile:
        reach.append(tr("Mobile {mobile}").format(mobile=ctx.mobile))
    if ctx.email and not reach:
        reach.append(tr("E-mail {email}").format(email=ctx.email))
    if ctx.last_contact_at is not None:
        kind = value_label("care_kind", ctx.last_contact_kind).lower() if ctx.last_contact_kind else ""
        when = dates.short(ctx.last_contact_at.date())
        summary = _clip(ctx.last_contact_summary)
        if summary:
            reach.append(tr("Last contact {date} ({kind}): “{summary}”").format(date=when, kind=kind, summary=summary))
        else:
            reach.append(tr("Last contact {date} ({kind})").format(date=when, kind=kind))
    else:
        reach.append(tr("No care event logged yet"))
    more = []
    if ctx.family_notes:
        more.append(tr("Family: {notes}").format(notes=_clip(ctx.family_notes, 100)))
    if ctx.last_gift_item:
        if ctx.last_gift_on is not None:
            more.append(tr("Last gift: {item} ({date})").format(item=_clip(ctx.last_gift_item, 60),
                                                               date=dates.short(ctx.last_gift_on)))
        else:
            more.append(tr("Last gift: {item}").format(item=_clip(ctx.last_gift_item, 60)))
    if ctx.open_complaints and row.reason != "complaint":
        more.append(tr("%n open complaint(s)", ctx.open_complaints))
    elif ctx.open_complaints > 1:
        more.append(tr("%n open complaint(s)", ctx.open_complaints))
    lines = [SEPARATOR.join(reach)]
    if more:
        lines.append(SEPARATOR.join(more))
    return tuple(lines)


# ----- the row's heading -----------------------------------------------------------------------------


def _heading(row: AgendaRow, show_manager: bool) -> tuple[str, str]:
    if row.reason in ("holiday", "company_day") and row.holiday is not None:
        info = row.holiday
        details = [info.local_name] if info.local_name and info.local_name != info.name else []
        details.append(info.country if info.country else tr("every customer"))
        return info.name, SEPARATOR.join(details)
    title = row.customer_name or row.title or tr("(no name)")
    details = []
    if row.company and row.company != row.customer_name:
        details.append(row.company)
    if row.tier:
        details.append(tr("Tier {tier}").format(tier=row.tier))
    if show_manager and (row.manager_name or row.manager_login):
        details.append(row.manager_name or row.manager_login)
    if row.customer_code:
        details.append(row.customer_code)
    return title, SEPARATOR.join(details)


def describe(row: AgendaRow, dates: Dates, *, show_manager: bool) -> RowText:
    """Everything the Today page writes about ``row``."""
    title, details = _heading(row, show_manager)
    due, urgency = dates.when(row.due_on)
    return RowText(title=title, details=details, due=due, urgency=urgency, reason=reason_text(row, dates),
                   context=context_lines(row, dates))


__all__ = ["Dates", "RowText", "context_lines", "describe", "lunar_label", "reason_text"]
