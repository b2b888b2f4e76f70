"""Hydra sweepers of this project: every job is validated before the sweep folder is made.

``hydra/sweeper=vcsim`` (also stored as ``basic``, Hydra's default) sweeps the grid
of ``hydra.sweeper.params`` and the command line like Hydra's basic sweeper,
but first composes every job and checks its run parameters (and that the launcher
can run them and each job has its own folder), so a sweep with one bad value among
good ones runs nothing and leaves nothing on disk. Then it launches every batch even
when jobs failed, and records what each job did (:mod:`sim.cli.sweep_outcome`) for
``sim.run``, which names the failed jobs and exits 1.

``hydra/sweeper=one_at_a_time`` moves each parameter alone around the defaults::

    hydra:
      sweeper:
        params:                 # crossed with every variant, like the basic sweeper
          seed: range(0,10)
        one_at_a_time:          # each key is varied alone; the others keep their defaults
          vector.daily_survival: 0.89,0.95
          disease.eip_days: 2.0,3.5

Its jobs are the unmodified configuration (``include_default``) and one variant
per value of each ``one_at_a_time`` key, each crossed with the grid of
``params`` and the command line. Every job's ``overrides.yaml`` then names the
one parameter it moved, which is what a tornado chart needs. Job order is
deterministic, so a sweep re-run into the same folder maps every job number to
the same configuration.

Built on Hydra's public plugin API only (``hydra.plugins.sweeper.Sweeper``).
"""

# No ``from __future__ import annotations`` here: Hydra executes plugin modules without
# registering them in ``sys.modules``, and dataclasses cannot resolve string annotations then.
import itertools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.core.plugins import Plugins
from hydra.plugins.sweeper import Sweeper
from omegaconf import OmegaConf, open_dict

__all__ = ["OneAtATimeSweeper", "ValidatingSweeper", "check_launcher", "one_at_a_time_variants"]

log = logging.getLogger(__name__)


@dataclass
class ValidatingSweeperConf:
    """Config of ``hydra/sweeper=vcsim``."""

    _target_: str = "hydra_plugins.vcsim_sweepers.ValidatingSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None
    #: run a sweep of more than 500 runs or 30 estimated minutes (:mod:`sim.cli.sweep_size`)
    yes: bool = False


@dataclass
class OneAtATimeSweeperConf:
    """Config of ``hydra/sweeper=one_at_a_time`` (see the module docstring)."""

    _target_: str = "hydra_plugins.vcsim_sweepers.OneAtATimeSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None
    one_at_a_time: dict[str, str] | None = None
    include_default: bool = True
    yes: bool = False


# Stored under Hydra's own name as well: every multirun that keeps the default sweeper
# validates its jobs, and an experiment can still choose another sweeper.
for _name in ("basic", "vcsim"):
    ConfigStore.instance().store(group="hydra/sweeper", name=_name, node=ValidatingSweeperConf,
                                 provider="vcsim")
ConfigStore.instance().store(group="hydra/sweeper", name="one_at_a_time", node=OneAtATimeSweeperConf,
                             provider="vcsim")


def _bare_key(key: str) -> str:
    return key.lstrip("+~")


def _bad_input(key: str, value: object, rule: str) -> Exception:
    from sim.errors import ConfigError

    return ConfigError(key, value, rule)


def _values(override: Override) -> list[str]:
    """The ``key=value`` jobs of one override (a single value, or every value of a sweep)."""
    key = override.get_key_element()
    if not override.is_sweep_override():
        return [f"{key}={override.get_value_element_as_str()}"]
    if not override.is_discrete_sweep():
        text = override.input_line.partition("=")[2]
        raise _bad_input(_bare_key(key), text, "interval() needs an optimising sweeper (e.g. "
                         "hydra/sweeper=optuna); this sweeper takes a,b,c or range(start,stop)")
    values = [f"{key}={v}" for v in override.sweep_string_iterator()]
    if not values:
        raise _bad_input(_bare_key(key), override.input_line.partition("=")[2], "the sweep has no values")
    return values


def grid(overrides: Sequence[Override]) -> list[list[str]]:
    """Every combination of the overrides' values (a later override of a key replaces an earlier)."""
    by_key: dict[str, list[str]] = {}
    for o in overrides:
        by_key[o.get_key_element()] = _values(o)
    return [list(combo) for combo in itertools.product(*by_key.values())]


def one_at_a_time_variants(spec: Mapping[str, Any] | None, *, skip: Iterable[str] = (),
                           include_default: bool = True) -> list[list[str]]:
    """Override lists of a one-at-a-time design.

    Args:
        spec: ``{key: "v1,v2,..."}``; each value may be any Hydra sweep
            (``a,b``, ``range(...)``, ``choice(...)``) or a single value.
        skip: keys fixed elsewhere (command line or ``params``): not varied.
        include_default: start with the empty list (the unmodified configuration).

    Returns:
        ``[[], ["k1=v1"], ["k1=v2"], ["k2=v1"], ...]`` in the order of ``spec``.
    """
    fixed = {_bare_key(k) for k in skip}
    variants: list[list[str]] = [[]] if include_default else []
    parser = OverridesParser.create()
    for key, raw in (spec or {}).items():
        if _bare_key(str(key)) in fixed:
            log.warning("one_at_a_time: %s is fixed elsewhere; not varied", key)
            continue
        variants.extend([v] for v in _values(parser.parse_override(f"{key}={raw}")))
    return variants


class ValidatingSweeper(Sweeper):
    """The basic sweeper's grid; every job composed and validated before anything runs."""

    def __init__(self, max_batch_size: int | None = None, params: dict[str, str] | None = None,
                 yes: bool = False) -> None:
        super().__init__()
        self.max_batch_size = max_batch_size
        self.params = dict(params or {})
        self.yes = yes
        self.config: Any = None
        self.hydra_context: Any = None
        self.launcher: Any = None

    def setup(self, *, hydra_context: Any, task_function: Any, config: Any) -> None:
        self.hydra_context = hydra_context
        self.config = config
        self.launcher = Plugins.instance().instantiate_launcher(
            hydra_context=hydra_context, task_function=task_function, config=config)

    def jobs(self, overrides: list[Override]) -> list[list[str]]:
        """The override list of every job."""
        return grid(overrides)

    def sweep(self, arguments: list[str]) -> Any:
        from sim.cli.sweep_size import check_sweep_size
        from sim.cli.validate import check_config, check_hydra_factories

        parser = OverridesParser.create(config_loader=self.hydra_context.config_loader)
        overrides = parser.parse_overrides([*(f"{k}={v}" for k, v in self.params.items()), *arguments])
        jobs = self.jobs(overrides)
        loader = self.hydra_context.config_loader
        check_launcher(self.config.hydra)
        # Compose and validate every job before the sweep folder exists (jobs that differ only
        # in plain values share one composition: sim.cli.sweep_compose).
        folders: dict[str, int] = {}
        params = []
        for idx, job in enumerate(jobs):
            cfg = loader.load_sweep_config(self.config, list(job))
            check_hydra_factories(cfg.hydra)
            # each section converted in place (a masked copy of the whole tree cost more than
            # the check itself); interpolations still resolve against the whole config
            sections = {k: OmegaConf.to_container(v, resolve=True) if OmegaConf.is_config(v) else v
                        for k, v in cfg.items_ex(resolve=True) if k != "hydra"}
            params.append(check_config(sections))
            _check_own_folder(cfg, idx, folders)
        check_sweep_size(params, self.config.hydra.get("launcher"), self.yes)
        sweep_dir = Path(self.config.hydra.sweep.dir)
        sweep_dir.mkdir(parents=True, exist_ok=True)
        OmegaConf.save(self.config, sweep_dir / "multirun.yaml")
        return self.launch_all(jobs, sweep_dir)

    def launch_all(self, jobs: list[list[str]], sweep_dir: Path) -> list[Any]:
        """Launch every batch, whatever failed before, and record what each job did for the
        entry point (:mod:`sim.cli.sweep_outcome`), which reports the failed jobs."""
        from sim.cli.sweep_outcome import SweepOutcome, outcome_of, record

        size = self.max_batch_size if self.max_batch_size and self.max_batch_size > 0 else max(len(jobs), 1)
        outcome = SweepOutcome(sweep_dir)
        returns = []
        try:
            for start in range(0, len(jobs), size):
                results = self.launcher.launch(jobs[start:start + size], initial_job_idx=start)
                outcome.jobs.extend(outcome_of(r, start + i) for i, r in enumerate(results))
                returns.append(results)
        finally:
            record(outcome)
        return returns


def check_launcher(hydra_cfg: Any) -> None:
    """Refuse launcher settings that would fail only after the sweep folder is made."""
    launcher = hydra_cfg.get("launcher") or {}
    if str(launcher.get("_target_", "")).endswith("JoblibLauncher") and launcher.get("n_jobs") == 0:
        raise _bad_input("hydra.launcher.n_jobs", 0, "runs no job; give the number of worker "
                         "processes, or -1 for one per core")


def _check_own_folder(cfg: Any, idx: int, folders: dict[str, int]) -> None:
    """Each job needs its own folder: ``hydra.sweep.subdir`` as the launcher resolves it."""
    with open_dict(cfg):
        cfg.hydra.job.num = idx
        cfg.hydra.job.id = f"{cfg.hydra.job.name}_{idx}"
    subdir = str(cfg.hydra.sweep.subdir)
    if subdir in folders:
        raw = OmegaConf.to_container(cfg.hydra.sweep, resolve=False).get("subdir")
        raise _bad_input("hydra.sweep.subdir", str(raw), f"jobs {folders[subdir]} and {idx} would "
                         "write into one folder; include ${hydra.job.num}")
    folders[subdir] = idx


class OneAtATimeSweeper(ValidatingSweeper):
    """The grid crossed with a one-at-a-time list of variants."""

    def __init__(self, max_batch_size: int | None = None, params: dict[str, str] | None = None,
                 one_at_a_time: dict[str, str] | None = None, include_default: bool = True,
                 yes: bool = False) -> None:
        super().__init__(max_batch_size=max_batch_size, params=params, yes=yes)
        self.one_at_a_time = dict(one_at_a_time or {})
        self.include_default = include_default

    def jobs(self, overrides: list[Override]) -> list[list[str]]:
        """Every variant (outer loop) x every combination of the grid (inner loop)."""
        fixed = [o.get_key_element() for o in overrides]
        variants = one_at_a_time_variants(self.one_at_a_time, skip=fixed,
                                          include_default=self.include_default)
        return [[*combo, *variant] for variant in variants for combo in grid(overrides)]
