"""What the agenda hands out: plain, frozen data, the same for the Today page, the CLI and .ics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# The sections, in the order the Today page and the CLI show them.
SECTIONS = ("calls", "visits", "follow_ups", "occasions", "holidays", "reorders", "at_risk", "complaints")

SECTION_TITLES = {  # English titles for the CLI and .ics; the GUI has its own translated ones
    "calls": "Calls due",
    "visits": "Visits due",
    "follow_ups": "Follow-ups and tasks due",
    "occasions": "Birthdays and anniversaries",
    "holidays": "Holidays coming",
    "reorders": "Re-orders due",
    "at_risk": "Customers at risk",
    "complaints": "Complaints past their target time",
}

# Why a row is there (AgendaRow.reason):
#   call_cadence / visit_cadence   the tier's cadence has passed since the last touch
#   follow_up                      the next step of a care event is due (item_id: the care event)
#   task                           a care task is due (item_id: the task; regional care makes them)
#   birthday                       the customer's birthday (a company customer's: its founding day)
#   contact_birthday               a contact person's birthday (person: the contact's name)
#   occasion                       an occasion of the customer (kind: birthday, wedding…; item_id)
#   holiday / company_day          a public holiday of a country, or a day the company marks
#   reorder                        the next purchase is expected soon (or was, lately)
#   at_risk                        the silence since the last purchase is past the usual rhythm
#   complaint                      an open complaint past (or at) its promised answer time


@dataclass(frozen=True)
class RowContext:
    """Enough to make the call without opening the card."""

    phone: str | None = None
    mobile: str | None = None
    email: str | None = None
    last_contact_at: dt.datetime | None = None
    last_contact_kind: str | None = None
    last_contact_summary: str | None = None
    family_notes: str | None = None
    last_gift_item: str | None = None
    last_gift_on: dt.date | None = None
    open_complaints: int = 0


@dataclass(frozen=True)
class HolidayInfo:
    """A holiday row's details and the state of its gift plan."""

    country: str | None  # None: a company day for every customer
    name: str  # in English (the holidays package's en_US names), or the company day's name
    local_name: str | None  # in the country's language, when the package has it
    label: str  # "Spring Festival 2027": the occasion label gifts for it carry
    customers: int  # customers concerned (of the chosen manager, when one is chosen)
    gifts_planned: int  # gifts with this label not yet given
    gifts_given: int
    gift_cost: Decimal  # of all those gifts


@dataclass(frozen=True)
class AgendaRow:
    section: str
    key: str  # names the row for snooze and done (AgendaService.snooze / done)
    reason: str  # see above
    due_on: dt.date  # the day it is due: the occasion's day, the overdue date, the expected order…
    customer_id: int | None = None
    customer_code: str | None = None
    customer_name: str | None = None
    company: str | None = None
    tier: str | None = None
    manager_login: str | None = None
    manager_name: str | None = None
    item_id: int | None = None  # the care event, task, occasion, contact person or complaint
    kind: str | None = None  # occasion kind, care kind of a task, complaint severity
    title: str | None = None  # next step, task title, occasion title, complaint text, holiday name
    person: str | None = None  # the contact person it is about
    lunar: bool = False  # the date is a lunar one (shown on its solar day)
    lunar_date: tuple[int, int, bool] | None = None  # (month, day, leap month) as kept, for a lunar date
    years: int | None = None  # the birthday or anniversary being reached, when the year is known
    cadence_days: int | None = None
    last_touch_at: dt.datetime | None = None  # calls/visits: the last touch, None when never
    usual_gap_days: int | None = None
    last_purchase_on: dt.date | None = None
    holiday: HolidayInfo | None = None
    context: RowContext | None = None

    def days_from(self, today: dt.date) -> int:
        """Days from today to ``due_on``: negative when it is late."""
        return (self.due_on - today).days


@dataclass(frozen=True)
class AgendaSection:
    name: str
    count: int  # every row of the section, also those the limit left out
    rows: tuple[AgendaRow, ...] = ()


@dataclass(frozen=True)
class Agenda:
    today: dt.date
    days: int  # how far ahead occasions and holidays are looked for
    manager_login: str | None  # None: everyone
    sections: tuple[AgendaSection, ...] = field(default_factory=tuple)

    def section(self, name: str) -> AgendaSection:
        return next(s for s in self.sections if s.name == name)

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sections)
