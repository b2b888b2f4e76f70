"""The main job behind ``make run``: compare the strategy presets, then tables and figures.

Usage::

    python -m analysis.main_job [--seeds 5] [--village default] [--days N]
        [--strategies a,b,...] [--jobs 2] [--out DIR] [--docs] [--yes]

Steps:

1. **sweep**: ``python -m sim.run -m +experiment=compare_strategies`` in a subprocess
   with the vcsim launcher (worker processes), for every preset the experiment file lists that exists
   in ``configs/strategy`` (missing ones are named and skipped), seeds ``0..N-1``.
2. **collect**: ``runs.csv`` and ``timeseries.csv`` (:func:`analysis.collect.collect_runs`).
3. **compare**: ``comparison.csv`` / ``comparison.md``, cases averted against
   ``baseline`` paired by seed (:func:`analysis.compare.compare_runs`).
4. **figures**: ``figures/*.png|svg`` (:func:`analysis.figures.make_figures`).
5. **post-steps**: every function in :data:`POST_STEPS`: the planner's report on the
   sweep's own runs in ``<out>/plan``, simulating nothing (:func:`analysis.plan.main_job_step`).

Everything lands in ``--out`` (default ``multirun/main_job/<date>_<time>``), made and tried
first; the same ``--out`` again resumes (finished runs are skipped). The work is estimated
first (:func:`sim.estimate_batch.estimate`); above 500 runs or 30 minutes it is refused unless
``--yes``. ``--docs`` also copies the epidemic curves and the comparison table into
``docs/readme/30-researchers.md`` (between its ``main_job`` markers).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from analysis.collect import CollectResult, collect_runs
from analysis.compare import compare_runs, to_markdown
from analysis.figure_series import data_path
from analysis.figures import make_figures
from analysis.main_job_plan import EXPERIMENT, plan_main_job, say
from analysis.runner import Refusal, prepare_out_dir
from analysis.tables import atomic_write_csv, fail
from sim.outputs import atomic_write_text

__all__ = ["POST_STEPS", "REPO", "MainJobResult", "main", "run_main_job", "sweep_command"]

REPO = Path(__file__).resolve().parents[1]


@dataclass
class MainJobResult:
    """What the main job produced (handed to every post-step).

    Attributes:
        sweep_dir: The Hydra multirun folder (also holds the tables and ``figures/``).
        strategies: Presets that were run.
        seeds: Number of seeds per preset.
        village: Village preset.
        wall_seconds: Wall time of the sweep itself.
        load_average: The machine's 1-minute load average when the sweep ended.
        collected: The collected runs (finished, failed, unfinished).
        comparison: One row per strategy (``compare_runs``), or ``None`` if nothing finished.
        outputs: Written files by name (``runs``, ``timeseries``, ``comparison_md``, ...).
        figures: Written figure files.
        post_outputs: Files written by the post-steps.
        days, jobs: Days simulated (``None``: the config's) and parallel runs.
    """

    sweep_dir: Path
    strategies: list[str]
    seeds: int
    village: str
    wall_seconds: float
    collected: CollectResult
    load_average: float | None = None
    comparison: pd.DataFrame | None = None
    outputs: dict[str, Path] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)
    post_outputs: list[Path] = field(default_factory=list)
    days: int | None = None
    jobs: int = 2


# Post-steps: run after the figures, in order. Each takes the MainJobResult and returns the
# paths it wrote (printed at the end).
PostStep = Callable[[MainJobResult], Sequence[Path]]
POST_STEPS: list[PostStep] = []


def _planner_report(result: MainJobResult) -> Sequence[Path]:
    """The planner's report on the sweep's own runs, in ``<out>/plan`` (nothing simulated again)."""
    from analysis.plan import main_job_step  # lazy: keeps the main job light to import

    return main_job_step(result)


POST_STEPS.append(_planner_report)


def sweep_command(out: Path, strategies: Sequence[str], seeds: int, village: str,
                  days: int | None = None, jobs: int = 2) -> list[str]:
    """The ``python -m sim.run -m ...`` command line of the sweep."""
    cmd = [sys.executable, "-m", "sim.run", "-m", f"+experiment={EXPERIMENT}",
           f"strategy={','.join(strategies)}", f"seed=range(0,{seeds})", f"village={village}"]
    return [*cmd, *([f"days={days}"] if days is not None else []), "hydra/launcher=vcsim",
            f"hydra.launcher.n_jobs={jobs}", f"hydra.sweep.dir={out}"]


def _comparison(result: MainJobResult, out: Path) -> None:
    runs = result.collected.runs
    if runs.empty:
        say("no finished runs: nothing to compare")
        return
    baseline = "baseline" if "baseline" in set(runs["strategy"].astype(str)) else None
    result.comparison = table = compare_runs(runs, by="strategy", baseline=baseline)
    result.outputs["comparison_csv"] = atomic_write_csv(table, out / "comparison.csv")
    result.outputs["comparison_md"] = atomic_write_text(out / "comparison.md", to_markdown(table))
    print(to_markdown(table), flush=True)


def _figures(result: MainJobResult, out: Path) -> None:
    if result.collected.runs.empty:
        return
    try:
        calibration = bool(data_path())
    except FileNotFoundError as exc:
        say(f"note: {exc}; calibration view skipped")
        calibration = False
    result.figures = make_figures(out, by="strategy", calibration=calibration)


def run_main_job(seeds: int = 5, village: str = "default", days: int | None = None,
                 out: str | os.PathLike[str] | None = None, jobs: int = 2,
                 strategies: Sequence[str] | None = None, yes: bool = True) -> MainJobResult:
    """Run the sweep, collect, compare, draw and the post-steps; return what was made.

    ``yes``: run even when the estimate is above 500 runs or 30 minutes (else refused).

    Raises:
        ValueError: No requested strategy preset exists, a bad village or days (``ConfigError``), or
            ``out`` cannot be written or too much work without ``yes`` (``Refusal``); nothing runs then.
        RuntimeError: If the sweep subprocess fails (a bad command line or a Hydra error;
            a failing single run does not stop the sweep).
    """
    job = plan_main_job(seeds, village, days, jobs, strategies)
    if job.work.too_big and not yes:
        raise Refusal(f"--seeds={seeds}: {len(job.strategies)} strategies, {job.work}; "
                      "pass --yes to run them")
    run = job.strategies
    stamp = datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    sweep_dir = prepare_out_dir(Path(out or Path("multirun") / "main_job" / stamp)).resolve()
    cmd = sweep_command(sweep_dir, run, seeds, village, days, jobs)
    for line in job.describe(sweep_dir):
        say(line)
    say(f"1/4 sweep: {len(run)} strategies x {seeds} seeds on village={village} -> {sweep_dir}")
    say("    " + " ".join(cmd[1:]))
    env = {**os.environ, "MPLBACKEND": "Agg"}
    tic = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, env=env, check=False)
    wall = time.perf_counter() - tic
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if proc.returncode not in (0, 1):  # 1: some jobs failed (named above); the others are collected
        raise RuntimeError(f"the sweep failed (exit {proc.returncode}); fix the error above and "
                           f"re-run with --out {sweep_dir} to resume")
    say(f"    sweep finished in {wall:.0f} s")
    say("2/4 collect")
    collected = collect_runs(sweep_dir)
    result = MainJobResult(sweep_dir, run, seeds, village, wall, collected, load, days=days, jobs=jobs)
    result.outputs["runs"] = atomic_write_csv(collected.runs, sweep_dir / "runs.csv")
    result.outputs["timeseries"] = atomic_write_csv(collected.timeseries, sweep_dir / "timeseries.csv")
    say(f"    finished {len(collected.runs)}, failed {len(collected.failed)}, "
         f"unfinished {len(collected.unfinished)}")
    for failed in collected.failed:
        say(f"    failed {failed.run_id}: {failed.error}")
    say("3/4 compare against baseline (paired by seed)")
    _comparison(result, sweep_dir)
    say("4/4 figures")
    _figures(result, sweep_dir)
    for step in POST_STEPS:
        say(f"post-step {getattr(step, '__name__', step)}")
        result.post_outputs.extend(Path(p) for p in step(result))
    return result


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.main_job", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=5, help="seeds per strategy (default 5)")
    parser.add_argument("--village", default="default", help="village preset (default: default)")
    parser.add_argument("--days", type=int, help="days simulated (default: the config's)")
    parser.add_argument("--strategies", help="comma-separated presets (default: the experiment's)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel runs (default 2)")
    parser.add_argument("--out", help="sweep folder (default multirun/main_job/<date>_<time>)")
    parser.add_argument("--docs", action="store_true",
                        help="also update docs/readme/30-researchers.md and its figure")
    parser.add_argument("--yes", action="store_true", help="run even above 500 runs/30 min (estimated)")
    parser.add_argument("--dry-run", action="store_true",
                        help="print what would run and how long it would take; run nothing")
    args = parser.parse_args(argv)
    if min(args.seeds, args.jobs) < 1:
        fail(f"--seeds={args.seeds}, --jobs={args.jobs}: each must be 1 or more")
    strategies = [s.strip() for s in args.strategies.split(",")] if args.strategies else None
    if args.dry_run:
        try:
            job = plan_main_job(args.seeds, args.village, args.days, args.jobs, strategies)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        for line in job.describe(args.out or "multirun/main_job/<date>_<time>"):
            say(line)
        return 0
    try:
        result = run_main_job(args.seeds, args.village, args.days, args.out, args.jobs, strategies, args.yes)
    except (ValueError, RuntimeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.docs and result.comparison is not None:
        from analysis.main_job_docs import publish_docs

        for path in publish_docs(result):
            say(f"updated {path}")
    say(f"done: {len(result.collected.runs)} runs finished, {len(result.collected.failed)} failed")
    if "comparison_md" in result.outputs:
        say(f"comparison table: {result.outputs['comparison_md']}")
    if result.figures:
        names = ", ".join(sorted({p.name for p in result.figures if p.suffix == ".png"}))
        say(f"figures:          {result.sweep_dir / 'figures'} ({names})")
    say(f"runs table:       {result.outputs['runs']}")
    for path in result.post_outputs:
        say(f"post-step output: {path}")
    return 1 if result.collected.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
