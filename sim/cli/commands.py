"""The ``vcsim`` command: one entry point for every tool, beside the ``python -m`` forms.

``vcsim COMMAND ARGS`` runs the tool exactly as ``python -m MODULE ARGS`` does (same
options, outputs, errors and exit status); ``vcsim COMMAND --help`` prints the tool's own
help followed by examples; ``vcsim`` or ``vcsim --help`` lists the commands. The table
:data:`COMMANDS` is the only place that names them: the console script in
``pyproject.toml`` points here, and the README's command table is checked against it
(``tests/test_commands.py``).

Each tool is imported only when its command runs (``vcsim run`` does not load the
planner, the page or matplotlib's figures).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["COMMANDS", "Command", "main", "usage"]


@dataclass(frozen=True)
class Command:
    """One subcommand: the module that implements it, what it does, and examples."""

    module: str
    summary: str
    examples: tuple[str, ...]

    def entry(self) -> Callable[[list[str]], int | None]:
        """The tool's ``main(argv)``, imported now."""
        return importlib.import_module(self.module).main


COMMANDS: dict[str, Command] = {
    "run": Command("sim.run", "one simulation, or a Hydra sweep with -m", (
        "vcsim run strategy=ring_zoning village=small seed=1",
        "vcsim run -m strategy=baseline,shunde_2025 seed=range(0,5) hydra/launcher=vcsim",
        "vcsim run -m +experiment=staffing_grid",
    )),
    "plan": Command("analysis.plan", "a planner's report comparing the options of a scenario file", (
        "vcsim plan experiments/planning/compare_presets.yaml",
        "vcsim plan my_plan.yaml --out outputs/plans/mine --workers 2",
    )),
    "animate": Command("analysis.animate", "a video (MP4 + GIF) of a run, or of two side by side", (
        "vcsim animate strategy=ring_zoning village=small seed=1",
        "vcsim animate compare=baseline,ring_zoning village=small days=90",
    )),
    "app": Command("analysis.app", "the interactive page for trainers, in a browser", (
        "vcsim app",
        "vcsim app --port 8800",
    )),
    "bench": Command("benchmarks.bench", "speed and memory of the engines (prints the figures)", (
        "vcsim bench",
        "vcsim bench --quick",
    )),
    "main-job": Command("analysis.main_job", "what `make run` does: every strategy preset "
                        "compared, tables, figures, a report", (
        "vcsim main-job --dry-run",
        "vcsim main-job --seeds 3 --village small --days 90 --out outputs/main",
    )),
    "collect": Command("analysis.collect", "gather a sweep's runs into runs.csv and timeseries.csv", (
        "vcsim collect multirun/2026-12-03/10-00-00",
    )),
    "compare": Command("analysis.compare", "cases averted against a baseline, paired by seed", (
        "vcsim compare multirun/2026-12-03/10-00-00",
    )),
    "figures": Command("analysis.figures", "the standard figures of a sweep", (
        "vcsim figures multirun/2026-12-03/10-00-00",
    )),
    "validate": Command("analysis.validate", "agreement of the model with the Ross-Macdonald theory", (
        "vcsim validate --quick",
    )),
    "calibrate": Command("analysis.calibrate", "fit to the 2025 Foshan outbreak", (
        "vcsim calibrate --counterfactual",
    )),
}


def usage() -> str:
    """``vcsim --help``: every command with its summary and first example."""
    width = max(map(len, COMMANDS))
    lines = ["usage: vcsim COMMAND [ARGS...]    (vcsim COMMAND --help: its options and examples)",
             "", "commands:"]
    lines += [f"  {name:<{width}}  {c.summary}" for name, c in COMMANDS.items()]
    lines += ["", "examples:"]
    lines += [f"  {c.examples[0]}" for c in COMMANDS.values()]
    return "\n".join(lines)


def _examples(command: Command) -> str:
    return "\n".join(["", "examples:", *(f"  {e}" for e in command.examples)])


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch ``vcsim COMMAND ARGS`` to the tool's ``main``; return its exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    command = COMMANDS.get(name)
    if command is None:
        print(f"error: command={name!r}: unknown command; allowed: {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    sys.argv = [f"vcsim {name}", *rest]
    asks_help = any(a in ("-h", "--help") for a in rest)
    try:
        status = command.entry()(rest)
    except SystemExit as done:  # argparse's --help and errors, sys.exit(2) of bad input
        if asks_help and done.code in (0, None):
            print(_examples(command))
        raise
    if asks_help:
        print(_examples(command))
    return int(status or 0)


if __name__ == "__main__":
    sys.exit(main())
