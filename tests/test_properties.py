"""Property-based tests: random valid configurations of tiny villages never give nonsense.

Each example is a whole run (a few cells, a few dozen houses, up to 30 days),
so examples are few and derandomised: the same examples run every time. Besides its
own checks, each run gets every check of ``test_invariants.py`` (opened <= idle,
cleared <= found, on duty <= pool, indices from the site counts).
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace

import numpy as np
from conftest import preset
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from test_invariants import check_village, sites_by_setting

from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.outputs import timeseries_csv
from sim.params.run_params import RunParams
from sim.simulate import simulate

STRATEGIES = config_groups(CONFIG_DIR)["strategy"]
DISEASES = config_groups(CONFIG_DIR)["disease"]

PROPERTY_SETTINGS = settings(max_examples=60, derandomize=True, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

unit = st.floats(0.0, 1.0, allow_nan=False)


@functools.cache
def base_params(strategy: str, disease: str) -> RunParams:
    """The presets, composed once; examples vary them with :func:`dataclasses.replace`."""
    return compose_params([*preset(strategy), f"disease={disease}", "village=small", "days=10"])


@st.composite
def tiny_runs(draw: st.DrawFn) -> RunParams:
    """A valid :class:`RunParams` for a village of at most 10x10 cells and 40 houses."""
    base = base_params(draw(st.sampled_from(STRATEGIES)), draw(st.sampled_from(DISEASES)))
    w, h = draw(st.integers(3, 10)), draw(st.integers(3, 10))
    per_cell = draw(st.integers(1, 4))
    households = draw(st.integers(1, min(40, w * h * per_cell // 2)))
    site_types = {
        name: replace(s, mean_per_household=draw(st.floats(0.0, 2.0)), p_initially_wet=draw(unit),
                      p_resident_notices=draw(unit))
        for name, s in base.village.site_types.items()
    }
    public_sites = {
        name: replace(s, per_group=draw(st.integers(0, 3)), p_refill_per_day=draw(unit))
        for name, s in base.village.public_sites.items()
    }
    groups_x = draw(st.integers(1, min(w, households)))
    groups_y = draw(st.integers(1, min(h, households // groups_x)))
    village = replace(
        base.village, width_cells=w, height_cells=h, max_households_per_cell=per_cell,
        households=households, groups_x=groups_x, groups_y=groups_y,
        settlements=draw(st.integers(1, 4)), settlement_radius_cells=draw(st.floats(0.0, 5.0)),
        idle_fraction=draw(unit), mean_residents=draw(st.floats(1.0, 5.0)),
        construction_sites=draw(st.integers(0, 2)), sites_per_construction_site=draw(st.integers(0, 8)),
        site_types=site_types, public_sites=public_sites,
    )
    days = draw(st.integers(1, 30))
    outbreak = replace(
        base.outbreak, seed_infections=draw(st.integers(0, 6)),
        seed_days=tuple(draw(st.lists(st.integers(0, days - 1), max_size=3, unique=True))),
        import_rate_per_day=draw(st.sampled_from([0.0, 0.3, 2.0])),
        quiet_days_for_end=draw(st.integers(1, 10)),
    )
    vector = replace(
        base.vector, warmup_days=draw(st.integers(0, 15)),
        initial_adults_per_site=draw(st.floats(0.0, 10.0)),
        daily_survival=draw(st.floats(0.5, 0.97)), p_move_per_day=draw(unit),
        eggs_per_batch=draw(st.floats(0.0, 100.0)), host_attraction=draw(st.floats(0.0, 5.0)),
    )
    disease = replace(
        base.disease, p_mosquito_to_human=draw(unit), p_human_to_mosquito=draw(unit),
        p_symptomatic=draw(unit), p_seek_care=draw(unit),
        report_delay_days=draw(st.floats(0.0, 6.0)), immune_after_recovery=draw(st.booleans()),
    )
    residents = replace(base.residents, initial_awareness=draw(unit),
                        p_bite_away_from_home=draw(unit), p_self_clear_per_day=draw(unit))
    staffing = replace(base.staffing, pool={role: draw(st.integers(0, 6)) for role in base.staffing.pool})
    try:
        return replace(base, seed=draw(st.integers(0, 2**40)), days=days, village=village,
                       outbreak=outbreak, vector=vector, disease=disease, residents=residents,
                       staffing=staffing)
    except ConfigError:  # e.g. a team shape with a role the staff pool lacks
        reject()


def check_run(params: RunParams) -> tuple[str, dict]:
    """Run once, check the invariants, return the CSV text and the summary."""
    model = CampaignModel(params)
    result = simulate(params, model=model)
    ts, s = result.timeseries, result.summary
    n = s["population"]
    assert all(len(col) == params.days for col in ts.values())
    for name, col in ts.items():
        assert np.isfinite(col).all(), name
        assert (col >= 0).all(), name
    assert np.array_equal(ts["day"], np.arange(params.days))
    seir = (ts["susceptible_humans"] + ts["exposed_humans"] + ts["infectious_humans"]
            + ts["recovered_humans"])
    assert (seir == n).all(), "people are not conserved"
    for cum, daily in (("cumulative_infections", "new_infections"),
                       ("cumulative_reported_cases", "new_reported_cases")):
        assert (np.diff(ts[cum]) >= 0).all(), cum
        assert np.array_equal(ts[cum], np.cumsum(ts[daily])), cum
    assert ts["cumulative_reported_cases"][-1] <= ts["cumulative_infections"][-1]
    assert (ts["infectious_mosquitoes"] <= ts["adult_mosquitoes"]).all()
    assert (ts["positive_breeding_sites"] <= ts["active_breeding_sites"]).all()
    assert (ts["active_breeding_sites"] <= s["breeding_sites"]).all()
    assert (ts["house_index"] <= 100.0).all()
    assert (ts["awareness_mean"] <= 1.0).all()
    assert len(model.surveillance.case_person) == s["total_reported_cases"]
    if params.disease.immune_after_recovery:
        assert s["total_infections"] <= n
        # one infection per person, reported at most once (clinic or fever screening)
        assert len(set(model.surveillance.case_person)) == s["total_reported_cases"]
    for key in ("clearance_rate", "idle_house_clearance_rate"):
        assert s[key] is None or 0.0 <= s[key] <= 1.0, (key, s[key])
    if n == 0:  # nobody lives here: an attack rate is undefined
        assert s["attack_rate"] is None
    else:
        assert 0.0 <= s["attack_rate"] <= (1.0 if params.disease.immune_after_recovery else math.inf)
    for key, value in s.items():
        if isinstance(value, float):
            assert math.isfinite(value), key
    counts = {k: v[: params.days] for k, v in model.recorder.counts.items()}
    check_village(ts, s, params, counts, sites_by_setting(model))  # opened <= idle, cleared <= found, ...
    return timeseries_csv(ts), s


@PROPERTY_SETTINGS
@given(tiny_runs())
def test_random_valid_tiny_runs_keep_every_invariant(params):
    check_run(params)


@settings(PROPERTY_SETTINGS, max_examples=8)
@given(tiny_runs())
def test_same_seed_and_config_give_byte_identical_outputs(params):
    csv_a, summary_a = check_run(params)
    csv_b, summary_b = check_run(params)
    assert csv_a == csv_b
    summary_a.pop("wall_seconds")
    summary_b.pop("wall_seconds")
    assert summary_a == summary_b
