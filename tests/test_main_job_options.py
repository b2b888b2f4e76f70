"""``analysis.main_job`` honours its options: its planner report is built from its own sweep."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis import main_job


def test_main_job_writes_only_under_out_and_reuses_its_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "cwd"  # a relative default folder (e.g. outputs/plans) would land here
    work.mkdir()
    monkeypatch.chdir(work)
    out = tmp_path / "mj"
    code = main_job.main(["--village", "small", "--days", "5", "--seeds", "2", "--strategies",
                          "baseline,routine", "--jobs", "1", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert list(work.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "mj"]
    # The planner's report: the main job's strategies, village, days and seeds, all 4 runs reused.
    plan = out / "plan"
    assert (plan / "report.html").is_file() and (plan / "report.md").is_file()
    assert "4 of 4 runs reused from earlier runs with the same configuration" in captured.err
    assert "estimate:" not in captured.err  # nothing to simulate
    runs = pd.read_csv(plan / "runs.csv")
    assert sorted(runs["run_id"]) == [f"{s}/seed_{k}" for s in ("baseline", "routine") for k in (0, 1)]
    assert runs["reused"].all() and set(runs["days"]) == {5} and set(runs["village"]) == {"small"}
    assert "--workers 1" in (plan / "report.md").read_text(encoding="utf-8")  # --jobs
    scenarios = (plan / "scenarios.yaml").read_text(encoding="utf-8")
    assert "village: small\ndays: 5\nreplicates: 2\n" in scenarios
    assert "- name: routine" in scenarios and "name: baseline" not in scenarios  # added by the planner
