"""Team-wide settings stored in the database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import phonenumbers
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.errors import ValidationError
from desktop_crm.models import AppSetting

from .changes import Changes
from .phones import DEFAULT_REGION

if TYPE_CHECKING:
    from .crm import Crm

PHONE_REGION = "phone_region"


class SettingsService:
    def __init__(self, crm: "Crm"):
        self._crm = crm
        self._region: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        with self._crm.session() as s:
            row = s.get(AppSetting, key)
            return default if row is None else row.value

    def set(self, key: str, value: Any) -> Changes:
        with self._crm.session() as s:
            row = s.get(AppSetting, key)
            if row is None:
                s.add(AppSetting(key=key, value=value))
            else:
                row.value = value
            s.commit()
        if key == PHONE_REGION:
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
