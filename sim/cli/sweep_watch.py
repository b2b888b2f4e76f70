"""A sweep's worker processes end soon after the sweep's own process ends.

Launchers run jobs in other processes: loky workers (``hydra/launcher=joblib``
and ``vcsim``) are children of the sweep's process, submitit's local jobs are
children of a controller that is meant to outlive it. Killed (SIGKILL, SIGTERM,
a closed terminal), the sweep's process takes none of them along, and they
went on running jobs for nobody.

The entry point (:mod:`sim.run`) puts :func:`sweep_token` (its process id, the
process's start time and the machine) in :data:`ENV`, which every worker
inherits. A job (:mod:`sim.cli.job`) or a worker (``hydra_plugins.vcsim_launcher``)
calls :func:`watch_sweep_process`: on the same machine, a process other than
the sweep's exits at once if the sweep's process is already gone (a job that
was still starting when it was killed), else starts a daemon thread that
ends it (``os._exit``) within :data:`POLL_SECONDS` of the sweep's process
ending. On another machine (Slurm, a Ray cluster) nothing is watched. Linux
reads ``/proc``; elsewhere only a direct child is watched (its parent changes).
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from pathlib import Path

__all__ = ["ENV", "ORPHAN_EXIT", "POLL_SECONDS", "sweep_token", "watch_sweep_process"]

#: Environment variable holding :func:`sweep_token` (set by ``sim.run``, inherited by workers).
ENV = "_VCSIM_SWEEP_PROCESS"
#: How often a worker looks whether the sweep's process is still there.
POLL_SECONDS = 0.5
#: Exit status of a worker that stopped because its sweep's process ended.
ORPHAN_EXIT = 3

_watching: list[int] = []
if hasattr(os, "register_at_fork"):  # a forked child has no watching thread: let it start its own
    os.register_at_fork(after_in_child=_watching.clear)


def _stat(pid: int) -> tuple[str, int, str] | None:
    """``(state, parent pid, start time)`` of ``pid`` from ``/proc`` (None if it is gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()  # after the command name, which may hold spaces
    return fields[0], int(fields[1]), fields[19]


def _machine() -> str:
    """This machine (host name and boot): a process id means the same process only here."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        boot = ""
    return f"{socket.gethostname()}/{boot}".replace(":", "_")


def sweep_token(pid: int | None = None) -> str:
    """``pid:start:machine`` of process ``pid`` (this one by default); ``start`` is empty
    where there is no ``/proc``."""
    pid = os.getpid() if pid is None else pid
    stat = _stat(pid)
    return f"{pid}:{stat[2] if stat else ''}:{_machine()}"


def _gone(pid: int, start: str) -> bool:
    if not start:  # no /proc: a direct child sees its parent change
        return os.getppid() != pid
    stat = _stat(pid)
    return stat is None or stat[2] != start or stat[0] in ("Z", "X")


def _stop(pid: int) -> None:
    try:
        sys.stderr.write(f"vcsim: the sweep's process {pid} has ended; worker {os.getpid()} stops\n")
        sys.stderr.flush()
    finally:
        os._exit(ORPHAN_EXIT)


def _watch(pid: int, start: str) -> None:
    while not _gone(pid, start):
        time.sleep(POLL_SECONDS)
    _stop(pid)


def watch_sweep_process() -> bool:
    """In a worker of a sweep on this machine (see the module), end with the sweep's process.

    Exits at once if that process is already gone; otherwise starts one daemon thread per
    process (later calls do nothing). Returns whether this process is watched.
    """
    if _watching:
        return True
    pid_text, _, rest = os.environ.get(ENV, "").partition(":")
    start, _, machine = rest.partition(":")
    if not pid_text.isdigit() or int(pid_text) == os.getpid() or machine != _machine():
        return False
    pid = int(pid_text)
    if not start and os.getppid() != pid:  # no /proc: only a direct child can tell
        return False
    if _gone(pid, start):
        _stop(pid)
    _watching.append(pid)
    threading.Thread(target=_watch, args=(pid, start), name="vcsim-sweep-watch", daemon=True).start()
    return True
