"""How far a simulated epidemic is from Foshan 2025: the calibration objective.

J = sum_k w_k (ln(sim_k / data_k))^2 over the statistics of
:mod:`analysis.calibration_stats`, each weight 1 (:data:`WEIGHTS`); peak delays
enter as ln((d + 1) / (d_data + 1)), and the attack-rate term is one-sided (it
only penalises too few infections in the index community). A design point's J
is taken on the statistics averaged over its seeds, and its seed-to-seed
uncertainty is a bootstrap over seeds (:func:`scipy.stats.bootstrap`, fixed seed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import stats

__all__ = ["WEIGHTS", "objective", "point_objective", "seed_mean_statistics"]

#: Weights of the squared log-ratios (the attack-rate term is one-sided).
WEIGHTS: dict[str, float] = {"growth_rate": 1.0, "peak_delay": 1.0, "weekly_decline": 1.0,
                             "attack_rate": 1.0}


def _log_terms(sim: Mapping[str, float], data: Mapping[str, float]) -> dict[str, float]:
    """Signed log-ratios sim/data (floors keep them finite; attack rate one-sided)."""
    floors = {"growth_rate": 0.005, "weekly_decline": 0.01}
    terms = {name: math.log(max(sim[name], floors[name]) / data[name]) for name in floors}
    terms["peak_delay"] = math.log((max(sim["peak_delay"], 0.0) + 1.0) / (data["peak_delay"] + 1.0))
    terms["attack_rate"] = min(0.0, math.log(max(sim["attack_rate"], 1e-4) / data["attack_rate"]))
    return terms


def objective(sim: Mapping[str, float], data: Mapping[str, float],
              weights: Mapping[str, float] | None = None) -> float:
    """Weighted sum of squared log-ratios of simulated to observed statistics.

    Zero when the statistics agree (the attack-rate term only penalises too few
    infections); peak delays enter as log((d + 1) / (d_data + 1)).
    """
    w = WEIGHTS if weights is None else weights
    return float(sum(w.get(k, 0.0) * v * v for k, v in _log_terms(sim, data).items()))


def seed_mean_statistics(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Statistics averaged over seeds: geometric mean of the growth rate and the weekly decline
    ratio (floored at 1e-3), arithmetic mean of the peak delay and the attack rate."""
    out = {}
    for k in ("growth_rate", "weekly_decline"):
        out[k] = float(np.exp(np.mean([math.log(max(r[k], 1e-3)) for r in rows])))
    for k in ("peak_delay", "attack_rate"):
        out[k] = float(np.mean([r[k] for r in rows]))
    return out


def point_objective(per_seed: Sequence[Mapping[str, float]], data: Mapping[str, float],
                    n_boot: int = 200, seed: int = 0) -> tuple[float, float]:
    """Objective of the seed-mean statistics and its bootstrap standard error over seeds.

    Seeds without a trigger (NaN growth rate) are left out. The standard error is
    the standard deviation of the objective over ``n_boot`` resamples of the seeds
    (:func:`scipy.stats.bootstrap`, generator seeded with ``seed``).

    Returns:
        ``(objective, standard error)``: ``(inf, inf)`` without any seed that
        triggered, SE NaN with a single one.
    """
    rows = [r for r in per_seed if not math.isnan(r["growth_rate"])]
    if not rows:
        return float("inf"), float("inf")
    value = objective(seed_mean_statistics(rows), data)
    if len(rows) < 2:
        return value, float("nan")

    def resampled(index: np.ndarray) -> float:
        return objective(seed_mean_statistics([rows[int(i)] for i in index]), data)

    boot = stats.bootstrap((np.arange(len(rows)),), resampled, n_resamples=n_boot, vectorized=False,
                           method="percentile", random_state=np.random.default_rng(seed))
    return value, float(boot.standard_error)
