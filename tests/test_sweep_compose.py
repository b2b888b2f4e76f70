"""A sweep's jobs composed once per structure are the jobs Hydra would have composed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SWEEP = ["-m", "village=small", "days=3", "seed=0,1", "strategy=baseline,routine",
         "++residents.p_bite_away_from_home=0.4", "outbreak.seed_infections=2,3"]


def _sweep(folder: Path, cache: str) -> dict[str, str]:
    env = {**os.environ, "VCSIM_SWEEP_COMPOSE_CACHE": cache}
    proc = subprocess.run([sys.executable, "-m", "sim.run", *SWEEP, f"hydra.sweep.dir={folder}"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    files = {}
    for path in sorted(folder.glob("*/.hydra/*.yaml")):
        text = path.read_text().replace(str(folder), "SWEEP")
        if path.name == "hydra.yaml":  # the process's own working directory and time stamps aside
            text = "\n".join(line for line in text.splitlines() if "cwd:" not in line)
        files[str(path.relative_to(folder))] = text
    files.update({str(p.relative_to(folder)): p.read_text() for p in sorted(folder.glob("*/timeseries.csv"))})
    return files


def test_cached_jobs_have_the_same_configs_and_outputs_as_hydras(tmp_path):
    cached, plain = _sweep(tmp_path / "cached", "1"), _sweep(tmp_path / "plain", "0")
    assert len(cached) == 8 * 4  # 8 jobs: config, hydra and overrides yaml, and the outputs
    assert cached.keys() == plain.keys()
    for name in cached:
        assert cached[name] == plain[name], name
    assert "- seed=1" in cached["7/.hydra/overrides.yaml"]


def test_a_value_hydra_refuses_is_refused_for_every_job(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "sim.run", "-m", "village=small", "days=3,0",
                           f"hydra.sweep.dir={tmp_path / 's'}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == ["error: days=0: allowed range [1, 3650]"]
    assert not (tmp_path / "s").exists()
