"""The planner's report renders in a real browser (headless Debian chromium via Playwright).

Screenshots go to ``test-artifacts/``: the top of a village report (``planner_report.png``) and
the map of a district report (``planner_district_map.png``); :func:`screenshots` takes the same
pictures of any served report.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import itertools
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from plan_texts import TINY_DISTRICT_PLAN

from analysis.plan import write_planning_report

if TYPE_CHECKING:
    from playwright import sync_api

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PLAN = """\
title: Browser check
village: small
days: 18
replicates: 2
scenarios:
  - name: week_of_cadres
    strategy: full_cadre
    start_day: 2
    deployment_days: 7
  - name: rings
    strategy: ring_zoning
"""

DISTRICT_PLAN = TINY_DISTRICT_PLAN

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 from a daemon thread; return the server and its base URL."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _plan_report(tmp_path: Path, name: str, text: str) -> Iterator[str]:
    """Run a plan and serve its folder; yield the report's URL."""
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make chromium, or apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    plan = tmp_path / f"{name}.yaml"
    plan.write_text(text, encoding="utf-8")
    report = write_planning_report(plan, tmp_path / name, workers=1, stream=io.StringIO())
    server, base = _serve(report.parent)
    try:
        yield base + report.name
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served_report(tmp_path: Path) -> Iterator[str]:
    """The tiny village plan's report, served on 127.0.0.1."""
    yield from _plan_report(tmp_path, "browser_check", PLAN)


@pytest.fixture
def served_district_report(tmp_path: Path) -> Iterator[str]:
    """A tiny district plan's report (2 runs of a tenth of the demo district), served on 127.0.0.1."""
    yield from _plan_report(tmp_path, "district_check", DISTRICT_PLAN)


@contextlib.contextmanager
def report_page(url: str) -> Iterator[sync_api.Page]:
    """The report open in headless chromium; any request but the report's own fails the test."""
    from playwright import sync_api

    other_requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def only_the_report(route, request) -> None:
                if request.url == url:
                    route.continue_()
                else:  # a self-contained report needs nothing else
                    other_requests.append(request.url)
                    route.abort()

            page.route("**/*", only_the_report)
            page.goto(url, wait_until="load")
            yield page
        finally:
            browser.close()
    assert other_requests == []


def shoot(page: sync_api.Page, top: Path, district_map: Path | None = None) -> None:
    """Screenshots of an open report: its top as a 1280 x 900 window shows it (the opening
    paragraph, the verdict), and the district map's figure when asked for."""
    top.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(top))
    if district_map is not None:
        page.locator("#fig-district_map").screenshot(path=str(district_map))


def screenshots(url: str, top: Path, district_map: Path | None = None) -> None:
    """:func:`shoot` a served report (e.g. ``make plan``'s, for the README)."""
    with report_page(url) as page:
        shoot(page, top, district_map)


def test_report_renders_in_chromium(served_report: str) -> None:
    with report_page(served_report) as page:
        rows = page.locator("#summary tbody tr")
        assert rows.count() == 3
        first_cells = [c.strip() for c in page.locator("#summary tbody th[scope=row]").all_inner_texts()]
        assert first_cells == ["baseline", "week_of_cadres", "rings"]
        assert page.locator("#detail tbody tr").count() == 3
        # The opening paragraph comes first, before the verdict, and states the baseline's infections.
        opening = page.locator("#opening")
        assert opening.inner_text().startswith("Without a campaign about ")
        assert opening.bounding_box()["y"] < page.locator("ul.verdict").bounding_box()["y"] < 900
        verdict = page.locator("ul.verdict").inner_text()
        assert "Fewest infections" in verdict or "No scenario" in verdict
        images = page.locator("figure img")
        assert images.count() == 4
        widths = page.eval_on_selector_all(
            "figure img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
        assert all(w > 0 for w in widths), widths
        assert all(len(alt) > 40 for alt in page.eval_on_selector_all("img", "imgs => imgs.map(i => i.alt)"))
        levels = page.eval_on_selector_all("h1, h2, h3", "hs => hs.map(h => Number(h.tagName[1]))")
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels))  # no level skipped
        # On paper the tables wrap instead of scrolling sideways.
        page.emulate_media(media="print")
        assert page.eval_on_selector("#summary td", "td => getComputedStyle(td).whiteSpace") == "normal"
        page.emulate_media(media="screen")
        shoot(page, ARTIFACTS / "planner_report.png")
    assert (ARTIFACTS / "planner_report.png").stat().st_size > 10_000


def test_district_report_shows_the_map(served_district_report: str) -> None:
    with report_page(served_district_report) as page:
        figure = page.locator("#fig-district_map")
        assert figure.count() == 1
        alt = figure.locator("img").get_attribute("alt")
        assert alt.startswith("Map of the district's 20 villages on day ")
        assert figure.locator("img").evaluate("i => i.complete ? i.naturalWidth : 0") > 0
        assert page.locator("figure img").count() == 5  # the map, then the four figures of every plan
        shoot(page, ARTIFACTS / "planner_district_report.png", ARTIFACTS / "planner_district_map.png")
    assert (ARTIFACTS / "planner_district_map.png").stat().st_size > 10_000
