"""This checkout against an earlier commit, measured the same way at the same time.

Usage::

    python -m benchmarks.versus cecb8b4                 # processes, a sweep, the town (about 6 min)
    python -m benchmarks.versus HEAD~3 --rounds 5 --no-town --no-sweep

On a shared machine figures drift by 10-20% from one hour to the next, so a speed-up is
only believable when both sides are measured interleaved: this script checks the earlier
commit out into a temporary git worktree and alternates between the two, round after
round. It prints wall seconds of whole ``python -m sim.run`` processes (the earlier
commit, this checkout with the warm-up computed, and with it restored from the disk
cache), a local sweep's runs per minute, and the town's simulation CPU seconds (both with
the warm-up computed), each as median (range) with the speed-up.

The earlier commit must run with this environment, and its ``sim`` must offer what
:mod:`benchmarks.measure` uses (``sim.cli.compose.compose_params``, ``sim.model.CampaignModel``)
for the town figure; otherwise use ``--no-town``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import ROOT

__all__ = ["main"]

PROCESS_ARGS = (("strategy=baseline",), ("strategy=shunde_2025",))
SWEEP_ARGS = ("-m", "village=small", "days=60", "seed=range(0,40)", "hydra.launcher.n_jobs=2")
TOWN = ["village=town", "strategy=baseline", "seed=1"]


def _wall(tree: Path, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "sim.run", *args], cwd=tree, capture_output=True, text=True,
                         check=False, env={**os.environ, "PYTHONPATH": str(tree), **env})
    if out.returncode != 0:
        raise RuntimeError(f"{tree}: sim.run {' '.join(args)} failed:\n{out.stderr[-2000:]}")
    return time.perf_counter() - start


def _town(tree: Path) -> float:
    code = ("import json; from benchmarks.measure import whole_run; "
            f"print(json.dumps(whole_run({TOWN!r})))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tree, capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONPATH": str(tree), "VCSIM_WARMUP_CACHE": "0"})
    if out.returncode != 0:
        raise RuntimeError(f"{tree}: town run failed:\n{out.stderr[-2000:]}")
    return float(json.loads(out.stdout.strip().splitlines()[-1])["sim_cpu_s"])


def _row(name: str, before: list[float], now: list[float], unit: str = "s",
         higher_is_better: bool = False) -> str:
    b, n = statistics.median(before), statistics.median(now)
    gain = n / b if higher_is_better else b / n
    spread = f"({min(before):.2f}-{max(before):.2f})", f"({min(now):.2f}-{max(now):.2f})"
    return f"{name:60s} {b:8.2f} {spread[0]:15s} {n:8.2f} {spread[1]:15s} {unit:8s} {gain:5.2f}x"


def _worktree(rev: str, where: Path) -> Path:
    tree = where / "before"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), rev], cwd=ROOT, check=True,
                   capture_output=True, text=True)
    (tree / "benchmarks").mkdir(exist_ok=True)
    for name in ("__init__.py", "measure.py"):  # the same measurement code on both sides
        shutil.copy(ROOT / "benchmarks" / name, tree / "benchmarks" / name)
    found = subprocess.run([sys.executable, "-c", "import sim; print(sim.__file__)"], cwd=tree, text=True,
                           capture_output=True, check=True, env={**os.environ, "PYTHONPATH": str(tree)})
    if not Path(found.stdout.strip()).resolve().is_relative_to(tree.resolve()):
        raise RuntimeError(f"the worktree's sim is not the one imported ({found.stdout.strip()})")
    return tree


def versus(rev: str, rounds: int, town: bool, sweep: bool) -> list[str]:
    """Measure and print; returns the table's lines."""
    with tempfile.TemporaryDirectory(prefix="vcsim-versus-") as tmp:
        work = Path(tmp)
        tree = _worktree(rev, work)
        cache = {"VCSIM_CACHE_DIR": str(work / "cache")}
        try:
            lines = [f"# {rev} (before) against this checkout (now), {rounds} interleaved rounds; "
                     f"load {[round(x, 2) for x in os.getloadavg()]}",
                     f"{'measure':60s} {'before, median (range)':22s} {'now, median (range)':22s} "
                     "unit     speed-up"]
            print("\n".join(lines), flush=True)
            for args in PROCESS_ARGS:
                run = [*args, f"hydra.run.dir={work / 'run'}"]
                _wall(ROOT, run, cache)  # fills the disk cache for "warm"
                before, cold, warm = [], [], []
                for _ in range(rounds):
                    before.append(_wall(tree, run, {"VCSIM_WARMUP_CACHE": "0"}))
                    cold.append(_wall(ROOT, run, {**cache, "VCSIM_WARMUP_CACHE": "0"}))
                    warm.append(_wall(ROOT, run, cache))
                lines += [_row(f"python -m sim.run {' '.join(args)}, cold", before, cold),
                          _row(f"python -m sim.run {' '.join(args)}, warm", before, warm)]
                print("\n".join(lines[-2:]), flush=True)
            if sweep:
                before, now = [], []
                for r in range(max(2, rounds - 1)):
                    for side, launcher, out in ((before, "joblib", "a"), (now, "vcsim", "b")):
                        folder = work / f"sweep{r}{out}"
                        args = [*SWEEP_ARGS, f"hydra/launcher={launcher}", f"hydra.sweep.dir={folder}"]
                        tree_ = tree if side is before else ROOT
                        side.append(40 * 60.0 / _wall(tree_, args, {"VCSIM_WARMUP_CACHE": "0"}))
                lines.append(_row("local sweep, small village, 60 d, 40 jobs (joblib / vcsim)", before, now,
                                  "runs/min", higher_is_better=True))
                print(lines[-1], flush=True)
            if town:
                before, now = [], []
                for _ in range(2):
                    before.append(_town(tree))
                    now.append(_town(ROOT))
                lines.append(_row("town, baseline, 180 d, simulation CPU (warm-up computed)", before, now))
                print(lines[-1], flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False,
                           capture_output=True)
    return lines


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.versus", description=__doc__.split("\n")[0])
    ap.add_argument("rev", help="the earlier commit (any git revision)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    ap.add_argument("--no-town", action="store_true", help="skip the town (about 2 minutes)")
    ap.add_argument("--no-sweep", action="store_true", help="skip the local sweep (about 2 minutes)")
    args = ap.parse_args(argv)
    if args.rounds < 1:
        ap.error(f"--rounds={args.rounds}: must be at least 1")
    if subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{args.rev}^{{commit}}"], cwd=ROOT,
                      capture_output=True, check=False).returncode != 0:
        ap.error(f"rev={args.rev!r}: not a commit of this repository")
    versus(args.rev, args.rounds, town=not args.no_town, sweep=not args.no_sweep)


if __name__ == "__main__":
    main()
