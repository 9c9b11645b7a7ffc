"""What a mutation changed, so that views can decide whether they are stale."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    customers: frozenset[int] = field(default_factory=frozenset)
    customer_list: bool = False  # rows appeared, disappeared, or moved in sort/filter order
    managers: bool = False
    tiers: bool = False
    care: bool = False
    settings: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            customers=self.customers | other.customers,
            customer_list=self.customer_list or other.customer_list,
            managers=self.managers or other.managers,
            tiers=self.tiers or other.tiers,
            care=self.care or other.care,
            settings=self.settings or other.settings,
        )
