"""The planner's report renders in a real browser (headless Debian chromium via Playwright)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.plan import write_planning_report

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

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def served_report(tmp_path: Path) -> Iterator[str]:
    """Run the tiny plan and serve its folder on 127.0.0.1; yield the report's URL."""
    if shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (make chromium, or apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    plan = tmp_path / "browser_check.yaml"
    plan.write_text(PLAN, encoding="utf-8")
    report = write_planning_report(plan, tmp_path / "out", workers=1)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(report.parent))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{report.name}"
    finally:
        server.shutdown()
        server.server_close()


def test_report_renders_in_chromium(served_report: str) -> None:
    from playwright import sync_api

    chromium = shutil.which("chromium")
    other_requests: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})

            def only_the_report(route, request) -> None:
                if request.url == served_report:
                    route.continue_()
                else:  # a self-contained report needs nothing else
                    other_requests.append(request.url)
                    route.abort()

            page.route("**/*", only_the_report)
            page.goto(served_report, wait_until="load")
            rows = page.locator("#summary tbody tr")
            assert rows.count() == 3
            cells = page.locator("#summary tbody tr td:first-child").all_inner_texts()
            first_cells = [c.strip() for c in cells]
            assert first_cells == ["baseline", "week_of_cadres", "rings"]
            assert page.locator("#detail tbody tr").count() == 3
            verdict = page.locator("ul.verdict").inner_text()
            assert "Fewest infections" in verdict or "No scenario" in verdict
            images = page.locator("figure img")
            assert images.count() == 4
            widths = page.eval_on_selector_all(
                "figure img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
            assert all(w > 0 for w in widths), widths
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "planner_report.png"), full_page=True)
        finally:
            browser.close()
    assert other_requests == []
    assert (ARTIFACTS / "planner_report.png").stat().st_size > 10_000
