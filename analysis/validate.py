"""Agreement of the agent-based model with classic host-vector theory.

Usage::

    python -m analysis.validate [--quick] [--seeds N] [--workers K] [--diseases ...] [--out DIR]

Replicates of the *well-mixed* ABM (:data:`analysis.validation_runs.WELL_MIXED_OVERRIDES`:
a 3 x 3-cell hamlet, every bite on a random villager, mosquitoes that stay with their own
breeding sites, frozen water so the adult population is constant, no campaign) are
compared, for chikungunya and dengue, with two references:

* **ODE**: the SEIR-SEI model of Manore et al. 2014 (:mod:`analysis.reference_ode`),
  its parameters read off the ABM (:func:`analysis.reference_ode.reference_params_for`;
  N_V is the mean adult count after the warm-up), with its R0
  (:func:`analysis.reference_ode.ode_r0`) and the Ross-Macdonald R0
  (:func:`analysis.reference_ode.ross_macdonald_r0`);
* **day-step theory** (:mod:`analysis.day_step_twin`): the same biology on the ABM's clock
  (whole-day EIP, lognormal human stages, geometric mosquito life, bites before disease
  progression): the discrete-day R0 and renewal growth rate and a deterministic
  mean-field twin. ABM minus twin is noise and implementation error; twin minus ODE is
  what the ODE's exponential stages and continuous clock change.

Metrics, computed the same way on every curve (:mod:`analysis.epidemic_measures`): early
growth rate (least-squares slope of log cumulative infections inside ``GROWTH_WINDOW``),
final attack rate, and the delay from the day cumulative infections reach
``ALIGN_FRACTION`` of the population to the peak of infectious humans (aligning removes
the random length of the stochastic start). The early case-to-case R0 is the model's
``r0_case_to_case_early`` (raw) and the same offspring counts with the depletion of a
finite village undone (:mod:`analysis.validation_stats`). Tolerances:
:mod:`analysis.validation_tolerance`. Writes ``validation.json``, ``validation.md`` and
``validation_curves.png`` into ``--out`` (default ``outputs/validation/``); exits with
status 1 when a comparison is outside its tolerance.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis.validation_figure import plot_curves
from analysis.validation_report import format_table, to_json
from analysis.validation_runs import DISEASE_DAYS, abm_params, run_replicates
from analysis.validation_stats import summarise_replicates, theory_for
from analysis.validation_tolerance import compare
from sim.outputs import atomic_write_text

__all__ = ["DEFAULT_OUT", "main", "validate"]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "outputs" / "validation"


def validate(disease: str, seeds: Sequence[int], workers: int = 2,
             extra: Sequence[str] = ()) -> dict[str, Any]:
    """Run the well-mixed ABM for one disease and compare it with theory.

    Args:
        disease: ``chikungunya`` or ``dengue``.
        seeds: replicate seeds.
        workers: worker processes for the replicates.
        extra: further Hydra overrides.

    Returns:
        ``{"disease", "abm", "theory", "rows", "replicates"}``; ``theory`` is evaluated at the
        mean N_H and N_V of the replicates (for the figure and the notes of the table).
    """
    params = abm_params(disease, extra=extra)
    reps = run_replicates(params, seeds, workers)
    abm = summarise_replicates(params, reps)
    theory = theory_for(params, abm["population"], abm["mean_adults"])
    return {"disease": disease, "abm": abm, "theory": theory, "rows": compare(abm), "replicates": reps}


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point; returns 0 when every comparison is within its tolerance."""
    ap = argparse.ArgumentParser(prog="python -m analysis.validate", description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="8 seeds per disease instead of 16")
    ap.add_argument("--seeds", type=int, default=None, help="replicates per disease (default 16)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--diseases", nargs="+", default=list(DISEASE_DAYS), choices=list(DISEASE_DAYS))
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = ap.parse_args(argv)
    n = args.seeds if args.seeds is not None else (8 if args.quick else 16)
    if n < 2:
        ap.error("--seeds must be at least 2")
    seeds = list(range(n))
    start = time.perf_counter()
    results = []
    for disease in args.diseases:
        t0 = time.perf_counter()
        results.append(validate(disease, seeds, args.workers))
        print(format_table(results[-1]) + f"({time.perf_counter() - t0:.0f} s)\n", flush=True)
    seconds = time.perf_counter() - start
    out = Path(args.out)
    atomic_write_text(out / "validation.json", json.dumps(to_json(results, seeds, seconds), indent=1) + "\n")
    atomic_write_text(out / "validation.md", "\n".join(format_table(r, markdown=True) for r in results))
    plot_curves(results, out / "validation_curves.png")
    failed = [f"{res['disease']}: {row['metric']} vs {side}" for res in results for row in res["rows"]
              for side in ("ode", "day_step") if row[side]["within"] is False]
    failed += [f"{res['disease']}: no replicate took off" for res in results if not res["abm"]["took_off"]]
    print(f"wrote {out / 'validation.json'}, validation.md, validation_curves.png in {seconds:.0f} s")
    if failed:
        print("outside tolerance: " + "; ".join(failed), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
