"""Planner reliability (issue 17): files that are not YAML text, aliases, tags, cut values,
the size guard with ``--yes``, escaped user text, and a village without residents."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from analysis.fmt import md_text
from analysis.plan import main
from analysis.scenario_reader import PlanError
from analysis.scenarios import load_plan


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SMALL_PLAN = "village: small\ndays: 5\nreplicates: 1\nscenarios:\n  - name: a\n    strategy: routine\n"


def _refused(path: Path, out: Path, capsys: pytest.CaptureFixture[str], *options: str) -> str:
    """Run the planner's command line and return its one error line (exit 2, nothing at ``out``)."""
    with pytest.raises(SystemExit) as exc:
        main([str(path), "--out", str(out), *options])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and err.count("\n") == 1 and err.startswith("error: "), err
    assert not out.exists()
    return err.strip()


def test_random_bytes_are_not_a_scenario_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes(np.random.default_rng(3).integers(128, 256, 300, dtype=np.uint8).tobytes())
    assert _refused(path, tmp_path / "out", capsys) == f"error: {path}: not a text (UTF-8) YAML file"


def test_aliases_are_refused_before_anything_expands(tmp_path: Path) -> None:
    # 9^9 values if constructed: refused from the parser's events, before any value is built.
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    with pytest.raises(PlanError) as exc:
        load_plan(write(tmp_path, "\n".join([*lines, "scenarios: *a8", ""])))
    assert exc.value.line == 2 and "YAML aliases (*a0) are not allowed in scenario files" in str(exc.value)


def test_deep_nesting_is_refused_before_it_recurses(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match=r"plan.yaml:1: not valid YAML: sections or lists nested more than"):
        load_plan(write(tmp_path, "scenarios: " + "[" * 5000 + "]" * 5000 + "\n"))


def test_a_python_tag_is_a_yaml_error_and_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "PWNED"
    text = f'title: !!python/object/apply:os.system ["touch {marker}"]\n' + SMALL_PLAN
    with pytest.raises(PlanError, match=r"plan.yaml:1: not valid YAML: could not determine a constructor"):
        load_plan(write(tmp_path, text))
    assert not marker.exists()


def test_a_timestamp_that_is_no_date_is_an_error_on_its_line(tmp_path: Path) -> None:
    # YAML reads 2025-13-01 as a timestamp; building it fails: one line, never a traceback.
    with pytest.raises(PlanError) as exc:
        load_plan(write(tmp_path, SMALL_PLAN + "    note: 2025-13-01\n"))
    assert exc.value.line == 7 and "not valid YAML: '2025-13-01' is not a date" in exc.value.message


def test_values_in_messages_are_cut(tmp_path: Path) -> None:
    with pytest.raises(PlanError) as exc:
        load_plan(write(tmp_path, SMALL_PLAN + f"    note: [{', '.join(['x' * 50] * 200)}]\n"))
    assert len(exc.value.message) < 160 and "...: must be a text value" in exc.value.message


def test_too_much_work_needs_yes_and_user_text_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import sim.estimate_batch

    title = "<script>alert(1)</script> | *x*"
    note = "[link](javascript:x) `code` | <b>bold</b> _it_ # h"
    path = write(tmp_path, f"title: '{title}'\n{SMALL_PLAN}    note: '{note}'\n")
    out = tmp_path / "out"
    monkeypatch.setattr(sim.estimate_batch, "MAX_RUNS", 1)  # the plan's 2 runs are "too many"
    err = _refused(path, out, capsys, "--workers", "1")
    assert err.startswith("error: replicates=1: 2 runs, about ") and err.endswith("; pass --yes to run them")
    assert main([str(path), "--out", str(out), "--workers", "1", "--yes"]) == 0
    assert capsys.readouterr().err.startswith("estimate: 2 runs, about ")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; | *x*" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    md = (out / "report.md").read_text(encoding="utf-8")
    assert r"# Planning report: \<script\>alert(1)\</script\> \| \*x\*" in md
    assert r"\[link\](javascript:x) \`code\` \| \<b\>bold\</b\> \_it\_ \# h" in md
    assert "<script>" not in md.split("## Inputs")[0] and "<b>" not in md.split("## Inputs")[0]


def test_a_village_without_residents_runs_with_a_warning(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    empty = "village: {preset: small, idle_fraction: 1.0}"  # every house idle
    path = write(tmp_path, SMALL_PLAN.replace("village: small", empty))
    out = tmp_path / "out"
    assert main([str(path), "--out", str(out), "--workers", "1"]) == 0
    warning = [line for line in capsys.readouterr().err.splitlines() if line.startswith("warning: ")]
    said = "the village has no residents (every house idle), so no infections can occur in 2 of 2 runs"
    assert warning == [f"warning: {said} (baseline, a): these results say little about the campaigns"]
    assert f'<p class="warning"><strong>Warning:</strong> {said}' in \
        (out / "report.html").read_text(encoding="utf-8")
    assert f"> **Warning:** {md_text(said)}" in (out / "report.md").read_text(encoding="utf-8")


def test_estimate_grows_with_people_and_days() -> None:
    from sim.cli.compose import compose_params
    from sim.estimate_batch import MAX_RUNS, estimate, run_seconds

    small, default = compose_params(["village=small"]), compose_params(["village=default"])
    longer = compose_params(["village=default", "days=360"])
    assert run_seconds(small) < run_seconds(default) < run_seconds(longer)
    work = estimate([default] * 3000, workers=2)
    assert work.too_big and str(work).startswith("3,000 runs, about ") and str(work).endswith(" on 2 workers")
    assert not estimate([default] * 35, workers=2).too_big and estimate([small] * (MAX_RUNS + 1), 2).too_big
