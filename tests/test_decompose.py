"""Which action did what, and what the answer hangs on: the decomposition and tornado tools."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import decompose, tornado
from sim.cli.compose import compose_params

SMALL = ("village=small", "days=40")


def test_actions_of_lists_only_what_the_strategy_does():
    off = ("strategy.inspection.p_clear_found=0", "strategy.inspection.p_clear_found_idle=0")
    assert decompose.actions_of(compose_params(["strategy=baseline"])) == [("container clearing", off)]
    shunde = dict(decompose.actions_of(compose_params(["strategy=shunde_2025"])))
    assert {"fogging", "indoor knockdown", "clean-up", "isolation", "faster reporting"} <= set(shunde)
    assert shunde["faster reporting"] == ("strategy.inspection.report_delay_days_wartime=4.0",)
    ring = dict(decompose.actions_of(compose_params(["strategy=ring_zoning"])))
    assert "larvicide" not in ring


def test_decomposition_pairs_seeds_and_switching_everything_off_is_the_baseline():
    rows = decompose.decompose("ring_zoning", 1, SMALL, workers=1)
    table = decompose.summarise(rows)
    by = {r["variant"]: r["infections"] for r in rows}
    assert set(by) >= {"baseline", "all actions", "without indoor knockdown"}
    assert table[0]["mean"] == by["baseline"] - by["all actions"]
    knock = next(r for r in table if r["action"] == "indoor knockdown")
    assert knock["mean"] == by["without indoor knockdown"] - by["all actions"]


def test_tornado_changes_are_paired_differences_and_sorted_by_swing():
    runs = pd.DataFrame(
        [{"parameter": "default", "end": "", "seed": 0, "infections": 100}]
        + [{"parameter": k, "end": e, "seed": 0, "infections": 100 + i * (1 if e == "high" else -1)}
           for i, k in enumerate(tornado.RANGES) for e in ("low", "high")])
    table = tornado.summarise(runs)
    assert list(table.swing) == sorted(table.swing, reverse=True)
    last = list(tornado.RANGES)[-1]
    row = table[table.parameter == last].iloc[0]
    assert (row.change_at_low, row.change_at_high) == (-(len(tornado.RANGES) - 1), len(tornado.RANGES) - 1)


def test_every_range_is_inside_the_declared_bounds():
    for key, (low, high, _) in tornado.RANGES.items():
        compose_params([f"{key}={low}"])
        compose_params([f"{key}={high}"])
        assert low < high, key


@pytest.mark.parametrize("tool", [decompose, tornado])
def test_bad_input_is_one_line_and_exit_2(tool, tmp_path, capsys):
    with pytest.raises(SystemExit) as err:
        tool.main(["--strategy", "nonsense", "--out", str(tmp_path / "out")])
    assert err.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_decompose_command_writes_table_runs_and_figure(tmp_path, capsys):
    out = tmp_path / "d"
    assert decompose.main(["--strategy", "ring_zoning", "--seeds", "1", "--workers", "1", "--out", str(out),
                           *SMALL]) == 0
    assert {p.name for p in out.iterdir()} == {"decompose.md", "decompose_runs.csv", "decompose.png",
                                               "decompose.svg"}
    assert "indoor knockdown" in (out / "decompose.md").read_text()
    assert "averted" in capsys.readouterr().out
