"""The baseline regime against what is observed: attack rate, indices, mosquitoes, growth, R0.

Runs the default scenario without a campaign over several seeds and prints, for
each quantity a user reads, the model's median and range next to its published
reference (sources in the README's validation section and
``sim/params``); also draws the season's temperature and the resulting adult
density (``--figure``). Example::

    python -m analysis.regime --seeds 5 --figure docs/img/season.png
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from analysis.figure_style import save_figure
from analysis.runner import run_many
from analysis.tables import fail
from sim.cli.compose import compose_params
from sim.simulate import simulate

__all__ = ["REFERENCES", "main", "measure"]

#: Published ranges a user compares the model with: (low, high, source).
REFERENCES: dict[str, tuple[float, float, str]] = {
    "attack_rate": (0.10, 0.75, "naive populations: Italy 2007 10.2%, La Reunion 38.2%, Mayotte 37.2%, "
                                "Grande Comore 63%, Lamu 75%"),
    "initial_breteau_index": (4.0, 32.0, "Guangdong summer village BIs, mostly 4-32 (Panyu 2019, 2024)"),
    "initial_house_index": (4.7, 10.7, "Jiangxi 2015-22 HI 4.73-10.69% (no Guangdong figure found)"),
    "initial_container_index": (5.4, 17.1, "Jiangxi 2015-22 CI 6.84-17.10%; Guangzhou threshold CI 5.4"),
    "r0_case_to_case_early": (5.0, 16.3, "Dongguan 2010 R0 5.5; Foshan 2025 16.3 (15.0-17.5)"),
    "doubling_days": (2.0, 5.0, "Foshan 2025 reported cases tripled 18-23 Jul (~3 d doubling, detection "
                                "ramping up)"),
}


def _doubling_days(cumulative: np.ndarray, population: int) -> float | None:
    """Doubling time of cumulative infections between 1% and 10% of the population (d)."""
    lo = np.flatnonzero(cumulative >= 0.01 * population)
    hi = np.flatnonzero(cumulative >= 0.10 * population)
    if lo.size == 0 or hi.size == 0 or hi[0] <= lo[0]:
        return None
    growth = np.log(cumulative[hi[0]] / cumulative[lo[0]]) / (hi[0] - lo[0])
    return float(np.log(2) / growth)


def _one(overrides: Sequence[str]) -> dict:
    result = simulate(compose_params(list(overrides)))
    s, ts = result.summary, result.timeseries
    return {
        "attack_rate": s["attack_rate"],
        "initial_breteau_index": s["initial_breteau_index"],
        "initial_house_index": s["initial_house_index"],
        "initial_container_index": s["initial_container_index"],
        "initial_adults_per_person": s["initial_adults_per_person"],
        "r0_case_to_case_early": s["r0_case_to_case_early"],
        "doubling_days": _doubling_days(ts["cumulative_infections"], s["population"]),
        "peak_day": s["peak_day"],
        "outbreak_end_day": s["outbreak_end_day"],
        "temperature_c": ts["temperature_c"].tolist(),
        "adults_per_person": ts["adults_per_person"].tolist(),
        "breteau_index": ts["breteau_index"].tolist(),
    }


def measure(seeds: int, overrides: Sequence[str] = (), workers: int = 2) -> list[dict]:
    """One baseline run per seed (``strategy=baseline`` plus ``overrides``)."""
    jobs = [("strategy=baseline", f"seed={s}", *overrides) for s in range(seeds)]
    return run_many(_one, jobs, workers=workers, desc="baseline regime")


def _table(runs: list[dict]) -> str:
    keys = ["attack_rate", "initial_breteau_index", "initial_house_index", "initial_container_index",
            "initial_adults_per_person", "r0_case_to_case_early", "doubling_days", "peak_day"]
    lines = ["| quantity | model median (range) | published | inside? |", "|---|---|---|---|"]
    for k in keys:
        vals = np.array([r[k] for r in runs if r[k] is not None], dtype=float)
        if vals.size == 0:
            lines.append(f"| {k} | n/a | | |")
            continue
        med = float(np.median(vals))
        ref = REFERENCES.get(k)
        inside = "" if ref is None else ("yes" if ref[0] <= med <= ref[1] else "**no**")
        published = "no field estimate found" if ref is None else f"{ref[0]:g}-{ref[1]:g}: {ref[2]}"
        lines.append(f"| {k} | {med:.3g} ({vals.min():.3g}-{vals.max():.3g}) | {published} | {inside} |")
    return "\n".join(lines)


def _figure(runs: list[dict]) -> Figure:
    fig = Figure(figsize=(8, 4), layout="constrained")
    ax = fig.subplots()
    days = np.arange(len(runs[0]["temperature_c"]))
    ax.plot(days, runs[0]["temperature_c"], color="tab:red", label="temperature (C)")
    ax.set_xlabel("day (0 = 16 Jun 2025)")
    ax.set_ylabel("daily mean temperature (C)", color="tab:red")
    twin = ax.twinx()
    for r in runs:
        twin.plot(days, r["adults_per_person"], color="tab:blue", alpha=0.5, lw=1)
    twin.set_ylabel("adult females per person (no campaign)", color="tab:blue")
    ax.set_title("Season (Foshan normals) and the mosquito density it gives")
    return fig


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.regime", description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="replicates (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--figure", type=Path, help="write the season figure here (.png and .svg)")
    parser.add_argument("--json", type=Path, help="write every run's measures here")
    parser.add_argument("overrides", nargs="*", help="Hydra overrides, e.g. village=small")
    args = parser.parse_args(argv)
    if args.seeds < 1:
        fail(f"--seeds={args.seeds}: must be at least 1")
    runs = measure(args.seeds, args.overrides, args.workers)
    print(_table(runs))
    if args.figure:
        args.figure.parent.mkdir(parents=True, exist_ok=True)
        save_figure(_figure(runs), args.figure.parent, args.figure.stem)
    if args.json:
        args.json.write_text(json.dumps(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
