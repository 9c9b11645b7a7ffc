"""A customer's editable values in the form the profile form gives them, and the conflict dialog's
units (the birthday is decided as one unit of five fields)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from desktop_crm.services.records import CustomerRecord

from . import labels

BIRTHDAY = ("birth_calendar", "birth_year", "birth_month", "birth_day", "birth_leap_month")
LINES = {  # field -> maximum length
    "code": 32, "name": 200, "company": 200, "title": 100, "phone": 64, "mobile": 64, "email": 254,
    "address": 300, "city": 100, "region": 100, "country": 2, "industry": 100, "purpose": 200, "source": 100,
    "credit_rating": 16, "credit_limit": 20,
}
NOTES = ("hobbies", "personality", "family_notes", "notes")
COMBOS = {"kind": "kind", "status": "status", "loyalty": "loyalty"}  # field -> vocabulary
NO_YEAR = 1899  # the year spin box's "unknown" value


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def normalise(record: CustomerRecord) -> dict[str, Any]:
    """A record's editable values in the form ``ProfileForm.values()`` gives them."""
    out: dict[str, Any] = {}
    for name in LINES:
        value = getattr(record, name)
        if isinstance(value, Decimal):
            value = format(value, "f")
        out[name] = text_or_none(value)
    for name in NOTES:
        out[name] = text_or_none(getattr(record, name))
    for name in COMBOS:
        out[name] = getattr(record, name) or None
    out["tier"] = record.tier or None
    out["tier_pinned"] = bool(record.tier_pinned)
    if record.birth_month and record.birth_day:
        calendar = record.birth_calendar or "solar"
        out.update(birth_calendar=calendar, birth_year=record.birth_year, birth_month=record.birth_month,
                   birth_day=record.birth_day, birth_leap_month=bool(record.birth_leap_month) and calendar == "lunar")
    else:
        out.update(birth_calendar=None, birth_year=None, birth_month=None, birth_day=None, birth_leap_month=False)
    out["custom_fields"] = {str(k): (v.strip() if isinstance(v, str) else v)
                            for k, v in (record.custom_fields or {}).items() if str(k).strip()}
    return out


def units(changes: dict[str, Any]) -> list[tuple[str, tuple[str, ...]]]:
    """The changed fields as units a person decides about: the birthday is one unit of five fields."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for name in changes:
        if name in BIRTHDAY:
            if not any(key == "birthday" for key, _ in out):
                out.append(("birthday", BIRTHDAY))
        else:
            out.append((name, (name,)))
    return out


def unit_text(key: str, values: dict[str, Any]) -> str:
    """One unit's value as text for the conflict dialog."""
    if key == "birthday":
        return labels.month_day_text(values.get("birth_calendar"), values.get("birth_year"),
                                     values.get("birth_month"), values.get("birth_day"),
                                     bool(values.get("birth_leap_month")))
    value = values.get(key)
    if key in COMBOS:
        return labels.value_label(COMBOS[key], value)
    return labels.shown(value)
