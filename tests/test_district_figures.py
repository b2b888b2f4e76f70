"""District figures and the district animation (analysis.district_figures, analysis.district_animation).

One tiny district run (4 villages in 2 towns, 40 days from 16 June 2025, the Shunde
strategy with an early trigger) is written once into a temporary folder; the figures are
checked on the returned Figure objects, the command lines on their exit status, their one
``error:`` line and the files they leave (none on bad input).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from PIL import Image

from analysis import district_animation, district_figures
from analysis.district_animation import FRAME_PX, frame_days
from analysis.district_figures import (
    CASES_CMAP,
    district_map,
    district_risk,
    district_towns,
    make_district_figures,
    observations_in_run,
)
from analysis.district_run import DistrictRun, default_days, load_district
from sim.cli.compose import compose_params
from sim.outputs import write_run
from sim.simulate import simulate

TINY = ("district=demo", "district.villages=4", "district.towns=2", "district.residents=2400",
        "district.command.organisations=2", "district.command.echelon_per_day=12", "days=40",
        "strategy=shunde_2025", "strategy.trigger.case_threshold=2", "outbreak.seed_infections=6")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district_run")
    write_run(simulate(compose_params(list(TINY))), folder)
    return folder


@pytest.fixture(scope="module")
def run(run_dir: Path) -> DistrictRun:
    return load_district(run_dir)


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_default_out_gets_three_figures_and_leaves_the_run_alone(run_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    before = _listing(run_dir)
    monkeypatch.chdir(tmp_path)
    paths = make_district_figures(run_dir)
    out = tmp_path / "outputs" / "district_figures" / run_dir.name
    names = {f"district_{n}.{e}" for n in ("map", "towns", "risk") for e in ("png", "svg")}
    assert {p.name for p in paths} == names
    for path in paths:
        assert (tmp_path / path).parent == out and (tmp_path / path).stat().st_size > 10_000
    with Image.open(out / "district_map.png") as img:
        assert img.width > img.height > 500
    assert _listing(run_dir) == before


def test_map_has_two_rows_of_panels_and_a_colour_bar(run: DistrictRun) -> None:
    fig = district_map(run, [5, 20, 39])
    maps = [ax for ax in fig.axes if ax.get_title()]
    assert len(maps) == 6 and len(fig.axes) == 7
    assert maps[0].get_title() == "Day 5 · 21 Jun 2025" and maps[5].get_title() == "Day 39 · 25 Jul 2025"
    assert all(len(ax.collections[0].get_offsets()) == len(run.places) for ax in maps)


def test_map_lights_up_as_the_epidemic_spreads(run: DistrictRun) -> None:
    first, last = int(run.days[0]), int(run.days[-1])
    fig = district_map(run, [first, last])
    early, late = (fig.axes[k].collections[0].get_facecolors() for k in (0, 1))
    blank = matplotlib.colormaps[CASES_CMAP](0.0)
    assert np.allclose(early, blank)  # no case reported on day 0
    assert not np.allclose(late, early)
    risk_early, risk_late = (fig.axes[k].collections[0].get_facecolors() for k in (2, 3))
    assert not np.allclose(risk_early, risk_late)  # Breteau index falls once the campaign starts


def test_default_days_are_three_days_inside_the_run(run: DistrictRun) -> None:
    days = default_days(run)
    assert len(days) == 3 and days == sorted(set(days))
    assert run.days[0] <= days[0] and days[-1] <= run.days[-1]


def test_towns_figure_has_a_line_per_town_and_the_district(run: DistrictRun) -> None:
    fig = district_towns(run)
    assert len(fig.axes) == 1
    assert len(fig.axes[0].get_lines()) == run.places["town"].nunique() + 1


def _markers(run: DistrictRun) -> set[str]:
    fig = district_risk(run)
    return {line.get_gid() for line in fig.axes[0].get_lines() if line.get_gid()}


def test_risk_markers_appear_only_for_dates_in_the_run(run: DistrictRun) -> None:
    assert run.start == dt.date(2025, 6, 16)  # no .hydra/config.yaml: the default start
    assert _markers(run) == {"foshan 20 Jul: 90% below high", "foshan 20 Jul: 33% safe"}  # 28 Jul is day 42
    assert _markers(dataclasses.replace(run, start=dt.date(2025, 7, 21))) == {"foshan 28 Jul: 78% safe"}
    assert _markers(dataclasses.replace(run, start=dt.date(2025, 9, 1))) == set()
    assert observations_in_run(dataclasses.replace(run, start=dt.date(2025, 9, 1))) == []
    fig = district_risk(run)
    assert len(fig.axes) == 2  # shares and, on the right, villages affected


def test_start_date_comes_from_the_hydra_config(run_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    (copy / ".hydra").mkdir()
    (copy / ".hydra" / "config.yaml").write_text("days: 40\nseason:\n  start_date: '2025-07-21'\n")
    assert load_district(copy).start == dt.date(2025, 7, 21)
    assert load_district(copy).name == "district demo, shunde_2025"  # from summary.json
    (copy / "summary.json").unlink()
    assert load_district(copy).name == "run"  # the folder's name


@pytest.fixture(scope="module")
def single_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("single_run")
    write_run(simulate(compose_params(["village=small", "days=3"])), folder)
    return folder


@pytest.mark.parametrize("case", ["missing", "single", "late_day", "bad_day", "out_inside"])
def test_figures_cli_bad_input_is_one_line_and_writes_nothing(
        case: str, run_dir: Path, single_run: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figs"
    argv = {"missing": [str(tmp_path / "nowhere"), "--out", str(out)],
            "single": [str(single_run), "--out", str(out)],
            "late_day": [str(run_dir), "--days", "5,40", "--out", str(out)],
            "bad_day": [str(run_dir), "--days", "5,x", "--out", str(out)],
            "out_inside": [str(run_dir), "--out", str(run_dir / "figs")]}[case]
    before = _listing(run_dir)
    with pytest.raises(SystemExit) as exc:
        district_figures.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1
    assert not out.exists() and _listing(run_dir) == before
    assert {"missing": "no such", "single": "not a district run", "late_day": "day 40 is outside",
            "bad_day": "whole days", "out_inside": "inside the run folder"}[case] in err


def test_animation_gif_has_a_frame_every_fifth_day(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "anim" / "tiny.gif"
    assert district_animation.main([str(run_dir), "--out", str(out), "--every", "5", "--fps", "4"]) == 0
    expected = frame_days(range(40), 5)
    assert expected == [0, 5, 10, 15, 20, 25, 30, 35, 39]
    with Image.open(out) as gif:
        assert gif.n_frames == len(expected) and gif.size == FRAME_PX
    assert [p.name for p in out.parent.iterdir()] == ["tiny.gif"]  # no temporary file left


def test_animation_mp4(run_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("imageio_ffmpeg")
    out = tmp_path / "tiny.mp4"
    assert district_animation.main([str(run_dir), "--out", str(out), "--every", "10"]) == 0
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("case", ["missing", "single", "avi", "fps", "inside"])
def test_animation_cli_bad_input_is_one_line_and_writes_nothing(
        case: str, run_dir: Path, single_run: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "anim" / "a.gif"
    argv = {"missing": [str(tmp_path / "nowhere"), "--out", str(out)],
            "single": [str(single_run), "--out", str(out)],
            "avi": [str(run_dir), "--out", str(out.with_suffix(".avi"))],
            "fps": [str(run_dir), "--out", str(out), "--fps", "0"],
            "inside": [str(run_dir), "--out", str(run_dir / "a.gif")]}[case]
    before = _listing(run_dir)
    with pytest.raises(SystemExit) as exc:
        district_animation.main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and err.count("\n") == 1
    assert not out.parent.exists() and _listing(run_dir) == before
