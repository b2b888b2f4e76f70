"""Best trade-offs: never the baseline, never an option whose range of infections averted includes 0."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.report_frontier import frontier, frontier_alt
from analysis.report_tradeoffs import clear_effect, pareto_front, trade_offs
from analysis.verdict import verdict


def random_table(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """A scenario table with a baseline and ``n`` options of random cost, effect and interval."""
    base_inf = 1000.0
    rows = [{"scenario": "baseline", "person_days_total_median": 0.0, "person_days_total_p5": 0.0,
             "person_days_total_p95": 0.0, "person_days_mean": 0.0, "total_infections_median": base_inf,
             "total_infections_p5": base_inf - 20, "total_infections_p95": base_inf + 20,
             "cases_averted_mean": np.nan, "cases_averted_ci_low": np.nan, "cases_averted_ci_high": np.nan,
             "cases_averted_per_1000_person_days": np.nan}]
    for k in range(n):
        averted = rng.uniform(-50, 300)
        half = rng.uniform(5, 120)
        pdays = float(rng.choice([0.0, *rng.uniform(100, 5000, 5)]))
        inf = base_inf - averted
        rows.append({"scenario": f"o{k}", "person_days_total_median": pdays,
                     "person_days_total_p5": pdays * 0.9, "person_days_total_p95": pdays * 1.1,
                     "person_days_mean": pdays, "total_infections_median": inf,
                     "total_infections_p5": inf - 20, "total_infections_p95": inf + 20,
                     "cases_averted_mean": averted,
                     "cases_averted_ci_low": averted - half, "cases_averted_ci_high": averted + half,
                     "cases_averted_per_1000_person_days": averted / pdays * 1000 if pdays else np.nan})
    return pd.DataFrame(rows).set_index("scenario")


def test_trade_offs_never_hold_the_baseline_or_an_option_without_clear_effect() -> None:
    rng = np.random.default_rng(18)
    seen_dropped = 0
    for _ in range(200):
        table = random_table(rng, int(rng.integers(1, 8)))
        front = trade_offs(table)
        assert "baseline" not in front
        assert all(table.loc[n, "cases_averted_ci_low"] > 0 for n in front)
        assert set(front) <= set(clear_effect(table))
        # Within the options with a clear effect, no front member is beaten on both counts.
        clear = table.loc[clear_effect(table)]
        for n in front:
            c, k = clear.loc[n, ["person_days_total_median", "total_infections_median"]]
            beaten = (clear.person_days_total_median <= c) & (clear.total_infections_median <= k) & (
                (clear.person_days_total_median < c) | (clear.total_infections_median < k))
            assert not beaten.any()
        v = verdict(table)
        assert v.pareto == front
        assert v.best_efficiency is None or v.best_efficiency in clear_effect(table)
        seen_dropped += len(set(pareto_front(table)) - set(front))
    assert seen_dropped > 0  # the unfiltered front did hold the baseline or options without a clear effect


def test_verdict_sentence_and_circled_dots_name_the_same_trade_offs() -> None:
    table = random_table(np.random.default_rng(3), 6)
    front = trade_offs(table)
    assert front, "the seed should give at least one option with a clear effect"
    v = verdict(table)
    sentence = next(s for s in v.sentences if s.startswith("Best trade-offs"))
    assert sentence.endswith(f": {', '.join(front)}.") and "baseline" not in sentence
    fig = frontier(table)
    circled = sorted(line.get_gid().removeprefix("trade-off ") for line in fig.axes[0].lines
                     if (line.get_gid() or "").startswith("trade-off "))
    assert circled == sorted(front)
    assert all(n in frontier_alt(table) for n in front)


def test_no_option_with_a_clear_effect_means_no_trade_off() -> None:
    table = random_table(np.random.default_rng(0), 3)
    table.loc[table.index != "baseline", "cases_averted_ci_low"] = -1.0
    assert trade_offs(table) == []
    v = verdict(table)
    assert v.pareto == [] and "none is a best trade-off" in " ".join(v.sentences)
    fig = frontier(table)
    assert not [line for line in fig.axes[0].lines if (line.get_gid() or "").startswith("trade-off ")]
