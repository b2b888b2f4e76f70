"""Pay the mosquito warm-up once per process for runs that share it.

Before day 0 the mosquitoes run alone for ``vector.warmup_days`` (60) days: 35-40%
of a 60-day run. That warm-up reads only the mosquito engine, the breeding
sites, the people as hosts, the warm-up days' traits and the vector stream, so
runs that differ in what happens from day 0 (another strategy, staffing,
outbreak, number of seed infections) share it exactly. The cache is keyed on a
fingerprint of *all* of those inputs (every array's bytes and the stream's
state, not a list of parameters someone must keep up to date), and restoring an
entry leaves the run byte-identical to computing it (``tests/test_warmup_cache.py``).

Only the array engine is cached (agent mosquitoes are Mesa agents). At most
:data:`MAX_ENTRIES` warm-ups are kept in memory (least recently used first
out); a warm-up not in memory is looked for on disk (:mod:`sim.vector.warmup_store`)
before it is computed. ``VCSIM_WARMUP_CACHE`` chooses: ``disk`` (default:
memory, then disk), ``memory`` (this process only), ``0`` (off).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import fields, is_dataclass
from typing import Any

import numpy as np

from sim.environment import setting
from sim.vector import warmup_store

__all__ = ["MAX_ENTRIES", "clear", "stats", "warm_up_cached"]

#: Warm-ups kept per process (the default village's is about 10 MB).
MAX_ENTRIES = 4

_CACHE: OrderedDict[bytes, dict[str, Any]] = OrderedDict()
_STATS = {"hits": 0, "disk_hits": 0, "misses": 0}
#: The cache and its counts are shared by the threads that build a district's villages.
_LOCK = threading.RLock()


def _feed(h: Any, value: Any, depth: int = 0) -> None:
    """Add ``value`` to hash ``h``: arrays by dtype, shape and bytes; dataclasses field by field."""
    if isinstance(value, np.ndarray):
        h.update(f"{value.dtype}{value.shape}".encode())
        h.update(np.ascontiguousarray(value).tobytes())
    elif is_dataclass(value) and depth < 3:
        h.update(type(value).__name__.encode())
        for f in fields(value):
            _feed(h, getattr(value, f.name), depth + 1)
    elif isinstance(value, dict) and depth < 3:
        for k in sorted(value, key=str):
            h.update(repr(k).encode())
            _feed(h, value[k], depth + 1)
    elif isinstance(value, list | tuple) and depth < 3:
        h.update(f"[{len(value)}".encode())
        for item in value:
            _feed(h, item, depth + 1)
    else:
        h.update(repr(value).encode())


def _arrays(sites: Any) -> dict[str, np.ndarray]:
    """Copies of every array the sites hold (their immatures are most of it)."""
    return {name: value.copy() for name, value in vars(sites).items() if isinstance(value, np.ndarray)}


def _restore(sites: Any, arrays: dict[str, np.ndarray]) -> None:
    """Copy the cached arrays into the sites' own (same shapes: the key includes them)."""
    for name, value in arrays.items():
        np.copyto(getattr(sites, name), value)


def _fingerprint(engine: Any, sites: Any, inputs: Sequence[Any]) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for part in (engine, sites):
        for name, value in sorted(vars(part).items()):
            if name == "rng":
                _feed(h, value.bit_generator.state)
            elif name == "_buf":  # the engine's columns: only the live rows hold values
                _feed(h, {k: v[: engine.n_adults] for k, v in value.items()})
            elif name not in ("sites", "village"):  # shared objects are hashed elsewhere
                h.update(name.encode())
                _feed(h, value)
    for value in inputs:
        _feed(h, value)
    return h.digest()


def warm_up_cached(engine: Any, sites: Any, inputs: Sequence[Any], warm_up: Callable[[], None]) -> bool:
    """Run ``warm_up()`` or restore its result; returns True when restored from the cache.

    Args:
        engine: the array mosquito engine (its arrays, tables and stream are the state).
        sites: the breeding sites.
        inputs: everything else the warm-up reads (the hosts, the warm-up days' traits):
            hashed into the key with the engine's parameters, tables and stream.
        warm_up: computes the warm-up in place on ``engine`` and ``sites``.
    """
    mode = setting("VCSIM_WARMUP_CACHE")
    if mode == "0":
        warm_up()
        return False
    key = _fingerprint(engine, sites, inputs)
    with _LOCK:
        entry = _CACHE.get(key)
        if entry is not None:
            _CACHE.move_to_end(key)
            _STATS["hits"] += 1
    if entry is None and mode != "memory" and (entry := warmup_store.load(key)) is not None:
        with _LOCK:
            _STATS["disk_hits"] += 1
    if entry is not None:
        engine.load_columns(entry["adults"])
        _restore(sites, entry["sites"])
        engine.rng.bit_generator.state = entry["rng"]
        _remember(key, entry)
        return True
    warm_up()
    # Only the adults' live rows and the sites' own arrays: a town's entry is about 50 MB.
    entry = {"adults": engine.live_columns(), "sites": _arrays(sites), "rng": engine.rng.bit_generator.state}
    _remember(key, entry)
    if mode != "memory":
        warmup_store.save(key, entry)
    with _LOCK:
        _STATS["misses"] += 1
    return False


def _remember(key: bytes, entry: dict[str, Any]) -> None:
    with _LOCK:
        _CACHE[key] = entry
        _CACHE.move_to_end(key)
        while len(_CACHE) > MAX_ENTRIES:
            _CACHE.popitem(last=False)


def clear() -> None:
    """Forget every cached warm-up."""
    with _LOCK:
        _CACHE.clear()


def stats() -> dict[str, int]:
    """Memory hits, disk hits and misses (warm-ups computed) so far in this process."""
    with _LOCK:
        return dict(_STATS)
