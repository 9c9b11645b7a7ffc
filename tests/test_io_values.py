"""Cells of other people's spreadsheets turned into clean values (desktop_crm/io/values.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import phonenumbers
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_crm.io import values
from desktop_crm.io.values import LunarDate, MonthDay, Parsed
from desktop_crm.services import phones


TIERS = (("A", "Gold", 1), ("B", "Silver", 2), ("C", "Bronze", 3))


# ------------------------------------------------------------------------------------ text, code

@pytest.mark.parametrize("cell, expected", [
    (12.0, "12"),
    (2.08, "2.08"),
    (13607, "13607"),
    (9611655998.0, "9611655998"),
    (1.3800138e10, "13800138000"),
    (1e20, "100000000000000000000"),
    (0.1 + 0.2, "0.3"),
    (-5.0, "-5"),
    ("  Федор  ", "Федор"),
    ("\ufeffJohn Smith\u200b", "John Smith"),
    ("\u3000张伟\u3000", "张伟"),
    (True, "TRUE"),
    (dt.datetime(2024, 1, 16, 10, 30), "2024-01-16 10:30:00"),
    (dt.date(2026, 5, 30), "2026-05-30"),
    (dt.time(9, 5), "09:05:00"),
    ("", None),
    ("   ", None),
    (None, None),
])
def test_text(cell, expected):
    assert values.text(cell) == Parsed(expected)


def test_text_too_long_is_cut_with_a_warning():
    parsed = values.text("TechCorp Incorporated", limit=8)
    assert parsed.value == "TechCorp"
    assert parsed.error is None
    assert parsed.warning == "'TechCorp Incorporated' is longer than 8 characters; only the first 8 were kept"


def test_text_within_limit_has_no_warning():
    assert values.text("TechCorp", limit=8) == Parsed("TechCorp")


@pytest.mark.parametrize("cell, expected", [
    (13607.0, "13607"),
    (573415, "573415"),
    (" 85123A ", "85123A"),
    ("1db68670-b383-4686-8f7f-e7fa0a5cea22", "1db68670-b383-4686-8f7f-e7fa0a5cea22"),
    ("00123", "00123"),
    ("", None),
    (None, None),
])
def test_code(cell, expected):
    assert values.code(cell) == Parsed(expected)


def test_code_in_scientific_notation_lost_digits():
    parsed = values.code("1.23457E+11")
    assert parsed.value is None
    assert parsed.error.startswith("'1.23457E+11' was saved in scientific notation")


@given(st.integers(min_value=1, max_value=10**15 - 1))
def test_whole_numbers_come_back_without_point_zero(n):
    assert values.text(float(n)).value == str(n)
    assert values.code(float(n)).value == str(n)


# ---------------------------------------------------------------------------------------- phones

@pytest.mark.parametrize("cell, region, raw, e164", [
    (9611655998.0, "RU", "9611655998", "+79611655998"),  # Russia's trunk prefix is 8: nothing lost
    (1.3800138e10, "CN", "13800138000", "+8613800138000"),  # Chinese mobiles have no trunk 0
    (13800138000, "CN", "13800138000", "+8613800138000"),
    (989138753179.0, "IR", "989138753179", "+989138753179"),  # country code without '+', nothing lost
    ("+1-555-0123", "CN", "+1-555-0123", "+15550123"),
    ("138 0013 8000", "CN", "138 0013 8000", "+8613800138000"),
    ("(010) 1234-5678", "CN", "(010) 1234-5678", "+861012345678"),
    ("8 (961) 165-59-98", "RU", "8 (961) 165-59-98", "+79611655998"),
    ("+7 961 165 59 98", "CN", "+7 961 165 59 98", "+79611655998"),
    ("0913 875 3179", "IR", "0913 875 3179", "+989138753179"),
    ("0044 20 7946 0958", "CN", "0044 20 7946 0958", "+442079460958"),
    ("010-1234-5678", "KR", "010-1234-5678", "+821012345678"),
    ("040 123 4567", "FI", "040 123 4567", "+358401234567"),
    ("+86 138-0013-8000", "RU", "+86 138-0013-8000", "+8613800138000"),
])
def test_phone_without_problems(cell, region, raw, e164):
    assert values.phone(cell, region) == Parsed((raw, e164))


@pytest.mark.parametrize("cell, region, raw, e164", [
    (9138753179.0, "IR", "09138753179", "+989138753179"),  # realworld: customers_persian_numeric_phone.xlsx
    (1012345678, "CN", "01012345678", "+861012345678"),  # a Beijing landline stored as a number
    (1012345678.0, "CN", "01012345678", "+861012345678"),
    (401234567.0, "FI", "0401234567", "+358401234567"),
    (201234567.0, "DE", "0201234567", "+49201234567"),
])
def test_phone_stored_as_number_gets_its_leading_zero_back(cell, region, raw, e164):
    parsed = values.phone(cell, region)
    assert parsed.value == (raw, e164)
    digits = raw[1:]
    assert parsed.warning == f"'{digits}' was stored as a number, so its leading 0 was lost; read as {raw}"


def test_the_same_digits_as_text_are_kept_as_written():
    parsed = values.phone("9138753179", "IR")
    assert parsed.warning is None
    assert parsed.value == ("9138753179", "+989138753179")


def test_a_number_that_fits_the_region_is_not_read_as_international():
    parsed = values.phone(12345678901.0, "CN")  # eleven digits: a Chinese length, though no valid number
    assert parsed.warning is None
    assert parsed.value == ("12345678901", "+8612345678901")


def test_an_international_number_stored_without_its_plus():
    parsed = values.phone(4915112345678.0, "CN")
    assert parsed.value == ("+4915112345678", "+4915112345678")
    assert parsed.warning == "'4915112345678' was stored as a number, so its '+' was lost; read as +4915112345678"


@pytest.mark.parametrize("cell, region, error", [
    ("abc", "CN", "'abc' is not a phone number"),
    ("1", "CN", "'1' is not a phone number"),
    ("12", "CN", "'12' has the wrong number of digits for CN"),
    ("+86 123", "CN", "'+86 123' has the wrong number of digits for CN"),
    (12345.6, "CN", "'12345.6' is not a phone number"),
    (-5.0, "CN", "'-5' is not a phone number"),
    (True, "CN", "'TRUE' is not a phone number"),
    (dt.date(2024, 1, 1), "CN", "'2024-01-01' is not a phone number"),
    ("9.61166E+09", "RU", "'9.61166E+09' was saved in scientific notation, so digits of the number were lost; "
                          "format the column as text and save the file again"),
])
def test_phone_errors(cell, region, error):
    assert values.phone(cell, region) == Parsed(error=error)


@pytest.mark.parametrize("cell", [None, "", "   "])
def test_empty_phone(cell):
    assert values.phone(cell, "CN") == Parsed()


@given(st.integers(min_value=10**6, max_value=10**14))
def test_phone_digits_round_trip_from_float(n):
    """A number cell comes back as its digits: as they were, or with the 0 or '+' that was lost, said so."""
    for region in ("RU", "CN", "IR"):
        parsed = values.phone(float(n), region)
        if parsed.value is None:
            assert parsed.error
            continue
        raw, e164 = parsed.value
        assert raw in (str(n), "0" + str(n), "+" + str(n))
        assert (raw != str(n)) == (parsed.warning is not None)
        assert e164.startswith("+") and e164[1:].isdigit()


_REGIONS = ("CN", "RU", "IR", "KR", "FI", "US", "GB", "DE", "JP", "IT", "AR", "BR", "MX", "FR", "IN", "HK")
_SEPARATORS = st.sampled_from(["", "", "", " ", "-", ".", "(", ")", "/"])


@st.composite
def _typed_numbers(draw):
    prefix = draw(st.sampled_from(["", "", "+", "00", "0", "8", "+7", "+86", "+98"]))
    groups = draw(st.lists(st.text("0123456789", min_size=1, max_size=5), min_size=1, max_size=5))
    text = prefix + "".join(group + draw(_SEPARATORS) for group in groups)
    return text.strip()


@settings(max_examples=3000, deadline=None)
@given(_typed_numbers(), st.sampled_from(_REGIONS))
def test_the_quick_phone_path_agrees_with_phones_normalise(text, region):
    assume(text)
    expected = phones.normalise(text, region)
    got = values._phone_text.__wrapped__(text, region)
    if expected.problem:
        assert got == Parsed(error=expected.problem)
    else:
        assert got == Parsed((text, expected.e164))  # the text as written, the number as phones reads it


@settings(max_examples=2000, deadline=None)
@given(st.text("0123456789", min_size=1, max_size=17), st.sampled_from(_REGIONS))
def test_the_quick_parse_of_digits_agrees_with_phonenumbers(digits, region):
    try:
        expected = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        expected = None
    assert values._parse_phone(digits, region) == expected


# ---------------------------------------------------------------------------------------- e-mail

@pytest.mark.parametrize("cell, expected", [
    ("john.smith@techcorp.com", "john.smith@techcorp.com"),
    ("  sarah.j@marketing.com ", "sarah.j@marketing.com"),
    ("John Smith <john@x.com>", "john@x.com"),
    ("mailto:john@x.com", "john@x.com"),
    ("ｊｏｈｎ＠ｘ．ｃｏｍ", "john@x.com"),
    ("иван@почта.рф", "иван@почта.рф"),
    ("", None),
    (None, None),
])
def test_email(cell, expected):
    assert values.email(cell) == Parsed(expected)


def test_several_emails_keep_the_first_with_a_warning():
    parsed = values.email("a@x.com; b@y.com")
    assert parsed.value == "a@x.com"
    assert parsed.warning == "'a@x.com; b@y.com' holds 2 e-mail addresses; the first, a@x.com, was used"


@pytest.mark.parametrize("cell", ["john.smith", "john@", "@x.com", "john@x", 12.0])
def test_not_an_email(cell):
    parsed = values.email(cell)
    assert parsed.value is None
    assert parsed.error == f"{values._q(cell)} is not an e-mail address"


# ----------------------------------------------------------------------------------------- dates

@pytest.mark.parametrize("cell, expected", [
    (dt.datetime(2011, 10, 30, 16, 17), dt.date(2011, 10, 30)),
    (dt.date(2026, 5, 30), dt.date(2026, 5, 30)),
    ("1985年3月12日", dt.date(1985, 3, 12)),
    ("1985年03月12日", dt.date(1985, 3, 12)),
    ("１９８５年３月１２日", dt.date(1985, 3, 12)),
    ("1985年3月12号", dt.date(1985, 3, 12)),
    ("12.03.1985", dt.date(1985, 3, 12)),
    ("03.04.1985", dt.date(1985, 4, 3)),  # dots: always day.month.year
    ("12.03.85", dt.date(1985, 3, 12)),
    ("1985-03-12", dt.date(1985, 3, 12)),
    ("1985-3-12", dt.date(1985, 3, 12)),
    ("1985/3/12", dt.date(1985, 3, 12)),
    ("1985.03.12", dt.date(1985, 3, 12)),
    ("1985. 3. 12.", dt.date(1985, 3, 12)),
    ("19850312", dt.date(1985, 3, 12)),
    ("13/04/1985", dt.date(1985, 4, 13)),
    ("04/13/1985", dt.date(1985, 4, 13)),
    ("05/05/1985", dt.date(1985, 5, 5)),
    ("12 March 1985", dt.date(1985, 3, 12)),
    ("12th March 1985", dt.date(1985, 3, 12)),
    ("March 12, 1985", dt.date(1985, 3, 12)),
    ("Mar 12 1985", dt.date(1985, 3, 12)),
    ("12-Mar-1985", dt.date(1985, 3, 12)),
    ("12-mar-85", dt.date(1985, 3, 12)),
    ("12 марта 1985", dt.date(1985, 3, 12)),
    ("12 марта 1985 г.", dt.date(1985, 3, 12)),
    ("1 мая 1990 года", dt.date(1990, 5, 1)),
    ("12. maaliskuuta 1985", dt.date(1985, 3, 12)),
    ("1985년 3월 12일", dt.date(1985, 3, 12)),
    ("2024-01-15", dt.date(2024, 1, 15)),
    ("2024-01-16 10:30:00", dt.date(2024, 1, 16)),
    ("13/04/1985 10:30", dt.date(1985, 4, 13)),
    ("29.02.2024", dt.date(2024, 2, 29)),
])
def test_date(cell, expected):
    assert values.date(cell) == Parsed(expected)


@pytest.mark.parametrize("cell, expected", [
    ("3月12日", MonthDay(3, 12)),
    ("3月12号", MonthDay(3, 12)),
    ("3월 12일", MonthDay(3, 12)),
    ("12 March", MonthDay(3, 12)),
    ("March 12", MonthDay(3, 12)),
    ("12 марта", MonthDay(3, 12)),
    ("12.03", MonthDay(3, 12)),
    ("--02-29", MonthDay(2, 29)),
    ("29.02", MonthDay(2, 29)),  # without a year, 29 February is a birthday like another
    ("三月十二日", MonthDay(3, 12)),
])
def test_dates_without_a_year(cell, expected):
    assert values.date(cell) == Parsed(expected)


@pytest.mark.parametrize("cell, expected", [
    ("农历八月十五", LunarDate(8, 15)),
    ("农历1985年八月十五", LunarDate(8, 15, False, 1985)),
    ("1985年农历八月十五", LunarDate(8, 15, False, 1985)),
    ("农历一九八五年八月十五日", LunarDate(8, 15, False, 1985)),
    ("阴历正月初一", LunarDate(1, 1)),
    ("农历闰四月初八", LunarDate(4, 8, True)),
    ("农历2023年闰二月初一", LunarDate(2, 1, True, 2023)),
    ("農曆八月十五", LunarDate(8, 15)),
    ("陰曆臘月廿三", LunarDate(12, 23)),
    ("农历冬月三十", LunarDate(11, 30)),
    ("农历十一月初十", LunarDate(11, 10)),
    ("农历十二月二十", LunarDate(12, 20)),
    ("农历二月二十一", LunarDate(2, 21)),
    ("农历8月15日", LunarDate(8, 15)),
    ("八月十五（农历）", LunarDate(8, 15)),
    ("正月初一", LunarDate(1, 1)),  # 正月 and 初一 are only ever lunar
    ("腊月廿九", LunarDate(12, 29)),
    ("lunar 8/15", LunarDate(8, 15)),
    ("Lunar 1985-08-15", LunarDate(8, 15, False, 1985)),
    ("음력 8월 15일", LunarDate(8, 15)),
    ("음력 윤4월 8일", LunarDate(4, 8, True)),
])
def test_lunar_dates(cell, expected):
    assert values.date(cell) == Parsed(expected)


@pytest.mark.parametrize("cell, error", [
    ("31.02.1985", "'31.02.1985' is not a date: February 1985 has no day 31"),
    ("29.02.1985", "'29.02.1985' is not a date: February 1985 has no day 29"),
    ("1985-13-01", "'1985-13-01' is not a date: there is no month 13"),
    ("31.04", "'31.04' is not a date: April has no day 31"),
    ("31/13/1985", "'31/13/1985' is not a date"),
    ("0001-01-01", "'0001-01-01' is not a date: its year cannot be right"),
    ("yesterday", "'yesterday' is not a date"),
    ("12 Foo 1985", "'12 Foo 1985' is not a date"),
    ("农历2024年闰二月初一", "'农历2024年闰二月初一' is not a lunar date: the lunar year 2024 has no leap month 2"),
    ("农历十三月初一", "'农历十三月初一' is not a lunar date"),
    ("lunar 8/31", "'lunar 8/31' is not a lunar date: lunar months are 1–12 and days 1–30"),
    (1985, "'1985' is a year without a month and day"),
    (60, "'60' is 29 February 1900 in Excel's numbering, a day that never existed"),
    (3_000_000, "'3000000' is not a date"),
    (dt.time(10, 30), "'10:30:00' is a time of day, not a date"),
    (True, "'TRUE' is not a date"),
])
def test_date_errors(cell, error):
    assert values.date(cell) == Parsed(error=error)


@pytest.mark.parametrize("cell, dmy, mdy", [
    ("03/04/1985", dt.date(1985, 4, 3), dt.date(1985, 3, 4)),
    ("12/03/1985", dt.date(1985, 3, 12), dt.date(1985, 12, 3)),
    ("03-04-1985", dt.date(1985, 4, 3), dt.date(1985, 3, 4)),
    ("3/4/85", dt.date(1985, 4, 3), dt.date(1985, 3, 4)),
    ("03/04", MonthDay(4, 3), MonthDay(3, 4)),
])
def test_ambiguous_day_and_month(cell, dmy, mdy):
    parsed = values.date(cell)
    assert parsed.value is None and parsed.ambiguous
    assert values.date(cell, order="dmy") == Parsed(dmy)
    assert values.date(cell, order="mdy") == Parsed(mdy)


def test_ambiguity_message():
    assert values.date("03/04/1985").error == ("'03/04/1985' could be 3 April or 4 March; "
                                               "choose the day/month order for this file")


def test_an_order_does_not_override_what_the_values_say():
    assert values.date("13/04/1985", order="mdy") == Parsed(dt.date(1985, 4, 13))
    assert values.date("12.03.1985", order="mdy") == Parsed(dt.date(1985, 3, 12))  # dots stay d.m.y
    assert values.date("85/03/12", order="ymd") == Parsed(dt.date(1985, 3, 12))


def test_an_unknown_order_is_a_programming_error():
    for cell in ("03/04/1985", "1985-04-03", None):
        with pytest.raises(ValueError):
            values.date(cell, order="ydm")
    with pytest.raises(ValueError):
        values.datetime_("2024-01-16 10:30", order="DMY")


def test_two_digit_years_pivot_ten_years_ahead():
    """A two-digit year is 20xx up to ten years after this year, otherwise 19xx."""
    last_20xx = (dt.date.today().year + 10) % 100
    first_19xx = last_20xx + 1
    assert values.date(f"01.02.{last_20xx:02d}").value == dt.date(2000 + last_20xx, 2, 1)
    assert values.date(f"01.02.{first_19xx:02d}").value == dt.date(1900 + first_19xx, 2, 1)
    assert values.date("01.02.00").value == dt.date(2000, 2, 1)
    assert values.date("01.02.99").value == dt.date(1999, 2, 1)


@pytest.mark.parametrize("serial, expected", [
    (1, dt.date(1900, 1, 1)),
    (59, dt.date(1900, 2, 28)),
    (61, dt.date(1900, 3, 1)),  # Excel's fictitious 29 February 1900 is serial 60
    (31118, dt.date(1985, 3, 12)),
    (45307, dt.date(2024, 1, 16)),
    (45307.4375, dt.date(2024, 1, 16)),
    (2958465, dt.date(9999, 12, 31)),
    (19850312, dt.date(1985, 3, 12)),  # yyyymmdd typed as a number
])
def test_excel_serial_numbers(serial, expected):
    assert values.date(serial) == Parsed(expected)
    assert values.date(float(serial)) == Parsed(expected)


@pytest.mark.parametrize("serial, expected", [
    (0, dt.date(1904, 1, 1)),
    (29656, dt.date(1985, 3, 12)),
])
def test_excel_serial_numbers_1904(serial, expected):
    assert values.date(serial, date1904=True) == Parsed(expected)


_DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@given(_DATES)
def test_dates_round_trip_in_three_orders(day):
    for pattern, order in (("%d/%m/%Y", "dmy"), ("%m/%d/%Y", "mdy"), ("%Y/%m/%d", "ymd"),
                           ("%d.%m.%Y", None), ("%Y-%m-%d", None), ("%d %B %Y", None), ("%B %d, %Y", None),
                           ("%d-%b-%Y", None)):
        assert values.date(day.strftime(pattern), order=order) == Parsed(day), pattern
    assert values.date(f"{day.year}年{day.month}月{day.day}日") == Parsed(day)
    assert values.date(f"{day.year}년 {day.month}월 {day.day}일") == Parsed(day)


@given(_DATES)
def test_without_an_order_a_date_is_right_or_ambiguous_never_wrong(day):
    for pattern in ("%d/%m/%Y", "%m/%d/%Y"):
        parsed = values.date(day.strftime(pattern))
        assert parsed.value == day or (parsed.ambiguous and parsed.value is None)


@given(st.dates(min_value=dt.date(1904, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_excel_serials_round_trip(day):
    """Every day number is its date, except 1900–2100: those are years (days of 1905 and 1909 in Excel)."""
    for serial, date1904 in (((day - dt.date(1899, 12, 30)).days, False), ((day - dt.date(1904, 1, 1)).days, True)):
        if 1900 <= serial <= 2100:
            assert values.date(serial, date1904=date1904).error == f"'{serial}' is a year without a month and day"
        else:
            assert values.date(serial, date1904=date1904) == Parsed(day)


# ------------------------------------------------------------------------------------- date-times

@pytest.mark.parametrize("cell, expected", [
    ("2024-01-16 10:30:00", dt.datetime(2024, 1, 16, 10, 30)),
    ("2024-01-16T10:30", dt.datetime(2024, 1, 16, 10, 30)),
    ("2024-01-16", dt.datetime(2024, 1, 16)),
    (dt.datetime(2011, 10, 30, 16, 17), dt.datetime(2011, 10, 30, 16, 17)),
    (dt.date(2024, 1, 16), dt.datetime(2024, 1, 16)),
    ("16.01.2024 10:30", dt.datetime(2024, 1, 16, 10, 30)),
    ("1/16/2024 10:30 PM", dt.datetime(2024, 1, 16, 22, 30)),
    ("1/16/2024 12:05 am", dt.datetime(2024, 1, 16, 0, 5)),
    ("2024年1月16日 10:30", dt.datetime(2024, 1, 16, 10, 30)),
    ("16 January 2024, 10:30:15", dt.datetime(2024, 1, 16, 10, 30, 15)),
    (45307.4375, dt.datetime(2024, 1, 16, 10, 30)),
    (45307, dt.datetime(2024, 1, 16)),
])
def test_datetime(cell, expected):
    assert values.datetime_(cell) == Parsed(expected)


def test_datetime_with_a_zone_becomes_local_time():
    expected = dt.datetime(2024, 1, 16, 10, 30, tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
    assert values.datetime_("2024-01-16T10:30:00Z") == Parsed(expected)
    assert values.datetime_("16.01.2024 13:30 +03:00") == Parsed(expected)


@pytest.mark.parametrize("cell, error", [
    ("3月12日", "'3月12日' has no year, so it cannot be placed in time"),
    ("农历八月十五", "'农历八月十五' is a lunar date; give the day on the ordinary calendar"),
    ("16.01.2024 25:00", "'16.01.2024 25:00' is not a time of day"),
    ("soon", "'soon' is not a date"),
])
def test_datetime_errors(cell, error):
    assert values.datetime_(cell) == Parsed(error=error)


def test_datetime_ambiguous_and_resolved():
    assert values.datetime_("03/04/2024 10:00").ambiguous
    assert values.datetime_("03/04/2024 10:00", order="dmy") == Parsed(dt.datetime(2024, 4, 3, 10))


# --------------------------------------------------------------------------------- amounts, numbers

@pytest.mark.parametrize("cell, number, currency", [
    ("¥1,234.50", "1234.50", "CNY"),
    ("￥1,234.50", "1234.50", "CNY"),
    ("1 234,50 ₽", "1234.50", "RUB"),
    ("1\u00a0234,50\u00a0руб.", "1234.50", "RUB"),
    ("$1,234", "1234", "USD"),
    ("1.234,50 €", "1234.50", "EUR"),
    ("RMB 500", "500", "CNY"),
    ("500元", "500", "CNY"),
    ("5万元", "50000", "CNY"),
    ("₩50,000", "50000", "KRW"),
    ("50,000원", "50000", "KRW"),
    ("£12.99", "12.99", "GBP"),
    ("USD 10", "10", "USD"),
    ("10 SEK", "10", "SEK"),
    ("1,234", "1234", None),
    ("1,5", "1.5", None),
    ("0,125", "0.125", None),
    ("1.5", "1.5", None),
    ("1,234,567.89", "1234567.89", None),
    ("1.234.567", "1234567", None),
    ("1'234.50", "1234.50", None),
    ("(100.00)", "-100.00", None),
    ("-100", "-100", None),
    ("−100", "-100", None),
    ("100-", "-100", None),
    ("-$5.00", "-5.00", "USD"),
    (2.08, "2.08", None),
    (75000.0, "75000", None),
    (0.1 + 0.2, "0.3", None),
    (1794, "1794", None),
])
def test_amount(cell, number, currency):
    assert values.amount(cell) == Parsed((Decimal(number), currency))


@pytest.mark.parametrize("cell, error", [
    ("abc", "'abc' is not an amount"),
    ("12 34", "'12 34' is not an amount"),
    ("5-10", "'5-10' is not an amount"),
    ("100 bananas", "'100 bananas' is not an amount: the currency is not one this program knows"),
    (True, "'TRUE' is not an amount"),
])
def test_amount_errors(cell, error):
    assert values.amount(cell) == Parsed(error=error)


def test_float_cells_keep_what_the_spreadsheet_shows():
    assert values.amount(2.08).value[0] == Decimal("2.08")
    assert values.amount(8.29).value[0] == Decimal("8.29")
    assert values.amount(1.1 * 3).value[0] == Decimal("3.3")


_STYLES = (
    lambda whole, cents: f"{whole:,}.{cents:02d}",  # 1,234.50
    lambda whole, cents: f"{whole:,}.{cents:02d}".replace(",", " ").replace(".", ","),  # 1 234,50
    lambda whole, cents: f"{whole:,}.{cents:02d}".replace(",", "_").replace(".", ",").replace("_", "."),  # 1.234,50
    lambda whole, cents: f"{whole}.{cents:02d}",
)


@given(st.integers(min_value=0, max_value=10**11), st.sampled_from(_STYLES),
       st.sampled_from([("", "", None), ("¥", "", "CNY"), ("", " ₽", "RUB"), ("$", "", "USD"), ("", " €", "EUR"),
                        ("₩", "", "KRW"), ("RMB ", "", "CNY"), ("", "元", "CNY")]),
       st.booleans())
def test_amount_formatting_round_trip(cents_total, style, money, negative):
    whole, cents = divmod(cents_total, 100)
    prefix, suffix, currency = money
    written = prefix + style(whole, cents) + suffix
    if negative:
        written = f"({written})"
    expected = Decimal(cents_total) / 100
    assert values.amount(written) == Parsed((-expected if negative else expected, currency))


@pytest.mark.parametrize("cell, expected", [
    ("1 234,5", 1234.5),
    ("1,234.5", 1234.5),
    ("12", 12.0),
    (6.0, 6.0),
    (3, 3.0),
    ("5 pcs", 5.0),
    ("3件", 3.0),
    ("2 шт.", 2.0),
    ("-1", -1.0),
])
def test_number(cell, expected):
    assert values.number(cell) == Parsed(expected)


@pytest.mark.parametrize("cell", ["many", "1-2", True])
def test_not_a_number(cell):
    parsed = values.number(cell)
    assert parsed.value is None and parsed.error.endswith("is not a number")


# ------------------------------------------------------------------------------------------ words

@pytest.mark.parametrize("cell, expected", [
    ("A", "A"), ("a", "A"), ("b", "B"), ("Gold", "A"), ("gold", "A"), ("Silver", "B"), ("Bronze", "C"),
    ("金", "A"), ("金牌", "A"), ("黄金", "A"), ("Золото", "A"), ("골드", "A"),
    ("银", "B"), ("白银", "B"), ("Серебро", "B"), ("실버", "B"),
    ("铜", "C"), ("青铜", "C"), ("Бронза", "C"), ("브론즈", "C"),
    ("VIP", "A"), ("重要", "A"), ("ключевой", "A"),
    ("一级", "A"), ("二级", "B"), ("三级", "C"), ("1", "A"), (2.0, "B"), (3, "C"), ("Level 2", "B"),
    (" a级 ", "A"),
])
def test_tier(cell, expected):
    assert values.tier(cell, TIERS) == Parsed(expected)


def test_tier_words_follow_the_configured_ranks():
    tiers = [("VIP", "Key accounts", 1), ("STD", "Standard", 2)]
    assert values.tier("Gold", tiers) == Parsed("VIP")
    assert values.tier("B", tiers) == Parsed("STD")
    assert values.tier("standard", tiers) == Parsed("STD")
    assert values.tier("C", tiers).error == "'C' is not one of the tiers: VIP (Key accounts), STD (Standard)"


@pytest.mark.parametrize("cell", ["Platinum", "D", "4"])
def test_unknown_tier_lists_the_tiers(cell):
    assert values.tier(cell, TIERS) == Parsed(
        error=f"'{cell}' is not one of the tiers: A (Gold), B (Silver), C (Bronze)")


@pytest.mark.parametrize("cell, expected", [
    ("Active", "active"), ("活跃", "active"), ("活躍", "active"), ("Активный", "active"), ("활성", "active"),
    ("Aktiivinen", "active"),
    ("Lead", "prospect"), ("Prospect", "prospect"), ("潜在", "prospect"), ("Потенциальный", "prospect"),
    ("잠재고객", "prospect"), ("Liidi", "prospect"),
    ("Churned", "lost"), ("Lost", "lost"), ("流失", "lost"), ("Потерян", "lost"), ("이탈", "lost"),
    ("Inactive", "dormant"), ("Dormant", "dormant"), ("休眠", "dormant"), ("沉睡", "dormant"),
    ("Неактивный", "dormant"), ("휴면", "dormant"), ("Passiivinen", "dormant"),
    ("  ACTIVE ", "active"),
])
def test_status(cell, expected):
    assert values.status(cell) == Parsed(expected)


def test_unknown_status_is_a_warning_and_keeps_the_default():
    parsed = values.status("Gold")
    assert parsed.value is None and parsed.error is None
    assert parsed.warning == ("'Gold' is not a customer status (prospect, active, dormant or lost); "
                              "the default status was kept")


@pytest.mark.parametrize("cell, expected", [
    ("Call", "call"), ("Phone call", "call"), ("电话", "call"), ("Звонок", "call"), ("전화", "call"),
    ("Puhelu", "call"), ("Called the CEO", "call"),
    ("Meeting", "visit"), ("Visit", "visit"), ("Demo", "visit"), ("拜访", "visit"), ("Визит", "visit"),
    ("Встреча", "visit"), ("방문", "visit"), ("Käynti", "visit"), ("Site visit at plant", "visit"),
    ("Gift", "gift"), ("送礼", "gift"), ("Birthday", "congratulation"), ("问候", "greeting"),
    ("Complaint", "complaint_follow_up"), ("投诉回访", "complaint_follow_up"), ("慰问", "disaster_care"),
    ("Support", "help"),
    ("Email", "other"), ("Follow-up", "other"), ("微信", "other"), ("Something else", "other"),
    ("disaster_care", "disaster_care"),
])
def test_care_kind(cell, expected):
    assert values.care_kind(cell) == Parsed(expected)


@pytest.mark.parametrize("cell, expected", [
    ("person", "person"), ("个人", "person"), ("Частное лицо", "person"), ("company", "company"),
    ("公司", "company"), ("企业", "company"), ("Юрлицо", "company"), ("법인", "company"),
])
def test_customer_kind(cell, expected):
    assert values.customer_kind(cell) == Parsed(expected)


@pytest.mark.parametrize("cell, expected", [
    ("CN", "CN"), ("cn", "CN"), ("China", "CN"), ("中国", "CN"), ("中國", "CN"), ("CHN", "CN"),
    ("Россия", "RU"), ("Russia", "RU"), ("РФ", "RU"), ("RUS", "RU"),
    ("Korea", "KR"), ("South Korea", "KR"), ("대한민국", "KR"), ("한국", "KR"), ("韩国", "KR"), ("KOR", "KR"),
    ("Suomi", "FI"), ("Finland", "FI"), ("Финляндия", "FI"), ("芬兰", "FI"),
    ("United Kingdom", "GB"), ("UK", "GB"), ("GBR", "GB"), ("英国", "GB"),
    ("USA", "US"), ("U.S.A.", "US"), ("United States", "US"), ("美国", "US"), ("США", "US"),
    ("Germany", "DE"), ("Saksa", "DE"), ("DEU", "DE"), ("Deutschland", "DE"),
    ("Iran", "IR"), ("ایران", "IR"), ("日本", "JP"), ("Объединённые Арабские Эмираты", "AE"),
    ("pt", "PT"),
])
def test_country(cell, expected):
    assert values.country(cell) == Parsed(expected)


@pytest.mark.parametrize("cell", ["Atlantis", "XX", "美国×1"])
def test_unknown_country(cell):
    assert values.country(cell) == Parsed(
        error=f"'{cell}' is not a country this program knows; write it as a two-letter code such as CN, RU, KR, "
              "FI or US")


@pytest.mark.parametrize("surname, given, expected", [
    ("张", "伟", "张伟"),
    ("欧阳", "娜娜", "欧阳娜娜"),
    ("김", "민수", "김민수"),
    ("Воробьев", "Федор", "Федор Воробьев"),
    ("Smith", "John", "John Smith"),
    ("Virtanen", "Matti", "Matti Virtanen"),
    (" Smith ", None, "Smith"),
    (None, "Любовь", "Любовь"),
    ("", "", None),
])
def test_full_name(surname, given, expected):
    assert values.full_name(surname, given) == expected


@pytest.mark.parametrize("names, expected", [
    (["Федор Воробьев", "Любовь Ромазанова", "Анфиса Крутова"], "RU"),
    (["مهدی"], "IR"),
    (["محمد", "علی", "مهدی"], "IR"),
    (["محمد", "احمد"], None),  # Arabic without Persian letters: no guess
    (["김민수", "이영희"], "KR"),
    (["张伟", "李娜", "tk阔境"], "CN"),
    (["Matti Mäkinen", "Liisa Virtanen", "Jussi Hämäläinen", "Anna Korhonen"], "FI"),
    (["Jürgen Müller", "Hans Schäfer", "Björn Weiß"], None),
    (["John Smith", "Sarah Johnson"], None),
    (["John Smith", "Федор", "张伟", "김민수"], None),
    ([], None),
])
def test_guess_region(names, expected):
    assert values.guess_region(names) == expected


# ------------------------------------------------------------------------------- real-world files

def _sheet(folder, name: str, sheet: int = 0) -> list[list]:
    path = folder / name
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared real-world files are not checked out)")
    calamine = pytest.importorskip("python_calamine")
    workbook = calamine.CalamineWorkbook.from_path(str(path))
    return workbook.get_sheet_by_index(sheet).to_python()


def test_realworld_russian_phones_stored_as_floats(realworld):
    rows = _sheet(realworld, "clients_russian_phone_as_number.xlsx")
    assert rows[0] == ["Фамилия", "Имя", "Номер телефона"]
    data = [row for row in rows[1:] if row[2] not in ("", None)]
    assert len(data) >= 250
    assert values.guess_region(row[1] for row in data) == "RU"
    parsed = [values.phone(row[2], "RU") for row in data]
    ok = [p for p in parsed if p.error is None]
    assert len(ok) >= 0.95 * len(parsed)
    assert all(p.warning is None and p.value[1].startswith("+79") for p in ok)
    assert values.full_name(data[0][0], data[0][1]) == "Федор Воробьев"


def test_realworld_persian_phone_gets_its_zero_back(realworld):
    rows = _sheet(realworld, "customers_persian_numeric_phone.xlsx")
    name, number = rows[1][:2]
    assert values.guess_region([name]) == "IR"
    parsed = values.phone(number, "IR")
    assert parsed.value == ("09138753179", "+989138753179")
    assert "leading 0 was lost" in parsed.warning


def test_realworld_activity_log(realworld):
    rows = _sheet(realworld, "customers_with_activity_log.xlsx", 1)
    assert rows[0] == ["Log ID", "Customer ID", "Action", "Notes", "Timestamp"]
    kinds = [values.care_kind(row[2]).value for row in rows[1:6]]
    assert kinds == ["other", "call", "visit", "visit", "other"]
    assert values.datetime_(rows[1][4]) == Parsed(dt.datetime(2024, 1, 16, 10, 30))
    statuses = [values.status(row[5]).value for row in _sheet(realworld, "customers_with_activity_log.xlsx", 0)[1:6]]
    assert statuses == ["active", "active", "prospect", "lost", "prospect"]


def test_realworld_online_retail_lines(realworld):
    rows = _sheet(realworld, "online_retail_purchases_40k.xlsx")[:200]
    first = rows[1]
    assert values.code(first[0]) == Parsed("573415")
    assert values.amount(first[5]) == Parsed((Decimal("2.08"), None))
    assert values.date(first[4]) == Parsed(dt.date(2011, 10, 30))
    assert values.country(first[7]) == Parsed("GB")
    for row in rows[1:]:
        assert values.number(row[3]).error is None
        assert values.amount(row[5]).error is None
        assert values.datetime_(row[4]).error is None


def test_number_cells_of_one_shape_agree_with_the_full_path():
    """The per-shape shortcut for number cells (region, length, first 7 digits) gives what the full
    path gives, for many numbers that share shapes."""
    import random

    from desktop_crm.io import values as v

    rng = random.Random(5)
    prefixes = {"CN": ["138", "139", "150", "186", "10", "21", "755"], "RU": ["916", "903", "495", "812"],
                "IR": ["912", "913", "21"], "KR": ["10", "2", "31"], "FI": ["40", "50", "9"], "US": ["212", "415"]}
    checked = 0
    for region, starts in prefixes.items():
        for start in starts:
            for length in range(len(start) + 6, 13):
                head = start + "".join(rng.choice("0123456789") for _ in range(7 - len(start)))
                for _ in range(12):
                    digits = (head + "".join(rng.choice("0123456789") for _ in range(length)))[:length]
                    assert v._phone_digits(digits, region) == v._phone_digits_full(digits, region), (region, digits)
                    for text in (digits, f"{digits[:3]}-{digits[3:]}", f"+{digits}", f"({digits[:3]}) {digits[3:]}"):
                        plus = text.startswith("+")
                        bare = text.translate(v._PHONE_SEPARATORS).lstrip("+")
                        assert v._phone_text(text, region) == v._phone_text_full(text, bare, plus, region), (region, text)
                    checked += 1
    assert checked > 1000
