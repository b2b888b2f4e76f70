"""``hydra/launcher=vcsim``: the same job folders as Hydra's basic launcher, in worker processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SWEEP = ["-m", "village=small", "days=3", "seed=0,1,2", "strategy=baseline,shunde_2025"]


def _sweep(folder: Path, *launcher: str) -> dict[str, str]:
    proc = subprocess.run([sys.executable, "-m", "sim.run", *SWEEP, *launcher, f"hydra.sweep.dir={folder}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {str(p.relative_to(folder)): p.read_text().replace(str(folder), "SWEEP")
            for pattern in ("*/timeseries.csv", "*/.hydra/overrides.yaml", "*/.hydra/config.yaml")
            for p in sorted(folder.glob(pattern))}


def test_workers_write_what_the_basic_launcher_writes(tmp_path):
    basic = _sweep(tmp_path / "basic")
    pooled = _sweep(tmp_path / "pool", "hydra/launcher=vcsim", "hydra.launcher.n_jobs=2")
    assert len(basic) == 6 * 3
    assert pooled == basic
    one = _sweep(tmp_path / "one", "hydra/launcher=vcsim", "hydra.launcher.n_jobs=1")
    assert one == basic
