"""Holidays coming: public holidays of the team's countries and the company's own days, each with
the customers it concerns and the state of its gift plan.

A customer's country decides which holidays concern it; a customer without a country belongs
to the team's default country. A holiday of several days (Spring Festival, Russia's New Year
holidays) is one row, on its first day; days off swapped with a weekend to make a bridge are
left out. Holidays are looked for ``max(days, HOLIDAY_LEAD)``
days ahead, since gifts take longer to prepare than a birthday call.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import holidays as holiday_tables

from . import agenda_sql, occasion_dates
from .agenda_queries import Scope, money
from .agenda_records import AgendaRow, HolidayInfo

HOLIDAY_LEAD = 21
SHIFTED_DAY = "Day off (substituted"  # the holidays package's name for a swapped working day


@functools.lru_cache(maxsize=64)
def public_holidays(country: str, year: int) -> tuple[tuple[dt.date, str, str | None], ...]:
    """(first day, English name, local name) of each public holiday of ``country`` in ``year``."""
    english = holiday_tables.country_holidays(country, years=year, language="en_US", observed=False)
    try:
        local = holiday_tables.country_holidays(country, years=year, observed=False,
                                                language=getattr(english, "default_language", None))
    except (NotImplementedError, KeyError):  # pragma: no cover - every listed country has a default
        local = english
    out: list[tuple[dt.date, str, str | None]] = []
    last_seen: dict[str, dt.date] = {}
    for day in sorted(english):
        name = english[day].split(";")[0].strip()
        if name.startswith(SHIFTED_DAY):
            continue  # a working day moved to make a bridge: no occasion for a greeting
        seen, last_seen[name] = last_seen.get(name), day
        if seen is not None and (day - seen).days <= 3:
            continue  # the same holiday going on (Russia's New Year holidays around Christmas too)
        local_name = local.get(day)
        local_name = local_name.split(";")[0].strip() if local_name else None
        out.append((day, name, None if local_name == name else local_name))
    return tuple(out)


class Holidays:
    section = "holidays"

    def __init__(self, scope: Scope, countries: Iterable[str], default_country: str,
                 company_days: list[tuple]):
        self.scope = scope
        self.countries = list(countries)
        self.default_country = default_country
        self.company_days = company_days  # (id, name, calendar, year, month, day, leap, yearly, country, lead)
        self.horizon = max(scope.days, HOLIDAY_LEAD)

    def _coming(self) -> list[tuple[dt.date, str | None, str, str | None, str]]:
        """(day, country or None, name, local name, row key) in the look-ahead, soonest first."""
        today = self.scope.today
        end = today + dt.timedelta(days=self.horizon)
        found = []
        for country in self.countries:
            for year in range(today.year, end.year + 1):
                for day, name, local in public_holidays(country, year):
                    if today <= day <= end:
                        found.append((day, country, name, local, f"holiday:{country}:{day.isoformat()}:{name[:60]}"))
        for cid, name, calendar, year, month, day, leap, yearly, country, lead in self.company_days:
            when = occasion_dates.next_on_or_after(calendar, month, day, today, leap_month=bool(leap))
            if not yearly:
                when = occasion_dates.solar_in_year(calendar, month, day, year, leap_month=bool(leap)) if year else None
            if when is None or when < today or (when - today).days > max(self.horizon, lead or 0):
                continue
            found.append((when, country, name, None, f"company_day:{cid}:{when.isoformat()}"))
        found.sort(key=lambda t: (t[0], t[1] or "", t[2]))
        return found

    def count(self) -> int:
        return len(self._coming())

    def rows(self, limit: int, only: Iterable[int] | None = None) -> list[AgendaRow]:
        if only is not None:
            return []  # holiday rows belong to no customer
        rows = []
        for day, country, name, local, key in self._coming()[:limit]:
            label = f"{name} {day.year}"
            planned, given, cost = self._gifts(label)
            info = HolidayInfo(country=country, name=name, local_name=local, label=label,
                               customers=self._customers(country), gifts_planned=planned, gifts_given=given,
                               gift_cost=cost)
            reason = "company_day" if key.startswith("company_day:") else "holiday"
            rows.append(AgendaRow(section=self.section, key=key, reason=reason, due_on=day, title=name, holiday=info))
        return rows

    def _customers(self, country: str | None) -> int:
        where = agenda_sql.LIVE + self.scope.mine()
        if country is None:
            return self.scope.run(f"SELECT count(*) FROM customers WHERE {where}").scalar_one()
        n = self.scope.run(f"SELECT count(*) FROM customers WHERE country = :country AND {where}",
                           country=country).scalar_one()
        if country == self.default_country:
            n += self.scope.run(f"SELECT count(*) FROM customers WHERE country IS NULL AND {where}").scalar_one()
        return n

    def _gifts(self, label: str) -> tuple[int, int, object]:
        rows = self.scope.run(
            "SELECT g.status = 'given', count(*), sum(g.cost) FROM gifts g JOIN customers c ON c.id = g.customer_id "
            f"WHERE g.occasion_label = :label AND c.deleted_at IS NULL{self.scope.mine('c.')} "
            "GROUP BY g.status = 'given'", label=label).all()
        planned = sum(n for given, n, _ in rows if not given)
        given = sum(n for given, n, _ in rows if given)
        return planned, given, money(sum(int(c or 0) for _, _, c in rows))
