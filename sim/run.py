"""Command-line entry point: ``python -m sim.run [overrides]`` (Hydra, version_base 1.3).

Examples::

    python -m sim.run                                  # default village, baseline, 180 days
    python -m sim.run village=small disease=dengue seed=3 days=120
    python -m sim.run -m strategy=baseline,ring_zoning seed=0,1,2

Every run writes ``timeseries.csv`` and ``summary.json`` (last, atomically)
into its Hydra output folder. Bad input is reported in one line naming the
key and the allowed values, with exit status 2 and no output folder.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim.cli_checks import check_command_line, config_hash
from sim.config import params_from_config
from sim.errors import ConfigError
from sim.objective import objective_from_config, objective_value
from sim.outputs import SUMMARY_FILE, atomic_write_text, remove_stale_outputs, write_run
from sim.progress import TerminalProgress

__all__ = ["main"]

CONFIG_DIR = str(Path(__file__).resolve().parent.parent / "configs")
log = logging.getLogger("sim.run")


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


def simulate(params: Any, progress: Any = None) -> Any:
    """:func:`sim.simulate.simulate`, imported on first use so bad input is reported without loading Mesa."""
    from sim.simulate import simulate as run_simulation

    return run_simulation(params, progress=progress)


def _run(cfg: DictConfig) -> dict[str, Any] | None:
    logging.getLogger("MESA").setLevel(logging.WARNING)
    hc = HydraConfig.get()
    out = Path(hc.runtime.output_dir)
    multirun = hc.mode == RunMode.MULTIRUN
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
        params = params_from_config(container)
        progress = None if multirun else TerminalProgress.maybe(sys.stderr)
        result = simulate(params, progress=progress)
    except ConfigError as err:
        if not multirun:
            _remove_hydra_leftovers(out)
            print(f"error: {err}", file=sys.stderr)
            sys.exit(2)
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
    write_run(result, out)
    s = result.summary
    if s["population"] == 0:
        log.warning("%s: the village has no residents (every house idle), so no infections", out)
    r0 = s["r0_case_to_case_early"]
    log.info(
        "%s: %d infections (attack rate %.1f%%), %d reported, peak day %s, R0 %s, %.1f s",
        out, s["total_infections"], 100 * s["attack_rate"], s["total_reported_cases"],
        s["peak_day"], "n/a" if r0 is None else f"{r0:.1f}", s["wall_seconds"],
    )
    if not multirun:
        print(f"outputs written to {out}")
    return s


def _record_failure(out: Path, hc: Any, err: BaseException) -> None:
    log.error("run failed (%s): %s: %s", " ".join(hc.overrides.task), type(err).__name__, err)
    payload = {"error": f"{type(err).__name__}: {err}", "overrides": list(hc.overrides.task)}
    atomic_write_text(out / "error.json", json.dumps(payload, indent=2) + "\n")


@hydra.main(version_base="1.3", config_path=CONFIG_DIR, config_name="config")
def _hydra_main(cfg: DictConfig) -> dict[str, Any] | float | None:
    summary = _run(cfg)
    if summary is None or cfg.get("objective") is None:
        return summary
    # An optimiser (Optuna sweeper) needs a float: cases plus a penalty over the budget.
    return objective_value(summary, objective_from_config(OmegaConf.to_container(cfg.objective)))


def main(argv: list[str] | None = None) -> None:
    """Check the command line, then hand over to Hydra."""
    args = sys.argv[1:] if argv is None else argv
    try:
        check_command_line(args, CONFIG_DIR)
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(2)
    sys.argv = [sys.argv[0], *args]
    _hydra_main()


if __name__ == "__main__":
    main()
