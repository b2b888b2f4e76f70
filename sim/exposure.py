"""Who gets bitten: each household's exposure to host-seeking mosquitoes.

Bites are not shared evenly. Across vector-borne infections about 20% of hosts
account for about 80% of transmission (Woolhouse et al. 1997, PNAS 94:338);
*Ae. aegypti* blood meals in Iquitos concentrate on a minority of residents
(Liebman et al. 2014, PLoS NTD 8:e2702). For chikungunya in Guangdong the
clustering is by household: in Dongguan 2010 the attack rate was 20-100% in
affected households but 0-12% by village and about 1% overall (Zhang et al.
2012, PLoS ONE). Houses differ in what albopictus, a day-biting outdoor
mosquito, can reach: yards and potted plants, ground floors, air conditioning
and screens, time spent outdoors.

Each household draws an exposure ``w`` from a gamma distribution with mean 1
and coefficient of variation ``cv``; its residents share it. A person's
exposure scales both the bites they offer host-seeking mosquitoes in their
cell (the cell's host availability is the sum of its residents' exposures)
and their share of the bites there, so the same person is bitten, infected
and infectious to mosquitoes in proportion (the correlated heterogeneity of
Woolhouse et al., which multiplies R0 by ``E[w^2] = 1 + cv^2``).

At ``cv = 1.05`` (gamma shape 0.90) the top 20% of households hold 80% of the
squared exposure, that is, of the transmission potential: the 20/80 rule, which
Woolhouse et al. state as "at least 80%", so 1.05 is a lower bound. The default
``cv = 2.2`` (shape 0.21; the top 20% hold about 98%) is fitted to the Foshan
2025 curve (``analysis.calibrate``; 1.98-2.42 within two seed standard errors).
No Chinese study measured how bites spread over households, so it is a fit,
not a measurement. ``cv = 0`` is the
homogeneous host population of the well-mixed ODE.
"""

from __future__ import annotations

import numpy as np

__all__ = ["household_exposure", "top_share_of_transmission"]


def household_exposure(rng: np.random.Generator, n_households: int, cv: float) -> np.ndarray:
    """Exposure of each household to bites: gamma with mean 1 and coefficient of variation ``cv``.

    Args:
        rng: the exposure stream (drawn once, when the village is populated).
        n_households: number of houses (idle ones draw too, so the draws do not
            depend on which houses are idle).
        cv: coefficient of variation (0: everyone equally exposed).

    Returns:
        ``(n_households,)`` float64 exposures, all positive when ``cv > 0``.
    """
    if cv <= 0:
        return np.ones(n_households)
    shape = 1.0 / cv**2
    # A gamma of tiny shape can underflow to 0 exactly; a floor keeps every house biteable.
    return np.maximum(rng.gamma(shape, 1.0 / shape, n_households), 1e-12)


def top_share_of_transmission(exposure: np.ndarray, top: float = 0.2) -> float:
    """Share of the transmission potential (sum of ``w^2``) held by the most exposed ``top`` share.

    The 20/80 rule of Woolhouse et al. (1997) is ``top_share_of_transmission(w, 0.2) = 0.8``.
    """
    w2 = np.sort(np.asarray(exposure, dtype=float) ** 2)[::-1]
    k = max(1, round(top * w2.size))
    return float(w2[:k].sum() / w2.sum())
