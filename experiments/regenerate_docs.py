"""Regenerate the figures and result tables of ``docs/readme/30-researchers.md``.

Run from anywhere (about 30 minutes on 2 cores)::

    .venv/bin/python experiments/regenerate_docs.py [--out multirun/docs] [--seeds 5]

1. the main job (``compare_strategies``, 5 seeds) -> ``docs/img/epidemic_curves.png``
   and the comparison table;
2. ``sensitivity`` with 5 seeds -> ``docs/img/research_tornado.png``;
3. ``optimise_staffing`` (40 trials), then the best settings and the default staffing
   re-run over the same seeds and compared, paired by seed.

Each step replaces its ``<!-- BEGIN ... -->`` block in the README section. Sweeps go
to ``--out``; running again with the same ``--out`` reuses finished runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from analysis.collect import collect_runs
from analysis.compare import compare_runs, to_markdown
from analysis.figures import make_figures
from analysis.main_job import REPO, run_main_job
from analysis.main_job_docs import DOC, publish_docs, replace_doc_block

__all__ = ["main"]

IMG = REPO / "docs" / "img"
TORNADO = ("vector.daily_survival", "disease.p_mosquito_to_human", "disease.p_human_to_mosquito",
           "disease.eip_days", "disease.incubation_days", "vector.eggs_per_batch")
STAFF = ("staffing.pool.cadre", "staffing.pool.grid_worker", "staffing.pool.medic",
         "staffing.pool.sprayer", "strategy.deployment.start_after_wartime_days")


def sweep(folder: Path, *args: str) -> float:
    """Run ``python -m sim.run -m ARGS`` into ``folder``; return the wall time in seconds."""
    cmd = [sys.executable, "-m", "sim.run", "-m", *args, f"hydra.sweep.dir={folder}"]
    print("$", " ".join(cmd[1:]), flush=True)
    tic = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, env={**os.environ, "MPLBACKEND": "Agg"}, check=True)
    return time.perf_counter() - tic


def timing(wall: float) -> str:
    """``"sweep wall time 3.2 min on 2 cores (load average 1.9)"``."""
    load = f" (load average {os.getloadavg()[0]:.1f})" if hasattr(os, "getloadavg") else ""
    return f"sweep wall time {wall / 60:.1f} min on {os.cpu_count()} cores{load}"


def sensitivity(out: Path, seeds: int) -> None:
    folder = out / "sensitivity"
    wall = sweep(folder, "+experiment=sensitivity", f"seed=range(0,{seeds})")
    runs = collect_runs(folder).runs
    paths = make_figures(folder, by="strategy", tornado_columns=TORNADO, calibration=False)
    tornado = next(p for p in paths if p.name == "tornado.png")
    shutil.copyfile(tornado, IMG / "research_tornado.png")
    text = (f"![Tornado chart of the one-at-a-time sensitivity](docs/img/research_tornado.png)\n\n"
            f"*`sensitivity` with {seeds} seeds ({len(runs)} runs, default village, "
            f"{runs['strategy'].iloc[0]}); {timing(wall)}.*")
    replace_doc_block("sensitivity results", text)


def _setting_args(best: dict[str, object]) -> list[str]:
    return [f"{k}={v}" for k, v in best.items()]


def optimisation(out: Path, seeds: int) -> None:
    folder = out / "optimise_staffing"
    wall = sweep(folder, "+experiment=optimise_staffing")
    result = yaml.safe_load((folder / "optimization_results.yaml").read_text())
    best = {k: result["best_params"][k] for k in STAFF if k in result["best_params"]}
    trials = collect_runs(folder).runs
    check = [f"seed=range(0,{seeds})", "strategy=shunde_2025"]
    sweep(out / "recheck_default", *check)
    sweep(out / "recheck_best", *check, *_setting_args(best))
    both = pd.concat([collect_runs(out / "recheck_default").runs.assign(setting="default"),
                      collect_runs(out / "recheck_best").runs.assign(setting="optimised")])
    table = compare_runs(both, by="setting", baseline="default")
    settings = "\n".join(f"| `{k}` | {v} |" for k, v in best.items())
    text = (f"*{len(trials)} trials, {timing(wall)}.* Best "
            f"objective {result['best_value']:,.0f} (seed 0) with:\n\n| key | best value |\n"
            f"|---|---|\n{settings}\n\nRe-run over {seeds} seeds against the default staffing "
            f"(60 cadres, 12 grid workers, 8 medics):\n\n{to_markdown(table).strip()}")
    replace_doc_block("optimise_staffing results", text)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(REPO / "multirun" / "docs"), help="sweep folders")
    parser.add_argument("--seeds", type=int, default=5, help="seeds per setting (default 5)")
    args = parser.parse_args(argv)
    out = Path(args.out).resolve()
    IMG.mkdir(parents=True, exist_ok=True)
    result = run_main_job(seeds=args.seeds, out=out / "main_job")
    publish_docs(result)
    sensitivity(out, args.seeds)
    optimisation(out, args.seeds)
    print(f"updated {DOC} and {IMG}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
