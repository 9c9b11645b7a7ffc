"""When a birthday or another yearly occasion falls, on the solar calendar, in a given year.

Dates are kept as the customer gave them: a solar month/day, or a lunar month/day (with a flag
for the leap, intercalary, month). The rules for dates a year does not have:

* **February 29** (solar): in a year without it, the occasion is kept on **February 28**, the
  last day of that February, so it stays in the month it belongs to.
* **Lunar day 30**: a lunar month has 29 or 30 days. In a year whose month has 29, the occasion
  is kept on **day 29**, the last day of that month.
* **Leap-month dates**: a date in a leap month (e.g. the leap second month, 闰二月) is kept, in a
  year without that leap month, on the **same day of the ordinary month of that number** — the
  way most families keep a leap-month birthday. Its day-30 rule applies to that ordinary month.
* Lunar dates are converted for the years 1900–2099 (the range of the lunar tables); outside
  them, and for impossible inputs, the answer is None.

The lunar calendar here is the Chinese one (reckoned at UTC+8), as in ``lunardate``. Korea
reckons it at UTC+9, so in a few years a Korean lunar date falls a day later (Seollal 2027:
February 7, not 6; tests/test_occasion_dates.py lists the years): which calendar a customer's
country follows is for the care engine to decide.
"""

from __future__ import annotations

import datetime as dt
import functools

from lunardate import LunarDate

LUNAR_YEARS = range(1900, 2100)


def solar_in_year(calendar: str, month: int, day: int, year: int, *, leap_month: bool = False) -> dt.date | None:
    """The solar date of the occasion in ``year`` (its lunar year, for a lunar date)."""
    if calendar == "lunar":
        return _lunar(year, month, day, leap_month)
    return _solar(year, month, day)


def next_on_or_after(calendar: str, month: int, day: int, start: dt.date, *,
                     leap_month: bool = False) -> dt.date | None:
    """The first day on or after ``start`` on which the yearly occasion falls."""
    candidates = []
    # A lunar year begins in January or February, so its date can land in the next solar year.
    for year in (start.year - 1, start.year, start.year + 1):
        when = solar_in_year(calendar, month, day, year, leap_month=leap_month)
        if when is not None and when >= start:
            candidates.append(when)
    return min(candidates) if candidates else None


def _solar(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        if month == 2 and day == 29 and 1 <= year <= 9999:
            return dt.date(year, 2, 28)
        return None


def _lunar(year: int, month: int, day: int, leap_month: bool) -> dt.date | None:
    if year not in LUNAR_YEARS or not (1 <= month <= 12 and 1 <= day <= 30):
        return None
    for leap in ((True, False) if leap_month else (False,)):
        for wanted_day in ((day, 29) if day == 30 else (day,)):
            try:
                return LunarDate(year, month, wanted_day, leap).to_solar_date()
            except ValueError:
                continue  # no such leap month this year, or a 29-day month
    return None


# ----- which yearly dates fall on which solar days (the agenda's look-up) ----------------------

Key = tuple  # (calendar, month, day, leap_month)


@functools.lru_cache(maxsize=8)
def _solar_days(year: int) -> dict[dt.date, tuple[Key, ...]]:
    found: dict[dt.date, list[Key]] = {}
    for month in range(1, 13):
        for day in range(1, 32):
            when = _solar(year, month, day)  # February 29 answers February 28 in other years
            if when is not None:
                found.setdefault(when, []).append(("solar", month, day, False))
    return {k: tuple(v) for k, v in found.items()}


# lunardate renamed leapMonthForYear; older releases have only the old name.
_LEAP_MONTH_OF = getattr(LunarDate, "leap_month_for_year", None) or LunarDate.leapMonthForYear


@functools.lru_cache(maxsize=8)
def _lunar_days(lunar_year: int) -> dict[dt.date, tuple[Key, ...]]:
    found: dict[dt.date, list[Key]] = {}
    leap_month = _LEAP_MONTH_OF(lunar_year)  # None, or the month that has a leap twin
    for month in range(1, 13):
        first = LunarDate(lunar_year, month, 1, False).to_solar_date()
        leap_first = LunarDate(lunar_year, month, 1, True).to_solar_date() if month == leap_month else None
        for day in range(1, 31):
            # ordinary month: day 30 of a 29-day month falls on day 29 (the module's rules)
            when = _lunar(lunar_year, month, day, False) if day >= 29 else first + dt.timedelta(days=day - 1)
            if when is not None:
                found.setdefault(when, []).append(("lunar", month, day, False))
            # a leap-month date: in its leap month when the year has one, else like the ordinary one
            if leap_first is not None:
                when = _lunar(lunar_year, month, day, True) if day >= 29 else leap_first + dt.timedelta(days=day - 1)
            if when is not None:
                found.setdefault(when, []).append(("lunar", month, day, True))
    return {k: tuple(v) for k, v in found.items()}


def keys_by_day(start: dt.date, days: int) -> list[tuple[dt.date, int, Key]]:
    """Every (solar day, year, date key) with ``start <= day <= start + days``, in day order.

    A key is (calendar, month, day, leap_month) as stored with a birthday or an occasion; the
    year is the solar year for a solar key and the lunar year for a lunar one (for one-off
    occasions and ages). The rules above decide where dates a year lacks go, so an occasion is
    found on exactly the day ``next_on_or_after`` gives.
    """
    end = start + dt.timedelta(days=days)
    out: list[tuple[dt.date, int, Key]] = []
    for year in range(start.year, end.year + 1):
        for when, keys in _solar_days(year).items():
            if start <= when <= end:
                out.extend((when, year, k) for k in keys)
    for lunar_year in range(start.year - 1, end.year + 1):
        if lunar_year not in LUNAR_YEARS:
            continue
        for when, keys in _lunar_days(lunar_year).items():
            if start <= when <= end:
                out.extend((when, lunar_year, k) for k in keys)
    out.sort(key=lambda t: (t[0], t[2][0] != "solar"))
    return out
