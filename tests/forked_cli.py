"""Run ``python -m <module> ARGS`` in a fork of the test process instead of a new interpreter.

A new interpreter spends about 0.8 s importing numpy, Mesa and Hydra before it reads its
first argument; the bad-input battery runs 120-odd command lines, so that start-up was most
of its time. A fork starts with those modules already imported and then runs the module as
``__main__`` with :func:`runpy.run_module`, as ``python -m`` does, in its own process: its
exit status, its stderr and what it leaves on disk are its own.

What a fork inherits from pytest is undone first: the root logger's handlers (pytest's log
capture, which would swallow records a real run prints), warning filters (reset to Python's
defaults) and ``sys.stdout``/``sys.stderr`` (pointed at the real descriptors again).
``test_bad_inputs.test_a_forked_case_says_what_a_fresh_interpreter_says`` checks a few
rows both ways. Linux and macOS only (``os.fork``).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import runpy
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Finished", "ForkedCommand", "run_forked"]


@dataclass(frozen=True)
class ForkedCommand:
    """One command line: ``python -m module *args`` in ``cwd`` with environment ``env``."""

    module: str
    args: Sequence[str]
    cwd: Path
    env: Mapping[str, str]
    stderr_file: Path


@dataclass(frozen=True)
class Finished:
    """How a forked command ended."""

    returncode: int
    stderr: str


def _exit_code(err: SystemExit) -> int:
    if err.code is None:
        return 0
    if isinstance(err.code, int):
        return err.code
    print(err.code, file=sys.stderr)  # what the interpreter does with sys.exit("text")
    return 1


def _child(cmd: ForkedCommand) -> None:
    """In the fork: become ``python -m module`` and never return."""
    code = 1
    try:
        os.chdir(cmd.cwd)
        os.environ.clear()
        os.environ.update(cmd.env)
        err = os.open(cmd.stderr_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(err, 2)
        sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115 - lives until os._exit
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - as above
        for handler in list(logging.root.handlers):
            logging.root.removeHandler(handler)
        logging.root.setLevel(logging.WARNING)
        warnings.resetwarnings()
        warnings.showwarning = warnings._showwarning_orig  # type: ignore[attr-defined]
        for action, category in (("default", DeprecationWarning), ("ignore", DeprecationWarning),
                                 ("ignore", PendingDeprecationWarning), ("ignore", ImportWarning),
                                 ("ignore", ResourceWarning)):
            warnings.filterwarnings(action, category=category,
                                    module="__main__" if action == "default" else "")
        sys.argv = [cmd.module, *cmd.args]
        runpy.run_module(cmd.module, run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as done:
        code = _exit_code(done)
    except BaseException:  # the interpreter prints it and exits 1
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def run_forked(commands: Sequence[ForkedCommand], at_once: int = 3,
               timeout: float = 300.0) -> list[Finished]:
    """Run every command in its own fork, ``at_once`` at a time; return how each ended.

    The modules are imported here first, so each fork starts with them loaded.
    """
    for module in {c.module for c in commands}:
        importlib.import_module(module)
    sys.stdout.flush()
    sys.stderr.flush()
    running: dict[int, tuple[int, float]] = {}
    codes: dict[int, int] = {}
    todo = list(enumerate(commands))
    while todo or running:
        while todo and len(running) < at_once:
            index, cmd = todo.pop(0)
            pid = os.fork()
            if pid == 0:
                _child(cmd)
            running[pid] = (index, time.monotonic())
        time.sleep(0.01)
        for pid, (index, started) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                codes[index] = os.waitstatus_to_exitcode(status)
                del running[pid]
            elif time.monotonic() - started > timeout:
                os.kill(pid, signal.SIGKILL)  # reaped, as killed, on a later pass
    return [Finished(codes[i], c.stderr_file.read_text() if c.stderr_file.exists() else "")
            for i, c in enumerate(commands)]
