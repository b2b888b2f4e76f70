"""The planner's report names the seeds whose no-campaign outbreak died out by chance."""

from __future__ import annotations

import pandas as pd

from analysis.report_extinction import DIED_OUT_SHARE, chance_extinctions, extinction_note

# Infections of seeds 0-9 without a campaign on the default village (measured, seed 7 died out).
DEFAULT_VILLAGE = (2730, 2756, 2746, 2581, 2843, 2774, 2659, 9, 2620, 2599)


def _runs(baseline: tuple[float, ...], other: tuple[float, ...]) -> pd.DataFrame:
    rows = [{"scenario": "baseline", "seed": s, "total_infections": i} for s, i in enumerate(baseline)]
    rows += [{"scenario": "rings", "seed": s, "total_infections": i} for s, i in enumerate(other)]
    return pd.DataFrame(rows)


def test_a_died_out_seed_is_named_with_its_infections_and_the_median() -> None:
    runs = _runs(DEFAULT_VILLAGE, (1700,) * 10)
    assert chance_extinctions(runs) == [(7, 9.0)]
    note = extinction_note(runs)
    assert note.startswith("Without a campaign the outbreak died out by chance in seed 7 (9 infections), "
                           "against a median of 2,694: that seed's pairs compare")


def test_only_outbreaks_far_below_the_median_count() -> None:
    median = 2000.0
    just_above = DIED_OUT_SHARE * median + 1  # a small but live outbreak is not flagged
    runs = _runs((median, median, just_above, median - 1, 5.0), (100,) * 5)
    assert chance_extinctions(runs) == [(4, 5.0)]
    assert "those seeds'" not in extinction_note(runs)
    two = _runs((median, median, 2.0, median, 5.0), (100,) * 5)
    assert [s for s, _ in chance_extinctions(two)] == [2, 4] and "those seeds' pairs" in extinction_note(two)


def test_nothing_is_said_when_every_outbreak_lived_or_the_outbreak_itself_is_small() -> None:
    assert extinction_note(_runs(DEFAULT_VILLAGE[:7], (1700,) * 7)) == ""
    assert extinction_note(_runs((3, 40, 2, 30), (1, 1, 1, 1))) == ""  # median 16.5 < MIN_MEDIAN
    assert extinction_note(_runs((), ())) == ""
