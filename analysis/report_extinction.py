"""Seeds whose outbreak died out by chance without a campaign, named in the planner's report.

Runs are paired by seed, but the pairs share random streams only until a campaign changes
the state (README, "A limit of pairing by seed"). Where the no-campaign outbreak of one
seed dies out by chance, that seed's paired difference compares a dead outbreak with one
that may have lived, and it can outweigh every other pair in the mean "infections
averted". Measured: seed 7 of 0-9 on the default village gives 9 infections without a
campaign against 2,581-2,843 for the others; on the small village seed 0 gives 3 against
863-964, so the mean averted by ``ring_zoning`` is -26 while its median is +66.

An outbreak counts as died out when the run infected fewer than :data:`DIED_OUT_SHARE`
of the median of the no-campaign runs (where that median is at least
:data:`MIN_MEDIAN` infections): live and extinct outbreaks are far apart (above 50% of
residents against below 1%), so any share between gives the same seeds.
"""

from __future__ import annotations

import pandas as pd

from analysis import fmt

__all__ = ["DIED_OUT_SHARE", "MIN_MEDIAN", "chance_extinctions", "extinction_note"]

#: A no-campaign run below this share of the median of the no-campaign runs died out.
DIED_OUT_SHARE = 0.1
#: Below this median of no-campaign infections the outbreak itself is small: nothing is flagged.
MIN_MEDIAN = 50


def _baseline_infections(runs: pd.DataFrame, baseline: str) -> pd.DataFrame:
    """The no-campaign runs' ``seed`` and ``total_infections`` (numeric)."""
    if "scenario" not in runs or "total_infections" not in runs:
        return pd.DataFrame({"seed": [], "total_infections": []})
    base = runs.loc[runs["scenario"] == baseline, ["seed", "total_infections"]]
    return base.assign(total_infections=pd.to_numeric(base["total_infections"], errors="coerce"))


def _died_out(base: pd.DataFrame) -> list[tuple[int, float]]:
    median = base["total_infections"].median()
    if base.empty or pd.isna(median) or median < MIN_MEDIAN:
        return []
    low = base[base["total_infections"] < DIED_OUT_SHARE * median]
    return sorted((int(s), float(i)) for s, i in zip(low["seed"], low["total_infections"], strict=True))


def chance_extinctions(runs: pd.DataFrame, baseline: str = "baseline") -> list[tuple[int, float]]:
    """``(seed, infections)`` of the no-campaign runs whose outbreak died out, in seed order."""
    return _died_out(_baseline_infections(runs, baseline))


def extinction_note(runs: pd.DataFrame, baseline: str = "baseline") -> str:
    """One sentence for the verdict naming the seeds whose outbreak died out, or ``""``."""
    base = _baseline_infections(runs, baseline)
    died = _died_out(base)
    if not died:
        return ""
    seeds = ", ".join(f"seed {s} ({fmt.in_sentence(i)} infections)" for s, i in died)
    pairs = "that seed's pairs compare" if len(died) == 1 else "those seeds' pairs compare"
    return (f"Without a campaign the outbreak died out by chance in {seeds}, against a median of "
            f"{fmt.in_sentence(base['total_infections'].median())}: {pairs} an outbreak that died out "
            "with one that may not have, and can outweigh the others in the mean infections averted; "
            "read the medians beside it, or run more replicates.")
