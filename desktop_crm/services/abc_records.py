"""Plain data of an ABC recompute (services/abc.py): per-tier counts, movers, left-out lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .records import JsonMixin


@dataclass(frozen=True)
class AbcTierRow(JsonMixin):
    """One tier before and after. ``code`` None is "no tier"; ``share`` None: outside ABC."""

    code: str | None
    name: str
    rank: int | None
    share: float | None
    before: int
    after: int
    revenue_after: Decimal  # home currency: the revenue of the customers in it after the recompute


@dataclass(frozen=True)
class AbcMover(JsonMixin):
    customer_id: int
    code: str
    name: str
    revenue: Decimal  # home currency, in the period
    from_tier: str | None
    to_tier: str | None


@dataclass(frozen=True)
class AbcLeftOut(JsonMixin):
    """Purchase lines in a currency without an exchange rate: not counted."""

    currency: str
    lines: int
    customers: int
    amount: Decimal  # in that currency


@dataclass(frozen=True)
class AbcResult(JsonMixin):
    """What a recompute would do (``applied`` False) or did (True)."""

    since: dt.date
    until: dt.date
    currency: str  # the home currency revenue is counted in
    rates: dict[str, float]  # home units per unit of each other currency
    total_revenue: Decimal
    customers: int  # live customers
    with_revenue: int  # customers with revenue > 0 in the period
    tiers: tuple[AbcTierRow, ...]
    up: int  # customers moving to a more valuable tier (from no tier counts as up)
    down: int
    kept: int  # pinned or in a tier without an ABC share, whose revenue would put them elsewhere
    top_up: tuple[AbcMover, ...]  # the first of them, highest revenue first
    top_down: tuple[AbcMover, ...]  # the first of them, biggest falls first
    left_out: tuple[AbcLeftOut, ...]
    applied: bool = False
    moved: int = 0  # customers whose tier was changed (apply only)

    @property
    def movers(self) -> int:
        return self.up + self.down
