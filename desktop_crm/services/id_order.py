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
from collections.abc import Callable, Iterable, Sequence
from itertools import compress

from desktop_crm.errors import CrmError

ABSENT = -1
BITMAP_SHARE = 8  # matches of more than 1/8 of the held list are ordered by a bitmap, fewer by sorting
STOP_EVERY = 65_536


class Stopped(CrmError):
    """A newer request made this one pointless; nothing was changed."""


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

    def order(self, ids: Sequence[int], should_stop: Callable[[], bool] | None = None) -> array:
        """The given ids that are in the list, in the list's order (duplicates once).

        Few ids are sorted by position; many (the cost of sorting grows past a pass over the
        whole list) mark a bitmap of positions that picks from the held list in one C-level pass.
        ``should_stop`` is asked now and then; when it says yes, ``Stopped`` is raised.
        """
        rank, size, held = self._rank, len(self._rank), self.ids
        if len(ids) * BITMAP_SHARE < len(held):
            positions = sorted({rank[i] for i in ids if 0 <= i < size} - {ABSENT})
            return array("q", [held[p] for p in positions])
        mark = bytearray(len(held))
        for start in range(0, len(ids), STOP_EVERY):
            if should_stop is not None and should_stop():
                raise Stopped("The search was replaced by a newer one.")
            for i in ids[start : start + STOP_EVERY]:
                if 0 <= i < size:
                    position = rank[i]
                    if position != ABSENT:
                        mark[position] = 1
        return array("q", compress(held, mark))
