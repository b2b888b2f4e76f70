"""The trainer page: the app model and its controls, and the live page in headless Chromium."""

from __future__ import annotations

import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.app import AppModel, offline_assets_problem
from analysis.app_controls import PRESET, build_overrides, model_params, strategy_controls
from sim.params.fields import bounds_at, bounds_of
from sim.params.run_params import RunParams
from sim.params.strategy import StrategyParams

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def test_app_model_follows_the_controls_and_stops_at_the_last_day():
    model = AppModel(strategy="baseline", village="small", seed=5, days=3)
    assert model.params.village.name == "small" and model.params.seed == 5
    for _ in range(5):
        model.step()
    assert model.day == 3 and not model.running
    assert model.grid.mosquito_density.data.sum() == model.mosquitoes.n_adults  # layers refreshed


def test_controls_cover_the_run_and_staffing():
    params = model_params()
    for key in ("strategy", "village", "seed", "days", "cadres", "grid_workers", "medics"):
        assert key in params
    assert "baseline" in params["strategy"]["values"]
    assert set(params["village"]["values"]) <= {"small", "default"}


def test_sliders_take_their_range_from_the_declared_bounds():
    params = model_params()
    days = bounds_of(RunParams, "days")
    assert (params["days"].min, params["days"].max) == (days.low, days.ui_high)
    radii = [c for c in strategy_controls() if c.kind == "radius"]
    assert radii, "a strategy preset sets a ring radius"
    for control in radii:
        declared = bounds_at(StrategyParams, control.path)
        # every value a slider offers (0 aside: "keep the preset") passes validation
        assert params[control.name].max <= declared.high and params[control.name].max == declared.ui_high


def test_untouched_controls_keep_the_preset():
    base, extra, notes = build_overrides("baseline", "small", 2, 10, {"cadres": None}, {})
    assert base == ["strategy=baseline", "village=small", "seed=2", "days=10"]
    assert extra == [] and notes == []
    _, extra, _ = build_overrides(None, "small", None, None, {"medics": 3}, {"strategy__x": PRESET})
    assert extra == ["staffing.pool.medic=3"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_url(proc: subprocess.Popen, timeout_s: float) -> str:
    """The address the server prints, read from its output without blocking forever."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1.0)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        found = re.search(r"http://127\.0\.0\.1:\d+/?", line)
        if found:
            return found.group(0)
    raise AssertionError(f"the app printed no URL (exit code {proc.poll()})")


def _wait_until_serving(url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="Debian's chromium is not installed (make chromium, or apt-get install chromium)")
def test_step_button_advances_the_day_counter():
    sync_api = pytest.importorskip("playwright.sync_api")
    problem = offline_assets_problem()
    assert problem is None, f"{problem} (pin solara and solara-assets to one version)"
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "analysis.app", "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _wait_for_url(proc, 120)
        assert url.startswith(f"http://127.0.0.1:{port}")
        _wait_until_serving(url, 120)
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1600, "height": 1000})
                page.goto(url)
                page.get_by_text(re.compile(r"^Day 0 of \d+$")).wait_for(timeout=120_000)
                step = page.get_by_role("button", name="Step", exact=True)
                for day in (1, 2, 3):
                    step.click()
                    page.get_by_text(re.compile(rf"^Day {day} of \d+$")).wait_for(timeout=120_000)
                assert page.get_by_text(re.compile(r"^Day 3 of \d+$")).is_visible()
                assert page.get_by_text("Step: 3").is_visible()  # Mesa's own counter agrees
                page.wait_for_timeout(500)  # let the last images arrive
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "app.png"), full_page=True)
            finally:
                browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
    assert (ARTIFACTS / "app.png").stat().st_size > 10_000
