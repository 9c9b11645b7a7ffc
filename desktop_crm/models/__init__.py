"""SQLAlchemy mapped classes of the whole domain. No Qt here."""

from .agenda import AgendaMark, CareTask, CompanyDay
from .base import Base, Money, utcnow
from .care import CareEvent, Gift, Occasion
from .commerce import Complaint, Purchase
from .customer import ContactPerson, Customer, CustomerSearch
from .enums import (
    AssignmentRole,
    AuditAction,
    Calendar,
    CareKind,
    ComplaintStatus,
    CustomerKind,
    CustomerStatus,
    GiftStatus,
    Loyalty,
    ManagerRole,
    OccasionKind,
    RecordSource,
    Severity,
    TierChangeReason,
)
from .manager import CustomerAssignment, Manager
from .system import AppSetting, AuditLog, CustomerCount, ImportBatch
from .tier import Tier, TierChange

__all__ = [
    "AgendaMark", "CareTask", "CompanyDay",
    "AppSetting", "AssignmentRole", "AuditAction", "AuditLog", "Base", "Calendar", "CareEvent", "CareKind",
    "Complaint", "ComplaintStatus", "ContactPerson", "Customer", "CustomerAssignment", "CustomerKind",
    "CustomerCount", "CustomerSearch", "CustomerStatus", "Gift", "GiftStatus", "ImportBatch", "Loyalty", "Manager", "ManagerRole",
    "Money", "Occasion", "OccasionKind", "Purchase", "RecordSource", "Severity", "Tier", "TierChange",
    "TierChangeReason", "utcnow",
]
