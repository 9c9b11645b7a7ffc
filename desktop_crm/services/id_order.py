"""Ordering search matches by a list that is already ordered.

The customer table holds the ordered ids of its filters and sort (read from an index). When
the user types a search, the search index gives the matching ids in no useful order; looking
each one up in the customers table to sort it costs far more than the search itself (at a
million customers, 90 ms for 35,000 matches against 16 ms for the search). ``IdOrder`` knows
every held id's position, so the matches are kept to the held ones and put in the held order
in memory: the order is still the database's, computed once per filter or sort change.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence

ABSENT = -1


class IdOrder:
    """Positions of ids in an ordered list: ``order(ids)`` keeps those in the list, in its order."""

    def __init__(self, ordered_ids: Sequence[int]):
        self.ids = ordered_ids if isinstance(ordered_ids, array) else array("q", ordered_ids)
        size = (max(self.ids) + 1) if self.ids else 0
        rank = array("q", [ABSENT]) * size
        for position, customer_id in enumerate(self.ids):
            rank[customer_id] = position
        self._rank = rank

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, customer_id: int) -> int:
        """The id's position in the list, or -1."""
        return self._rank[customer_id] if 0 <= customer_id < len(self._rank) else ABSENT

    def __contains__(self, customer_id: object) -> bool:
        return isinstance(customer_id, int) and self.position(customer_id) != ABSENT

    def order(self, ids: Iterable[int]) -> array:
        """The given ids that are in the list, in the list's order (duplicates once)."""
        rank, size = self._rank, len(self._rank)
        positions = sorted({rank[i] for i in ids if 0 <= i < size} - {ABSENT})
        held = self.ids
        return array("q", [held[p] for p in positions])
