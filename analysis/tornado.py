"""How the answer moves over each kill and clearance value's credible range (tornado chart).

For one strategy, every parameter in :data:`RANGES` is set to the low and the
high end of its credible range in turn, the others at their defaults, with the
same seeds (paired); the infections of each end are compared with the
defaults'. No reader should mistake one unverified number for a finding: the
widest bars are the numbers the answer hangs on. Example::

    python -m analysis.tornado --strategy shunde_2025 --seeds 3 --out outputs/tornado
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.paired_runs import infections, study_args, write_study
from analysis.runner import run_many

__all__ = ["RANGES", "main", "tornado"]

#: Parameter -> (low, high, source of the range).
RANGES: dict[str, tuple[float, float, str]] = {
    "strategy.inspection.indoor_knockdown": (
        0.64, 0.83, "Gunning et al. 2018 (aegypti, in the treated house)"),
    "vector.indoor_resting_share": (
        0.09, 0.20, "90.8% exophilic (Sri Lanka); 82% outdoor host-seeking (Guangzhou)"),
    "strategy.outdoor.spray_kill_handheld": (
        0.40, 0.48, "thermal fogging vs albopictus, 24-h reduction (China)"),
    "strategy.outdoor.spray_residual_kill_per_day": (0.0, 0.2, "unverified: no decay half-life found"),
    "strategy.inspection.p_clear_found": (0.9, 1.0, "Shunde reported 98.84% clearance overall"),
    "strategy.inspection.p_clear_found_idle": (0.8, 0.95, "Shunde reported 89.59% in idle houses"),
    "strategy.inspection.net_efficacy": (0.5, 0.95, "unverified"),
    "strategy.publicity.coil_efficacy": (0.05, 0.3, "unverified; coils OR 1.44 for dengue (Bowman 2016)"),
    "village.uncounted_egg_share": (0.95, 0.999, "unverified: set so the day-0 Breteau index is 4-32"),
    "disease.presymptomatic_days": (0.5, 2.5, "chikungunya: 1.5 d is a modelling assumption"),
}



def tornado(strategy: str, seeds: int, overrides: Sequence[str] = (), workers: int = 2) -> pd.DataFrame:
    """Infections per seed at the defaults and at each end of each range."""
    base = (*overrides, f"strategy={strategy}")
    variants = [("default", "", base)]
    for key, (low, high, _) in RANGES.items():
        variants += [(key, "low", (*base, f"{key}={low}")), (key, "high", (*base, f"{key}={high}"))]
    jobs = [(*ov, f"seed={s}") for _, _, ov in variants for s in range(seeds)]
    counts = run_many(infections, jobs, workers=workers, desc=f"tornado {strategy}")
    return pd.DataFrame([{"parameter": key, "end": end, "seed": s, "infections": counts[i * seeds + s]}
                         for i, (key, end, _) in enumerate(variants) for s in range(seeds)])


def summarise(runs: pd.DataFrame) -> pd.DataFrame:
    """Per parameter: mean paired change in infections at its low and high end, widest first."""
    default = runs[runs.parameter == "default"].set_index("seed").infections
    rows = []
    for key, (low, high, source) in RANGES.items():
        part = runs[runs.parameter == key]
        d_low = (part[part.end == "low"].set_index("seed").infections - default).mean()
        d_high = (part[part.end == "high"].set_index("seed").infections - default).mean()
        rows.append({"parameter": key, "low": low, "high": high, "change_at_low": d_low,
                     "change_at_high": d_high, "swing": abs(d_high - d_low), "range_source": source})
    return pd.DataFrame(rows).sort_values("swing", ascending=False, ignore_index=True)


def _markdown(strategy: str, default: float, table: pd.DataFrame) -> str:
    lines = [f"# {strategy}: sensitivity of infections to each kill and clearance value", "",
             f"Infections at the defaults: {default:,.0f} (mean over seeds).", "",
             "| parameter | range | change at low end | change at high end | range from |",
             "|---|---|---|---|---|"]
    lines += [f"| `{r.parameter}` | {r.low:g}-{r.high:g} | {r.change_at_low:+,.0f} "
              f"| {r.change_at_high:+,.0f} | {r.range_source} |" for r in table.itertuples()]
    return "\n".join(lines) + "\n"


def _figure(strategy: str, default: float, table: pd.DataFrame) -> Figure:
    t = table.iloc[::-1]
    fig = Figure(figsize=(8, 0.45 * len(t) + 1.5), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(t))
    ax.barh(y, t.change_at_low, color="tab:blue", label="low end of range")
    ax.barh(y, t.change_at_high, color="tab:orange", alpha=0.8, label="high end of range")
    ax.set_yticks(y, [f"{p.split('.')[-1]} ({lo:g}-{hi:g})" for p, lo, hi in zip(t.parameter, t.low, t.high,
                                                                                   strict=True)])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"change in infections (default {default:,.0f})")
    ax.set_title(f"{strategy}: what the answer hangs on")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def main(argv: Sequence[str] | None = None) -> int:
    args = study_args("python -m analysis.tornado", __doc__.split("\n")[0], "outputs/tornado", argv)
    runs = tornado(args.strategy, args.seeds, args.overrides, args.workers)
    table = summarise(runs)
    default = float(runs[runs.parameter == "default"].infections.mean())
    write_study(args.out, "tornado", runs, _markdown(args.strategy, default, table),
                _figure(args.strategy, default, table), extra={"tornado.csv": table})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
