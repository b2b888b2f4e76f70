"""Mean-field theory the agent-based model is validated against (not part of the model).

* Ross-Macdonald R0 (Macdonald 1957; Smith & McKenzie 2004, Malaria J 3:13).
* The SEIR (humans) / SEI (mosquitoes) ODE of Manore et al. 2014 (J Theor Biol
  356:174), where bites are capped both by mosquito demand and human tolerance.
* The SIR final-size relation, an independent check of the ODE's attack rate.

The ODE's parameters are read off the model's own declarations
(:func:`reference_params_for`: the ``vector`` and ``disease`` sections of a
composed configuration), so the biology has one source. R0 is reported
case-to-case (human -> mosquito -> human) unless asked otherwise; the
next-generation value is its square root. Days and per-day rates throughout.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import solve_ivp
from scipy.optimize import brentq

from sim.params.run_params import RunParams

__all__ = [
    "ReferenceParams", "ReferenceSolution", "early_growth_rate", "final_size_attack_rate", "ode_r0",
    "reference_params_for", "ross_macdonald_r0", "solve_seir_sei",
]


def _check(name: str, value: float, low: float, high: float, brackets: str = "[]") -> None:
    """Raise ValueError unless value lies in the interval; brackets "(]" etc. mark open ends."""
    ok_low = value > low if brackets[0] == "(" else value >= low
    ok_high = value < high if brackets[1] == ")" else value <= high
    if not (math.isfinite(value) and ok_low and ok_high):
        raise ValueError(f"{name}={value!r} is outside the allowed range "
                         f"{brackets[0]}{low}, {high}{brackets[1]}")


@dataclass(frozen=True)
class ReferenceParams:
    """Parameters shared by the Ross-Macdonald formula and the SEIR-SEI ODE.

    Attributes:
        humans: Human population N_H (> 0).
        mosquitoes: Adult female mosquitoes N_V, held constant (>= 0).
        bites_per_mosquito_per_day: Bites sought per mosquito per day, sigma_v.
        max_bites_per_human_per_day: Bites a human tolerates per day, sigma_h.
        p_mosquito_to_human: P(infectious bite infects a human), beta_hv.
        p_human_to_mosquito: P(bite on a viraemic human infects the mosquito), beta_vh.
        mosquito_daily_survival: Daily adult survival p in (0, 1); g = -ln p per day.
        eip_days: Extrinsic incubation period n (days).
        human_incubation_days: Mean intrinsic incubation period (days).
        human_infectious_days: Mean viraemic period 1/r (days).
    """

    humans: float
    mosquitoes: float
    bites_per_mosquito_per_day: float
    max_bites_per_human_per_day: float
    p_mosquito_to_human: float
    p_human_to_mosquito: float
    mosquito_daily_survival: float
    eip_days: float
    human_incubation_days: float
    human_infectious_days: float

    def __post_init__(self) -> None:
        _check("mosquitoes", self.mosquitoes, 0, math.inf, "[)")
        for name in ("humans", "bites_per_mosquito_per_day", "max_bites_per_human_per_day",
                     "eip_days", "human_incubation_days", "human_infectious_days"):
            _check(name, getattr(self, name), 0, math.inf, "()")
        for name in ("p_mosquito_to_human", "p_human_to_mosquito"):
            _check(name, getattr(self, name), 0, 1, "[]")
        _check("mosquito_daily_survival", self.mosquito_daily_survival, 0, 1, "()")

    @property
    def mosquito_death_rate(self) -> float:
        """Adult mosquito death rate g = -ln(p) (per day)."""
        return -math.log(self.mosquito_daily_survival)

    @property
    def bites_per_mosquito(self) -> float:
        """Realised bites per mosquito per day, a = b_tot / N_V.

        With b_tot = sigma_v sigma_h N_V N_H / (sigma_v N_V + sigma_h N_H)
        (Manore et al. 2014), a = sigma_v sigma_h N_H / (sigma_v N_V + sigma_h N_H),
        which tends to sigma_v when humans are plentiful and stays finite at N_V = 0.
        """
        sv, sh = self.bites_per_mosquito_per_day, self.max_bites_per_human_per_day
        return sv * sh * self.humans / (sv * self.mosquitoes + sh * self.humans)


def reference_params_for(params: RunParams, humans: float, mosquitoes: float) -> ReferenceParams:
    """The ODE's parameters (Manore et al. 2014 notation) read off an ABM configuration.

    Every biological value comes from the configuration's ``vector`` and
    ``disease`` sections (declared, with sources, in :mod:`sim.params.vector`
    and :mod:`sim.params.disease`, or set by a disease preset).

    Args:
        params: ABM run parameters (only ``vector`` and ``disease`` are read).
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


def ross_macdonald_r0(params: ReferenceParams, *, case_to_case: bool = True) -> float:
    """Classic Ross-Macdonald R0, m a^2 b c exp(-g n) / (g r).

    Here m = N_V / N_H, a is the realised bites per mosquito per day under
    Manore's two-sided bite limit, b and c are the per-bite transmission
    probabilities, g the mosquito death rate, n the EIP and 1/r the human
    infectious period. exp(-g n) is the chance of surviving a *fixed* EIP,
    which is what a discrete-day ABM with a fixed EIP implements.

    Args:
        params: Model parameters.
        case_to_case: True (default): human cases caused by one human case via
            mosquitoes, the quantity growth-rate estimates measure. False: the
            next-generation value (geometric mean of the two half steps), i.e.
            the square root of the case-to-case number.

    Returns:
        R0 (dimensionless).
    """
    g, a, m = params.mosquito_death_rate, params.bites_per_mosquito, params.mosquitoes
    r0 = (m / params.humans * a**2 * params.p_mosquito_to_human * params.p_human_to_mosquito
          * math.exp(-g * params.eip_days) / (g / params.human_infectious_days))
    return r0 if case_to_case else math.sqrt(r0)


def _next_generation(params: ReferenceParams) -> tuple[np.ndarray, np.ndarray]:
    """Transmission (F) and transition (V) matrices for (E_H, I_H, E_V, I_V) at the DFE."""
    a, g = params.bites_per_mosquito, params.mosquito_death_rate
    nu_h, gamma = 1.0 / params.human_incubation_days, 1.0 / params.human_infectious_days
    nu_v = 1.0 / params.eip_days
    m = params.mosquitoes / params.humans
    f = np.zeros((4, 4))
    f[0, 3] = a * params.p_mosquito_to_human          # I_V -> new E_H
    f[2, 1] = a * m * params.p_human_to_mosquito      # I_H -> new E_V
    v = np.array([[nu_h, 0.0, 0.0, 0.0], [-nu_h, gamma, 0.0, 0.0],
                  [0.0, 0.0, nu_v + g, 0.0], [0.0, 0.0, -nu_v, g]])
    return f, v


def ode_r0(params: ReferenceParams, case_to_case: bool = True) -> float:
    """R0 of the SEIR-SEI ODE from its next-generation matrix F V^-1.

    The ODE passes the EIP as an exponential stage of rate 1/n, so the chance
    that a mosquito survives it is 1 / (1 + g n) rather than the exp(-g n) of
    :func:`ross_macdonald_r0` (fixed EIP, as in a discrete-day ABM); otherwise
    the two agree. The ODE value is larger: 0.82 vs 0.80 for the chikungunya
    preset (g n = 0.22), 0.68 vs 0.62 for dengue (g n = 0.47).

    Args:
        params: Model parameters.
        case_to_case: True (default): spectral radius squared (human to human);
            False: the spectral radius itself.

    Returns:
        R0 (dimensionless).
    """
    f, v = _next_generation(params)
    rho = float(np.max(np.abs(np.linalg.eigvals(f @ np.linalg.inv(v)))))
    return rho**2 if case_to_case else rho


def early_growth_rate(params: ReferenceParams) -> float:
    """Initial exponential growth rate of the ODE epidemic (per day).

    The dominant eigenvalue of the Jacobian F - V of the infected subsystem
    (E_H, I_H, E_V, I_V) linearised at the disease-free equilibrium. It is
    positive exactly when :func:`ode_r0` exceeds 1; doubling time ln 2 / rate.
    """
    f, v = _next_generation(params)
    return float(np.max(np.linalg.eigvals(f - v).real))


def final_size_attack_rate(r0_case_to_case: float) -> float:
    """Final attack rate z from the SIR final-size relation z = 1 - exp(-R0 z).

    For vector-borne transmission this is only an approximation: it assumes
    each human case exposes mosquitoes that are themselves all susceptible,
    so it overstates the attack rate when mosquito prevalence gets high.

    Args:
        r0_case_to_case: Case-to-case R0 (human to human).

    Returns:
        Fraction of the population eventually infected; 0 when R0 <= 1.
    """
    if not math.isfinite(r0_case_to_case) or r0_case_to_case < 0:
        raise ValueError(f"r0_case_to_case={r0_case_to_case!r} must be finite and >= 0")
    if r0_case_to_case <= 1.0:
        return 0.0
    return float(brentq(lambda z: z - 1.0 + math.exp(-r0_case_to_case * z), 1e-12, 1.0))


@dataclass(frozen=True, eq=False)
class ReferenceSolution:
    """Daily output of :func:`solve_seir_sei` (arrays indexed by day 0..days).

    Compartments are in individuals; ``incidence[d]`` is the number of new
    human infections during day d (``incidence[0]`` is 0), so
    ``incidence.sum()`` is the number infected after the initial seeds.
    """

    params: ReferenceParams
    day: np.ndarray
    s_h: np.ndarray
    e_h: np.ndarray
    i_h: np.ndarray
    r_h: np.ndarray
    s_v: np.ndarray
    e_v: np.ndarray
    i_v: np.ndarray
    incidence: np.ndarray = field(repr=False)

    @property
    def final_attack_rate(self) -> float:
        """Fraction of humans ever infected by the last day (seeds included)."""
        return float(1.0 - self.s_h[-1] / self.params.humans)

    @property
    def peak_day(self) -> int:
        """Day on which infectious humans i_h are highest."""
        return int(self.day[int(np.argmax(self.i_h))])

    @property
    def early_growth_rate(self) -> float:
        """Initial exponential growth rate (per day); see :func:`early_growth_rate`."""
        return early_growth_rate(self.params)


def solve_seir_sei(params: ReferenceParams, days: int, initial_infectious_humans: float = 1,
                   initial_exposed_humans: float = 0) -> ReferenceSolution:
    """Integrate the SEIR-SEI host-vector ODE of Manore et al. 2014.

    A susceptible human is infected at rate a beta_hv I_V / N_H (a N_V daily
    bites over N_H people, a share I_V / N_V infectious), then leaves E at rate
    1/incubation and I at rate 1/infectious period (no human demography). A
    susceptible mosquito is infected at rate a beta_vh I_H / N_H and leaves E at
    rate 1/EIP; all mosquitoes die at rate g and are replaced by susceptible
    births, so N_V is constant. a is Manore's two-sided bite limit.

    Args:
        params: Model parameters.
        days: Number of days to simulate (>= 1).
        initial_infectious_humans: Infectious humans at day 0.
        initial_exposed_humans: Exposed humans at day 0.

    Returns:
        Daily values at day 0, 1, ..., days (LSODA, rtol 1e-8).
    """
    if int(days) != days or days < 1:
        raise ValueError(f"days={days!r} must be an integer >= 1")
    seeds = initial_infectious_humans + initial_exposed_humans
    _check("initial_infectious_humans", initial_infectious_humans, 0, params.humans)
    _check("initial_exposed_humans", initial_exposed_humans, 0, params.humans)
    _check("initial_exposed_humans + initial_infectious_humans", seeds, 0, params.humans)
    n_h, n_v = params.humans, params.mosquitoes
    a, g = params.bites_per_mosquito, params.mosquito_death_rate
    b_hv, b_vh = params.p_mosquito_to_human, params.p_human_to_mosquito
    nu_h, gamma = 1.0 / params.human_incubation_days, 1.0 / params.human_infectious_days
    nu_v = 1.0 / params.eip_days

    def rhs(_t: float, y: np.ndarray) -> list[float]:
        s_h, e_h, i_h, _r_h, s_v, e_v, i_v, _cum = y
        inf_h = a * b_hv * i_v * s_h / n_h      # new human infections per day
        inf_v = a * b_vh * s_v * i_h / n_h      # new mosquito infections per day
        return [-inf_h, inf_h - nu_h * e_h, nu_h * e_h - gamma * i_h, gamma * i_h,  # humans
                g * (n_v - s_v) - inf_v, inf_v - (nu_v + g) * e_v, nu_v * e_v - g * i_v, inf_h]

    y0 = [n_h - seeds, initial_exposed_humans, initial_infectious_humans, 0.0,
          n_v, 0.0, 0.0, 0.0]
    t = np.arange(int(days) + 1, dtype=float)
    sol = solve_ivp(rhs, (0.0, t[-1]), y0, method="LSODA", t_eval=t, rtol=1e-8,
                    atol=1e-9 * max(n_h, n_v, 1.0))
    if not sol.success:  # pragma: no cover - LSODA failure is not expected
        raise RuntimeError(f"ODE integration failed: {sol.message}")
    y = sol.y
    return ReferenceSolution(params=params, day=t.astype(int), s_h=y[0], e_h=y[1], i_h=y[2],
                             r_h=y[3], s_v=y[4], e_v=y[5], i_v=y[6],
                             incidence=np.diff(y[7], prepend=0.0))

