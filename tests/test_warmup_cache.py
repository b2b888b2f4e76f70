"""The warm-up cache: a restored warm-up leaves a run byte-identical to computing it."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.cli.compose import compose_params
from sim.simulate import simulate
from sim.vector import warmup_cache, warmup_store

SMALL = ("village=small", "days=30", "vector.capacity_scale=1")


def _outputs(*overrides: str, cache: bool | str, monkeypatch) -> tuple[pd.DataFrame, dict]:
    monkeypatch.setenv("VCSIM_WARMUP_CACHE", cache if isinstance(cache, str) else "memory" if cache else "0")
    result = simulate(compose_params([*SMALL, *overrides]))
    summary = {k: v for k, v in result.summary.items() if "seconds" not in k and k != "timings"}
    return pd.DataFrame(result.timeseries), summary


@pytest.mark.parametrize("strategy", ["shunde_2025", "ring_zoning"])
def test_a_cached_warm_up_gives_the_same_run_as_an_uncached_one(strategy, monkeypatch):
    warmup_cache.clear()
    uncached = _outputs(f"strategy={strategy}", cache=False, monkeypatch=monkeypatch)
    before = warmup_cache.stats()
    _outputs("strategy=baseline", cache=True, monkeypatch=monkeypatch)  # fills the cache
    cached = _outputs(f"strategy={strategy}", cache=True, monkeypatch=monkeypatch)  # restores it
    after = warmup_cache.stats()
    assert (after["misses"] - before["misses"], after["hits"] - before["hits"]) == (1, 1)
    pd.testing.assert_frame_equal(cached[0], uncached[0])
    assert cached[1] == uncached[1]


def test_anything_the_warm_up_reads_makes_a_new_entry(monkeypatch):
    warmup_cache.clear()
    before = warmup_cache.stats()
    for overrides in (("seed=0",), ("seed=1",), ("seed=0", "residents.exposure_cv=0"),
                      ("seed=0", "vector.daily_survival=0.85"), ("seed=0", "season.mode=constant")):
        _outputs(*overrides, cache=True, monkeypatch=monkeypatch)
    assert warmup_cache.stats()["misses"] - before["misses"] == 5
    _outputs("seed=1", "strategy=full_cadre", "outbreak.seed_infections=9", cache=True,
             monkeypatch=monkeypatch)
    assert warmup_cache.stats()["hits"] - before["hits"] == 1  # what starts on day 0 does not


def test_the_cache_is_bounded(monkeypatch):
    warmup_cache.clear()
    for seed in range(warmup_cache.MAX_ENTRIES + 2):
        _outputs(f"seed={seed}", "days=2", cache=True, monkeypatch=monkeypatch)
    assert len(warmup_cache._CACHE) == warmup_cache.MAX_ENTRIES


def test_a_warm_up_stored_on_disk_gives_the_same_run_in_a_new_process(tmp_path, monkeypatch):
    """The disk layer: computed once and stored; a process without it in memory restores it
    from the file, byte-identical; a damaged file is recomputed; an unwritable folder only
    switches the layer off."""
    monkeypatch.setenv("VCSIM_CACHE_DIR", str(tmp_path / "cache"))
    uncached = _outputs("strategy=shunde_2025", cache=False, monkeypatch=monkeypatch)
    warmup_cache.clear()
    before = warmup_cache.stats()
    _outputs("strategy=baseline", cache="disk", monkeypatch=monkeypatch)  # computes and stores
    stored = list(warmup_store.cache_dir().glob("*.npz"))
    assert len(stored) == 1
    warmup_cache.clear()  # as a new process would start
    restored = _outputs("strategy=shunde_2025", cache="disk", monkeypatch=monkeypatch)
    after = warmup_cache.stats()
    assert (after["misses"] - before["misses"], after["disk_hits"] - before["disk_hits"]) == (1, 1)
    pd.testing.assert_frame_equal(restored[0], uncached[0])
    assert restored[1] == uncached[1]
    stored[0].write_bytes(b"not a warm-up")
    warmup_cache.clear()
    again = _outputs("strategy=shunde_2025", cache="disk", monkeypatch=monkeypatch)
    assert warmup_cache.stats()["misses"] - after["misses"] == 1
    pd.testing.assert_frame_equal(again[0], uncached[0])
    assert stored[0].stat().st_size > 1000  # rewritten
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("VCSIM_CACHE_DIR", str(tmp_path / "file"))  # a folder under a file
    warmup_cache.clear()
    pd.testing.assert_frame_equal(_outputs("strategy=shunde_2025", cache="disk",
                                           monkeypatch=monkeypatch)[0], uncached[0])
