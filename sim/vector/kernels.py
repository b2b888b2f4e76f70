"""The array engine's daily adult step, compiled: one pass per process instead of one per operation.

Each kernel is the compiled form of rules written in :mod:`sim.vector.rules` and
:mod:`sim.vector.tables`, fed the same numpy draws in the same order, so a run is
byte-identical to the rules applied column by column (``tests/test_kernels.py`` checks
every kernel against those rules on random inputs, element for element). The rules stay
the one definition of the biology (the agent engine calls them one mosquito at a time);
these loops only fuse the passes numpy would make, with no temporaries.

Arithmetic follows numpy's promotion exactly (NEP 50): a float32 draw compared with a
Python float is compared in float32, so such probabilities arrive here as ``np.float32``;
a draw divided by a float64 array is computed in float64.

Compiled with numba on first use and cached beside this file (``__pycache__``), so only
the first run after a change of this module pays for the compilation.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from sim.vector.engine import MosquitoState

__all__ = ["biters", "compact", "fly", "lay", "pick_hosts", "rows_in_cells", "survive"]

_EXPOSED = int(MosquitoState.EXPOSED)
_INFECTIOUS = int(MosquitoState.INFECTIOUS)


@njit(cache=True, nogil=True)
def survive(u, p_survive, use_extra, extra_kill_cell, base_survival,
            cell, state, eip_left, source, fed):  # pragma: no cover - compiled
    """Survival (``rules.survival_probability``, ``rules.occurs``), compaction of the
    survivors in place (in order: row ``m <= i`` is written after row ``i`` is read) and one
    day of extrinsic incubation (``rules.advance_eip``). Returns the number of survivors.

    Without residual insecticide (``use_extra`` false) a mosquito survives when her float32
    draw is below ``p_survive`` (float32); with it, below ``base_survival * (1 - extra)``
    computed in float64 for her cell.
    """
    m = 0
    for i in range(u.size):
        if use_extra:
            alive = np.float64(u[i]) < base_survival * (1.0 - extra_kill_cell[cell[i]])
        else:
            alive = u[i] < p_survive
        if not alive:
            continue
        s = state[i]
        e = eip_left[i]
        if s == _EXPOSED:
            e = e - 1
            if e <= 0:
                s = _INFECTIOUS
        cell[m] = cell[i]
        state[m] = s
        eip_left[m] = e
        source[m] = source[i]
        fed[m] = fed[i]
        m += 1
    return m


@njit(cache=True, nogil=True)
def fly(u, cell, fed, k, cut, value, fed_rows):  # pragma: no cover - compiled
    """Today's flight (``tables.alias_draw`` on the move table, in place on ``cell``), and
    the fed females' rows listed in ``fed_rows``. Returns the number of fed females.

    (Counting the adults per cell here as well was slower than ``np.bincount`` afterwards:
    increments of one counter by neighbouring rows wait on each other.)
    """
    kf = np.float32(k)
    n_fed = 0
    for i in range(u.size):
        scaled = u[i] * kf
        j = int(scaled)
        if j > k - 1:
            j = k - 1
        row = cell[i] * k + j
        cell[i] = value[2 * row + 1] if scaled >= cut[row] else value[2 * row]
        if fed[i] != 0:
            fed_rows[n_fed] = i
            n_fed += 1
    return n_fed


@njit(cache=True, nogil=True)
def lay(u, rows, cell, fed, p_lay32, p_lay, uncounted_share, uncounted, start, count, order,
        site_of_batch):  # pragma: no cover - compiled
    """Egg laying by the fed females ``rows`` (``rules.oviposition_site``): a batch when
    the float32 draw is below ``p_lay32``; the rescaled draw ``u / p_lay`` (float64)
    chooses the cell's uncounted habitat or one of its counted sites. Clears ``fed`` of
    the females that laid and writes the sites that received a batch (in row order) to
    ``site_of_batch``. Returns how many were written."""
    n = 0
    for i in range(u.size):
        if not u[i] < p_lay32:
            continue
        r = rows[i]
        fed[r] = 0
        c = cell[r]
        v = np.float64(u[i]) / p_lay
        share = uncounted_share[c]
        if v < share:
            site = uncounted[c]
        else:
            w = (v - share) / max(1.0 - share, 1e-12)
            cnt = count[c]
            j = np.int32(w * cnt)
            if j > cnt - 1:
                j = cnt - 1
            site = order[start[c] + j]
        if site >= 0:
            site_of_batch[n] = site
            n += 1
    return n


@njit(cache=True, nogil=True)
def biters(u, p_bite_cell, cell, out):  # pragma: no cover - compiled
    """Rows whose float32 draw is below their cell's bite probability (``rules.occurs``),
    written to ``out``; returns how many."""
    n = 0
    for i in range(u.size):
        if u[i] < p_bite_cell[cell[i]]:
            out[n] = i
            n += 1
    return n


@njit(cache=True, nogil=True)
def _search_right(cum, x):  # pragma: no cover - compiled
    """``np.searchsorted(cum, x, side="right")``: the first index whose value exceeds ``x``."""
    lo, hi = 0, cum.size
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < cum[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(cache=True, nogil=True)
def pick_hosts(u_person, u_away, cell, p_away, cum, cell_start, cell_count, cell_exposure,
               person_order, out):  # pragma: no cover - compiled
    """The person each biter bites (``rules.choose_host``): away from home with chance
    ``p_away`` anyone in the village, else a resident of her cell, in proportion to
    exposure along ``cum``."""
    last = cum.size - 1
    for i in range(u_person.size):
        if u_away[i] < p_away:
            pos = min(_search_right(cum, u_person[i] * cum[last]), last)
        else:
            c = cell[i]
            start = cell_start[c]
            end = start + max(cell_count[c], 1) - 1
            before = cum[max(start - 1, 0)] if start > 0 else 0.0
            pos = _search_right(cum, before + u_person[i] * cell_exposure[c])
            pos = min(max(pos, start), min(end, last))
        out[i] = person_order[pos]


@njit(cache=True, nogil=True)
def compact(alive, cell, state, eip_left, source, fed):  # pragma: no cover - compiled
    """Moves the rows where ``alive`` is true to the front, in order, in place (``_keep``).
    Returns how many."""
    m = 0
    for i in range(alive.size):
        if alive[i]:
            cell[m] = cell[i]
            state[m] = state[i]
            eip_left[m] = eip_left[i]
            source[m] = source[i]
            fed[m] = fed[i]
            m += 1
    return m


@njit(cache=True, nogil=True)
def rows_in_cells(reached, cell, out):  # pragma: no cover - compiled
    """Rows whose cell is ``reached``, in order, written to ``out``; returns how many."""
    n = 0
    for i in range(cell.size):
        if reached[cell[i]]:
            out[n] = i
            n += 1
    return n
