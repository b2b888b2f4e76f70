"""The biology behaves as it must: rules, and effects in the whole model."""

from __future__ import annotations

import numpy as np
import pytest

from sim.cli.compose import compose_params
from sim.humans import lognormal_days, lognormal_days_pmf
from sim.model import CampaignModel
from sim.simulate import simulate
from sim.vector import rules, tables


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
    t = tables.neighbour_table(4, 3)
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


# --- the distributions the samplers draw from (used by the day-step twin) -----------------
N_DRAWS = 200_000


def _assert_samples_follow(samples: np.ndarray, pmf: np.ndarray) -> None:
    """Each day's count among ``samples`` is within 5 binomial standard errors plus 5 draws of ``pmf``.

    The count of day k among N draws is Binomial(N, p_k), sd sqrt(N p_k (1 - p_k)): at most
    224 draws (0.11% of N = 200,000). Where N p_k is large the count is close to normal, and
    5 sd is exceeded with probability below 6e-7; in the far tail (N p_k below 1) it is
    Poisson, and the 5 extra draws keep the chance of 6 or more below 2e-3 * (N p_k)^6. Over
    every day of every case the band is left by chance with probability below 1e-4; the seeds
    are fixed, so the test is deterministic. An error of half a percentage point in a common
    day's probability (about 5 sd) fails it; rounding down instead of to the nearest day
    would move tens of points. Days with p_k = 0, and days beyond the pmf, get no draw.
    """
    n = samples.size
    assert pmf.sum() == pytest.approx(1.0, abs=1e-12)
    assert samples.min() >= 0 and samples.max() < pmf.size
    counts = np.bincount(samples, minlength=pmf.size)
    assert not counts[pmf == 0].any()
    np.testing.assert_array_less(np.abs(counts - n * pmf), 5 * np.sqrt(n * pmf * (1 - pmf)) + 5)


@pytest.mark.parametrize(("mean", "sd", "minimum"), [
    (3.0, 1.5, 1),   # chikungunya incubation
    (6.0, 1.5, 1),   # chikungunya viraemia
    (5.9, 1.8, 1),   # dengue incubation
    (4.0, 2.4, 0),   # onset-to-report delay (may be 0 days)
    (0.8, 0.6, 1),   # mostly raised to the floor of 1 day
    (5.0, 0.0, 1),   # no spread: always the rounded mean
])
def test_lognormal_days_pmf_is_what_the_sampler_draws(mean, sd, minimum):
    rng = np.random.default_rng(11)
    samples = lognormal_days(rng, N_DRAWS, mean, sd, minimum)
    _assert_samples_follow(samples, lognormal_days_pmf(mean, sd, minimum))


@pytest.mark.parametrize("mean", [3.0, 3.4, 6.5, 0.7])
def test_eip_days_pmf_is_what_the_rule_draws(mean):
    rng = np.random.default_rng(12)
    pmf = rules.eip_days_pmf(mean)
    _assert_samples_follow(rules.draw_eip_days(rng, N_DRAWS, mean), pmf)
    if mean >= 1:  # random rounding keeps the mean
        assert pmf @ np.arange(pmf.size) == pytest.approx(mean, rel=1e-12)


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
                   "village.construction_p_refill_per_day=0", "village.uncounted_habitat=false",
                   "season.mode=constant", "days=12")
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


def test_indices_rise_and_fall_with_mosquito_density():
    """The Breteau index counts larvae and pupae, so it follows the adults that lay the eggs."""
    from sim.metrics import entomological_indices

    def day0(scale: float) -> tuple[float, float]:
        model = CampaignModel(compose_params(["village=small", f"vector.capacity_scale={scale}",
                                              "season.mode=constant"]))
        return entomological_indices(model)[0], model.mosquitoes.n_adults

    (bi_low, adults_low), (bi_high, adults_high) = day0(0.5), day0(4.0)
    assert adults_high > 4 * adults_low
    assert bi_high > 1.5 * bi_low  # deterministic given the seed; measured ratio ~3


def test_a_clean_up_drive_empties_the_uncounted_habitat():
    from sim.village import Setting

    params = compose_params(["village=small", "strategy=shunde_2025", "strategy.trigger.mode=day",
                             "strategy.trigger.day=0", "strategy.trigger.mobilisation_delay_days=0",
                             "strategy.outdoor.cleanup_drive_days=[2]", "days=3"])
    model = CampaignModel(params)
    patch = model.sites.setting == Setting.UNCOUNTED
    assert patch.any() and model.sites.wet[patch].mean() > 0.9
    for _ in range(2):  # a day of training, a first day of field work
        model.step()
    assert model.sites.wet[patch].mean() > 0.9  # ordinary clean-up leaves drains alone
    model.step()  # the drive
    assert model.sites.wet[patch].mean() < 0.1
