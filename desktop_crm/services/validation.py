"""Checking and cleaning field values before they reach the database."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from desktop_crm.models import Calendar

from . import phones

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
COUNTRY_RE = re.compile(r"^[A-Za-z]{2}$")


class Problems(dict):
    """field -> sentence; raise ValidationError(problems) when not empty."""


def clean_text(value, limit: int | None = None) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    return text[:limit] if limit else text


def enum_value(enum_cls: type[StrEnum], value, field: str, problems: Problems):
    if value is None or value == "":
        return None
    try:
        return enum_cls(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(m.value for m in enum_cls)
        problems[field] = f"'{value}' is not one of: {allowed}"
        return None


def email(value, field: str, problems: Problems) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    if not EMAIL_RE.match(text):
        problems[field] = f"'{text}' is not an e-mail address"
        return text
    return text


def phone(value, field: str, region: str, problems: Problems) -> tuple[str | None, str | None]:
    result = phones.normalise(clean_text(value), region)
    if result.problem:
        problems[field] = result.problem
    return result.raw, result.e164


def country(value, field: str, problems: Problems) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    if not COUNTRY_RE.match(text):
        problems[field] = f"'{text}' is not a two-letter country code such as CN, RU, KR, FI or US"
        return None
    return text.upper()


def money(value, field: str, problems: Problems) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace(" ", ""))
    except InvalidOperation:
        problems[field] = f"'{value}' is not an amount"
        return None
    if not amount.is_finite() or amount < 0:
        problems[field] = f"'{value}' must be zero or more"
        return None
    return amount.quantize(Decimal("0.01"))


def calendar_date(calendar, year, month, day, leap, problems: Problems, field: str = "date") -> dict:
    """Checked month/day on the solar or lunar calendar; the year is optional.

    Lunar months are 1–12 and days 1–30 (a leap month is flagged separately); a solar date must
    exist, and February 29 is fine when no year is given. Returns calendar, year, month, day and
    leap_month, or {} with the problem said under ``field``.
    """
    cal = enum_value(Calendar, calendar or "solar", field, problems)
    try:
        m, d = int(month), int(day)
        y = int(year) if year not in (None, "") else None
    except (TypeError, ValueError):
        problems[field] = "month and day must be numbers"
        return {}
    if y is not None and not 1 <= y <= 9999:
        problems[field] = f"year {y} is not a year"
        return {}
    if cal == Calendar.LUNAR:
        if not (1 <= m <= 12 and 1 <= d <= 30):
            problems[field] = f"lunar {m}/{d} does not exist: lunar months are 1–12, days 1–30"
            return {}
    else:
        try:
            dt.date(y if y else 2000, m, d)  # 2000 is a leap year: Feb 29 without a year is fine
        except ValueError:
            problems[field] = f"{y or ''}{'-' if y else ''}{m:02d}-{d:02d} is not a date"
            return {}
        leap = False
    return {"calendar": cal, "year": y, "month": m, "day": d, "leap_month": bool(leap)}


def birthday(calendar, year, month, day, leap, problems: Problems, field: str = "birthday") -> dict:
    """Validated birthday columns; a partial birthday is an error, a missing one is fine."""
    if month in (None, "") and day in (None, ""):
        return {"birth_calendar": None, "birth_year": None, "birth_month": None, "birth_day": None,
                "birth_leap_month": False}
    checked = calendar_date(calendar, year, month, day, leap, problems, field)
    if not checked:
        return {}
    y = checked["year"]
    if y is not None and not (1900 <= y <= dt.date.today().year):
        problems[field] = f"birth year {y} is not plausible"
        return {}
    return {f"birth_{key}": value for key, value in checked.items()}
