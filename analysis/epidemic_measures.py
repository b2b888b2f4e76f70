"""Measurements on epidemic curves: early growth rate, peak timing and height."""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "ALIGN_FRACTION",
    "GROWTH_WINDOW",
    "aligned_peak_delay",
    "crossing_day",
    "epidemic_peak",
    "fit_growth_rate",
    "peak_prevalence",
]

#: Early-growth window: from this many cumulative infections (past the seeds' own generation and
#: the worst demographic noise) to this share of the population.
GROWTH_WINDOW: tuple[float, float] = (50.0, 0.10)
#: Curves are aligned on the day cumulative infections first reach this share of the population.
ALIGN_FRACTION = 0.01


def fit_growth_rate(cumulative: np.ndarray, population: float,
                    window: tuple[float, float] = GROWTH_WINDOW) -> float | None:
    """Least-squares slope of log(cumulative infections) over the early window (per day).

    Args:
        cumulative: cumulative infections per day (seeds included).
        population: N_H.
        window: (lowest count, highest share of ``population``) defining the window.

    Returns:
        The slope, or None if fewer than 4 days fall in the window.
    """
    c = np.asarray(cumulative, dtype=float)
    days = np.flatnonzero((c >= window[0]) & (c <= window[1] * population))
    if days.size < 4:
        return None
    return float(np.polyfit(days, np.log(c[days]), 1)[0])


def crossing_day(cumulative: np.ndarray, level: float) -> float | None:
    """Fractional day on which ``cumulative`` first reaches ``level`` (log-linear interpolation)."""
    c = np.asarray(cumulative, dtype=float)
    hit = np.flatnonzero(c >= level)
    if hit.size == 0:
        return None
    i = int(hit[0])
    if i == 0 or c[i - 1] <= 0:
        return float(i)
    return float(i - 1 + math.log(level / c[i - 1]) / math.log(c[i] / c[i - 1]))


def _smooth(series: np.ndarray, width: int = 7) -> np.ndarray:
    """Centred moving average (edges averaged over the days available)."""
    x = np.asarray(series, dtype=float)
    kernel = np.ones(width)
    return np.convolve(x, kernel, "same") / np.convolve(np.ones_like(x), kernel, "same")


def epidemic_peak(infectious: np.ndarray, top: float = 0.7) -> tuple[float, float]:
    """Day and height of the peak of a prevalence curve, from a parabola fitted to its top.

    The top is the run of days around the maximum of the 7-day centred mean
    where that mean stays above ``top`` times its maximum; a least-squares
    parabola through the daily values there gives the vertex. The maximum of a
    noisy curve overstates its peak (by ~6% for the dengue ABM, whose flat top
    spans weeks); the fitted vertex does not. Every curve, ABM or theory, is
    treated alike.

    Returns:
        (fractional day, height in the curve's unit).
    """
    x = np.asarray(infectious, dtype=float)
    smooth = _smooth(x)
    i = int(np.argmax(smooth))
    above = smooth >= top * smooth[i]
    lo = i - int(np.argmin(above[i::-1])) + 1 if not above[: i + 1].all() else 0
    hi = i + int(np.argmin(above[i:])) - 1 if not above[i:].all() else x.size - 1
    if hi - lo < 4:
        return float(i), float(smooth[i])
    t = np.arange(lo, hi + 1) - i
    c2, c1, c0 = np.polyfit(t, x[lo : hi + 1], 2)
    vertex = -c1 / (2 * c2) if c2 < 0 else 0.0
    if not t[0] <= vertex <= t[-1]:
        return float(i), float(smooth[i])
    return float(i + vertex), float(np.polyval([c2, c1, c0], vertex))


def aligned_peak_delay(cumulative: np.ndarray, infectious: np.ndarray,
                       population: float) -> float | None:
    """Days from cumulative infections reaching ``ALIGN_FRACTION`` of N_H to the peak of infectious."""
    start = crossing_day(cumulative, ALIGN_FRACTION * population)
    return None if start is None else epidemic_peak(infectious)[0] - start


def peak_prevalence(infectious: np.ndarray, population: float) -> float:
    """Highest share of the population infectious at once (:func:`epidemic_peak`)."""
    return epidemic_peak(infectious)[1] / population
