"""Which action did what: a strategy's averted infections, action by action.

Runs the baseline, the strategy, and the strategy with each of its actions
switched off in turn, all with the same seeds (paired: a seed shares its
random streams across variants). An action's contribution is the mean paired
increase in infections when it is switched off; contributions need not add up
to the total (actions overlap and reinforce each other), and the report says
which way they miss it. Example::

    python -m analysis.decompose --strategy shunde_2025 --seeds 3 --out outputs/decompose
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from analysis.paired_runs import infections, study_args, write_study
from analysis.runner import run_many
from sim.cli.compose import compose_params
from sim.params.run_params import RunParams

__all__ = ["ACTIONS", "actions_of", "decompose", "main"]

#: Each action: (label, is it on in these parameters?, overrides that switch it off, or a
#: function of the parameters giving them).
ACTIONS: tuple[tuple[str, object, tuple[str, ...]], ...] = (
    ("container clearing", lambda p: p.strategy.inspection.p_clear_found > 0,
     ("strategy.inspection.p_clear_found=0", "strategy.inspection.p_clear_found_idle=0")),
    ("indoor knockdown", lambda p: p.strategy.inspection.indoor_knockdown > 0,
     ("strategy.inspection.indoor_knockdown=0",)),
    ("larvicide", lambda p: p.strategy.inspection.larvicide, ("strategy.inspection.larvicide=false",)),
    ("fogging", lambda p: p.strategy.outdoor.spraying, ("strategy.outdoor.spraying=false",)),
    ("clean-up", lambda p: p.strategy.outdoor.cleanup, ("strategy.outdoor.cleanup=false",)),
    ("construction loop", lambda p: p.strategy.outdoor.construction_loop,
     ("strategy.outdoor.construction_loop=false",)),
    ("publicity", lambda p: p.strategy.publicity.enabled, ("strategy.publicity.enabled=false",)),
    ("coils", lambda p: p.strategy.publicity.coils, ("strategy.publicity.coils=false",)),
    ("fever screening", lambda p: p.strategy.inspection.fever_screening,
     ("strategy.inspection.fever_screening=false",)),
    ("isolation", lambda p: p.strategy.inspection.isolation, ("strategy.inspection.isolation=false",)),
    ("faster reporting",
     lambda p: p.strategy.inspection.report_delay_days_wartime < p.disease.report_delay_days,
     lambda p: (f"strategy.inspection.report_delay_days_wartime={p.disease.report_delay_days}",)),
)


def actions_of(params: RunParams) -> list[tuple[str, tuple[str, ...]]]:
    """The actions switched on in ``params``, with the overrides that switch each off."""
    return [(label, off(params) if callable(off) else off)  # type: ignore[misc]
            for label, on, off in ACTIONS if on(params)]  # type: ignore[operator]



def decompose(strategy: str, seeds: int, overrides: Sequence[str] = (), workers: int = 2) -> list[dict]:
    """Rows ``{variant, seed, infections}`` for the baseline, the strategy and each action off."""
    base = [*overrides, f"strategy={strategy}"]
    variants = [("baseline", (*overrides, "strategy=baseline")), ("all actions", tuple(base))]
    variants += [(f"without {label}", (*base, *off)) for label, off in actions_of(compose_params(base))]
    jobs = [(*ov, f"seed={s}") for _, ov in variants for s in range(seeds)]
    counts = run_many(infections, jobs, workers=workers, desc=f"decompose {strategy}")
    return [{"variant": name, "seed": s, "infections": counts[i * seeds + s]}
            for i, (name, _) in enumerate(variants) for s in range(seeds)]


def summarise(rows: list[dict]) -> list[dict]:
    """Per action: mean paired infections added when it is switched off, with its range over seeds."""
    by = {}
    for r in rows:
        by.setdefault(r["variant"], []).append(r["infections"])
    full = np.array(by["all actions"])
    base = np.array(by["baseline"])
    out = [{"action": "all actions (averted vs baseline)", "mean": float((base - full).mean()),
            "low": float((base - full).min()), "high": float((base - full).max())}]
    for name, values in by.items():
        if name.startswith("without "):
            diff = np.array(values) - full
            out.append({"action": name.removeprefix("without "), "mean": float(diff.mean()),
                        "low": float(diff.min()), "high": float(diff.max())})
    return out


def _markdown(strategy: str, table: list[dict]) -> str:
    total = table[0]["mean"]
    parts = sum(r["mean"] for r in table[1:])
    lines = [f"# {strategy}: infections averted, action by action", "",
             "| action | infections it averts (mean paired, range over seeds) |", "|---|---|"]
    lines += [f"| {r['action']} | {r['mean']:,.0f} ({r['low']:,.0f} to {r['high']:,.0f}) |" for r in table]
    relation = ("more than the total: the actions reinforce each other, so removing any one lets "
                "the epidemic recover more than its own share" if parts > total else
                "less than the total: the actions overlap, or some work only together")
    lines += ["", f"Sum of the single-action contributions: {parts:,.0f}, against {total:,.0f} averted "
                  f"in all ({relation})."]
    return "\n".join(lines) + "\n"


def _figure(strategy: str, table: list[dict]) -> Figure:
    rows = table[1:]
    fig = Figure(figsize=(7, 0.4 * len(rows) + 1.5), layout="constrained")
    ax = fig.subplots()
    y = np.arange(len(rows))
    means = [r["mean"] for r in rows]
    err = [[m - r["low"] for m, r in zip(means, rows, strict=True)],
           [r["high"] - m for m, r in zip(means, rows, strict=True)]]
    ax.barh(y, means, xerr=err, color="tab:green")
    ax.set_yticks(y, [r["action"] for r in rows])
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel("infections averted by the action (switched off in turn, same seeds)")
    ax.set_title(f"{strategy}: {table[0]['mean']:,.0f} infections averted in all")
    return fig


def main(argv: Sequence[str] | None = None) -> int:
    args = study_args("python -m analysis.decompose", __doc__.split("\n")[0], "outputs/decompose", argv)
    rows = decompose(args.strategy, args.seeds, args.overrides, args.workers)
    table = summarise(rows)
    write_study(args.out, "decompose", pd.DataFrame(rows), _markdown(args.strategy, table),
                _figure(args.strategy, table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
