"""Calibration to Foshan 2025: data statistics, simulated statistics, objective, quick run."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from analysis.calibrate import parse_param_flags
from analysis.calibration_data import DATA_DIR, load_data
from analysis.calibration_design import FIXED, PARAMS, latin_hypercube, star
from analysis.calibration_objective import objective, point_objective
from analysis.calibration_runs import point_overrides
from analysis.calibration_search import calibrate
from analysis.calibration_stats import data_statistics, sim_statistics

pytestmark = pytest.mark.skipif(not DATA_DIR.is_dir(), reason="shared Foshan data not present")


def test_data_statistics_match_hand_computation() -> None:
    d = data_statistics()
    # Foshan cumulative 1,199 (18 Jul) -> 3,645 (23 Jul): tripled in 5 days.
    growth = math.log(3645 / 1199) / 5
    assert d["growth_rate"] == pytest.approx(growth, rel=1e-12)
    assert d["growth_rate"] == pytest.approx(0.2224, abs=1e-4)
    assert d["doubling_days"] == pytest.approx(3.117, abs=1e-3)
    # Daily peak 647 on 19 Jul, 11 days after detection on 8 Jul.
    assert d["peak_delay"] == 11.0
    # Weekly Foshan local cases from the peak week (20 Jul): least-squares slope of the logs.
    y = np.log(np.array([2882, 2770, 1212, 644, 206]) + 0.5)
    x = np.arange(-2, 3)
    assert d["weekly_decline"] == pytest.approx(math.exp((x * y).sum() / (x * x).sum()), rel=1e-9)
    assert d["weekly_decline"] == pytest.approx(0.51, abs=0.005)
    assert d["attack_rate"] == pytest.approx(230 / 3600)


def test_missing_data_is_one_line_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="not found") as err:
        load_data(tmp_path)
    assert "\n" not in str(err.value)


def test_sim_statistics_on_a_synthetic_curve() -> None:
    days = np.arange(100)
    trigger = 30
    reported = np.where(days <= 40, np.exp(0.2 * (days - 20)), np.exp(2.0) * 0.5 ** ((days - 40) / 7))
    reported[:20] = 0.0
    s = sim_statistics(reported, reported, trigger, population=1000)
    cum = np.cumsum(reported)
    assert s["growth_rate"] == pytest.approx(math.log((cum[45] + 1) / (cum[40] + 1)) / 5)  # days 10-15 after
    assert s["peak_delay"] == pytest.approx(10.0, abs=1.0)
    assert s["weekly_decline"] < 0.6
    assert math.isnan(sim_statistics(reported, reported, None, 1000)["growth_rate"])


def test_objective_zero_at_data_and_grows_with_mismatch() -> None:
    d = data_statistics()
    assert objective(d, d) == 0.0
    values = [objective({**d, "growth_rate": d["growth_rate"] * f}, d) for f in (1.0, 1.2, 1.5, 2.5)]
    assert values == sorted(values) and values[0] == 0.0 and values[-1] > values[1]
    assert objective({**d, "peak_delay": 3.0}, d) > objective({**d, "peak_delay": 9.0}, d) > 0
    # The attack-rate term is one-sided: more infections than the index community is no penalty.
    assert objective({**d, "attack_rate": 0.5}, d) == 0.0
    assert objective({**d, "attack_rate": 0.01}, d) > 0.0


def test_point_objective_bootstrap_is_zero_when_seeds_agree() -> None:
    d = data_statistics()
    value, se = point_objective([d, d, d], d)
    assert value == pytest.approx(0.0, abs=1e-12) and se == pytest.approx(0.0, abs=1e-12)


def test_point_objective_bootstrap_is_reproducible_and_grows_with_seed_spread() -> None:
    d = data_statistics()
    narrow = [{**d, "growth_rate": d["growth_rate"] * f} for f in (0.9, 1.0, 1.1, 1.2)]
    wide = [{**d, "growth_rate": d["growth_rate"] * f} for f in (0.5, 1.0, 1.5, 2.0)]
    assert point_objective(narrow, d) == point_objective(narrow, d)  # fixed bootstrap seed
    assert 0 < point_objective(narrow, d)[1] < point_objective(wide, d)[1]
    assert math.isnan(point_objective(narrow[:1], d)[1])  # one seed: no spread to resample


def test_parameter_set_is_the_constrained_one() -> None:
    # The constraints that keep the model credible (docs/readme/55-calibration.md).
    specs = {p.key: p for p in PARAMS}
    assert set(specs) == {"vector.capacity_scale", "residents.p_bite_away_from_home",
                          "strategy.trigger.case_threshold", "disease.p_diagnosed_before_alert",
                          "residents.exposure_cv"}
    # The 20/80 rule (Woolhouse et al. 1997) bounds the exposure spread from below.
    assert specs["residents.exposure_cv"].low == 1.05
    assert (specs["vector.capacity_scale"].low, specs["vector.capacity_scale"].high) == (1.0, 6.0)
    assert specs["vector.capacity_scale"].log
    assert (specs["residents.p_bite_away_from_home"].low, specs["residents.p_bite_away_from_home"].high) \
        == (0.3, 0.7)
    assert specs["strategy.trigger.case_threshold"].integer
    # The pre-campaign reporting delay is held at the literature value, not fitted.
    assert FIXED == {"disease.report_delay_days": 4.0}
    assert "disease.report_delay_days" not in specs


def test_design_stays_in_range_and_integers_are_integers() -> None:
    design = latin_hypercube(16, seed=0)
    assert len(design) == 16
    for point in design:
        for p in PARAMS:
            assert p.low <= point[p.key] <= p.high
            if p.integer:
                assert point[p.key] == int(point[p.key])
    points = star(design[0], 0.15)
    assert points[0] == design[0] and len(points) == len({tuple(sorted(s.items())) for s in points})
    assert all(p.low <= s[p.key] <= p.high for s in points for p in PARAMS)


def test_overrides_carry_fixed_values_and_drop_strategy_keys_for_baseline() -> None:
    point = {"vector.capacity_scale": 2.5, "residents.p_bite_away_from_home": 0.5,
             "strategy.trigger.case_threshold": 12.0}
    ov = point_overrides(point, "default", 80)
    assert "disease.report_delay_days=4" in ov and "strategy.trigger.case_threshold=12" in ov
    base = point_overrides(point, "default", 90, strategy="baseline")
    assert "strategy=baseline" in base and not any(o.startswith("strategy.") for o in base)


def test_cli_ranges_fixes_and_drops() -> None:
    params, fixed = parse_param_flags(["disease.report_delay_days=2:6"],
                                          ["residents.p_bite_away_from_home=0.5"],
                                          ["strategy.trigger.case_threshold"])
    assert [p.key for p in params] == ["vector.capacity_scale", "disease.p_diagnosed_before_alert",
                                       "residents.exposure_cv", "disease.report_delay_days"]
    assert fixed == {"residents.p_bite_away_from_home": 0.5}
    with pytest.raises(ValueError, match="LOW:HIGH"):
        parse_param_flags(["vector.capacity_scale=3"], [], [])
    with pytest.raises(ValueError, match="not a fitted"):
        parse_param_flags([], [], ["disease.p_seek_care"])


@pytest.mark.slow
def test_quick_end_to_end_writes_json(tmp_path) -> None:
    result = calibrate(tmp_path, quick=True, workers=1)
    saved = json.loads((tmp_path / "calibration.json").read_text())
    assert (tmp_path / "calibration_fit.png").stat().st_size > 0
    assert len(saved["points"]) == 2
    assert set(saved["fitted"]) == {p.key for p in PARAMS}
    assert saved["objective"]["value"] == pytest.approx(result["objective"]["value"])
    assert saved["method"]["fixed"] == {"disease.report_delay_days": 4.0}
