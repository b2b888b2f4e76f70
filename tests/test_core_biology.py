"""The biology behaves as it must: rules, and effects in the whole model."""

from __future__ import annotations

import numpy as np

from sim.humans import lognormal_days
from sim.model import CampaignModel
from sim.simulate import simulate
from sim.vector import rules


def test_bites_limited_on_both_sides():
    v = np.array([0, 10, 1000, 10])
    h = np.array([5, 0, 5, 1000])
    p = rules.bite_probability_per_mosquito(v, h, 0.26, 19.0)
    assert p[1] == 0.0  # no people, no bites
    assert p[3] > 0.25  # plenty of people: close to sv
    total = p[2] * 1000
    assert total <= 19.0 * 5 + 1e-9  # people tolerate at most sh bites each


def test_larval_survival_falls_with_density():
    s = rules.larval_survival_probability(np.array([0.0, 50, 500]), np.array([100.0] * 3),
                                          0.01, 1.5)
    assert s[0] == np.exp(-0.01)
    assert s[0] > s[1] > s[2]


def test_neighbour_table_stays_on_grid():
    t = rules.neighbour_table(4, 3)
    assert t.shape == (12, 8)
    assert t.min() >= 0 and t.max() < 12
    # corner (0, 0) has 3 real neighbours; the rest point back to itself
    assert sorted(set(t[0]) - {0}) == [1, 3, 4]


def test_eip_mean_is_preserved():
    rng = np.random.default_rng(0)
    assert abs(rules.draw_eip_days(rng, 100_000, 3.4).mean() - 3.4) < 0.01


def test_lognormal_days_mean():
    rng = np.random.default_rng(0)
    d = lognormal_days(rng, 200_000, 6.0, 1.5)
    assert d.min() >= 1
    assert abs(d.mean() - 6.0) < 0.05


def test_no_mosquitoes_no_local_cases(small):
    params = small("vector.initial_adults_per_site=0", "vector.warmup_days=0", "days=40",
                   "outbreak.seed_infections=10")
    s = simulate(params).summary
    assert s["total_infections"] == s["imported_infections"] == 10


def test_no_infectious_seed_no_cases(small):
    s = simulate(small("outbreak.seed_infections=0", "days=40")).summary
    assert s["total_infections"] == 0
    assert s["total_reported_cases"] == 0


def test_without_breeding_sites_adults_decay_at_survival_rate(small):
    params = small("residents.p_recreate_per_day=0", "residents.idle_refill_per_day=0",
                   "village.public_sites.puddle.p_refill_per_day=0",
                   "village.public_sites.garbage.p_refill_per_day=0",
                   "village.public_sites.weedy_corner.p_refill_per_day=0",
                   "village.construction_p_refill_per_day=0", "days=12")
    model = CampaignModel(params)
    model.sites.wet[:] = False  # every container dry, plants included
    model.sites.immatures[:] = 0
    counts = []
    for _ in range(12):
        model.step()
        counts.append(model.mosquitoes.n_adults)
    n0, n10 = counts[1], counts[11]
    expected = n0 * params.vector.daily_survival ** 10
    # Binomial thinning: sd of the survivors is below sqrt(n0 * q(1-q)); allow 4 sd.
    q = params.vector.daily_survival ** 10
    assert abs(n10 - expected) < 4 * np.sqrt(n0 * q * (1 - q)) + 1
    assert model.sites.wet.sum() == 0


def test_higher_transmission_gives_more_infections(small):
    # Five paired seeds per level; the outbreak at p=0.1 is far smaller on average.
    low = [simulate(small(f"seed={s}", "disease.p_mosquito_to_human=0.08")).summary
           ["total_infections"] for s in range(5)]
    high = [simulate(small(f"seed={s}", "disease.p_mosquito_to_human=0.33")).summary
            ["total_infections"] for s in range(5)]
    assert np.mean(high) > 2 * np.mean(low)
