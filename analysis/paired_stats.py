"""Statistics of paired differences (runs paired by seed): the mean's interval and a test.

:func:`mean_ci` gives the 95% interval of infections averted in every table and report
(:mod:`analysis.compare`, the planner, the counterfactual and district studies);
:func:`paired_test` gives the Wilcoxon signed-rank p-value beside it.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy import stats

__all__ = ["SMALL_SAMPLE", "mean_ci", "paired_test"]


#: From this many values on the mean's interval is a percentile bootstrap. Below it the
#: bootstrap cannot be trusted: its interval never leaves the sample's range, so 2-4
#: differences of one sign always "exclude 0" however they scatter (all 3 of one sign
#: happens by chance 1 time in 4), and Student's t interval is used instead.
SMALL_SAMPLE = 5


def mean_ci(values: np.ndarray, n_resamples: int = 2000, seed: int = 0,
            level: float = 0.95) -> tuple[float, float]:
    """Interval of the mean of ``values`` (paired differences), ``(low, high)``.

    Percentile bootstrap (:func:`scipy.stats.bootstrap`) from :data:`SMALL_SAMPLE` values;
    Student's t interval (:func:`scipy.stats.t.interval`, n - 1 degrees of freedom) for 2 to
    ``SMALL_SAMPLE - 1``; ``(nan, nan)`` for a single value, which gives no interval.

    Args:
        values: 1-D sample (must be non-empty).
        n_resamples: Number of bootstrap resamples.
        seed: Seed of the ``numpy.random.default_rng`` drawing the resamples, so the
            same sample always gives the same interval.
        level: Coverage of the interval.
    """
    x = np.asarray(values, dtype=float)
    if len(x) < 2:
        return float("nan"), float("nan")
    if len(x) < SMALL_SAMPLE:
        sem = float(stats.sem(x))
        if sem == 0.0:  # identical differences: no spread to widen the interval
            return float(x[0]), float(x[0])
        low, high = stats.t.interval(level, len(x) - 1, loc=float(x.mean()), scale=sem)
        return float(low), float(high)
    ci = stats.bootstrap((x,), np.mean, n_resamples=n_resamples, confidence_level=level,
                         method="percentile", random_state=np.random.default_rng(seed)).confidence_interval
    return float(ci.low), float(ci.high)


def paired_test(diffs: np.ndarray) -> float:
    """Wilcoxon signed-rank p-value of paired differences (1.0 if all are zero)."""
    d = np.asarray(diffs, dtype=float)
    if len(d) == 0:
        return float("nan")
    if np.all(d == 0):
        return 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return float(stats.wilcoxon(d).pvalue)
        except ValueError:
            return float("nan")
