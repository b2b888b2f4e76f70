"""Compare staffing scenarios for a district planner: one command, one report.

Usage::

    python -m analysis.plan FILE [--out DIR] [--workers 2] [--reuse DIR] [--fresh] [--yes]

``FILE`` is a scenario file (see ``experiments/planning/*.yaml`` and
:mod:`analysis.scenarios`). Every scenario is validated first: a mistake is reported as
one line ``error: FILE:LINE: <key>=<value>: <rule>`` with exit status 2, and nothing is
written. Then every scenario (plus an automatic no-campaign ``baseline``) is run once per
seed on ``--workers`` processes (:mod:`analysis.runner`), with a progress bar on stderr.
Each run is saved as soon as it finishes, under
``OUT/runs/<scenario>/seed_<k>/`` (``timeseries.csv``, ``summary.json`` with the run's
overrides and ``config_hash`` as ``sim.run`` records them), and the report is written to
``OUT/report.html`` (self-contained) and ``OUT/report.md``. ``OUT`` defaults to
``outputs/plans/<file stem>/``.

A run with exactly the configuration of a finished run in ``OUT/runs`` or in a ``--reuse``
folder (e.g. a ``sim.run`` sweep) is copied instead of run again (one line on stderr says
how many); ``--fresh`` runs all.

Before anything runs, ``OUT`` is made and tried (one line ``error: --out=OUT: ...`` if it
cannot be written or is a finished run's folder) and the work is estimated (runs and time,
:func:`sim.estimate_batch.estimate`), printed on stderr; above 500 runs or 30 minutes the plan
is refused (``error: replicates=N: 3,000 runs, about 2 h 10 min on 2 workers; pass --yes
to run them``) unless ``--yes`` is given. A village without residents is run, with a
warning on stderr and in the report.

Library use: ``write_planning_report(scenario_file, out_dir, workers=2) -> Path``;
``main_job_step`` is the post-step of ``make run`` (``analysis.main_job``).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import logging
import os
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from analysis.runner import Refusal, iter_results, prepare_out_dir
from analysis.scenario_plan import PlannedRun, Schedule, finished_runs, schedule
from analysis.scenario_reader import PlanError
from analysis.tables import fail
from sim.errors import ConfigError
from sim.estimate_batch import estimate
from sim.outputs import SUMMARY_FILE, TIMESERIES_FILE, atomic_write_text, remove_stale_outputs, write_run
from sim.simulate import simulate

if TYPE_CHECKING:  # the worker processes import this module: keep their imports light
    from analysis.report import Provenance
    from analysis.scenario_plan import Plan, Scenario

__all__ = ["DEFAULT_PLAN", "default_out_dir", "finished_runs", "main", "main_job_step",
           "provenance", "run_plan", "schedule", "write_planning_report"]

REPO_DIR = Path(__file__).resolve().parent.parent
#: The scenario file of ``make plan``.
DEFAULT_PLAN = REPO_DIR / "experiments" / "planning" / "compare_presets.yaml"


def _run_one(job: PlannedRun) -> tuple[dict[str, Any], pd.DataFrame]:
    """Worker: simulate one run, save it, return its summary and daily table.

    Raises:
        RuntimeError: the run failed (the message names the scenario and seed).
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    try:
        result = simulate(job.params)
    except Exception as exc:
        raise RuntimeError(f"run {job.name} seed {job.seed} failed: {exc}") from exc
    result.summary.update(config_hash=job.digest, overrides=list(job.overrides))  # as sim.run records them
    write_run(result, job.folder)
    return result.summary, pd.DataFrame(result.timeseries)


def _reuse(source: Path, folder: Path) -> tuple[dict[str, Any], pd.DataFrame]:
    """Copy a finished run into ``folder`` (summary last) and load it."""
    if source.resolve() != folder.resolve():
        remove_stale_outputs(folder)
        for name in (TIMESERIES_FILE, SUMMARY_FILE):
            atomic_write_text(folder / name, (source / name).read_text(encoding="utf-8"))
    summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
    return summary, pd.read_csv(folder / TIMESERIES_FILE)


def _row(sc: Scenario, seed: int, summary: dict[str, Any]) -> dict[str, Any]:
    from analysis.sweep_jobs import flatten
    from analysis.verdict import ROLES

    p = sc.params
    row: dict[str, Any] = {"run_id": f"{sc.name}/seed_{seed}", "scenario": sc.name, **flatten(summary)}
    row.update(strategy=sc.strategy, team=", ".join(p.strategy.workforce.teams), family=sc.family,
               **{column: p.staffing.count(role) for column, _, role, *_ in ROLES})
    return row


def run_plan(plan: Plan, out_dir: Path, workers: int = 2, stream: IO[str] | None = None,
             reuse: Sequence[Path] = (), fresh: bool = False, scheduled: Schedule | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run every scenario for every seed, saving runs under ``out_dir/runs/<scenario>/seed_<k>``.

    A run whose composed configuration (``config_hash``) matches a finished run already in
    ``out_dir/runs`` or under a ``reuse`` folder (e.g. the main job's sweep) is not run again
    but copied, unless ``fresh``; ``scheduled``: that decision made already (:func:`schedule`).

    Returns:
        ``(runs, timeseries)``: one row per run (column ``reused`` says which were copied), and
        one row per run and day, in plan order.

    Raises:
        RuntimeError: if a run fails (the message names the scenario and seed).
    """
    out_dir = Path(out_dir)
    copies, todo = scheduled if scheduled is not None else schedule(plan, out_dir, reuse, fresh)
    pairs = [(sc, seed) for sc in plan.scenarios for seed in plan.seeds]
    results: dict[tuple[str, int], tuple[dict[str, Any], pd.DataFrame, bool]] = {}
    for (name, seed), source in copies.items():  # copy first: a run simulated below may overwrite a source
        results[name, seed] = (*_reuse(source, out_dir / "runs" / name / f"seed_{seed}"), True)
    if results:
        print(f"{len(results)} of {len(pairs)} runs reused from earlier runs with the same configuration",
              file=stream if stream is not None else sys.stderr, flush=True)
    if todo:
        labels = [f"{job.name} seed {job.seed}" for job in todo]
        for i, (summary, ts) in iter_results(_run_one, todo, workers, "runs", stream, labels):
            results[todo[i].name, todo[i].seed] = summary, ts, False  # saved by the worker already
    rows, frames = [], []
    for sc, seed in pairs:
        summary, ts, reused = results[sc.name, seed]
        rows.append({**_row(sc, seed, summary), "reused": reused})
        frame = ts.assign(run_id=f"{sc.name}/seed_{seed}", day=ts["day"].astype(int))
        frames.append(frame[["run_id", *ts.columns]])
    return pd.DataFrame(rows), pd.concat(frames, ignore_index=True)


def _shown(path: str | os.PathLike[str]) -> str:
    """``path`` relative to the working folder when it lies inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def provenance(scenario_file: str | os.PathLike[str], out_dir: Path, workers: int) -> Provenance:
    """Version (package and ``git describe``), date and the command that reproduces the report."""
    from analysis.report import Provenance

    try:
        version = importlib.metadata.version("vcsim")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    try:
        proc = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=REPO_DIR, capture_output=True,
                              text=True, timeout=20, check=False)
        git = proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "unknown"
    except (OSError, subprocess.SubprocessError):
        git = "unknown"
    command = (f"python -m analysis.plan {_shown(scenario_file)} --out {_shown(out_dir)} "
               f"--workers {workers}")
    date = datetime.now().astimezone().isoformat(timespec="seconds")
    return Provenance(version, git, date, command, _shown(scenario_file))


def default_out_dir(scenario_file: str | os.PathLike[str]) -> Path:
    """``outputs/plans/<file stem>`` under the working folder."""
    return Path("outputs") / "plans" / Path(scenario_file).stem


def write_planning_report(scenario_file: str | os.PathLike[str],
                          out_dir: str | os.PathLike[str] | None = None, workers: int = 2,
                          stream: IO[str] | None = None, reuse: Sequence[str | os.PathLike[str]] = (),
                          fresh: bool = False, yes: bool = True) -> Path:
    """Validate, run and report a scenario file; return the path of ``report.html``.

    Args:
        scenario_file: the planner's YAML file.
        out_dir: output folder (default :func:`default_out_dir`).
        workers: parallel runs.
        stream: where the estimate, the warnings and the progress bar go (default stderr).
        reuse: folders with finished runs (e.g. a ``sim.run`` sweep) to copy identical runs from.
        fresh: run everything again instead of reusing finished runs.
        yes: run even when the estimate is above :data:`sim.estimate_batch.MAX_RUNS` runs or
            :data:`sim.estimate_batch.MAX_SECONDS` (the command line asks for ``--yes``).

    Runs go to spawned worker processes, so a script calling this must guard its own code
    with ``if __name__ == "__main__":`` (each worker imports the calling script).

    Raises:
        PlanError: a mistake in the scenario file (nothing is written then).
        Refusal: the output folder cannot be written, or too much work without ``yes``
            (nothing is written then).
        RuntimeError: a run failed.
    """
    from analysis.plan_actions import action_runs
    from analysis.report import degenerate_warning, write_report
    from analysis.scenarios import load_plan
    from analysis.verdict import scenario_table

    plan = load_plan(scenario_file)
    out = Path(out_dir) if out_dir is not None else default_out_dir(scenario_file)
    scheduled = schedule(plan, out, [Path(r) for r in reuse], fresh)
    work = estimate([job.params for job in scheduled[1]] + (action_runs(plan) if plan.decompose else []),
                    workers)
    if work.too_big and not yes:
        raise Refusal(f"replicates={len(plan.seeds)}: {work}; pass --yes to run them")
    prepare_out_dir(out)
    say = stream if stream is not None else sys.stderr
    if work.runs:
        print(f"estimate: {work}", file=say, flush=True)
    runs, ts = run_plan(plan, out, workers, stream, scheduled=scheduled)
    warning = degenerate_warning(runs)
    if warning:
        print(f"warning: {warning}", file=say, flush=True)
    table = scenario_table(runs, order=plan.names)
    actions = None
    if plan.decompose:
        from analysis.plan_actions import action_table

        actions = action_table(plan, runs, workers, stream)
    return write_report(plan, runs, ts, table, out, provenance(scenario_file, out, workers), actions)


def main_job_step(result: Any) -> list[Path]:
    """Post-step of ``analysis.main_job``: the planner's report on the main job's own runs.

    The scenario file ``<out>/plan/scenarios.yaml`` lists the main job's strategies on its
    village, days and seeds, so every run is copied from its sweep and none is simulated;
    the report goes to ``<out>/plan`` and runs on the main job's ``--jobs``. Without a
    ``baseline`` strategy (what the report compares against) or another strategy, the step
    writes nothing.

    Args:
        result: the main job's result (``sweep_dir``, ``strategies``, ``village``, ``days``,
            ``seeds``, ``jobs``).
    """
    others = [s for s in result.strategies if s != "baseline"]
    if "baseline" not in result.strategies or not others:
        print("[main_job] planner report skipped: it needs baseline and another strategy", flush=True)
        return []
    out = Path(result.sweep_dir) / "plan"
    days = f"days: {result.days}\n" if result.days is not None else ""
    text = (f"title: Strategy presets of the main job\nvillage: {result.village}\n{days}"
            f"replicates: {result.seeds}\nfirst_seed: 0\nscenarios:\n"
            + "".join(f"  - name: {s}\n    strategy: {s}\n" for s in others))
    out.mkdir(parents=True, exist_ok=True)
    try:
        report = write_planning_report(atomic_write_text(out / "scenarios.yaml", text), out,
                                       workers=result.jobs, reuse=[result.sweep_dir])
    except (PlanError, Refusal) as exc:
        print(f"[main_job] planner report skipped: {exc}", flush=True)
        return []
    return [report, report.with_suffix(".md")]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.plan", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="scenario file (YAML), e.g. experiments/planning/compare_presets.yaml")
    parser.add_argument("--out", help="output folder (default: outputs/plans/<file stem>)")
    parser.add_argument("--workers", type=int, default=2, help="parallel runs (default: 2)")
    parser.add_argument("--reuse", action="append", default=[], metavar="DIR",
                        help="folder of finished runs (e.g. a sim.run sweep) to reuse identical runs from")
    parser.add_argument("--fresh", action="store_true",
                        help="run everything again instead of reusing finished runs")
    parser.add_argument("--yes", action="store_true",
                        help="run even when the estimate is above 500 runs or 30 minutes")
    args = parser.parse_args(argv)
    if args.workers < 1:
        fail(f"--workers={args.workers}: must be 1 or more")
    for folder in args.reuse:
        if not Path(folder).is_dir():
            fail(f"--reuse={folder}: folder not found")
    logging.getLogger("MESA").setLevel(logging.WARNING)
    try:
        report = write_planning_report(args.file, args.out, args.workers, reuse=args.reuse, fresh=args.fresh,
                                       yes=args.yes)
    except (PlanError, ConfigError, Refusal) as exc:
        fail(str(exc))
    except RuntimeError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    print(f"wrote {report}")
    print(f"wrote {report.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
