"""Which options are worth naming: a clear effect, and the best trade-offs among them.

An option has a clear effect when the 95% interval of its infections averted (paired by
seed against the no-campaign baseline, :func:`analysis.compare.compare_runs`) lies above
0. The best trade-offs are the Pareto front of median person-days against median
infections among those options only: the baseline and options that may do nothing are
never best trade-offs. The verdict (:mod:`analysis.verdict`), the opening paragraph and
the staff-time figure (:mod:`analysis.report_frontier`) all use these two rules.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["clear_effect", "pareto_front", "trade_offs"]


def clear_effect(table: pd.DataFrame) -> list[str]:
    """Options (never the baseline) that clearly avert infections: the 95% interval of
    infections averted lies above 0 (``cases_averted_ci_low`` > 0), in table order."""
    low = pd.to_numeric(table["cases_averted_ci_low"], errors="coerce")
    return [str(n) for n, lo in low.items() if str(n) != "baseline" and pd.notna(lo) and lo > 0]


def trade_offs(table: pd.DataFrame) -> list[str]:
    """The best trade-offs: the :func:`pareto_front` of the options with a :func:`clear_effect`
    (median person-days against median infections), fewest person-days first; the baseline and
    options that may do nothing are never among them."""
    return pareto_front(table.loc[clear_effect(table)])


def pareto_front(table: pd.DataFrame, cost: str = "person_days_total_median",
                 cases: str = "total_infections_median") -> list[str]:
    """Scenarios no other scenario beats on both cost and cases, cheapest first."""
    pts = table[[cost, cases]].apply(pd.to_numeric, errors="coerce").dropna()
    front = []
    for name, (c, k) in pts.iterrows():
        dominated = ((pts[cost] <= c) & (pts[cases] <= k) & ((pts[cost] < c) | (pts[cases] < k))).any()
        if not dominated:
            front.append((c, k, str(name)))
    return [name for _, _, name in sorted(front)]
