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


def _fake_sweep(root, rows):
    """A sweep folder as ``analysis.collect`` leaves it: job folders and a runs.csv."""
    for run_id, overrides, _infections in rows:
        (root / run_id / ".hydra").mkdir(parents=True)
        (root / run_id / ".hydra" / "overrides.yaml").write_text(
            "".join(f"- {o}\n" for o in overrides))
    pd.DataFrame([{"run_id": r, "strategy": o[0].split("=")[1], "seed": 0, "total_infections": n}
                  for r, o, n in rows]).to_csv(root / "runs.csv", index=False)


def test_compare_decompose_remakes_each_run_with_each_action_off(tmp_path):
    from analysis import compare
    from analysis.paired_runs import infections

    ring = ("strategy=ring_zoning", "seed=0", *SMALL)
    made = infections(list(ring))
    _fake_sweep(tmp_path, [("0", ("strategy=baseline", "seed=0", *SMALL), infections(
        ["strategy=baseline", "seed=0", *SMALL])), ("1", ring, made)])
    assert compare.main([str(tmp_path), "--decompose", "--workers", "1"]) == 0
    table = pd.read_csv(tmp_path / "comparison_actions.csv")
    assert set(table.group) == {"ring_zoning"}  # the baseline is not decomposed
    assert set(table.action) == {label for label, _ in decompose.actions_of(compose_params(list(ring)))}
    knock = table[table.action == "indoor knockdown"].iloc[0]
    without = infections([*ring, "strategy.inspection.indoor_knockdown=0"])
    assert knock.averted_mean == without - made  # paired on the run's own seed
    assert "## Which action did what" in (tmp_path / "comparison.md").read_text()


def test_compare_decompose_without_job_folders_is_one_line(tmp_path, capsys):
    from analysis import compare

    pd.DataFrame([{"run_id": "0", "strategy": "baseline", "seed": 0, "total_infections": 5},
                  {"run_id": "1", "strategy": "ring_zoning", "seed": 0, "total_infections": 3}]
                 ).to_csv(tmp_path / "runs.csv", index=False)
    with pytest.raises(SystemExit) as err:
        compare.main([str(tmp_path / "runs.csv"), "--decompose", "--out", str(tmp_path / "out")])
    assert err.value.code == 2
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "overrides.yaml" in message
    assert not (tmp_path / "out").exists()


def test_compare_decompose_with_a_corrupt_overrides_file_is_one_line(tmp_path, capsys):
    from analysis import compare

    _fake_sweep(tmp_path, [("0", ("strategy=baseline", "seed=0"), 5),
                           ("1", ("strategy=ring_zoning", "seed=0"), 3)])
    (tmp_path / "1" / ".hydra" / "overrides.yaml").write_text("- [unclosed\n")
    with pytest.raises(SystemExit) as err:
        compare.main([str(tmp_path), "--decompose"])
    assert err.value.code == 2
    message = capsys.readouterr().err
    assert message.count("\n") == 1 and "overrides.yaml" in message
