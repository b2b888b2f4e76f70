"""Tests for analysis.figures on synthetic runs (no simulator needed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pandas as pd
import pytest
import yaml
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure

from analysis import figure_runs, figure_series, figure_style
from analysis.calibration_data import DATA_DIR

REPO = Path(__file__).resolve().parents[1]
STRATEGIES = ["baseline", "ring_zoning", "grid"]
DAYS = 40
PNG_SHAPE = (750, 1200, 4)  # 8 x 5 inches at 150 dpi, RGBA
FOSHAN_CSV = """date,area,new_confirmed_cases,confidence,source
2025-07-19,Foshan,647,high,briefing
2025-07-23,Shunde,383,high,notice
2025-07-25,Foshan,351,high,news
2025-08-01,Foshan,333,high,news
2025-08-08,Foshan,148,high,briefing
"""


def make_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Runs (3 strategies x 4 seeds x staffing grid) and their daily time series."""
    runs, series = [], []
    for k, strategy in enumerate(STRATEGIES):
        for seed in range(4):
            run_id = f"{k * 4 + seed}"
            cadres, workers = 1 + seed % 2, 5 * (1 + seed // 2)
            runs.append({"run_id": run_id, "strategy": strategy, "seed": seed,
                         "staffing.cadres": cadres, "staffing.grid_workers": workers,
                         "mosquito.bite_rate": 0.2 + 0.1 * seed, "population": 2000,
                         "total_infections": 200 - 50 * k + 3 * seed - cadres * workers})
            day = np.arange(DAYS)
            cases = np.round((10 - 3 * k) * np.exp(-(((day - 15 - seed) / 5) ** 2)))
            series.append(pd.DataFrame({
                "run_id": run_id, "day": day, "new_reported_cases": cases,
                "active_breeding_sites": 120 - (1 + k) * day,
                "breteau_index": np.maximum(0.0, 28 - (1 + k) * 0.6 * day),
            }))
    return pd.DataFrame(runs), pd.concat(series, ignore_index=True)


@pytest.fixture
def data_csv(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "foshan_2025_daily.csv"
    path.parent.mkdir()
    path.write_text(FOSHAN_CSV)
    return path


def check_saved(fig: Figure, out: Path, name: str) -> None:
    paths = figure_style.save_figure(fig, out, name)
    assert [p.name for p in paths] == [f"{name}.png", f"{name}.svg"]
    assert all(p.stat().st_size > 1000 for p in paths)
    assert mpimg.imread(paths[0]).shape == PNG_SHAPE
    assert paths[1].read_text().lstrip().startswith("<?xml")


def test_all_figures(tmp_path: Path, data_csv: Path) -> None:
    runs, ts = make_tables()
    figs = {
        "epidemic_curves": figure_series.epidemic_curves(ts, runs),
        "breeding_sites": figure_series.breeding_sites(ts, runs),
        "breteau": figure_series.breteau(ts, runs),
        "cases_boxplot": figure_runs.cases_boxplot(runs),
        "staffing_heatmap": figure_runs.staffing_heatmap(runs, "staffing.cadres", "staffing.grid_workers"),
        "tornado": figure_runs.tornado(runs, ["mosquito.bite_rate", "staffing.cadres"], "total_infections"),
        "calibration_view": figure_series.calibration_view(ts, data_csv, 2000, runs_df=runs),
    }
    for name, fig in figs.items():
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel(), name
        assert "(" in ax.get_xlabel() + ax.get_ylabel(), name  # units on the value axis
        if name != "staffing_heatmap":  # the heatmap's colour bar is its legend
            assert ax.get_legend() is not None, name
        check_saved(fig, tmp_path, name)
    assert len(list(tmp_path.glob("*.tmp"))) == 0


def test_group_colours_consistent() -> None:
    runs, ts = make_tables()
    colors = figure_style.group_colors(runs["strategy"])
    assert colors["baseline"] == figure_style.BASELINE_COLOR
    assert len(set(colors.values())) == 3
    assert figure_style.group_colors(list(reversed(STRATEGIES))) == colors
    lines = {ln.get_label().split(" ")[0]: ln.get_color() for ln in
             figure_series.epidemic_curves(ts, runs).axes[0].get_lines()}
    assert lines == colors


def test_breteau_bands_drawn() -> None:
    runs, ts = make_tables()
    ax = figure_series.breteau(ts, runs).axes[0]
    band_labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "BI <5: control standard" in band_labels and "BI ≥20: high risk" in band_labels
    low, high = ax.get_ylim()
    assert low == 0.0 and high >= 28.0  # data reach BI 28; the axis shows all of it
    spans = [p for p in ax.patches if p.get_facecolor()[:3] == to_rgb(figure_style.BRETEAU_BANDS[0][2])]
    assert len(spans) == 1


def test_tornado_values() -> None:
    runs, _ = make_tables()
    fig = figure_runs.tornado(runs, ["seed", "strategy"], "total_infections")
    overall = runs["total_infections"].median()
    widths = sorted(round(p.get_width(), 6) for p in fig.axes[0].patches)
    expect = [runs.loc[runs["seed"] == s, "total_infections"].median() - overall for s in (0, 3)]
    assert all(round(e, 6) in widths for e in expect)
    with pytest.raises(ValueError, match="two or more"):
        figure_runs.tornado(runs.assign(k=1), ["k"])


def test_calibration_missing_data(tmp_path: Path) -> None:
    _, ts = make_tables()
    missing = tmp_path / "nowhere" / "foshan_2025_daily.csv"
    with pytest.raises(FileNotFoundError) as err:
        figure_series.calibration_view(ts, missing, 2000)
    assert str(missing) in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(FileNotFoundError):
        figure_series.calibration_view(ts, tmp_path, 2000)  # a folder without the CSV


@pytest.mark.skipif(not (DATA_DIR / "foshan_2025_daily.csv").is_file(),
                    reason="shared Foshan data not present next to the repo")
def test_calibration_default_data_path() -> None:
    _, ts = make_tables()
    fig = figure_series.calibration_view(ts, None, 2000, day0_date="2025-07-01")
    _, ys = fig.axes[0].get_lines()[-1].get_data()
    assert len(ys) == 9 and max(ys) == pytest.approx(647 / 9.6e6 * 1e4)


def write_sweep(root: Path) -> None:
    """Write the tables of ``make_tables`` as a Hydra multirun folder."""
    runs, ts = make_tables()
    for _, r in runs.iterrows():
        job = root / r["run_id"]
        (job / ".hydra").mkdir(parents=True)
        overrides = [f"{k}={r[k]}" for k in ("strategy", "seed", "staffing.cadres",
                                              "staffing.grid_workers", "mosquito.bite_rate")]
        (job / ".hydra" / "overrides.yaml").write_text(yaml.safe_dump(overrides))
        summary = {"seed": int(r["seed"]), "strategy": r["strategy"], "population": 2000,
                   "total_infections": int(r["total_infections"])}
        ts[ts["run_id"] == r["run_id"]].drop(columns="run_id").to_csv(job / "timeseries.csv",
                                                                      index=False)
        (job / "summary.json").write_text(json.dumps(summary))


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "analysis.figures", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_cli_on_sweep(tmp_path: Path, data_csv: Path) -> None:
    write_sweep(tmp_path / "sweep")
    proc = run_cli(str(tmp_path / "sweep"), "--data", str(data_csv),
                   "--heatmap", "staffing.cadres,staffing.grid_workers",
                   "--tornado", "mosquito.bite_rate,staffing.cadres")
    assert proc.returncode == 0, proc.stderr
    written = [Path(p) for p in proc.stdout.split()]
    names = {p.stem for p in written}
    assert names == {"epidemic_curves", "breeding_sites", "breteau", "cases_boxplot",
                     "calibration_view", "staffing_heatmap", "tornado"}
    assert len(written) == 14 and all(p.parent == tmp_path / "sweep" / "figures" for p in written)
    for png in (p for p in written if p.suffix == ".png"):
        assert mpimg.imread(png).shape == PNG_SHAPE


def test_cli_missing_data_fails_cleanly(tmp_path: Path) -> None:
    write_sweep(tmp_path / "sweep")
    proc = run_cli(str(tmp_path / "sweep"), "--data", str(tmp_path / "none.csv"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Foshan daily case data not found")
    assert not (tmp_path / "sweep" / "figures").exists()  # nothing written
    ok = run_cli(str(tmp_path / "sweep"), "--no-calibration", "--out", str(tmp_path / "f"))
    assert ok.returncode == 0, ok.stderr
    assert not (tmp_path / "f" / "calibration_view.png").exists()


def test_cli_unknown_by(tmp_path: Path) -> None:
    write_sweep(tmp_path / "sweep")
    proc = run_cli(str(tmp_path / "sweep"), "--by", "nope", "--no-calibration")
    assert proc.returncode == 2 and "unknown --by column 'nope'" in proc.stderr
