"""Translated names of the domain's words and values as the card shows them, and value formatting.

The vocabularies are marked with QT_TRANSLATE_NOOP so that pyside6-lupdate finds them; they are
translated when shown.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "CardLabels"
NONE = "—"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


# Values of the closed vocabularies (desktop_crm.models.enums) -> their names on screen.
VALUES: dict[str, dict[str, str]] = {
    "kind": {"person": QT_TRANSLATE_NOOP("CardLabels", "Person"),
             "company": QT_TRANSLATE_NOOP("CardLabels", "Company")},
    "status": {"prospect": QT_TRANSLATE_NOOP("CardLabels", "Prospect"),
               "active": QT_TRANSLATE_NOOP("CardLabels", "Active"),
               "dormant": QT_TRANSLATE_NOOP("CardLabels", "Dormant"),
               "lost": QT_TRANSLATE_NOOP("CardLabels", "Lost")},
    "loyalty": {"loyal": QT_TRANSLATE_NOOP("CardLabels", "Loyal"),
                "switching": QT_TRANSLATE_NOOP("CardLabels", "Switching"),
                "none": QT_TRANSLATE_NOOP("CardLabels", "No loyalty")},
    "calendar": {"solar": QT_TRANSLATE_NOOP("CardLabels", "Solar"),
                 "lunar": QT_TRANSLATE_NOOP("CardLabels", "Lunar")},
    "care_kind": {"call": QT_TRANSLATE_NOOP("CardLabels", "Call"),
                  "visit": QT_TRANSLATE_NOOP("CardLabels", "Visit"),
                  "greeting": QT_TRANSLATE_NOOP("CardLabels", "Greeting"),
                  "gift": QT_TRANSLATE_NOOP("CardLabels", "Gift"),
                  "congratulation": QT_TRANSLATE_NOOP("CardLabels", "Congratulation"),
                  "help": QT_TRANSLATE_NOOP("CardLabels", "Help"),
                  "disaster_care": QT_TRANSLATE_NOOP("CardLabels", "Disaster care"),
                  "complaint_follow_up": QT_TRANSLATE_NOOP("CardLabels", "Complaint follow-up"),
                  "other": QT_TRANSLATE_NOOP("CardLabels", "Other")},
    "occasion_kind": {"birthday": QT_TRANSLATE_NOOP("CardLabels", "Birthday"),
                      "company_anniversary": QT_TRANSLATE_NOOP("CardLabels", "Company anniversary"),
                      "store_opening": QT_TRANSLATE_NOOP("CardLabels", "Store opening"),
                      "wedding": QT_TRANSLATE_NOOP("CardLabels", "Wedding"),
                      "custom": QT_TRANSLATE_NOOP("CardLabels", "Other occasion")},
    "gift_status": {"idea": QT_TRANSLATE_NOOP("CardLabels", "Idea"),
                    "planned": QT_TRANSLATE_NOOP("CardLabels", "Planned"),
                    "bought": QT_TRANSLATE_NOOP("CardLabels", "Bought"),
                    "given": QT_TRANSLATE_NOOP("CardLabels", "Given")},
    "complaint_status": {"open": QT_TRANSLATE_NOOP("CardLabels", "Open"),
                         "investigating": QT_TRANSLATE_NOOP("CardLabels", "Investigating"),
                         "resolved": QT_TRANSLATE_NOOP("CardLabels", "Resolved"),
                         "closed": QT_TRANSLATE_NOOP("CardLabels", "Closed")},
    "severity": {"low": QT_TRANSLATE_NOOP("CardLabels", "Low"),
                 "medium": QT_TRANSLATE_NOOP("CardLabels", "Medium"),
                 "high": QT_TRANSLATE_NOOP("CardLabels", "High"),
                 "critical": QT_TRANSLATE_NOOP("CardLabels", "Critical")},
    "channel": {"phone": QT_TRANSLATE_NOOP("CardLabels", "Phone"),
                "in_person": QT_TRANSLATE_NOOP("CardLabels", "In person"),
                "email": QT_TRANSLATE_NOOP("CardLabels", "E-mail"),
                "sms": QT_TRANSLATE_NOOP("CardLabels", "SMS"),
                "wechat": QT_TRANSLATE_NOOP("CardLabels", "WeChat"),
                "telegram": QT_TRANSLATE_NOOP("CardLabels", "Telegram"),
                "whatsapp": QT_TRANSLATE_NOOP("CardLabels", "WhatsApp"),
                "kakaotalk": QT_TRANSLATE_NOOP("CardLabels", "KakaoTalk"),
                "teams": QT_TRANSLATE_NOOP("CardLabels", "Teams")},
    "complaint_category": {"delivery": QT_TRANSLATE_NOOP("CardLabels", "Delivery"),
                           "quality": QT_TRANSLATE_NOOP("CardLabels", "Quality"),
                           "billing": QT_TRANSLATE_NOOP("CardLabels", "Billing"),
                           "service": QT_TRANSLATE_NOOP("CardLabels", "Service"),
                           "equipment": QT_TRANSLATE_NOOP("CardLabels", "Equipment")},
    "audit_action": {"create": QT_TRANSLATE_NOOP("CardLabels", "created"),
                     "update": QT_TRANSLATE_NOOP("CardLabels", "changed"),
                     "delete": QT_TRANSLATE_NOOP("CardLabels", "deleted")},
    "entity": {"customers": QT_TRANSLATE_NOOP("CardLabels", "Customer"),
               "contact_persons": QT_TRANSLATE_NOOP("CardLabels", "Contact person"),
               "complaints": QT_TRANSLATE_NOOP("CardLabels", "Complaint")},
}

# Field names (of customers, contact persons and complaints) -> their labels.
FIELDS: dict[str, str] = {
    "code": QT_TRANSLATE_NOOP("CardLabels", "Code"),
    "kind": QT_TRANSLATE_NOOP("CardLabels", "Kind"),
    "name": QT_TRANSLATE_NOOP("CardLabels", "Name"),
    "company": QT_TRANSLATE_NOOP("CardLabels", "Company"),
    "title": QT_TRANSLATE_NOOP("CardLabels", "Title"),
    "phone": QT_TRANSLATE_NOOP("CardLabels", "Phone"),
    "phone_e164": QT_TRANSLATE_NOOP("CardLabels", "Phone (international)"),
    "mobile": QT_TRANSLATE_NOOP("CardLabels", "Mobile"),
    "mobile_e164": QT_TRANSLATE_NOOP("CardLabels", "Mobile (international)"),
    "email": QT_TRANSLATE_NOOP("CardLabels", "E-mail"),
    "address": QT_TRANSLATE_NOOP("CardLabels", "Address"),
    "city": QT_TRANSLATE_NOOP("CardLabels", "City"),
    "region": QT_TRANSLATE_NOOP("CardLabels", "Region"),
    "country": QT_TRANSLATE_NOOP("CardLabels", "Country"),
    "status": QT_TRANSLATE_NOOP("CardLabels", "Status"),
    "tier": QT_TRANSLATE_NOOP("CardLabels", "Tier"),
    "tier_id": QT_TRANSLATE_NOOP("CardLabels", "Tier"),
    "tier_pinned": QT_TRANSLATE_NOOP("CardLabels", "Tier pinned"),
    "loyalty": QT_TRANSLATE_NOOP("CardLabels", "Loyalty"),
    "industry": QT_TRANSLATE_NOOP("CardLabels", "Industry"),
    "purpose": QT_TRANSLATE_NOOP("CardLabels", "Uses our products for"),
    "source": QT_TRANSLATE_NOOP("CardLabels", "Came to us through"),
    "credit_rating": QT_TRANSLATE_NOOP("CardLabels", "Credit rating"),
    "credit_limit": QT_TRANSLATE_NOOP("CardLabels", "Credit limit"),
    "birthday": QT_TRANSLATE_NOOP("CardLabels", "Birthday"),
    "birth_calendar": QT_TRANSLATE_NOOP("CardLabels", "Birthday calendar"),
    "birth_year": QT_TRANSLATE_NOOP("CardLabels", "Birth year"),
    "birth_month": QT_TRANSLATE_NOOP("CardLabels", "Birth month"),
    "birth_day": QT_TRANSLATE_NOOP("CardLabels", "Birth day"),
    "birth_leap_month": QT_TRANSLATE_NOOP("CardLabels", "Born in a leap month"),
    "hobbies": QT_TRANSLATE_NOOP("CardLabels", "Hobbies"),
    "personality": QT_TRANSLATE_NOOP("CardLabels", "Personality"),
    "family_notes": QT_TRANSLATE_NOOP("CardLabels", "Family"),
    "notes": QT_TRANSLATE_NOOP("CardLabels", "Notes"),
    "custom_fields": QT_TRANSLATE_NOOP("CardLabels", "Custom fields"),
    "manager_id": QT_TRANSLATE_NOOP("CardLabels", "Manager"),
    "deleted_at": QT_TRANSLATE_NOOP("CardLabels", "Moved to the bin"),
    "import_batch_id": QT_TRANSLATE_NOOP("CardLabels", "Import"),
    "role": QT_TRANSLATE_NOOP("CardLabels", "Role"),
    "decision_maker": QT_TRANSLATE_NOOP("CardLabels", "Decision maker"),
    "joined_on": QT_TRANSLATE_NOOP("CardLabels", "Joined"),
    "left_on": QT_TRANSLATE_NOOP("CardLabels", "Left"),
    "customer_id": QT_TRANSLATE_NOOP("CardLabels", "Customer"),
    "contact_id": QT_TRANSLATE_NOOP("CardLabels", "Contact person"),
    "received_at": QT_TRANSLATE_NOOP("CardLabels", "Received"),
    "channel": QT_TRANSLATE_NOOP("CardLabels", "Channel"),
    "category": QT_TRANSLATE_NOOP("CardLabels", "Category"),
    "severity": QT_TRANSLATE_NOOP("CardLabels", "Severity"),
    "description": QT_TRANSLATE_NOOP("CardLabels", "Description"),
    "target_at": QT_TRANSLATE_NOOP("CardLabels", "Answer promised by"),
    "resolution": QT_TRANSLATE_NOOP("CardLabels", "Resolution"),
    "resolved_at": QT_TRANSLATE_NOOP("CardLabels", "Resolved"),
    "feedback": QT_TRANSLATE_NOOP("CardLabels", "Feedback"),
    "satisfaction": QT_TRANSLATE_NOOP("CardLabels", "Satisfaction"),
}


def value_label(vocabulary: str, value: str | None) -> str:
    """The translated name of a vocabulary value; unknown values are shown as they are."""
    if value is None or value == "":
        return NONE
    text = VALUES.get(vocabulary, {}).get(value)
    return tr(text) if text else str(value)


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """(value, translated name) pairs of a vocabulary, in its order."""
    return [(value, tr(text)) for value, text in VALUES[vocabulary].items()]


def field_label(name: str | None) -> str:
    if not name:
        return NONE
    text = FIELDS.get(name)
    return tr(text) if text else name


def date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def datetime_text(value: dt.datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def local_from_utc(value: dt.datetime | None) -> dt.datetime | None:
    """A naive UTC time (as the change log keeps it) in the computer's time zone."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def money_text(value: Decimal | None, currency: str | None = None) -> str:
    if value is None:
        return ""
    text = f"{value:,.2f}"
    return f"{text} {currency}" if currency else text


def quantity_text(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3f}".rstrip("0")


def yes_no(value: bool) -> str:
    if value:
        return QCoreApplication.translate("CardLabels", "Yes")
    return QCoreApplication.translate("CardLabels", "No")


def month_day_text(calendar: str | None, year: int | None, month: int | None, day: int | None,
                   leap: bool = False) -> str:
    """A solar or lunar date with an optional year, e.g. "Lunar 8/15 (leap month), 1980"."""
    if not month or not day:
        return NONE
    if calendar == "lunar":
        text = QCoreApplication.translate("CardLabels", "Lunar {month}/{day}").format(month=month, day=day)
        if leap:
            text = QCoreApplication.translate("CardLabels", "{date} (leap month)").format(date=text)
    else:
        text = f"{month:02d}-{day:02d}" if year is None else f"{year:04d}-{month:02d}-{day:02d}"
        return text
    if year is None:
        return text
    return QCoreApplication.translate("CardLabels", "{date}, {year}").format(date=text, year=year)


def shown(value: Any) -> str:
    """Any plain value as text for comparisons on screen (None and empty as a dash)."""
    if value is None or value == "" or value == {}:
        return NONE
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dt.datetime):
        return datetime_text(value)
    if isinstance(value, dt.date):
        return date_text(value)
    if isinstance(value, Decimal):
        return money_text(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
