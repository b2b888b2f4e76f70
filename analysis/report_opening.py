"""The planner's report in one paragraph: the absolute outcome first, in plain words.

The paragraph opens the report, before the verdict. It says how many residents are
infected without a campaign (median infections of the baseline's runs out of the median
number of residents, and the median share infected, ``attack_rate``), then for the best
options (the one averting most infections and the most efficient one, both among the
options with a clear effect, :func:`analysis.verdict.clear_effect`) how many infections
each prevents (mean paired difference with its 95% interval, as the table's "infections
averted" column), how many residents it still leaves infected and its person-days
(median and range of 90% of runs, as the table). When every option still infects more
than half of the residents (:data:`MOST`), it says so plainly. When the plan decomposed
its options by action (``decompose: true``), it names the best option's leading action:
the one whose switching-off adds most infections (:mod:`analysis.plan_actions`).
"""

from __future__ import annotations

import pandas as pd

from analysis import fmt
from analysis.report_tradeoffs import clear_effect
from analysis.verdict import AVERTED, Verdict, person_days_text

__all__ = ["MOST", "leading_action", "opening"]

#: "Most of the village": a median share of residents infected above this fraction.
MOST = 0.5


_n = fmt.in_sentence  # a number in a sentence


def _infected(row: pd.Series, residents: float) -> str:
    """``"2,746 of 5,012 residents (54.8%)"``: median infections, residents, median share infected."""
    share = row.get("attack_rate_median")
    pct = f" ({fmt.percent(share)})" if not fmt.is_missing(share) else ""
    return f"{_n(row['total_infections_median'])} of {_n(residents)} residents{pct}"


def leading_action(actions: pd.DataFrame | None, scenario: str) -> pd.Series | None:
    """The action of ``scenario`` whose switching-off adds most infections (mean over seeds),
    when it adds some; ``None`` without a decomposition or such an action."""
    if actions is None or actions.empty:
        return None
    mine = actions[actions["scenario"] == scenario]
    if mine.empty:
        return None
    top = mine.loc[mine["averted_mean"].idxmax()]
    return top if top["averted_mean"] > 0 else None


def _option(table: pd.DataFrame, name: str, residents: float, role: str,
            actions: pd.DataFrame | None) -> str:
    """One best option in a sentence: infections prevented, still infected, person-days, leading action."""
    r = table.loc[name]
    text = (f"{name}{role} prevents about {_n(r[AVERTED])} infections on average "
            f"({fmt.interval(r['cases_averted_ci_low'], r['cases_averted_ci_high'])}), so that about "
            f"{_infected(r, residents)} are still infected, with "
            f"{person_days_text(r, 'person-days of field work')}")
    top = leading_action(actions, name)
    if top is not None:
        text += (f"; its leading action is {top['action']}: switched off alone, it lets about "
                 f"{_n(top['averted_mean'])} more infections happen ({_n(top['averted_low'])} to "
                 f"{_n(top['averted_high'])} over the seeds)")
    return text + "."


def opening(table: pd.DataFrame, found: Verdict, days: int, place: str = "village",
            actions: pd.DataFrame | None = None) -> str:
    """The report's opening paragraph (plain text; the caller escapes it).

    Args:
        table: :func:`analysis.verdict.scenario_table` (with ``population_*`` and ``attack_rate_*``).
        found: :func:`analysis.verdict.verdict` of ``table``.
        days: days simulated (the season).
        place: ``"village"`` or ``"district"``, for "most of the village".
        actions: the decomposition by action (:func:`analysis.plan_actions.action_table`), if any.
    """
    if "baseline" not in table.index:
        return "There is no no-campaign baseline to compare the options with."
    base = table.loc["baseline"]
    residents = base.get("population_median")
    if fmt.is_missing(residents) or residents <= 0:
        return (f"The {place} has no residents, so no infections can occur: this report says nothing "
                "about the campaigns.")
    p5, p95 = _n(base["total_infections_p5"]), _n(base["total_infections_p95"])
    spread = f"; 90% of runs between {p5} and {p95}" if p5 != p95 else ""
    n = int(base["n_runs"])
    runs = "one run" if n == 1 else f"median of {n} runs"
    parts = [f"Without a campaign about {_infected(base, residents)} are infected in the season "
             f"({days} days; {runs}{spread})."]
    clear = clear_effect(table)
    best = [n for n in dict.fromkeys((found.best_cases, found.best_efficiency)) if n in clear]
    for name in best:
        role = (" (fewest infections)" if name == found.best_cases and len(best) > 1
                else " (most infections averted per person-day)" if len(best) > 1 else "")
        parts.append(_option(table, name, residents, role, actions))
    options = table.drop(index="baseline")
    lows = pd.to_numeric(options["cases_averted_ci_low"], errors="coerce")
    if not clear and len(lows) and lows.isna().all():
        parts.append("With one run per option there is no interval of infections averted, so the "
                     "report cannot tell whether any option prevents infections: give replicates: 5 "
                     "or more.")
    elif not clear:
        parts.append("No option clearly prevents infections: for each, the range of infections averted "
                     "includes 0, so it may do no better than no campaign.")
    shares = pd.to_numeric(options.get("attack_rate_median"), errors="coerce").dropna()
    if len(shares) == len(options) and len(shares) and (shares > MOST).all():
        lowest = str(shares.idxmin())
        parts.append(f"Every option still infects most of the {place}: even the best, {lowest}, leaves "
                     f"about {_infected(options.loc[lowest], residents)} infected.")
    return " ".join(parts)
