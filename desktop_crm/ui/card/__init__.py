"""The customer card: one customer's profile, contact persons, care history, occasions and gifts,
purchases, complaints and change log, in tabs. ``CustomerCard(ctx)`` is the widget; the conflict
dialog lives in ``conflict`` so that it can be shown (and screenshotted) alone."""

from .card import CustomerCard
from .conflict import ConflictDialog, ConflictRow

__all__ = ["ConflictDialog", "ConflictRow", "CustomerCard"]
