"""Ordering search matches by a list that is already ordered.

The customer table holds the ordered ids of its filters and sort (read from an index). When
the user types a search, the search index gives the matching ids in no useful order; looking
each one up in the customers table to sort it costs far more than the search itself (at a
million customers, 90 ms for 35,000 matches against 16 ms for the search). ``IdOrder`` knows
every held id's position, so the matches are kept to the held ones and put in the held order
in memory, with numpy: 50,000 matches take about 1 ms, 270,000 about 5 ms. The order is
still the database's, computed once per filter or sort change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from desktop_crm.errors import CrmError

ABSENT = -1


class Stopped(CrmError):
    """A newer request made this one pointless; nothing was changed."""


def as_ids(values: Sequence[int] | np.ndarray) -> np.ndarray:
    """Ids as a numpy int64 array (no copy when they are one already)."""
    return np.asarray(values, dtype=np.int64)


class IdOrder:
    """Positions of ids in an ordered list: ``order(ids)`` keeps those in the list, in its order."""

    def __init__(self, ordered_ids: Sequence[int] | np.ndarray):
        self.ids = as_ids(ordered_ids)
        rank = np.full(int(self.ids.max()) + 1 if len(self.ids) else 0, ABSENT, dtype=np.int64)
        rank[self.ids] = np.arange(len(self.ids), dtype=np.int64)
        self._rank = rank

    def __len__(self) -> int:
        return len(self.ids)

    def position(self, customer_id: int) -> int:
        """The id's position in the list, or -1."""
        return int(self._rank[customer_id]) if 0 <= customer_id < len(self._rank) else ABSENT

    def __contains__(self, customer_id: object) -> bool:
        return isinstance(customer_id, (int, np.integer)) and self.position(int(customer_id)) != ABSENT

    def order(self, ids: Sequence[int] | np.ndarray, should_stop: Callable[[], bool] | None = None) -> np.ndarray:
        """The given ids that are in the list, in the list's order (duplicates once).

        ``should_stop`` is asked before the work; when it says yes, ``Stopped`` is raised.
        """
        if should_stop is not None and should_stop():
            raise Stopped("The search was replaced by a newer one.")
        ids = as_ids(ids)
        ids = ids[(ids >= 0) & (ids < len(self._rank))]
        positions = self._rank[ids]
        keep = np.zeros(len(self.ids), dtype=bool)  # one pass over the held list beats sorting the matches
        keep[positions[positions != ABSENT]] = True
        return self.ids[keep]
