"""What the main job (``make run``) will do, known before anything runs.

The strategy presets it compares (those ``experiments/experiment/compare_strategies.yaml``
lists that exist in ``configs/strategy``), their composed configurations, and the
estimated work (:func:`sim.estimate_batch.estimate`), printed before
the sweep starts and alone by ``python -m analysis.main_job --dry-run``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from sim.cli.compose import compose_params
from sim.estimate import duration
from sim.estimate_batch import Estimate, estimate

__all__ = ["EXPERIMENT", "POST_SECONDS", "MainJobPlan", "available_strategies", "experiment_strategies",
           "plan_main_job", "say"]

REPO = Path(__file__).resolve().parents[1]
EXPERIMENT = "compare_strategies"


def say(message: str) -> None:
    """One progress line of the main job on stdout."""
    print(f"[main_job] {message}", flush=True)


def experiment_strategies(name: str = EXPERIMENT) -> list[str]:
    """The strategy presets listed in ``experiments/experiment/<name>.yaml``."""
    path = REPO / "experiments" / "experiment" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw = str(data["hydra"]["sweeper"]["params"]["strategy"])
    return [s.strip() for s in raw.split(",") if s.strip()]


def available_strategies() -> list[str]:
    """Strategy presets that run with the default staffing (``configs/strategy/*.yaml`` but ``_*``
    parts and the organisation presets, which bring their own staffing: ``+organisation=<name>``)."""
    own_staff = {p.stem for p in (REPO / "configs" / "staffing").glob("*.yaml")}
    return sorted(p.stem for p in (REPO / "configs" / "strategy").glob("*.yaml")
                  if not p.stem.startswith("_") and p.stem not in own_staff)


#: Seconds of everything after the sweep on the default village (collect, compare, figures,
#: the planner's report from the sweep's runs): 35 runs of 180 days, measured on 2 idle cores
#: (about 16 s, plus the sweep's own start).
POST_SECONDS = 20.0


@dataclass(frozen=True)
class MainJobPlan:
    """What the main job will do, known before anything runs (``--dry-run`` prints it)."""

    strategies: list[str]
    seeds: int
    village: str
    days: int
    work: Estimate

    def describe(self, out: Path | str) -> list[str]:
        """The lines printed before the main job starts."""
        total = self.work.seconds + POST_SECONDS
        return [f"will run {len(self.strategies)} strategy presets ({', '.join(self.strategies)}) x "
                f"{self.seeds} seeds on village={self.village}, {self.days} days: {self.work};",
                f"then collect, compare against baseline, draw figures and write the planner's "
                f"report (about {duration(POST_SECONDS)}); in all about {duration(total)}",
                f"outputs: {out}"]


def plan_main_job(seeds: int = 5, village: str = "default", days: int | None = None, jobs: int = 2,
                  strategies: Sequence[str] | None = None) -> MainJobPlan:
    """Check the options and estimate the work (one composed config per strategy); run nothing.

    Raises:
        ValueError: No requested strategy preset exists, or a bad village or days (``ConfigError``).
    """
    wanted = list(strategies) if strategies else experiment_strategies()
    present = set(available_strategies())
    run = [s for s in wanted if s in present]
    missing = [s for s in wanted if s not in present]
    if missing:
        say(f"note: strategy presets not defined yet, skipped: {', '.join(missing)}")
    if not run:
        raise ValueError(f"none of the strategies {wanted} exists in configs/strategy")
    common = [f"village={village}", *([f"days={days}"] if days is not None else [])]
    params = [compose_params([f"strategy={s}", *common]) for s in run]
    work = estimate([p for p in params for _ in range(seeds)], jobs)
    return MainJobPlan(run, seeds, village, params[0].days, work)


