"""The season: weather series, thermal traits, and the constant mode the ODE comparison needs."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from analysis.regime import _doubling_days
from sim.errors import ConfigError
from sim.params.disease import DiseaseParams
from sim.params.season import SeasonParams
from sim.params.vector import VectorParams
from sim.season import weather_for
from sim.vector import thermal


def test_traits_at_the_reference_are_the_declared_defaults_exactly():
    v, d = VectorParams(), DiseaseParams()
    t = thermal.traits_at(28.0, 28.0, v, d)
    assert t.daily_survival == pytest.approx(v.daily_survival, abs=1e-15)
    assert (t.bites_per_mosquito_per_day, t.gonotrophic_cycle_days, t.eggs_per_batch,
            t.development_days, t.immature_survival_factor, t.eip_days) == (
        v.bites_per_mosquito_per_day, v.gonotrophic_cycle_days, v.eggs_per_batch,
        v.development_days, 1.0, d.eip_days)


def test_warmer_days_speed_up_development_and_the_virus_and_shorten_life():
    v, d = VectorParams(), DiseaseParams()
    cool, ref, hot = (thermal.traits_at(t, 28.0, v, d) for t in (20.0, 28.0, 30.5))
    assert cool.development_days > ref.development_days >= hot.development_days
    assert cool.eip_days > ref.eip_days > hot.eip_days
    assert cool.bites_per_mosquito_per_day < ref.bites_per_mosquito_per_day
    assert hot.daily_survival < ref.daily_survival  # lifespan curve falls above ~22 C
    assert cool.gonotrophic_cycle_days > ref.gonotrophic_cycle_days


def test_mordecai_curves_peak_and_vanish_where_published():
    # Briere and quadratic forms are zero outside (T0, Tm) (Mordecai et al. 2017, Table A).
    assert thermal.response("biting_rate", 10.0) == 0.0
    assert thermal.response("lifespan", 32.0) == 0.0
    assert thermal.response("development_rate", 30.0) > thermal.response("development_rate", 20.0)
    assert thermal.gonotrophic_cycle_days(30.0) == 3.5  # Delatte et al. 2009
    assert thermal.gonotrophic_cycle_days(22.5) == pytest.approx((8.1 + 4.5) / 2)


def test_normals_give_foshan_summer_and_winter():
    w = weather_for(SeasonParams(), -60, 179)
    assert w.dates[w.index(0)] == dt.date(2025, 6, 16)
    july = w.temperature_c[w.index(30)]  # 16 July
    december = w.temperature_c[w.index(182 - 1 - 3)]  # ~12 December
    assert july == pytest.approx(29.0, abs=0.1)
    assert 15.5 < december < 17.0
    assert (w.rain_factor > 0).all()


def test_constant_mode_holds_the_reference_every_day():
    w = weather_for(SeasonParams(mode="constant"), -10, 10)
    assert (w.temperature_c == 28.0).all() and (w.rain_factor == 1.0).all()


def test_csv_series_is_read_and_must_cover_every_day(tmp_path):
    path = tmp_path / "weather.csv"
    rows = ["date,temperature_c,rain_mm"] + [
        f"{dt.date(2025, 6, 14) + dt.timedelta(days=i)},{25 + i},{i % 2 * 5.0}" for i in range(5)]
    path.write_text("\n".join(rows) + "\n")
    season = SeasonParams(mode="csv", daily_csv=str(path))
    w = weather_for(season, -2, 2)
    np.testing.assert_allclose(w.temperature_c, [25, 26, 27, 28, 29])
    assert (w.rain_factor[::2] == 0).all() and (w.rain_factor[1::2] > 1).all()
    with pytest.raises(ConfigError, match=r"season\.daily_csv"):
        weather_for(season, -2, 3)


@pytest.mark.parametrize(("kwargs", "key"), [
    ({"start_date": "16/06/2025"}, "start_date"),
    ({"mode": "csv"}, "daily_csv"),
    ({"monthly_rain_days": (1.0, 2.0)}, "monthly_rain_days"),
    ({"mode": "tropical"}, "mode"),
])
def test_bad_season_settings_name_the_key(kwargs, key):
    with pytest.raises(ConfigError) as err:
        SeasonParams(**kwargs)
    assert err.value.key == key


def test_doubling_time_of_an_exponential_curve():
    t = np.arange(60)
    cumulative = 5.0 * np.exp(0.2 * t)
    assert _doubling_days(cumulative, 5000) == pytest.approx(np.log(2) / 0.2, rel=0.01)
