"""The ABM's own day-step theory: a deterministic twin of its daily rules for validation.

The Manore et al. (2014) ODE assumes exponential stage durations; the ABM steps
whole days with a fixed extrinsic incubation (survival p^n) and lognormal human
durations. The functions here build the ABM's discrete generation kernel, its
renewal growth rate, the die-out probability of a single introduction, and a
deterministic day-by-day twin of the model, so that the validation can tell
stage-shape effects from model errors.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats
from scipy.optimize import brentq

from sim.params.disease import DiseaseParams
from sim.params.run_params import RunParams
from sim.reference import ReferenceParams

__all__ = [
    "day_step_twin",
    "discrete_kernel",
    "extinction_probability",
    "human_profile",
    "reference_params_for",
    "renewal_growth_rate",
]


def reference_params_for(params: RunParams, humans: float, mosquitoes: float) -> ReferenceParams:
    """Map ABM parameters onto the ODE's (Manore et al. 2014 notation).

    Args:
        params: ABM run parameters (vector and disease sections are used).
        humans: N_H, the number of people.
        mosquitoes: N_V, the mean adult female count after the warm-up.
    """
    v, d = params.vector, params.disease
    return ReferenceParams(
        humans=humans, mosquitoes=mosquitoes, bites_per_mosquito_per_day=v.bites_per_mosquito_per_day,
        max_bites_per_human_per_day=v.max_bites_per_human_per_day,
        p_mosquito_to_human=d.p_mosquito_to_human, p_human_to_mosquito=d.p_human_to_mosquito,
        mosquito_daily_survival=v.daily_survival, eip_days=d.eip_days,
        human_incubation_days=d.incubation_days, human_infectious_days=d.infectious_days)


def _rounded_lognormal_pmf(mean: float, sd: float, minimum: int = 1) -> np.ndarray:
    """P(duration = k days) for :func:`sim.humans.lognormal_days` (rounded lognormal, floor 1)."""
    if sd <= 0:
        pmf = np.zeros(max(minimum, round(mean)) + 1)
        pmf[-1] = 1.0
        return pmf
    sigma = math.sqrt(math.log1p((sd / mean) ** 2))
    dist = stats.lognorm(s=sigma, scale=mean * math.exp(-sigma**2 / 2))
    cdf = dist.cdf(np.arange(int(dist.ppf(1 - 1e-12)) + 3) + 0.5)
    pmf = np.diff(cdf, prepend=0.0)
    pmf[:minimum] = 0.0
    pmf[minimum] = cdf[minimum]
    return pmf / pmf.sum()


def human_profile(disease: DiseaseParams, horizon: int) -> np.ndarray:
    """P(a person infected on day t is viraemic when mosquitoes bite on day t + tau).

    In the ABM's day-step, bites come before disease progression and the
    incubation countdown starts the day after infection, so a person with
    incubation k and viraemia D (rounded lognormals) is viraemic for the bites
    of days t+k+1 .. t+k+D: half a day later, on average, than a continuous
    clock with bites spread over the day. The mosquito side is half a day
    early (it bites on the day its EIP ends, see :func:`discrete_kernel`), so
    the mean generation interval is that of the same fixed stages in continuous
    time.
    """
    human = np.zeros(horizon)
    inc = _rounded_lognormal_pmf(disease.incubation_days, disease.incubation_sd_days)
    inf = _rounded_lognormal_pmf(disease.infectious_days, disease.infectious_sd_days)
    for k in np.flatnonzero(inc):
        for dur in np.flatnonzero(inf):
            human[k + 1 : k + 1 + dur] += inc[k] * inf[dur]
    return human


def _eip_split(eip_days: float) -> tuple[tuple[int, float], ...]:
    """Whole-day EIPs and their chances (random rounding of the mean, at least 1 day)."""
    whole = math.floor(eip_days)
    frac = eip_days - whole
    return ((max(whole, 1), 1.0 - frac), (max(whole + 1, 1), frac))


def discrete_kernel(params: RunParams, ref: ReferenceParams, horizon: int = 400) -> np.ndarray:
    """Expected human infections on day t+tau caused by one human infected on day t (ABM clock).

    Each day the case is viraemic (:func:`human_profile`), a m beta_vh
    mosquitoes catch the virus (a bites per mosquito, m = N_V / N_H). A mosquito
    infected on day u is infectious from day u+n if it survived n daily draws
    (p^n, n the whole-day EIP), bites that very day and every later day it
    survives (p^j), each bite infecting with beta_hv. Its expected infectious
    bite-days are 1 / (1 - p) where continuous time has 1 / g = -1 / ln p, so the
    sum of the kernel is ``ross_macdonald_r0 * g / (1 - p)`` (3.7% more at p = 0.93).

    Returns:
        ``kernel[tau]`` for tau = 0 .. horizon - 1; its sum is the case-to-case R0.
    """
    p, a = ref.mosquito_daily_survival, ref.bites_per_mosquito
    j = np.arange(horizon)
    mosquito = np.zeros(horizon)
    for n, w in _eip_split(params.disease.eip_days):
        mosquito[n:] += w * p**n * p ** j[: horizon - n]
    scale = a * ref.mosquitoes / ref.humans * ref.p_human_to_mosquito * a * ref.p_mosquito_to_human
    return scale * np.convolve(human_profile(params.disease, horizon), mosquito)[:horizon]


def renewal_growth_rate(kernel: np.ndarray) -> float:
    """Growth rate r (per day) solving sum_tau kernel[tau] exp(-r tau) = 1 (discrete Euler-Lotka)."""
    tau = np.arange(kernel.size)
    return float(brentq(lambda r: float((kernel * np.exp(-r * tau)).sum()) - 1.0, -0.5, 3.0))


def extinction_probability(params: RunParams, ref: ReferenceParams) -> float:
    """Chance that the chain of one imported case dies out (branching process, day-step biology).

    A case viraemic for D days infects Poisson(a m beta_vh D) mosquitoes; each
    survives the EIP with p^n, then on each day of its geometric life (survival p)
    infects a human with chance a beta_hv. The extinction probability q is the
    smallest root of q = G(q), G the generating function of human offspring.
    """
    a, m, p = ref.bites_per_mosquito, ref.mosquitoes / ref.humans, ref.mosquito_daily_survival
    ab = a * ref.p_mosquito_to_human
    p_eip = sum(w * p**n for n, w in _eip_split(params.disease.eip_days))
    d = params.disease
    viraemia = _rounded_lognormal_pmf(d.infectious_days, d.infectious_sd_days)

    def offspring_pgf(q: float) -> float:
        y = 1.0 - ab + ab * q  # one day of an infectious mosquito
        per_mosquito = 1.0 - p_eip + p_eip * (1.0 - p) * y / (1.0 - p * y)
        rate = a * m * ref.p_human_to_mosquito * (1.0 - per_mosquito)
        return float(sum(w * math.exp(-rate * k) for k, w in enumerate(viraemia) if w > 0))

    if offspring_pgf(1.0 - 1e-9) <= 1.0 - 1e-9:  # supercritical: a root below 1 exists
        return float(brentq(lambda q: offspring_pgf(q) - q, 0.0, 1.0 - 1e-9))
    return 1.0


def day_step_twin(params: RunParams, ref: ReferenceParams, days: int, seeds: float) -> dict[str, np.ndarray]:
    """Deterministic mean-field twin of the well-mixed ABM, on the ABM's day-step.

    Expected values of the ABM's own rules, day by day: emergence keeps N_V
    constant, then survival p, EIP countdown (whole days), bites (a per mosquito;
    a susceptible mosquito biting a viraemic person is infected with beta_vh; a
    person escapes each infectious mosquito with chance 1 - a beta_hv / N_H);
    ``seeds`` people are infected on day 0 after the bites; humans follow
    :func:`human_profile`. Only randomness is left out, so ABM minus twin is
    stochastic and spatial effects, and twin minus ODE is the ODE's exponential
    stage durations and continuous clock.

    Returns:
        ``cumulative`` infections and ``infectious`` humans at the end of each day.
    """
    p, a, n_h, n_v = ref.mosquito_daily_survival, ref.bites_per_mosquito, ref.humans, ref.mosquitoes
    h = human_profile(params.disease, days + 2)
    split = _eip_split(params.disease.eip_days)
    e_v = np.zeros(max(n for n, _ in split) + 1)  # e_v[k]: exposed mosquitoes with k days left
    s_v, i_v, s_h = n_v, 0.0, n_h
    inc = np.zeros(days)
    for d in range(days):
        s_v, e_v, i_v = (s_v + n_v * (1.0 - p) / p) * p, e_v * p, i_v * p
        i_v += e_v[1]
        e_v = np.append(e_v[1:], 0.0)
        e_v[0] = 0.0
        viraemic = float(inc[:d] @ h[d - np.arange(d)]) if d else 0.0
        new_v = s_v * a * ref.p_human_to_mosquito * viraemic / n_h
        new_h = s_h * -math.expm1(-a * ref.p_mosquito_to_human * i_v / n_h)
        s_v -= new_v
        for n, w in split:
            e_v[n] += w * new_v
        if d == 0:
            new_h += seeds
        inc[d], s_h = new_h, s_h - new_h
    infectious = np.array([inc[: d + 1] @ h[d + 1 - np.arange(d + 1)] for d in range(days)])
    return {"cumulative": np.cumsum(inc), "infectious": infectious}


# --- metrics shared by ABM and ODE curves ---------------------------------------------------------
