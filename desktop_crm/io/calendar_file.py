"""The agenda as an iCalendar file (.ics), so a phone's calendar carries it into the field.

Each row becomes an all-day event: an occasion or a holiday on its own day, anything already
due (a call, a follow-up, a complaint) on the agenda's day. The event's UID is the row's key,
so importing a newer file into the same calendar updates the events instead of doubling them.
The file is written to a temporary name and renamed, so it is never left half written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from icalendar import Calendar, Event

from desktop_crm import __version__
from desktop_crm.errors import CrmError
from desktop_crm.services.agenda_records import SECTION_TITLES, Agenda
from desktop_crm.services.agenda_text import headline, why

UID_DOMAIN = "desktop-crm.agenda"


def agenda_calendar(agenda: Agenda, *, stamp: dt.datetime | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//desktop_crm//agenda {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Customer care" + (f" ({agenda.manager_login})" if agenda.manager_login else ""))
    stamp = stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for section in agenda.sections:
        for row in section.rows:
            day = max(row.due_on, agenda.today)
            event = Event()
            event.add("uid", f"{row.key}@{UID_DOMAIN}")
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", headline(row))
            lines = [why(row, agenda.today)]
            c = row.context
            if c is not None:
                phones = ", ".join(p for p in (c.mobile, c.phone) if p)
                if phones:
                    lines.append(f"Phone: {phones}")
                if c.last_contact_at:
                    lines.append(f"Last contact {c.last_contact_at:%Y-%m-%d} ({c.last_contact_kind}): "
                                 f"{c.last_contact_summary or ''}".rstrip(": "))
                if c.family_notes:
                    lines.append(f"Family: {c.family_notes}")
                if c.last_gift_item:
                    lines.append(f"Last gift: {c.last_gift_item} ({c.last_gift_on})")
                if c.open_complaints:
                    lines.append(f"Open complaints: {c.open_complaints}")
            if row.customer_code:
                lines.append(f"Customer {row.customer_code}")
            event.add("description", "\n".join(lines))
            event.add("categories", [SECTION_TITLES[row.section]])
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal


def write_ics(path: str | os.PathLike, agenda: Agenda, *, stamp: dt.datetime | None = None) -> int:
    """Write the agenda's rows to ``path``; returns how many events were written."""
    target = Path(path)
    data = agenda_calendar(agenda, stamp=stamp).to_ical()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".agenda-", suffix=".ics", dir=target.parent)
    except OSError as exc:
        raise CrmError(f"Cannot write the calendar file in {target.parent}: {exc.strerror or exc}.") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CrmError(f"Cannot write the calendar file {target}: {exc.strerror or exc}.") from None
    return sum(len(s.rows) for s in agenda.sections)
