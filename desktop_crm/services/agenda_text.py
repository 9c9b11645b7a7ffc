"""Agenda rows in plain English sentences, for the command line and calendar files.

The Today page words its rows itself, through Qt's translation; these are the untranslated
forms the CLI prints and the .ics file carries.
"""

from __future__ import annotations

import datetime as dt

from .agenda_records import AgendaRow

KIND_WORDS = {"company_anniversary": "company anniversary", "store_opening": "store opening",
              "wedding": "wedding anniversary", "birthday": "birthday", "custom": "occasion"}


def _day(d: dt.date) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _late(days: int) -> str:
    return "due today" if days == 0 else (f"{days} day late" if days == 1 else f"{days} days late")


def _ago(when: dt.datetime | dt.date | None, today: dt.date) -> str:
    if when is None:
        return "never"
    day = when.date() if isinstance(when, dt.datetime) else when
    n = (today - day).days
    return f"{day.isoformat()} ({n} day{'s' if n != 1 else ''} ago)"


def why(row: AgendaRow, today: dt.date) -> str:
    """One sentence saying why the row is on the agenda."""
    late = -row.days_from(today)
    r = row.reason
    if r in ("call_cadence", "visit_cadence"):
        what, touch = ("call", "call or visit") if r == "call_cadence" else ("visit", "visit")
        if row.last_touch_at is None:
            return (f"Never had a {touch}; tier {row.tier} asks for a {what} every {row.cadence_days} days "
                    f"({_late(late)}).")
        return (f"Last {touch} {_ago(row.last_touch_at, today)}; tier {row.tier} asks for a {what} every "
                f"{row.cadence_days} days.")
    if r == "follow_up":
        return f"Next step promised for {row.due_on.isoformat()} ({_late(late)}): {row.title or ''}".rstrip(": ")
    if r == "task":
        return f"Care task for {row.due_on.isoformat()} ({_late(late)}): {row.title}" + \
            (f" [{row.person}]" if row.person else "")
    if r in ("birthday", "contact_birthday", "occasion"):
        if r == "birthday":
            what = "Founding anniversary" if row.kind == "company_anniversary" else "Birthday"
        elif r == "contact_birthday":
            what = f"Birthday of {row.person}"
        else:
            what = row.title or KIND_WORDS.get(row.kind or "", "occasion").capitalize()
            if row.person:
                what += f" ({row.person})"
        when = "today" if late == 0 else ("tomorrow" if late == -1 else f"in {-late} days")
        extra = []
        if row.years:
            extra.append(f"turns {row.years}" if r != "occasion" else f"{row.years} years")
        if row.lunar:
            extra.append("lunar calendar")
        return f"{what} on {_day(row.due_on)}, {when}" + (f" ({', '.join(extra)})" if extra else "") + "."
    if r in ("holiday", "company_day"):
        h = row.holiday
        where = f" in {h.country}" if h and h.country else ""
        when = "today" if late == 0 else f"in {-late} days"
        gifts = ""
        if h is not None:
            gifts = (f" {h.customers} customers concerned; {h.gifts_planned} gifts planned, {h.gifts_given} given"
                     f" ({h.gift_cost} in all).")
        return f"{row.title}{where} on {_day(row.due_on)}, {when}.{gifts}"
    if r == "reorder":
        expected = "today" if late == 0 else (f"{late} days ago" if late > 0 else f"in {-late} days")
        return (f"Next order expected {row.due_on.isoformat()} ({expected}); usually buys every "
                f"{row.usual_gap_days} days, last on {row.last_purchase_on.isoformat()}.")
    if r == "at_risk":
        silent = (today - row.last_purchase_on).days
        return (f"No purchase for {silent} days (since {row.last_purchase_on.isoformat()}); usually buys every "
                f"{row.usual_gap_days} days.")
    if r == "complaint":
        return f"Complaint ({row.kind}) promised an answer by {row.due_on.isoformat()}, {_late(late)}: {row.title}"
    return row.title or r


def headline(row: AgendaRow) -> str:
    """A short title: what to do, and for whom (a calendar entry's summary)."""
    who = row.customer_name or ""
    if row.company and row.company != who:
        who = f"{who} ({row.company})" if who else row.company
    r = row.reason
    if r == "call_cadence":
        return f"Call {who}"
    if r == "visit_cadence":
        return f"Visit {who}"
    if r == "follow_up":
        return f"Follow up: {who}"
    if r == "task":
        return f"{(row.title or 'Care task')}: {who}"
    if r == "birthday":
        return f"{'Anniversary' if row.kind == 'company_anniversary' else 'Birthday'}: {who}"
    if r == "contact_birthday":
        return f"Birthday: {row.person} ({who})"
    if r == "occasion":
        return f"{row.title or KIND_WORDS.get(row.kind or '', 'Occasion').capitalize()}: {who}"
    if r in ("holiday", "company_day"):
        return row.title or "Holiday"
    if r == "reorder":
        return f"Re-order due: {who}"
    if r == "at_risk":
        return f"At risk: {who}"
    if r == "complaint":
        return f"Complaint overdue: {who}"
    return who
