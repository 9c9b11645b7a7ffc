"""Days the company marks for its customers besides public holidays: its own anniversary, a
customer-appreciation day, a trade fair. They join the agenda's holidays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop_crm.errors import NotFoundError, ValidationError
from desktop_crm.models import CompanyDay

from . import validation
from .card_common import refuse_unknown
from .changes import Changes

if TYPE_CHECKING:
    from .crm import Crm

FIELDS = {"name", "calendar", "year", "month", "day", "leap_month", "yearly", "country", "lead_days", "notes"}
MAX_LEAD = 365


@dataclass(frozen=True)
class CompanyDayRecord:
    id: int
    name: str
    calendar: str
    year: int | None
    month: int
    day: int
    leap_month: bool
    yearly: bool
    country: str | None
    lead_days: int
    notes: str | None


def _record(d: CompanyDay) -> CompanyDayRecord:
    return CompanyDayRecord(id=d.id, name=d.name, calendar=d.calendar.value, year=d.year, month=d.month, day=d.day,
                            leap_month=d.leap_month, yearly=d.yearly, country=d.country, lead_days=d.lead_days,
                            notes=d.notes)


class CompanyDayService:
    def __init__(self, crm: "Crm"):
        self._crm = crm

    def list(self) -> list[CompanyDayRecord]:
        with self._crm.session() as s:
            return [_record(d) for d in s.scalars(select(CompanyDay).order_by(CompanyDay.month, CompanyDay.day,
                                                                              CompanyDay.id))]

    def add(self, data: dict[str, Any]) -> tuple[CompanyDayRecord, Changes]:
        refuse_unknown(data, FIELDS, "company day")
        values = self._clean(data)
        with self._crm.session() as s:
            day = CompanyDay(**values)
            s.add(day)
            s.commit()
            return _record(day), Changes(settings=True, agenda=True)

    def delete(self, day_id: int) -> Changes:
        with self._crm.session() as s:
            day = s.get(CompanyDay, day_id)
            if day is None:
                raise NotFoundError(f"Company day #{day_id} does not exist (it may have been deleted).")
            s.delete(day)
            s.commit()
        return Changes(settings=True, agenda=True)

    @staticmethod
    def _clean(data: dict[str, Any]) -> dict[str, Any]:
        problems = validation.Problems()
        values: dict[str, Any] = {"name": validation.clean_text(data.get("name"), 200)}
        if values["name"] is None:
            problems["name"] = "give the day a name"
        values.update(validation.calendar_date(data.get("calendar"), data.get("year"), data.get("month"),
                                               data.get("day"), data.get("leap_month"), problems))
        values["yearly"] = bool(data.get("yearly", True))
        if not values["yearly"] and values.get("year") is None and "date" not in problems:
            problems["year"] = "a day that happens once needs its year"
        values["country"] = validation.country(data.get("country"), "country", problems)
        lead = data.get("lead_days", 14)
        try:
            values["lead_days"] = int(lead)
            if not 0 <= values["lead_days"] <= MAX_LEAD:
                raise ValueError
        except (TypeError, ValueError):
            problems["lead_days"] = f"the days of warning must be a number from 0 to {MAX_LEAD}"
        values["notes"] = validation.clean_text(data.get("notes"))
        if problems:
            raise ValidationError(problems)
        return values
