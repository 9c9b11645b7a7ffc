"""Closed vocabularies of the domain. Stored as their string values."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Enum as SAEnum


class CustomerKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class CustomerStatus(StrEnum):
    PROSPECT = "prospect"
    ACTIVE = "active"
    DORMANT = "dormant"
    LOST = "lost"


class Loyalty(StrEnum):
    LOYAL = "loyal"
    SWITCHING = "switching"
    NONE = "none"


class Calendar(StrEnum):
    SOLAR = "solar"
    LUNAR = "lunar"


class ManagerRole(StrEnum):
    MANAGER = "manager"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class AssignmentRole(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


class TierChangeReason(StrEnum):
    AUTOMATIC = "automatic"
    MANUAL = "manual"
    IMPORT = "import"


class CareKind(StrEnum):
    CALL = "call"
    VISIT = "visit"
    GREETING = "greeting"
    GIFT = "gift"
    CONGRATULATION = "congratulation"
    HELP = "help"
    DISASTER_CARE = "disaster_care"
    COMPLAINT_FOLLOW_UP = "complaint_follow_up"
    OTHER = "other"


class RecordSource(StrEnum):
    MANUAL = "manual"
    IMPORT = "import"
    FIELD_SHEET = "field_sheet"
    DEMO = "demo"
    SYSTEM = "system"


class OccasionKind(StrEnum):
    BIRTHDAY = "birthday"
    COMPANY_ANNIVERSARY = "company_anniversary"
    STORE_OPENING = "store_opening"
    WEDDING = "wedding"
    CUSTOM = "custom"


class GiftStatus(StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    BOUGHT = "bought"
    GIVEN = "given"


class ComplaintStatus(StrEnum):
    OPEN = "open"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


def enum_column(enum_cls: type[StrEnum], name: str) -> SAEnum:
    """A VARCHAR + named CHECK constraint holding the enum's values (not its member names)."""
    return SAEnum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )
