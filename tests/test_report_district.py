"""A district plan's report maps the district: no campaign against the best option, with alt text."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from plan_texts import TINY_DISTRICT_PLAN

from analysis.plan import write_planning_report

PLAN = TINY_DISTRICT_PLAN
VILLAGE_PLAN = PLAN.replace("district: {preset: demo, scale: 0.1}", "village: small")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district_plan")
    (folder / "plan.yaml").write_text(PLAN, encoding="utf-8")
    return write_planning_report(folder / "plan.yaml", folder / "out", workers=2, stream=io.StringIO())


def test_district_report_has_a_map_with_alt_text(report: Path) -> None:
    page = report.read_text(encoding="utf-8")
    figure = re.search(r'<figure id="fig-district_map"><img alt="([^"]+)" src="data:image/png;base64,', page)
    assert figure is not None
    alt = figure.group(1)
    assert alt.startswith("Map of the district&#x27;s 20 villages on day ")
    assert "without a campaign: " in alt and "with by_cases: " in alt
    assert page.index('id="fig-district_map"') < page.index('id="fig-epidemic_curves"')  # the map first
    assert (report.parent / "district_map.png").stat().st_size > 10_000
    md = (report.parent / "report.md").read_text(encoding="utf-8")
    assert re.search(r"!\[Map of the district's 20 villages on day \d+ [^\]]*\]\(district_map\.png\)", md)


def test_the_maps_villages_at_risk_never_exceed_the_villages(report: Path) -> None:
    alt = re.search(r'id="fig-district_map"><img alt="([^"]+)"', report.read_text(encoding="utf-8")).group(1)
    counts = [tuple(map(int, m)) for m in
              re.findall(r"(\d+) of (\d+) villages with a reported case in the last 7 days, (\d+) at", alt)]
    assert len(counts) == 2
    assert all(0 <= cases <= n == 20 and 0 <= high <= n for cases, n, high in counts)


def test_a_village_plan_has_no_district_map(tmp_path: Path) -> None:
    from analysis.report_district import district_map_for_report
    from analysis.scenarios import load_plan

    (tmp_path / "plan.yaml").write_text(VILLAGE_PLAN, encoding="utf-8")
    assert district_map_for_report(load_plan(tmp_path / "plan.yaml"), tmp_path, None) is None
