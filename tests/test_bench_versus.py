"""The before/after benchmark's own logic (its measurements take minutes: run it by hand)."""

from __future__ import annotations

import pytest

from benchmarks import versus


def test_a_revision_that_is_not_a_commit_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        versus.main(["no-such-revision-anywhere"])
    assert info.value.code == 2
    assert "rev='no-such-revision-anywhere': not a commit of this repository" in capsys.readouterr().err


def test_rounds_must_be_positive(capsys):
    with pytest.raises(SystemExit) as info:
        versus.main(["HEAD", "--rounds", "0"])
    assert info.value.code == 2
    assert "--rounds=0: must be at least 1" in capsys.readouterr().err


def test_rows_give_medians_ranges_and_the_speed_up_in_the_right_direction():
    times = versus._row("run", [6.0, 4.0, 5.0], [2.0, 3.0, 2.5])
    assert "5.00 (4.00-6.00)" in times and "2.50 (2.00-3.00)" in times and times.endswith("2.00x")
    rates = versus._row("sweep", [60.0, 70.0], [120.0, 140.0], "runs/min", higher_is_better=True)
    assert rates.endswith("2.00x")
