"""Districts on the trainer page: the District selector builds a whole district, Step
advances its day and redraws its tile map, and a Reset frees it.

The page is rendered in this process, as the server does for one browser session, and
once in headless Chromium (the demo district, one Step)."""

from __future__ import annotations

import contextlib
import gc
import io
import logging
import re
import shutil
import warnings
import weakref
from collections.abc import Iterator

import pytest
from app_server import ARTIFACTS, MAP, served_page
from mesa.agent import Agent

from analysis.app_controls import DISTRICTS, controls, initial_values
from analysis.app_district import DistrictAppModel, district_now, event_line, release_district_app_model
from analysis.app_district_render import draw_district
from analysis.app_model import AppModel
from analysis.app_panels import MAP_CLASS
from analysis.app_settings import pending_changes


def test_the_district_selector_offers_none_demo_and_a_small_shunde():
    by_name = {c.name: c for c in controls()}
    assert by_name["district"].values[0] == "none" and "demo" in by_name["district"].values
    assert initial_values()["district"] == "none"
    assert any("district.scale=" in o for o in DISTRICTS["shunde 2%"])  # never the full census
    assert not by_name["district"].live


def test_a_district_steps_a_day_at_a_time_and_its_map_changes():
    model = AppModel(strategy="shunde_2025", district="demo", days=3)  # Reset builds type(shown)(**values)
    assert isinstance(model, DistrictAppModel) and model.day == 0 and model.running
    assert model.settings["district"] == "demo"
    assert len(model.district.villages) == model.params.district.villages == 20
    before, _ = draw_district(model)
    now = district_now(model.district)
    assert len(now.risk) == 20 and set(now.risk) <= {"safe", "low", "medium", "high"}
    for _ in range(5):
        model.step()
    assert model.day == 3 and model.steps == 5 and not model.running  # stops at the last day
    after, _ = draw_district(model)
    assert after != before
    assert district_now(model.district).status()[2].endswith("of 20")
    assert event_line(model.district)
    values = {**model.settings, "district": "none"}
    assert "District" in pending_changes(values, model)
    release_district_app_model(model)


def test_a_reset_to_no_district_builds_a_village_and_the_released_district_goes():
    model = DistrictAppModel(district="demo", days=2)
    model.step()
    inner = weakref.ref(model.district)
    villages = [weakref.ref(m) for m in model.district.villages]
    village = DistrictAppModel(village="small", district="none", days=2)
    assert isinstance(village, AppModel)
    release_district_app_model(model)
    gc.collect()
    assert inner() is None and all(ref() is None for ref in villages)
    assert model.released and not model.running and set(vars(model)) == {"step_lock", "released", "running"}
    model.step()  # a Play tick that arrives after the Reset does nothing
    assert not model.running and model.day == 0


@contextlib.contextmanager
def _page() -> Iterator[object]:
    """The page rendered for one session in this process (its render context)."""
    import solara
    from solara.server import kernel_context

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import analysis.app as app
    logging.getLogger("MESA").setLevel(logging.WARNING)
    with kernel_context.create_dummy_context(), contextlib.redirect_stdout(io.StringIO()):
        _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
        try:
            yield rc
        finally:
            rc.close()


def _shown_district() -> DistrictAppModel:
    gc.collect()
    held = [m for m in gc.get_objects() if isinstance(m, DistrictAppModel) and not m.released]
    assert len(held) == 1
    return held[0]


@pytest.mark.slow
def test_on_the_page_district_reset_step_and_back_free_the_district():
    import ipyvuetify as v
    import ipywidgets as w

    with _page() as rc:
        def map_value() -> bytes:
            return next(x.value for x in rc.find(w.Image).widgets if MAP_CLASS in x._dom_classes)

        def texts() -> str:
            return "\n".join(str(t.children) for t in rc.find(v.Html).widgets)

        rc.find(v.Select, label="District: none").widget.v_model = "demo"
        rc.find(v.Btn, children=["Reset"]).widget.click()
        shown = _shown_district()
        inner = weakref.ref(shown.district)
        first = map_value()
        shown_text = texts()
        assert "Day 0 of 180" in shown_text and "district demo, 20 villages" in shown_text
        assert "Ring radii: not live for a district" in shown_text  # the live radii say so
        rc.find(v.Btn, children=["Step"]).widget.click()
        assert shown.day == 1 and map_value() != first and "Day 1 of 180" in texts()
        rc.find(v.Select, label="District: demo").widget.v_model = "none"
        rc.find(v.Btn, children=["Reset"]).widget.click()
        gc.collect()
        assert inner() is None and shown.released
        assert not [m for m in Agent._ids if isinstance(m, DistrictAppModel)]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed (make chromium, or apt-get install chromium)")
def test_in_the_browser_the_demo_district_builds_and_steps():
    with served_page() as served:
        page = served.page
        page.goto(served.url)
        page.get_by_text(re.compile(r"^Day 0 of \d+$")).wait_for(timeout=60_000)
        page.locator(".v-select", has_text="District: none").click()
        page.get_by_role("option", name="demo", exact=True).click()
        page.get_by_role("button", name="Reset", exact=True).click()
        page.get_by_text(re.compile(r"district demo, 20 villages")).wait_for(timeout=60_000)
        before = page.locator(MAP).first.get_attribute("src")
        page.get_by_role("button", name="Step", exact=True).click()
        page.get_by_text(re.compile(r"^Day 1 of \d+$")).wait_for(timeout=60_000)
        page.wait_for_function(f"src => document.querySelector('{MAP}').src !== src", arg=before,
                               timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "app-district.png"), full_page=True)
        assert page.locator(".v-alert.error").count() == 0
        assert served.page_errors == []
