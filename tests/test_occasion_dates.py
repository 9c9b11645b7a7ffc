"""Solar dates of birthdays and occasions, lunar ones included, with the rules for missing days."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunardate import LunarDate

from desktop_crm.services import occasion_dates
from desktop_crm.services.occasion_dates import next_on_or_after, solar_in_year


def _named(calendar: holidays.HolidayBase, name: str) -> dt.date:
    """The first day the holidays package gives exactly this name."""
    return min(day for day, holiday in calendar.items() if name in holiday.split("; "))


@pytest.mark.parametrize("year", range(2001, 2100))
def test_lunar_new_year_and_mid_autumn_match_the_holidays_package(year):
    china = holidays.China(years=year)
    assert solar_in_year("lunar", 1, 1, year) == _named(china, "Chinese New Year (Spring Festival)")
    if year >= 2008:  # China's public Mid-Autumn and Dragon Boat holidays start in 2008
        assert solar_in_year("lunar", 8, 15, year) == _named(china, "Mid-Autumn Festival")
        assert solar_in_year("lunar", 5, 5, year) == _named(china, "Dragon Boat Festival")


def test_the_korean_lunar_calendar_differs_in_some_years():
    """Korea reckons the lunar calendar at UTC+9, China at UTC+8: some new moons fall on different days.

    These dates follow the Chinese calendar (as lunardate does). Korean Seollal 2027 is a day later;
    in most years the two agree. The care engine decides which calendar a customer's country uses.
    """
    differs = [y for y in range(2001, 2100)
               if solar_in_year("lunar", 1, 1, y) != _named(holidays.KR(years=y), "Korean New Year")]
    assert 2027 in differs and 2026 not in differs
    assert _named(holidays.KR(years=2027), "Korean New Year") == solar_in_year("lunar", 1, 1, 2027) + dt.timedelta(days=1)
    assert len(differs) < 10


def test_known_lunar_birthdays():
    assert solar_in_year("lunar", 8, 15, 2026) == dt.date(2026, 9, 25)
    assert solar_in_year("lunar", 1, 1, 2027) == dt.date(2027, 2, 6)


def test_a_leap_month_birthday_falls_in_the_ordinary_month_when_the_year_has_no_leap_month():
    # 2023 has a leap second month (闰二月); 2024 does not.
    assert solar_in_year("lunar", 2, 1, 2023, leap_month=True) == dt.date(2023, 3, 22)
    assert solar_in_year("lunar", 2, 1, 2023, leap_month=False) == dt.date(2023, 2, 20)
    assert solar_in_year("lunar", 2, 1, 2024, leap_month=True) == dt.date(2024, 3, 10)
    assert solar_in_year("lunar", 2, 1, 2024, leap_month=True) == solar_in_year("lunar", 2, 1, 2024)


def _month_length(year: int, month: int) -> int:
    try:
        LunarDate(year, month, 30).to_solar_date()
        return 30
    except ValueError:
        return 29


def test_lunar_day_30_falls_on_day_29_in_a_29_day_month():
    short = next(y for y in range(2001, 2100) if _month_length(y, 2) == 29)
    long = next(y for y in range(2001, 2100) if _month_length(y, 2) == 30)
    assert solar_in_year("lunar", 2, 30, short) == LunarDate(short, 2, 29).to_solar_date()
    assert solar_in_year("lunar", 2, 30, long) == LunarDate(long, 2, 30).to_solar_date()
    assert solar_in_year("lunar", 2, 30, long) - solar_in_year("lunar", 2, 29, long) == dt.timedelta(days=1)


def test_february_29_falls_on_february_28_in_other_years():
    assert solar_in_year("solar", 2, 29, 2027) == dt.date(2027, 2, 28)
    assert solar_in_year("solar", 2, 29, 2028) == dt.date(2028, 2, 29)
    assert solar_in_year("solar", 2, 29, 2100) == dt.date(2100, 2, 28)  # not a leap year
    assert next_on_or_after("solar", 2, 29, dt.date(2026, 3, 1)) == dt.date(2027, 2, 28)


def test_impossible_dates_and_years_outside_the_lunar_tables_give_none():
    assert solar_in_year("solar", 4, 31, 2026) is None
    assert solar_in_year("lunar", 13, 1, 2026) is None
    assert solar_in_year("lunar", 1, 31, 2026) is None
    assert solar_in_year("lunar", 1, 1, 1899) is None
    assert solar_in_year("lunar", 1, 1, 2100) is None


def test_next_occurrence_crosses_the_solar_new_year():
    today = dt.date(2026, 11, 21)
    # Lunar 12/20 of lunar year 2026 is in February 2027, and lunar 10/1 of 2026 has passed.
    assert next_on_or_after("lunar", 12, 20, today) == LunarDate(2026, 12, 20).to_solar_date()
    assert next_on_or_after("lunar", 10, 1, today) == LunarDate(2027, 10, 1).to_solar_date()
    assert next_on_or_after("solar", 11, 21, today) == today  # today counts
    assert next_on_or_after("solar", 11, 20, today) == dt.date(2027, 11, 20)


@given(st.dates(min_value=dt.date(1901, 3, 1), max_value=dt.date(2098, 10, 1)),
       st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=30), st.booleans())
def test_next_lunar_occurrence_is_the_first_one_on_or_after_the_start(start, month, day, leap):
    found = next_on_or_after("lunar", month, day, start, leap_month=leap)
    assert found is not None and start <= found < start + dt.timedelta(days=400)
    back = LunarDate.from_solar_date(found.year, found.month, found.day)
    assert back.month == month and back.day in (day, 29)
    assert not back.is_leap_month or leap  # a leap-month day only for a leap-month occasion
    earlier = [solar_in_year("lunar", month, day, y, leap_month=leap) for y in range(start.year - 1, start.year + 2)]
    assert not any(d is not None and start <= d < found for d in earlier)


@settings(max_examples=150, deadline=None)
@given(st.dates(min_value=dt.date(1901, 3, 1), max_value=dt.date(2098, 10, 1)), st.integers(min_value=0, max_value=40))
def test_the_agenda_look_up_finds_each_date_on_its_next_occurrence(start, days):
    """keys_by_day (the agenda's SQL look-up) and next_on_or_after agree for every key it names."""
    for when, _year, (calendar, month, day, leap) in occasion_dates.keys_by_day(start, days):
        assert start <= when <= start + dt.timedelta(days=days)
        assert occasion_dates.next_on_or_after(calendar, month, day, start, leap_month=leap) == when
