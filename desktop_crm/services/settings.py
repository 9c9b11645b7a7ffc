"""Team-wide settings stored in the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import holidays
import phonenumbers
from sqlalchemy.orm import Session

from desktop_crm.errors import ValidationError
from desktop_crm.models import AppSetting

from .changes import Changes
from .phones import DEFAULT_REGION

if TYPE_CHECKING:
    from .crm import Crm

PHONE_REGION = "phone_region"
DEFAULT_COUNTRY = "default_country"
HOLIDAY_COUNTRIES = "holiday_countries"
FALLBACK_COUNTRY = "CN"


def phone_region_choices() -> list[str]:
    """The two-letter regions phone numbers can be read in, sorted by code."""
    return sorted(phonenumbers.SUPPORTED_REGIONS)


def holiday_country_choices() -> list[str]:
    """Two-letter codes of the countries the holidays package has public holidays for.

    'UK' is left out: the package keeps it only as another name for GB.
    """
    codes = {code for code in holidays.list_supported_countries() if len(code) == 2}
    if "GB" in codes:
        codes.discard("UK")
    return sorted(codes)


def _holiday_code(value, field: str, problems: dict[str, str]) -> str | None:
    code = (str(value) if value is not None else "").strip().upper()
    if not code or code not in holidays.list_supported_countries() or len(code) != 2:
        problems[field] = f"{str(value)!r} is not a country the holiday calendar knows (two letters, e.g. CN, RU, KR)"
        return None
    return code


class SettingsService:
    def __init__(self, crm: "Crm"):
        self._crm = crm
        self._region: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        with self._crm.session() as s:
            row = s.get(AppSetting, key)
            return default if row is None else row.value

    def set(self, key: str, value: Any) -> Changes:
        return self._set_many({key: value})

    def _set_many(self, values: dict[str, Any]) -> Changes:
        """Write several settings in one transaction."""
        with self._crm.session() as s:
            for key, value in values.items():
                row = s.get(AppSetting, key)
                if row is None:
                    s.add(AppSetting(key=key, value=value))
                else:
                    row.value = value
            s.commit()
        if PHONE_REGION in values:
            self._region = None
        return Changes(settings=True)

    def phone_region(self, s: Session | None = None) -> str:
        """The region a phone number without +country is read in (cached per Crm)."""
        if self._region is None:
            if s is not None:
                row = s.get(AppSetting, PHONE_REGION)
                self._region = row.value if row is not None else DEFAULT_REGION
            else:
                self._region = self.get(PHONE_REGION, DEFAULT_REGION)
        return self._region

    def set_phone_region(self, region: str) -> Changes:
        region = (region or "").strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError({"phone_region": f"{region!r} is not a country code phone numbers know"})
        return self.set(PHONE_REGION, region)

    # ----- holidays: the default country and the countries the team works in ------------------

    def default_country(self) -> str:
        """The country whose public holidays apply when a customer has none: as set, else the phone
        region when the holiday calendar knows it, else CN."""
        stored = self.get(DEFAULT_COUNTRY)
        if stored:
            return stored
        region = self.phone_region()
        return region if region in holiday_country_choices() else FALLBACK_COUNTRY

    def set_default_country(self, code: str) -> Changes:
        problems: dict[str, str] = {}
        code = _holiday_code(code, "default_country", problems)
        if problems:
            raise ValidationError(problems)
        return self.set(DEFAULT_COUNTRY, code)

    def holiday_countries(self) -> list[str]:
        """The countries whose holidays the team prepares greetings for (the default country when unset)."""
        stored = self.get(HOLIDAY_COUNTRIES)
        if stored is None:
            return [self.default_country()]
        return list(stored)

    def set_holiday_countries(self, codes: Iterable[str]) -> Changes:
        problems: dict[str, str] = {}
        cleaned = self._clean_countries(codes, problems)
        if problems:
            raise ValidationError(problems)
        return self.set(HOLIDAY_COUNTRIES, cleaned)

    def update_region(self, *, phone_region: str | None = None, default_country: str | None = None,
                      holiday_countries: Iterable[str] | None = None) -> Changes:
        """Check all given values, then save them together (None leaves a setting as it is)."""
        problems: dict[str, str] = {}
        values: dict[str, Any] = {}
        if phone_region is not None:
            region = (phone_region or "").strip().upper()
            if region not in phonenumbers.SUPPORTED_REGIONS:
                problems["phone_region"] = f"{region!r} is not a country code phone numbers know"
            values[PHONE_REGION] = region
        if default_country is not None:
            values[DEFAULT_COUNTRY] = _holiday_code(default_country, "default_country", problems)
        if holiday_countries is not None:
            values[HOLIDAY_COUNTRIES] = self._clean_countries(holiday_countries, problems)
        if problems:
            raise ValidationError(problems)
        if not values:
            return Changes()
        return self._set_many(values)

    @staticmethod
    def _clean_countries(codes: Iterable[str], problems: dict[str, str]) -> list[str]:
        if isinstance(codes, str):
            codes = [codes]
        cleaned: list[str] = []
        wrong: list[str] = []
        for value in codes or []:
            code = _holiday_code(value, "holiday_countries", {})
            if code is None:
                wrong.append(str(value))
            elif code not in cleaned:
                cleaned.append(code)
        if wrong:
            problems["holiday_countries"] = (f"not countries the holiday calendar knows: {', '.join(map(repr, wrong))}"
                                             " (two letters, e.g. CN, RU, KR)")
        return cleaned
