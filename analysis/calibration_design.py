"""What the calibration fits, over which ranges, and the design points it tries.

:data:`PARAMS` are the fitted parameters with their search ranges, :data:`FIXED`
the values held at literature values. Edit them here (or use ``--range``,
``--fix`` and ``--drop`` of ``python -m analysis.calibrate``) to change what is
fitted. The ranges are constraints that keep the model credible, not just search
limits: see docs/readme/55-calibration.md ("Why the fit is constrained"). Stage 1
of the search is a Latin hypercube (:func:`latin_hypercube`), stage 2 a star of
one-at-a-time steps around the best point (:func:`star`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scipy.stats import qmc

__all__ = ["FIXED", "PARAMS", "ParamSpec", "format_value", "latin_hypercube", "star"]


@dataclass(frozen=True)
class ParamSpec:
    """One fitted parameter: Hydra override key and search range (in the parameter's own unit).

    ``log``: sample log-uniformly; ``integer``: round to the nearest integer (counts).
    """

    key: str
    low: float
    high: float
    log: bool = False
    integer: bool = False

    def from_unit(self, u: float) -> float:
        """Map ``u`` in [0, 1] onto the range (rounded to an integer for integer parameters)."""
        if self.log:
            x = math.exp(math.log(self.low) + u * (math.log(self.high) - math.log(self.low)))
        else:
            x = self.low + u * (self.high - self.low)
        return float(round(x)) if self.integer else float(round(x, 4))

    def to_unit(self, x: float) -> float:
        """Inverse of :meth:`from_unit` (up to rounding)."""
        if self.log:
            return (math.log(x) - math.log(self.low)) / (math.log(self.high) - math.log(self.low))
        return (x - self.low) / (self.high - self.low)

    def format(self, x: float) -> str:
        """Value as a Hydra override string (integers without a decimal point)."""
        return str(round(x)) if self.integer else f"{x:.6g}"


#: The fitted parameters and their search ranges.
PARAMS: tuple[ParamSpec, ...] = (
    # Mosquito density (larval capacity multiplier). 6 is ~200k adults on the default village,
    # the most the performance targets allow; an unconstrained fit ran to 16 (~550k).
    ParamSpec("vector.capacity_scale", 1.0, 6.0, log=True),
    # Host mixing: share of bites received away from home. Kept away from 1, where biting is
    # well mixed and ring zoning (which acts on space) loses its meaning.
    ParamSpec("residents.p_bite_away_from_home", 0.3, 0.7),
    # Reported cases at which the 2025 outbreak was recognised (trigger of shunde_2025): a
    # property of the 2025 response (a virus new to Foshan, found by active surveillance
    # weeks after the first onset), not of the virus or the mosquito.
    ParamSpec("strategy.trigger.case_threshold", 5, 60, log=True, integer=True),
    # Share of clinic visits diagnosed as chikungunya before the alert (the detection ramp).
    ParamSpec("disease.p_diagnosed_before_alert", 0.05, 1.0, log=True),
    # Households' exposure spread: at least 1.05 by the 20/80 rule (Woolhouse et al. 1997).
    ParamSpec("residents.exposure_cv", 1.05, 2.5),
)

#: Parameters held at literature values during the fit (Hydra key -> value).
FIXED: dict[str, float] = {
    # Median onset-to-report delay before the campaign: 4 d (Zhang M et al., Infect Dis
    # Poverty 2025). Not fitted: an unconstrained fit pushed it to 7.3 d.
    "disease.report_delay_days": 4.0,
}


def format_value(key: str, value: float, params: Sequence[ParamSpec] | None = None) -> str:
    """``value`` of ``key`` as an override string, integer-formatted for integer parameters."""
    for p in PARAMS if params is None else params:
        if p.key == key:
            return p.format(value)
    return f"{value:.6g}"


def latin_hypercube(n: int, params: Sequence[ParamSpec] = PARAMS, seed: int = 0) -> list[dict[str, float]]:
    """``n`` points of a Latin hypercube over the ranges of ``params`` (scipy's qmc, seeded)."""
    unit = qmc.LatinHypercube(d=len(params), seed=seed).random(n)
    return [{p.key: p.from_unit(u[i]) for i, p in enumerate(params)} for u in unit]


def star(centre: Mapping[str, float], step: float, params: Sequence[ParamSpec] = PARAMS
         ) -> list[dict[str, float]]:
    """The centre and one-at-a-time steps of ``step`` (unit scale) each way, clipped to the range."""
    out = [dict(centre)]
    for p in params:
        u = p.to_unit(centre[p.key])
        for d in (-step, step):
            cand = {**centre, p.key: p.from_unit(min(1.0, max(0.0, u + d)))}
            if cand not in out:  # at a bound (or for a narrow integer range) a step may repeat a point
                out.append(cand)
    return out
