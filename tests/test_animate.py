"""Animation export: MP4 and GIF with the expected frames, side-by-side mode, bad input."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import imageio.v2 as iio2
import imageio.v3 as iio3
import pytest

from analysis.animate import FRAME_PX, AnimationOptions, frame_days, main, make_animation, parse_args
from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


def run_animate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis.animate", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def count_frames(folder: Path, stem: str) -> tuple[int, int, tuple[int, int]]:
    """Frames of the MP4 and of the GIF, and the MP4's (width, height), read back with imageio."""
    reader = iio2.get_reader(folder / f"{stem}.mp4")
    try:
        mp4_frames = reader.count_frames()
        size = tuple(reader.get_meta_data()["size"])
    finally:
        reader.close()
    gif = iio3.imread(folder / f"{stem}.gif", index=None)
    return mp4_frames, gif.shape[0], size


def test_cli_writes_mp4_and_gif_with_one_frame_per_day(tmp_path):
    proc = run_animate("village=small", "seed=1", "days=6", "every=1", "--fps", "4", "steps_per_day=1",
                       cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "outputs" / "animations" / "baseline_s1"  # default folder, relative to cwd
    mp4, gif, size = count_frames(folder, "baseline_s1")
    assert (mp4, gif) == (6, 6)
    assert size == FRAME_PX[1]
    assert (folder / "baseline_s1_last.png").stat().st_size > 0
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary files left
    assert "s per frame" in proc.stdout


def test_every_n_days_per_frame_keeps_the_last_day(tmp_path):
    out = tmp_path / "clip"
    stats = make_animation(AnimationOptions(overrides=["village=small", "seed=2", "days=5"], every=2,
                                            out=out, gif_width=320, steps_per_day=1))
    assert stats.frames == 3  # days 2, 4 and the last day 5
    mp4, gif, _ = count_frames(out, "clip")
    assert (mp4, gif) == (3, 3)
    assert iio3.imread(out / "clip.gif", index=0).shape[1] == 320


def test_side_by_side_compares_two_strategies_with_one_seed(tmp_path):
    names = config_groups(CONFIG_DIR)["strategy"]
    pair = ("baseline", next((n for n in names if n != "baseline"), "baseline"))
    out = tmp_path / "pair"
    stats = make_animation(AnimationOptions(overrides=["village=small", "seed=1", "days=2"],
                                            compare=pair, out=out, steps_per_day=1))
    assert stats.frames == 2
    mp4, gif, size = count_frames(out, "pair")
    assert (mp4, gif) == (2, 2)
    assert size == FRAME_PX[2]


def test_default_folder_names_both_strategies(tmp_path):
    proc = run_animate("compare=baseline,baseline", "village=small", "seed=4", "days=1", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "outputs/animations/baseline_vs_baseline_s4/baseline_vs_baseline_s4.mp4").is_file()


@pytest.mark.parametrize("args", [
    ("village=small", "no_such_key=1"),
    ("village=small", "seed=-1"),
    ("village=small", "fps=0"),
    ("village=small", "--every", "two"),
    ("compare=baseline", "village=small"),
    ("village=small", "--frobnicate"),
    ("village=small", "steps_per_day=0"),
    ("village=small", "--steps-per-day", "many"),
    ("village=small", "frame=3:9"),
    ("village=small", "days=5", "--frame", "6"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path, monkeypatch, capsys, args):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "never"
    with pytest.raises(SystemExit) as exc:
        main([*args, "--out", str(out)])
    assert exc.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), lines
    assert not out.exists()
    assert not (tmp_path / "outputs").exists()


def test_cli_bad_override_exits_2_without_output(tmp_path):
    proc = run_animate("village=nowhere", "days=3", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: village='nowhere'") and len(proc.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_options_parse_in_both_forms():
    opts = parse_args(["village=small", "fps=8", "--every", "3", "--days", "9", "out=x",
                       "compare=baseline,routine", "gif_width=400", "--steps-per-day", "3", "frame=4:2"])
    assert opts.fps == 8 and opts.every == 3 and opts.gif_width == 400
    assert opts.steps_per_day == 3 and opts.frame == (4, 2)
    assert parse_args(["frame=5"]).frame == (5, parse_args([]).steps_per_day)  # the end of the day
    assert opts.out == Path("x") and opts.compare == ("baseline", "routine")
    assert opts.overrides == ["village=small", "days=9"]
    with pytest.raises(ConfigError, match="not both"):
        parse_args(["compare=baseline,routine", "strategy=baseline"])


def test_frame_days():
    assert frame_days(6, 1) == [1, 2, 3, 4, 5, 6]
    assert frame_days(7, 3) == [3, 6, 7]
    assert frame_days(1, 5) == [1]


def test_drawing_shows_households_rings_and_teams(small):
    from matplotlib.collections import PatchCollection
    from matplotlib.figure import Figure

    from analysis.drawing import draw_map, household_status
    from analysis.drawing_style import HouseStatus
    from analysis.side_panel import draw_side_panel, status_lines
    from sim.campaign.rings import RingArea
    from sim.campaign.staff import StaffMember
    from sim.campaign.teams import Team
    from sim.humans import HumanState
    from sim.model import CampaignModel

    model = CampaignModel(small("seed=3", "days=5"))
    model.step()
    occupied = int(next(i for i in range(model.village.n_households) if not model.village.hh_idle[i]))
    model.population.state[model.population.household == occupied] = HumanState.SUSCEPTIBLE
    model.population.state[next(iter(model.households[occupied].people))] = HumanState.INFECTIOUS
    status = household_status(model)
    assert status[occupied] == HouseStatus.INFECTIOUS
    assert set(status[model.village.hh_idle]) <= {HouseStatus.IDLE_LOCKED, HouseStatus.IDLE_OPENED}

    fig = Figure(figsize=(12, 6))
    ax = fig.add_axes((0.0, 0.0, 0.5, 1.0))
    draw_map(ax, model)  # nothing from the campaign yet: no rings, maybe no teams
    plain = len(ax.collections)
    staff = [a for a in model.agents if isinstance(a, StaffMember)][:3]
    ring = RingArea(occupied, 10, 12, 100.0, 300.0, 500.0, 0, 0, 25)
    model.campaign = SimpleNamespace(rings=[ring], teams=[Team(0, staff, "three_person")],
                                     last_visit_day=model.campaign.last_visit_day)
    model.params = dataclasses.replace(model.params, strategy=compose_params(
        ["strategy=ring_zoning"]).strategy, team_shapes=compose_params(["strategy=ring_zoning"]).team_shapes)
    draw_map(ax, model)
    assert sum(isinstance(c, PatchCollection) for c in ax.collections) == 4  # core fill + 3 circles
    assert len(ax.collections) > plain
    draw_side_panel([fig.add_axes((0.6, 0.1 + 0.2 * k, 0.35, 0.15)) for k in range(4)], [model, model])
    assert status_lines(model)[0] == "Day 1 of 5"
    assert "rings open: 1" in " ".join(status_lines(model))
