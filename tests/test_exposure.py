"""Households' exposure to bites: its distribution, and what it does to an epidemic."""

from __future__ import annotations

import numpy as np
import pytest

from sim.exposure import household_exposure, top_share_of_transmission
from sim.simulate import simulate


@pytest.mark.parametrize("cv", [0.5, 1.05, 1.5])
def test_exposure_has_mean_one_and_the_requested_spread(cv):
    w = household_exposure(np.random.default_rng(0), 200_000, cv)
    # 200,000 gamma draws: the standard error of the mean is cv / 447 <= 0.0034; allow 3 se.
    assert abs(w.mean() - 1.0) < 0.011
    assert w.std() / w.mean() == pytest.approx(cv, rel=0.03)
    assert (w > 0).all()


def test_equal_exposure_draws_nothing():
    rng = np.random.default_rng(0)
    assert (household_exposure(rng, 10, 0.0) == 1.0).all()
    assert rng.random() == np.random.default_rng(0).random()  # the stream is untouched


def test_the_20_80_rule_is_met_at_cv_1_05():
    w = household_exposure(np.random.default_rng(1), 200_000, 1.05)
    # Gamma shape 0.90: the top 20% hold 80% of w^2 analytically; 200,000 draws scatter by < 1%.
    assert top_share_of_transmission(w) == pytest.approx(0.80, abs=0.01)
    assert top_share_of_transmission(np.ones(100)) == pytest.approx(0.2)


def test_uneven_exposure_leaves_people_uninfected(small):
    # Same seeds, same village, same mosquitoes: only who is bitten changes. With everyone
    # equally exposed (R0 ~8) nearly everyone is infected; concentrating bites on a minority
    # of households lets the least exposed escape (final size theory, Woolhouse et al. 1997).
    equal = [simulate(small(f"seed={s}", "days=150", "strategy=baseline", "residents.exposure_cv=0"))
             for s in (0, 1)]
    uneven = [simulate(small(f"seed={s}", "days=150", "strategy=baseline", "residents.exposure_cv=2"))
              for s in (0, 1)]
    for e, u in zip(equal, uneven, strict=True):
        assert e.summary["attack_rate"] > 0.95  # measured 99.9% and 99.9%
        assert u.summary["attack_rate"] < 0.8  # measured 56% and 60%
