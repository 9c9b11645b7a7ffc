"""Phone numbers: normalise to E.164 with the team's default region."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "CN"
_DIGITS = re.compile(r"\D")


@dataclass(frozen=True)
class PhoneResult:
    raw: str | None
    e164: str | None
    problem: str | None = None  # a sentence when the number could not be understood


def normalise(raw: str | None, region: str = DEFAULT_REGION) -> PhoneResult:
    """Parse what the user typed; a number without +country is read in ``region``."""
    if raw is None:
        return PhoneResult(None, None)
    text = str(raw).strip()
    if not text:
        return PhoneResult(None, None)
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return PhoneResult(text, None, f"'{text}' is not a phone number")
    if not phonenumbers.is_possible_number(number):
        return PhoneResult(text, None, f"'{text}' has the wrong number of digits for {_where(number)}")
    return PhoneResult(text, phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def national_digits(raw: str, region: str = DEFAULT_REGION) -> str | None:
    """The national significant number's digits, for searching a number typed with a trunk prefix."""
    try:
        number = phonenumbers.parse(raw, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    nsn = phonenumbers.national_significant_number(number)
    return nsn or None


def digits(value: str | None) -> str:
    return _DIGITS.sub("", value or "")


def _where(number: phonenumbers.PhoneNumber) -> str:
    region = phonenumbers.region_code_for_number(number)
    return region or f"+{number.country_code}"
