"""Concatenated index ranges: the members of many groups stored contiguously.

Sites of households (grouped by :class:`sim.sites.BreedingSites`) and people
of households (consecutive by construction) are both such groups; a day's
visits gather the members of many groups at once with :func:`expand_ranges`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["expand_ranges"]


def expand_ranges(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(positions, group)``: ``starts[i] .. starts[i] + counts[i] - 1`` for each ``i``, in
    order, and the index ``i`` each position came from.

    >>> expand_ranges(np.array([5, 0]), np.array([2, 3]))
    (array([5, 6, 0, 1, 2]), array([0, 0, 1, 1, 1]))
    """
    counts = np.asarray(counts, dtype=np.int64)
    group = np.repeat(np.arange(counts.size), counts)
    offset_in_group = np.arange(group.size) - np.repeat(np.cumsum(counts) - counts, counts)
    return np.asarray(starts, dtype=np.int64)[group] + offset_in_group, group
