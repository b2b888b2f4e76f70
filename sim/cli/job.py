"""One job of ``python -m sim.run``: run, write the outputs, record a failure in a sweep."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf
from tqdm import tqdm

from sim.cli.configs import config_hash
from sim.cli.sweep_watch import watch_sweep_process
from sim.cli.validate import check_config
from sim.errors import ConfigError
from sim.outputs import SUMMARY_FILE, atomic_write_text, remove_stale_outputs, write_run

__all__ = ["run_job"]

log = logging.getLogger("sim.run")


def _simulate(params: Any, progress: Any = None) -> Any:
    """:func:`sim.simulate.simulate`, imported on first use so bad input is reported without loading Mesa."""
    from sim.simulate import simulate

    return simulate(params, progress=progress)


@contextlib.contextmanager
def _day_bar(days: int, show: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(day_done, days)`` callback drawing a day-by-day bar on stderr (None unless ``show``)."""
    if not show:
        yield None
        return
    with tqdm(total=days, desc="days", unit="day", file=sys.stderr, dynamic_ncols=True) as bar:
        yield lambda done, _total: bar.update(done - bar.n)


def _remove_hydra_leftovers(folder: Path) -> None:
    """Delete what Hydra created for a run that never started, never anything else."""
    hydra_dir = folder / ".hydra"
    for name in ("config.yaml", "hydra.yaml", "overrides.yaml"):
        (hydra_dir / name).unlink(missing_ok=True)
    for path in (hydra_dir, folder):
        try:
            (folder / "run.log").unlink(missing_ok=True)
            path.rmdir()
        except OSError:
            pass


def run_job(cfg: DictConfig) -> dict[str, Any] | None:
    """Run the job of ``cfg`` into its Hydra output folder; return the summary (None if it failed).

    In a sweep, a job whose folder already holds a finished run of the same
    configuration is skipped (resume), and a failing job writes ``error.json``,
    returns None and lets the others go on (the sweep reports it at the end:
    :mod:`sim.cli.sweep_outcome`); in a launcher's worker process, the process
    ends when the sweep's process is gone (:mod:`sim.cli.sweep_watch`). A single
    run re-raises a ConfigError after removing the folder Hydra made.
    """
    logging.getLogger("MESA").setLevel(logging.WARNING)
    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    multirun = hc.mode == RunMode.MULTIRUN
    if multirun:
        watch_sweep_process()  # in a launcher's worker: end with the sweep's process
    container = OmegaConf.to_container(cfg, resolve=True)
    digest = config_hash(container)
    summary_path = out / SUMMARY_FILE
    if multirun and summary_path.exists():
        try:
            done = json.loads(summary_path.read_text())
        except (OSError, ValueError):
            done = {}
        if done.get("config_hash") == digest:
            log.info("already finished, skipped: %s", out)
            return done
    remove_stale_outputs(out)  # a rerun in a used folder must not look finished until it is
    try:
        params = check_config(container)
        show = not multirun and bool(getattr(sys.stderr, "isatty", lambda: False)())
        with _day_bar(params.days, show) as progress:
            result = _simulate(params, progress=progress)
    except ConfigError as err:
        if not multirun:
            _remove_hydra_leftovers(out)
            raise
        _record_failure(out, hc, err)
        return None
    except Exception as err:  # one failing job must not lose the others' results
        if not multirun:
            raise
        _record_failure(out, hc, err)
        return None
    result.summary["config_hash"] = digest
    result.summary["overrides"] = list(hc.overrides.task)
    (out / "error.json").unlink(missing_ok=True)
    try:
        write_run(result, out)
    except OSError as err:  # a full or failing disk: recorded like any failed job of a sweep
        if not multirun:
            raise
        _record_failure(out, hc, err)
        return None
    s = result.summary
    for warning in s.get("warnings", []):  # valid but degenerate (sim.degenerate)
        log.warning("%s: %s", out, warning)
    r0 = s["r0_case_to_case_early"]
    log.info(
        "%s: %d infections (attack rate %.1f%%), %d reported, peak day %s, R0 %s, %.1f s",
        out, s["total_infections"], 100 * (s["attack_rate"] or 0.0), s["total_reported_cases"],
        s["peak_day"], "n/a" if r0 is None else f"{r0:.1f}", s["wall_seconds"],
    )
    if not multirun:
        print(f"outputs written to {out}")
    return s


def _record_failure(out: Path, hc: Any, err: BaseException) -> None:
    log.error("run failed (%s): %s: %s", " ".join(hc.overrides.task), type(err).__name__, err)
    payload = {"error": f"{type(err).__name__}: {err}", "overrides": list(hc.overrides.task)}
    atomic_write_text(out / "error.json", json.dumps(payload, indent=2) + "\n")
