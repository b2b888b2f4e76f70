"""Calibrate the village model to the shape of the 2025 Foshan chikungunya epidemic.

Usage::

    python -m analysis.calibrate [--quick] [--out DIR] [--village default] [--workers 2]
        [--range KEY=LOW:HIGH[:log]] [--fix KEY=VALUE] [--drop KEY] [--lhs 16] [--seeds 4]

Fits the parameters in ``PARAMS`` of :mod:`analysis.calibration_design` (mosquito density
``vector.capacity_scale``, host mixing ``residents.p_bite_away_from_home``, the share of
clinic visits diagnosed before the alert ``disease.p_diagnosed_before_alert``, households'
exposure spread ``residents.exposure_cv`` and the number of reported cases at which the 2025
outbreak was recognised, ``strategy.trigger.case_threshold`` of ``shunde_2025``, a property of
the 2025 response rather than of the virus) within ranges
that keep the model credible, with the values in ``FIXED`` held at literature values (the
pre-campaign onset-to-report delay ``disease.report_delay_days`` = 4 d, Zhang M et al. 2025).
The ``shunde_2025`` strategy should then reproduce three summary statistics of the reported
epidemic, each computed the same way from the data and from the simulation with the day of
detection (Foshan: 8 Jul 2025; model: the day the case-threshold trigger fires) as day 0:

* ``growth_rate``: growth rate of cumulative reported cases over days 10-15 after detection,
  per day, in the data and in the model alike. Data: 18 -> 23 Jul, 1,199 -> 3,645
  (``foshan_2025_cumulative.csv``, doubling ~3 d). The window holds the detection ramp
  (``disease.p_diagnosed_before_alert``, fever screening, faster reporting) as well as
  transmission, so the fit does not force infections to double every 3 days;
* ``peak_delay``: day of the peak of daily reported cases (3-day centred mean in the
  model) minus the detection day (Foshan: 19 Jul, 647 cases; ``foshan_2025_daily.csv``);
* ``weekly_decline``: weekly ratio of reported cases over the five weeks from the peak
  week, from a log-linear fit (Foshan weeks 20 Jul - 23 Aug; ``guangdong_2025_weekly.csv``).

A one-sided term asks for at least the index community's attack rate (more than 230
infections among more than 3,600 residents within about two weeks of detection; data
README). The statistics are defined in :mod:`analysis.calibration_stats`; the objective,
the weighted sum of squared log-ratios, in :mod:`analysis.calibration_objective`.

Method (:mod:`analysis.calibration_search`): a Latin hypercube over the fitted parameters
(2 seeds per point), then a star of one-at-a-time steps around the best point (4 seeds; the
best point is chosen among these); the same seeds at every point (common random numbers).
Uncertainty: the parameter range of the star points whose objective lies within two
seed-bootstrap standard errors of the best. The baseline (no campaign) early case-to-case
R0 and adult mosquito count are checked at the fit. Writes ``calibration.json`` and
``calibration_fit.png`` (data vs simulation, bands over seeds) to ``--out`` (default
``outputs/calibration``); ``--counterfactual`` also runs :mod:`analysis.counterfactual` at
the fitted values.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from analysis.calibration_design import FIXED, PARAMS, ParamSpec
from analysis.calibration_search import DEFAULT_OUT, FIT_SEEDS, calibrate
from analysis.tables import fail

__all__ = ["main", "parse_param_flags"]


def parse_param_flags(ranges: Sequence[str], fixes: Sequence[str], drops: Sequence[str]
                      ) -> tuple[tuple[ParamSpec, ...], dict[str, float]]:
    """Apply ``--range KEY=LOW:HIGH[:log]``, ``--fix KEY=VALUE`` and ``--drop KEY`` to the defaults.

    Raises:
        ValueError: A malformed flag (one line).
    """
    specs = {p.key: p for p in PARAMS}
    fixed = dict(FIXED)
    for item in ranges:
        key, _, rest = item.partition("=")
        parts = rest.split(":")
        if not key or len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in ("log", "lin")):
            raise ValueError(f"--range expects KEY=LOW:HIGH[:log|lin], got {item!r}")
        low, high = float(parts[0]), float(parts[1])
        if not low < high:
            raise ValueError(f"--range {item!r}: LOW must be below HIGH")
        old = specs.get(key)
        log = parts[2] == "log" if len(parts) == 3 else (old.log if old else False)
        if log and low <= 0:
            raise ValueError(f"--range {item!r}: a log range needs LOW > 0")
        specs[key] = ParamSpec(key, low, high, log=log, integer=old.integer if old else False)
        fixed.pop(key, None)
    for item in fixes:
        key, sep, value = item.partition("=")
        if not key or not sep:
            raise ValueError(f"--fix expects KEY=VALUE, got {item!r}")
        fixed[key] = float(value)
        specs.pop(key, None)
    for key in drops:
        if specs.pop(key, None) is None:
            raise ValueError(f"--drop {key!r}: not a fitted parameter ({', '.join(specs)})")
    if not specs:
        raise ValueError("nothing left to fit")
    return tuple(specs.values()), fixed


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    ap = argparse.ArgumentParser(prog="python -m analysis.calibrate", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="smoke run: small village, 1 seed, 2 points")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output folder")
    ap.add_argument("--village", default=None, help="village config for the fit (default: default)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--counterfactual", action="store_true", help="also run the counterfactual at the fit")
    ap.add_argument("--lhs", type=int, default=16, help="Latin hypercube points (stage 1)")
    ap.add_argument("--seeds", type=int, default=len(FIT_SEEDS), help="seeds per star point (stage 2)")
    ap.add_argument("--star-step", type=float, default=0.15, help="star step, fraction of each range")
    ap.add_argument("--range", action="append", default=[], metavar="KEY=LOW:HIGH[:log]",
                    help="fit KEY over this range (adds or replaces a fitted parameter)")
    ap.add_argument("--fix", action="append", default=[], metavar="KEY=VALUE",
                    help="hold KEY at VALUE (removes it from the fitted set)")
    ap.add_argument("--drop", action="append", default=[], metavar="KEY",
                    help="do not fit KEY; it keeps its config default")
    args = ap.parse_args(argv)
    try:
        params, fixed = parse_param_flags(args.range, args.fix, args.drop)
        if args.seeds < 2 or args.lhs < 2:
            raise ValueError("--seeds and --lhs must be at least 2")
        calibrate(args.out, quick=args.quick, village=args.village, workers=args.workers,
                  counterfactual=args.counterfactual, params=params, fixed=fixed, lhs_points=args.lhs,
                  star_step=args.star_step, seeds=tuple(range(1, args.seeds + 1)))
    except (FileNotFoundError, ValueError) as err:
        fail(str(err))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
