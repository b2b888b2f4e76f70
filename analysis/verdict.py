"""The numbers behind a plan and its plain-language verdict.

``scenario_table`` turns one row per run into one row per scenario (via
:func:`analysis.compare.compare_runs`: medians with 5th-95th percentiles, infections
averted paired by seed with a 95% interval, averted per 1,000 person-days).
``verdict`` reads that table and says, in sentences a district planner understands,
which scenario prevents most infections, which is the most efficient, which options
have no clear effect, which are the best trade-offs and where adding staff stops helping.
Person-days are quoted as the report's table shows them: medians with the range of 90%
of runs. The most efficient option and the best trade-offs (Pareto front of median
person-days against median infections) are chosen among the options with a clear
effect only, whose 95% interval of infections averted lies above 0: never the
no-campaign baseline, never an option that may do nothing.

Diminishing returns: within a family of scenarios that differ only in staffing,
ordered by person-days and starting from the no-campaign baseline, the marginal
infections averted per extra 1,000 person-days of each step is compared with the
first step's (the smallest staffing against no campaign); staffing stops helping
at the first step whose marginal return is below ``DIMINISHING_FRACTION`` (20%) of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import fmt
from analysis.compare import compare_runs
from analysis.report_tradeoffs import clear_effect, pareto_front, trade_offs

__all__ = ["DIMINISHING_FRACTION", "ROLES", "Step", "Verdict", "clear_effect", "pareto_front",
           "person_days_text", "scenario_table", "staff_text", "trade_offs", "verdict"]

#: A staffing step "stops helping" below this fraction of the first step's marginal return.
DIMINISHING_FRACTION = 0.2
#: Staff roles of ``configs/roles/standard.yaml``: (runs/table column, person-days column,
#: role name, singular, plural).
ROLES = (("cadres", "staff_person_days_cadre", "cadre", "cadre", "cadres"),
         ("grid_workers", "staff_person_days_grid_worker", "grid_worker", "grid worker", "grid workers"),
         ("medics", "staff_person_days_medic", "medic", "medic", "medics"),
         ("volunteers", "staff_person_days_volunteer", "volunteer", "volunteer", "volunteers"),
         ("sprayers", "staff_person_days_sprayer", "sprayer", "sprayer", "sprayers"),
         ("auxiliary_police", "staff_person_days_auxiliary_police", "auxiliary_police",
          "auxiliary police officer", "auxiliary police officers"),
         ("leaders", "staff_person_days_leader", "leader", "leader", "leaders"))
#: Per-run columns summarised as median/p5/p95 beside :func:`compare_runs`'s metrics: residents
#: (``population``, people) and the share of them infected (``attack_rate``, fraction) for the
#: report's opening paragraph, idle-house clearance and person-days by role.
EXTRA = ("population", "attack_rate", "idle_house_clearance_rate", *(r[1] for r in ROLES))
KEEP = ("strategy", "team", "family", *(r[0] for r in ROLES))
AVERTED, PER_1000 = "cases_averted_mean", "cases_averted_per_1000_person_days"


_n = fmt.in_sentence  # a number in a sentence


def person_days_text(row: pd.Series, unit: str = "person-days") -> str:
    """An option's person-days as the report's table shows them: ``"a median of 513 person-days
    (90% of runs between 480 and 540)"`` (``unit`` after the number), the range left out when
    every run had the same."""
    med, p5, p95 = (row.get(f"person_days_total_{q}") for q in ("median", "p5", "p95"))
    text = f"a median of {_n(med)} {unit}"
    if fmt.is_missing(p5) or fmt.is_missing(p95) or _n(p5) == _n(p95):
        return text
    return text + f" (90% of runs between {_n(p5)} and {_n(p95)})"


def scenario_table(runs: pd.DataFrame, order: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per scenario from one row per run.

    Args:
        runs: columns ``scenario`` (``baseline`` is the no-campaign group), ``seed``, the
            summary outcomes (``total_infections``, ``person_days_total``, ...), optionally
            ``staff_person_days_<role>``, ``idle_house_clearance_rate`` and the descriptive
            columns ``strategy``, ``team``, ``family`` and staff per role (``cadres``, ...).
        order: scenario order of the result (default: baseline first, then sorted).

    Returns:
        The :func:`compare_runs` columns for outcome ``total_infections`` (``cases_averted_*``,
        ``cases_averted_per_1000_person_days`` = mean paired infections averted / mean
        person-days x 1000), plus ``reported_cases_averted_mean``, ``person_days_mean``,
        ``<extra>_median/_p5/_p95/_n_null`` for idle-house clearance and person-days by role,
        and the descriptive columns, indexed by scenario.
    """
    result = compare_runs(runs, by="scenario", baseline="baseline").set_index("scenario")
    reported = compare_runs(runs, by="scenario", baseline="baseline", outcome="total_reported_cases")
    result["reported_cases_averted_mean"] = reported.set_index("scenario")[AVERTED]
    groups = runs.groupby("scenario", sort=False)
    result["person_days_mean"] = groups["person_days_total"].mean()
    for col in (c for c in EXTRA if c in runs.columns):
        values = pd.to_numeric(runs[col], errors="coerce").groupby(runs["scenario"])
        result[f"{col}_median"] = values.median()
        result[f"{col}_p5"] = values.quantile(0.05)
        result[f"{col}_p95"] = values.quantile(0.95)
        result[f"{col}_n_null"] = values.apply(lambda v: int(v.isna().sum()))
    for col in (c for c in KEEP if c in runs.columns):
        result[col] = groups[col].first()
    names = list(order) if order is not None else list(result.index)
    out = result.reindex(names)
    out.index.name = "scenario"
    out.attrs = result.attrs
    return out


def staff_text(row: pd.Series) -> str:
    """``"60 cadres, 12 grid workers and 8 medics"`` (roles with 0 staff left out)."""
    parts = [f"{int(row[c])} {one if int(row[c]) == 1 else many}" for c, _, _, one, many in ROLES
             if c in row and pd.notna(row[c]) and int(row[c]) > 0]
    if not parts:
        return "no staff"
    return fmt.listing(parts)


def _change(prev: pd.Series, row: pd.Series) -> str:
    """What changed between two staffings: ``"60 to 120 cadres"``."""
    changed = [f"{int(prev[c])} to {int(row[c])} {many}" for c, _, _, _, many in ROLES
               if c in row and pd.notna(row[c]) and int(prev[c]) != int(row[c])]
    return ", ".join(changed) or "the same staff"


@dataclass
class Step:
    """One step up in staffing within a family.

    Attributes:
        scenario: the scenario reached by this step.
        previous: the scenario it starts from (``baseline`` for the first step).
        marginal_per_1000: extra infections averted per extra 1,000 person-days (NaN when
            the step added no person-days).
        stops_helping: True when the marginal return is below the threshold.
    """

    scenario: str
    previous: str
    marginal_per_1000: float
    stops_helping: bool


@dataclass
class Verdict:
    """The verdict's findings and its sentences.

    Attributes:
        best_cases: scenario averting most infections (None if none has a number).
        best_efficiency: scenario with most infections averted per 1,000 person-days.
        no_clear_effect: scenarios whose interval of infections averted includes zero.
        pareto: the best trade-offs (:func:`trade_offs`), fewest person-days first.
        families: steps of each staffing family (key: strategy label).
        stop_after: for each family, the last scenario before returns fall below the
            threshold (None if every step still pays).
        sentences: the plain-language verdict, one finding per sentence.
    """

    best_cases: str | None = None
    best_efficiency: str | None = None
    no_clear_effect: list[str] = field(default_factory=list)
    pareto: list[str] = field(default_factory=list)
    families: dict[str, list[Step]] = field(default_factory=dict)
    stop_after: dict[str, str | None] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)


def _family_steps(table: pd.DataFrame, members: list[str]) -> list[Step]:
    rows = table.loc[members].sort_values(["person_days_mean", AVERTED])
    prev_name, prev_pd, prev_av = "baseline", 0.0, 0.0
    steps: list[Step] = []
    first = np.nan
    for name, row in rows.iterrows():
        d_pd = float(row["person_days_mean"]) - prev_pd
        d_av = float(row[AVERTED]) - prev_av
        marginal = d_av / d_pd * 1000 if d_pd > 0 else np.nan
        if not steps:
            first = marginal
        stops = bool(steps) and (not np.isfinite(marginal) or marginal < DIMINISHING_FRACTION * first)
        steps.append(Step(str(name), prev_name, marginal, stops))
        prev_name, prev_pd, prev_av = str(name), float(row["person_days_mean"]), float(row[AVERTED])
    return steps


def _family_sentence(table: pd.DataFrame, label: str, steps: list[Step]) -> tuple[str, str | None]:
    first = steps[0]
    row1 = table.loc[first.scenario]
    if not np.isfinite(first.marginal_per_1000) or first.marginal_per_1000 <= 0:
        return (f"Staffing levels for {label}: even the smallest option ({first.scenario}, "
                f"{staff_text(row1)}) averted no infections compared with no campaign, so adding "
                "staff of this kind cannot be judged by its returns.", None)
    pct = round(DIMINISHING_FRACTION * 100)
    stop = next((s for s in steps[1:] if s.stops_helping), None)
    if stop is None:
        last = steps[-1]
        share = last.marginal_per_1000 / first.marginal_per_1000 * 100
        return (f"Staffing levels for {label}: every step still paid off. The last step "
                f"({_change(table.loc[last.previous], table.loc[last.scenario])}) averted "
                f"{_n(last.marginal_per_1000)} more infections per 1,000 extra person-days, "
                + (f"{share:.0f}% of" if share < 100 else "more than")
                + f" the {_n(first.marginal_per_1000)} per 1,000 person-days that the "
                f"first option ({first.scenario}) bought.", None)
    change = _change(table.loc[stop.previous], table.loc[stop.scenario])
    if np.isfinite(stop.marginal_per_1000):
        what = (f"averted only {_n(stop.marginal_per_1000)} more infections per 1,000 extra "
                f"person-days, less than {pct}% of the {_n(first.marginal_per_1000)} per 1,000 "
                f"person-days that the first option ({first.scenario}) bought")
    else:
        what = "added no person-days of field work: the extra staff were not used"
    return (f"Staffing levels for {label}: adding staff stops helping beyond {stop.previous} "
            f"({staff_text(table.loc[stop.previous])}). Going from {change} {what}.", stop.previous)


def verdict(table: pd.DataFrame) -> Verdict:
    """Plain-language findings from a :func:`scenario_table` (index: scenario names).

    Needs the columns ``total_infections_median/_p5/_p95``, ``cases_averted_mean``,
    ``cases_averted_ci_low/_high``, ``cases_averted_per_1000_person_days``,
    ``person_days_mean``, ``person_days_total_median``; uses ``family``, ``strategy`` and
    the staff columns when present.
    """
    v = Verdict()
    opts = table.drop(index="baseline", errors="ignore")
    averted = pd.to_numeric(opts[AVERTED], errors="coerce").dropna()
    if averted.empty:
        v.sentences.append("No scenario could be compared with the no-campaign baseline.")
        return v
    best = str(averted.idxmax())
    v.best_cases = best
    r = opts.loc[best]
    low, high = r["cases_averted_ci_low"], r["cases_averted_ci_high"]
    if r[AVERTED] <= 0:
        v.sentences.append("No scenario reduced infections compared with doing nothing.")
    else:
        text = (f"Fewest infections: {best}, with a median of {_n(r['total_infections_median'])} "
                f"infections (90% of runs between {_n(r['total_infections_p5'])} and "
                f"{_n(r['total_infections_p95'])}), about {_n(r[AVERTED])} fewer than with no "
                f"campaign ({fmt.interval(low, high)}).")
        high_of = pd.to_numeric(opts["cases_averted_ci_high"], errors="coerce")
        near = [str(n) for n, h in high_of.items() if str(n) != best and pd.notna(h) and h >= low]
        if near:
            text += (f" {' and '.join(near)} did about as well: the difference is within the "
                     "run-to-run variation.")
        v.sentences.append(text)
    v.no_clear_effect = [str(n) for n, o in opts.iterrows()
                         if pd.notna(o["cases_averted_ci_low"]) and o["cases_averted_ci_low"] <= 0]
    eff = pd.to_numeric(opts[PER_1000], errors="coerce")
    clear = clear_effect(opts)
    eff = eff[(opts["person_days_mean"] > 0) & (eff > 0) & opts.index.isin(clear)].dropna()
    if not eff.empty:
        e = str(eff.idxmax())
        v.best_efficiency = e
        text = (f"Most infections averted per staff effort: {e}, with {_n(eff[e])} infections "
                f"averted per 1,000 person-days, for {person_days_text(opts.loc[e])}.")
        if e == best:
            text += " It is best on both counts."
        else:
            more, fewer = (float(opts.loc[n, "person_days_total_median"]) for n in (best, e))
            text += (f" {best} prevents more in total but needs {more / fewer:.1f} times the person-days "
                     "(medians)." if fewer > 0 and more > 0 else f" {best} prevents more in total.")
        v.sentences.append(text)
    free = [str(n) for n, o in opts.iterrows() if o["person_days_mean"] == 0 and o[AVERTED] > 0
            and str(n) not in v.no_clear_effect]
    if free:
        v.sentences.append(f"{' and '.join(free)} averted infections with no field person-days: "
                           "costs such as leaflets, loudspeakers and coils are not counted in person-days, "
                           "so the per-person-day comparison leaves " + ("it" if len(free) == 1 else "them")
                           + " out.")
    if v.no_clear_effect:
        one = len(v.no_clear_effect) == 1
        v.sentences.append(f"No clear effect: {', '.join(v.no_clear_effect)}. "
                           + ("Its range" if one else "Their ranges") + " of infections averted include"
                           + ("s" if one else "") + " zero, so " + ("it" if one else "they")
                           + " may do no better than no campaign.")
    v.pareto = trade_offs(table)
    if v.pareto:
        v.sentences.append("Best trade-offs between staff time and infections, among the options with a "
                           "clear effect (no other such option has both fewer person-days and fewer "
                           f"infections, in medians): {', '.join(v.pareto)}.")
    else:
        v.sentences.append("No option has a clear effect, so none is a best trade-off between staff time "
                           "and infections.")
    fam = opts["family"] if "family" in opts.columns else pd.Series(dtype=object)
    for key, members in fam[fam.fillna("").astype(str) != ""].groupby(fam).groups.items():
        names = [str(n) for n in members]
        label = str(opts.loc[names[0], "strategy"]) if "strategy" in opts.columns else str(key)
        label = label if label not in v.families else f"{label} ({names[0]})"
        v.families[label] = _family_steps(opts, names)
        sentence, stop = _family_sentence(opts, label, v.families[label])
        v.stop_after[label] = stop
        v.sentences.append(sentence)
    if not v.families:
        v.sentences.append("No scenarios differ only in staffing, so this plan cannot show where adding "
                           "staff stops helping (see experiments/planning/staffing_levels.yaml).")
    return v
