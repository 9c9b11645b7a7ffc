"""The domain, as plain Python over short Sessions. No Qt here."""

from .changes import Changes
from .crm import Crm
from .customers import CustomerQuery

__all__ = ["Changes", "Crm", "CustomerQuery"]
