"""The district benchmark in quick mode: its report has every part and its numbers (never timings
against a goal: those depend on the machine)."""

from __future__ import annotations

import contextlib
import io
import json
import math
import re

import pytest

from benchmarks import district


def _section(report: str, head: str) -> list[str]:
    """The lines of the table under the ``## head`` title (up to the next blank line)."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"## {head}"))
    body = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        body.append(line)
    return body


def _numbers(line: str) -> list[float]:
    return [float(x.replace(",", "")) for x in re.findall(r"(?<![\w.])-?[0-9][0-9,]*\.?[0-9]*", line)]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "district.json"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        district.main(["--quick", "--days", "5", "--out", str(out)])
    return buf.getvalue(), json.loads(out.read_text())


def test_every_part_is_reported(quick):
    report, _ = quick
    for head in ("a. Demo district", "b. Scaling in villages", "c. Shunde at scale 0.02",
                 "c2. EXTRAPOLATION (not measured)", "d. Where the memory goes", "e. Targets"):
        assert f"## {head}" in report, head
    assert "running: (b) 5 villages" in report and "benchmark took" in report


def test_processes_have_positive_times_and_memory(quick):
    report, res = quick
    demo_row = _section(report, "a. Demo district")[1]
    wall, cpu, peak = _numbers(demo_row.split(")", 1)[1])[:3]
    assert wall > 0 and cpu > 0 and peak > 0
    rows = _section(report, "b. Scaling in villages")[1:]
    assert [int(_numbers(r)[0]) for r in rows] == [5, 10]
    for r in res["scaling"]["rows"]:
        assert r["sim_cpu_s"] > 0 and r["process"]["wall_s"] > 0 and r["peak_mb"] > r["base_mb"] > 0
    assert res["shunde"]["run"]["villages"] == 205 and res["shunde"]["run"]["days"] == 5


def test_exponents_and_the_extrapolation_are_printed(quick):
    report, res = quick
    line = next(x for x in report.splitlines() if x.startswith("exponent against villages"))
    cpu = float(re.search(r"run CPU (-?[0-9.]+)", line).group(1))
    mem = float(re.search(r"baseline (-?[0-9.]+)", line).group(1))
    assert math.isfinite(cpu) and math.isfinite(mem)
    assert cpu == pytest.approx(res["scaling"]["cpu_exponent"], abs=0.006)
    assert "MB fixed +" in report and "KB per resident" in report
    bases = _section(report, "c2. EXTRAPOLATION")[1:]
    assert [b.split("  ")[0] for b in bases] == ["linear (exponent 1)",
                                                 "exponents of (b): residents added as villages"]
    for e in res["shunde"]["extrapolations"]:
        assert e["cpu_s"] > 0 and e["wall_s"] > 0 and e["peak_mb"] > 0
    targets = "\n".join(_section(report, "e. Targets"))
    assert "full census, 180 d, wall s, EXTRAPOLATED" in targets and "n/a (quick" in targets


def test_the_memory_table_adds_up_to_about_the_measured_resident_set(quick):
    report, res = quick
    table = _section(report, "d. Where the memory goes")
    names = [row.split("  ")[0] for row in table[1:]]
    for item in ("mosquito columns: live adults", "mosquito columns: free rows of the live buffer",
                 "breeding sites: immature cohorts", "population and protections (per person)",
                 "surveillance (per house arrays, case lists)", "itemised total",
                 "measured RSS above the interpreter's baseline"):
        assert item in names, item
    assert any(n.startswith("Mesa agents: ") for n in names)
    assert any(n.startswith("lazy Mesa grid: built in 0 of 20 villages") for n in names)  # headless
    ag = res["memory"]["agents"]
    assert ag["households"] > 0 and ag["staff"] > 0 and 0 < ag["per_household_bytes"] < 10_000
    itemised = next(r for r in table if r.startswith("itemised total"))
    measured = next(r for r in table if r.startswith("measured RSS"))
    total, rss = _numbers(itemised)[1], _numbers(measured)[1]
    assert 0.5 * rss < total < 2 * rss


def test_a_child_reports_its_own_peak_memory_not_its_parents():
    """``ru_maxrss`` survives fork and exec: a child of a large process (a test worker) reported
    the parent's size. The launcher prints the program's own high-water mark instead."""
    import sys

    import numpy as np

    from benchmarks.district_measure import _process

    ballast = np.ones(400 * 2**20 // 8)  # 400 MB held by this process while the child runs
    res = _process([sys.executable, "-m", "sim.run", "--help"], {})
    assert ballast.sum() > 0
    assert 10 < res["peak_mb"] < 300, res["peak_mb"]
