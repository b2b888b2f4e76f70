"""The ABM's own day-step theory: a deterministic twin of its daily rules for validation.

The Manore et al. (2014) ODE assumes exponential stage durations; the ABM steps
whole days with a fixed extrinsic incubation (survival p^n) and lognormal human
durations. The functions here build the ABM's discrete generation kernel, its
renewal growth rate, the die-out probability of a single introduction, and a
deterministic day-by-day twin of the model, so that the validation can tell
stage-shape effects from model errors. The stage durations are the model's own
samplers' distributions (:func:`sim.humans.lognormal_days_pmf`,
:func:`sim.vector.rules.eip_days_pmf`), so no rule is re-derived here. Days and
per-day rates throughout; the renewal (Euler-Lotka) growth rate follows Wallinga
& Lipsitch 2007 (Proc R Soc B 274:599).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq

from analysis.reference_ode import ReferenceParams
from sim.humans import lognormal_days_pmf
from sim.params.disease import DiseaseParams
from sim.params.run_params import RunParams
from sim.vector.rules import eip_days_pmf

__all__ = [
    "day_step_twin",
    "discrete_kernel",
    "extinction_probability",
    "human_profile",
    "renewal_growth_rate",
]


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
    inc = lognormal_days_pmf(disease.incubation_days, disease.incubation_sd_days)
    inf = lognormal_days_pmf(disease.infectious_days, disease.infectious_sd_days)
    for k in np.flatnonzero(inc):
        for dur in np.flatnonzero(inf):
            human[k + 1 : k + 1 + dur] += inc[k] * inf[dur]
    return human


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
    eip = eip_days_pmf(params.disease.eip_days)
    for n in np.flatnonzero(eip):
        mosquito[n:] += eip[n] * p**n * p ** j[: horizon - n]
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
    eip = eip_days_pmf(params.disease.eip_days)
    p_eip = float(eip @ p ** np.arange(eip.size))  # chance to survive the whole-day EIP
    d = params.disease
    viraemia = lognormal_days_pmf(d.infectious_days, d.infectious_sd_days)

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
    eip = eip_days_pmf(params.disease.eip_days)
    e_v = np.zeros(eip.size)  # e_v[k]: exposed mosquitoes with k days left
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
        e_v += eip * new_v
        if d == 0:
            new_h += seeds
        inc[d], s_h = new_h, s_h - new_h
    infectious = np.array([inc[: d + 1] @ h[d + 1 - np.arange(d + 1)] for d in range(days)])
    return {"cumulative": np.cumsum(inc), "infectious": infectious}
