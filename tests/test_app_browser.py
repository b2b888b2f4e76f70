"""The trainer page: the app model and its controls, and the live page in headless Chromium."""

from __future__ import annotations

import re
import shutil

import pytest
from app_server import ARTIFACTS, MAP, ROOT, served_page

from analysis.app import AppModel, offline_assets_problem
from analysis.app_controls import (
    PRESET,
    build_overrides,
    controls,
    initial_values,
    preset_value,
    strategy_controls,
)
from analysis.app_events import today
from analysis.app_live import apply_live, live_value
from analysis.app_settings import pending_changes
from sim.params.fields import bounds_at, bounds_of
from sim.params.run_params import RunParams
from sim.params.strategy import StrategyParams


def test_app_model_follows_the_controls_and_stops_at_the_last_day():
    model = AppModel(strategy="baseline", village="small", seed=5, days=3)
    assert model.params.village.name == "small" and model.params.seed == 5
    for _ in range(5):
        model.step()
    assert model.day == 3 and not model.running
    assert model.grid.mosquito_density.data.sum() == model.mosquitoes.n_adults  # layers refreshed
    assert model.settings["village"] == "small"  # kept, so the page can tell what changed since


def test_controls_cover_the_run_staffing_and_every_village():
    names = {c.name for c in controls()}
    for key in ("strategy", "village", "seed", "days", "cadres", "grid_workers", "medics"):
        assert key in names
    by_name = {c.name: c for c in controls()}
    assert "baseline" in by_name["strategy"].values
    files = (ROOT / "configs" / "village").glob("*.yaml")
    villages = sorted(p.stem for p in files if not p.stem.startswith("_"))
    assert sorted(by_name["village"].values) == villages
    assert set(initial_values()) == names


def test_labels_show_the_value_and_its_unit():
    by_name = {c.name: c for c in controls()}
    assert by_name["cadres"].caption(60) == "Cadres: 60 people"
    assert by_name["days"].caption(180) == "Days: 180 days"
    assert by_name["seed"].caption(3) == "Seed: 3"
    assert by_name["strategy__targeting__core_radius_m"].caption(100.0) == "Core ring radius: 100 m"
    assert by_name["village"].caption("town") == "Village: town"


def test_sliders_take_their_range_from_the_declared_bounds():
    by_name = {c.name: c for c in controls()}
    days = bounds_of(RunParams, "days")
    assert (by_name["days"].low, by_name["days"].high) == (days.low, days.ui_high)
    radii = [c for c in strategy_controls() if c.kind == "radius"]
    assert radii, "a strategy preset sets a ring radius"
    for control in radii:
        declared = bounds_at(StrategyParams, control.path)
        slider = by_name[control.name]
        assert slider.high <= declared.high and slider.high == declared.ui_high
        assert slider.low > declared.low if declared.low_open else slider.low >= declared.low


def test_untouched_controls_keep_the_preset():
    base, extra, notes = build_overrides("baseline", "small", 2, 10, {"cadres": None}, {})
    assert base == ["strategy=baseline", "village=small", "seed=2", "days=10"]
    assert extra == [] and notes == []
    _, extra, _ = build_overrides(None, "small", None, None, {"medics": 3}, {"strategy__x": PRESET})
    assert extra == ["staffing.pool.medic=3"]
    preset = preset_value("cadres", "baseline")
    _, extra, _ = build_overrides("baseline", "small", None, None, {"cadres": preset}, {})
    assert extra == []  # the preset's own value is no override


def test_pending_changes_name_the_settings_that_need_a_reset():
    model = AppModel(**{**initial_values(), "village": "small", "days": 5})
    values = dict(model.settings)
    assert pending_changes(values, model) == []
    values["seed"] = values["seed"] + 1
    values["strategy__targeting__core_radius_m"] = 150.0  # live: applied at once, no Reset
    assert pending_changes(values, model) == ["Seed"]


def _ring_model() -> AppModel:
    """A ring-zoning run on the small village stepped until its first ring opens."""
    model = AppModel(**{**initial_values(), "strategy": "ring_zoning", "village": "small", "days": 120})
    while not model.campaign.rings and model.running:
        model.step()
    assert model.campaign.rings, "no case was reported in 120 days"
    return model


def test_ring_radii_apply_to_new_rings_without_a_rebuild():
    model = _ring_model()
    core = "strategy__targeting__core_radius_m"
    first = model.campaign.rings[0]
    old = first.core_m
    wider = old + 50.0
    assert apply_live(model, core, wider) is None and live_value(model, core) == wider
    assert first.core_m == old  # an open ring keeps its radii
    assert model.params.strategy.targeting.core_radius_m == old  # the run's own record is untouched
    outer = model.params.strategy.targeting.outer_radius_m
    assert "must increase" in apply_live(model, core, outer + 1.0)  # refused, as the run's validation
    assert live_value(model, core) == wider
    assert apply_live(model, core, None) is None and live_value(model, core) == old  # back to the preset
    plain = AppModel(strategy="baseline", village="small", days=2)
    assert "no rings" in apply_live(plain, core, wider)


def test_journal_tells_the_trigger_and_the_first_ring_with_their_day():
    model = _ring_model()
    texts = [f"Day {e.day}: {e.text}" for e in model.journal.events]
    switch = model.campaign.trigger.switch_day
    assert any(t.startswith(f"Day {switch + 1}: trigger fired") for t in texts), texts
    opened = model.campaign.rings[0].opened_day
    assert any(t.startswith(f"Day {opened + 1}: ring opened around house") for t in texts), texts
    assert today(model).startswith(f"Day {model.day} (")


def _map_src(page) -> str:
    """The ``src`` of the map image (the first image of the main area: a PNG data URL)."""
    return page.locator(MAP).first.get_attribute("src") or ""


def _set_slider(page, label: str, presses: int) -> None:
    """Move the slider whose label starts with ``label`` by ``presses`` steps (arrow keys)."""
    slider = page.locator(".v-input", has_text=label).get_by_role("slider")
    slider.focus()
    for _ in range(presses):
        slider.press("ArrowRight")


def _drive_the_page(page, url: str) -> None:
    """Load, pick ring zoning and Reset, step past the first ring, change a live radius."""
    page.goto(url)
    page.get_by_text(re.compile(r"^Day 0 of \d+$")).wait_for(timeout=60_000)
    page.locator(".v-select", has_text="Strategy: baseline").click()
    page.get_by_role("option", name="ring_zoning", exact=True).click()
    page.get_by_text("Strategy: ring_zoning").wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"Press Reset to rebuild the run with the new Strategy")).wait_for(
        timeout=30_000)
    page.get_by_role("button", name="Reset", exact=True).click()
    page.get_by_text(re.compile(r"ring_zoning \(village default")).wait_for(timeout=60_000)
    assert page.get_by_text("Press Reset to rebuild").count() == 0  # applied
    before = _map_src(page)
    _set_slider(page, "Days per Step", 9)
    page.get_by_text("Days per Step: 10 days").wait_for(timeout=30_000)
    page.get_by_role("button", name="Step", exact=True).click()
    page.get_by_text(re.compile(r"^Day 10 of \d+$")).wait_for(timeout=60_000)
    page.get_by_text(re.compile(r"^Day \d+: trigger fired on")).wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^Day \d+: ring opened around house")).first.wait_for(timeout=30_000)
    page.wait_for_function(f"src => document.querySelector('{MAP}').src !== src", arg=before,
                           timeout=30_000)
    _set_slider(page, "Core ring radius", 2)
    page.get_by_text("Core ring radius: 150 m", exact=True).wait_for(timeout=30_000)
    page.get_by_text(re.compile(r"^Day 10 of")).click()  # leave the slider (its thumb label hides)
    page.wait_for_timeout(500)  # let the last images arrive


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed (make chromium, or apt-get install chromium)")
def test_the_page_runs_labelled_controls_live_settings_and_events():
    problem = offline_assets_problem()
    assert problem is None, f"{problem} (pin solara and solara-assets to one version)"
    with served_page() as served:
        page = served.page
        assert served.url.startswith(f"http://127.0.0.1:{served.port}")  # the port asked for
        try:
            _drive_the_page(page, served.url)
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "app-last.png"), full_page=True)
        errors = page.locator(".v-alert.error")
        assert errors.count() == 0, errors.all_inner_texts()
        assert served.page_errors == []
        page.screenshot(path=str(ARTIFACTS / "app.png"), full_page=True)
    assert (ARTIFACTS / "app.png").stat().st_size > 10_000
