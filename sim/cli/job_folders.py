"""Where a sweep's jobs are on disk: every folder holding ``.hydra/overrides.yaml``.

Hidden folders (such as ``.submitit``) are skipped, so the basic, joblib, vcsim and
submitit launchers' layouts all work. Used by ``analysis.collect`` to collect a sweep and
by :mod:`sim.cli.sweep_outcome` to read what the jobs of a sweeper that is not vcsim's did.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

__all__ = ["find_job_dirs"]


def _natural_key(text: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def find_job_dirs(sweep_dir: str | os.PathLike[str]) -> list[Path]:
    """Return job folders (holding ``.hydra/overrides.yaml``) under ``sweep_dir``.

    Hidden folders are skipped and job folders are not searched further. The result is
    in natural order (``2`` before ``10``).
    """
    root = Path(sweep_dir)
    jobs: list[Path] = []
    for dirpath, dirnames, _ in os.walk(root):
        here = Path(dirpath)
        if (here / ".hydra" / "overrides.yaml").is_file():
            jobs.append(here)
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return sorted(jobs, key=lambda p: _natural_key(p.relative_to(root).as_posix()))
