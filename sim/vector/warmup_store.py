"""The warm-up cache's disk layer: warm-ups kept between processes.

A process that finds no warm-up in memory (:mod:`sim.vector.warmup_cache`)
looks here before computing one, and stores what it computed. So repeated
runs of the same village, people, mosquito parameters, weather and seed (a
trainer's demonstrations, strategies compared one process each, a sweep's
workers, the test suite) skip the 60-day warm-up: 0.8 s of a default run,
7 s of a town run.

An entry is one ``.npz`` file named by the warm-up's fingerprint and a digest
of the source code of the ``sim`` package and numpy's version, so any change
of code makes new entries rather than reusing stale ones. Files are written
to a temporary name and renamed (workers writing the same entry at once are
safe); an unreadable file is deleted and recomputed; when the folder grows
past :data:`MAX_BYTES` the least recently used files go. Where it lives:
``$VCSIM_CACHE_DIR``, else ``$XDG_CACHE_HOME/vcsim``, else ``~/.cache/vcsim``
(subfolder ``warmup``); a folder that cannot be written disables the layer.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["MAX_BYTES", "cache_dir", "load", "save"]

#: Largest total size of the stored warm-ups (a default village's is about 6 MB, a town's 60 MB).
MAX_BYTES = 1 << 30


def cache_dir() -> Path:
    """The folder of stored warm-ups."""
    root = os.environ.get("VCSIM_CACHE_DIR")
    if root:
        return Path(root) / "warmup"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vcsim" / "warmup"


@functools.cache
def _code_digest() -> str:
    """Digest of every source file of the ``sim`` package and numpy's version."""
    h = hashlib.blake2b(np.__version__.encode(), digest_size=8)
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _path(key: bytes) -> Path:
    return cache_dir() / f"{key.hex()}-{_code_digest()}.npz"


def load(key: bytes) -> dict[str, Any] | None:
    """The stored warm-up of ``key``, or None."""
    path = _path(key)
    try:
        with np.load(path, allow_pickle=False) as f:
            entry = {"adults": {k[7:]: f[k] for k in f.files if k.startswith("adults.")},
                     "sites": {k[6:]: f[k] for k in f.files if k.startswith("sites.")},
                     "rng": json.loads(str(f["rng"]))}
        os.utime(path)  # recently used
        return entry
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError):  # a damaged or foreign file: compute it again
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
        return None


def save(key: bytes, entry: dict[str, Any]) -> bool:
    """Store ``entry`` under ``key``; returns False if the folder cannot be written."""
    folder = cache_dir()
    arrays = {**{f"adults.{k}": v for k, v in entry["adults"].items()},
              **{f"sites.{k}": v for k, v in entry["sites"].items()},
              "rng": np.array(json.dumps(entry["rng"]))}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, _path(key))
    except OSError:
        return False
    _trim(folder)
    return True


def _trim(folder: Path) -> None:
    """Delete the least recently used entries beyond :data:`MAX_BYTES`."""
    try:
        files = sorted(((p.stat().st_mtime, p.stat().st_size, p) for p in folder.glob("*.npz")),
                       reverse=True)
    except OSError:
        return
    total = 0
    for _, size, path in files:
        total += size
        if total > MAX_BYTES:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
