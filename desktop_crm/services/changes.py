"""What a mutation changed, so that views can decide whether they are stale."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Changes:
    customers: frozenset[int] = field(default_factory=frozenset)
    customer_list: bool = False  # rows appeared, disappeared, or moved in sort/filter order
    managers: bool = False
    tiers: bool = False
    care: bool = False
    settings: bool = False
    agenda: bool = False  # an agenda row was snoozed or done, or care tasks were made
    # Ids of the customers whose contact persons / occasions / gifts / purchases / complaints changed.
    contacts: frozenset[int] = field(default_factory=frozenset)
    occasions: frozenset[int] = field(default_factory=frozenset)
    gifts: frozenset[int] = field(default_factory=frozenset)
    purchases: frozenset[int] = field(default_factory=frozenset)
    complaints: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: "Changes") -> "Changes":
        merged = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = (mine | theirs) if isinstance(mine, frozenset) else (mine or theirs)
        return Changes(**merged)

    def touches(self, customer_id: int) -> bool:
        """Whether anything of this customer (its row or the records hanging off it) changed."""
        return any(customer_id in getattr(self, name)
                   for name in ("customers", "contacts", "occasions", "gifts", "purchases", "complaints"))
