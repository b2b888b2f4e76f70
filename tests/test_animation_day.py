"""The working day drawn in sub-frames: teams walk their routes, idle houses open, rings show work."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure

from analysis.animate import AnimationOptions, day_frames, make_animation, step_day
from analysis.animation_day import SubFrame, route_point, sub_frame_progress, team_points
from analysis.animation_rings import ring_labels, zone_work
from analysis.drawing import _static, draw_map
from analysis.drawing_style import HOUSE_STYLES, HouseStatus
from sim.cli.compose import compose_params
from sim.model import CampaignModel

WAR_NOW = ("strategy.trigger.mode=day", "strategy.trigger.day=0",
           "strategy.trigger.mobilisation_delay_days=0", "strategy.workforce.training_days=0")


@pytest.fixture(scope="module")
def opened_day():
    """A model whose teams open idle houses (three_person_team), just after a day on which a team opened an
    idle house that was not its first stop, with what it showed that morning."""
    model = CampaignModel(compose_params(["village=small", "seed=2", "days=40", "strategy=three_person_team",
                                          *WAR_NOW]))
    for _ in range(40):
        starts = step_day([model])
        opened = starts[0].locked & ~model.hh_locked
        v = model.village
        for team in model.campaign.teams:
            cells = team.route[2:]  # not the first stop: earlier sub-frames show it still locked
            hh = np.flatnonzero(opened & np.isin(v.hh_cell, cells) & ~np.isin(v.hh_cell, team.route[:2]))
            if hh.size:
                return model, starts, team, int(hh[0])
    pytest.fail("no idle house opened in 40 days")


def house_face(ax, xy: np.ndarray) -> tuple:
    """(face RGBA, edge width) of the house square drawn at ``xy``."""
    for coll in ax.collections:
        offsets = np.asarray(coll.get_offsets())
        if offsets.ndim == 2 and len(offsets) and coll.get_paths():
            hit = np.flatnonzero(np.all(np.isclose(offsets, xy), axis=1))
            if hit.size and coll.get_zorder() in (3, 5):
                faces = coll.get_facecolors()
                face = tuple(faces[hit[0] % len(faces)]) if len(faces) else ()
                return face, float(np.atleast_1d(coll.get_linewidths())[0])
    raise AssertionError(f"no house drawn at {xy}")


def test_route_point_moves_along_the_route_and_ends_at_its_last_cell():
    height = 10
    route = [0 * height + 0, 3 * height + 0, 3 * height + 4, 1 * height + 4]
    points = [route_point(route, height, f) for f in (0.0, *sub_frame_progress(6))]
    assert points[0] == (0.0, 0.0)
    assert points[-1] == (1.0, 4.0)  # the last cell
    steps = np.diff(np.asarray(points), axis=0)
    assert (np.abs(steps).sum(axis=1) > 0).all()  # it moves in every sub-frame
    assert route_point([height + 2], height, 0.5) == (1.0, 2.0)  # a team with no items stays put


def test_teams_walk_their_real_routes_in_sub_frames(opened_day):
    model, _, team, _ = opened_day
    height = model.village.height
    seen = [team_points([team], height, f)[team.team_id] for f in sub_frame_progress(4)]
    assert len(set(seen)) == 4  # a new place in each sub-frame
    assert seen[-1] == tuple(float(c) for c in divmod(team.route[-1], height))
    assert seen[-1] == tuple(float(c) for c in team.members[0].position)  # where the model left it


def test_an_opened_idle_house_is_drawn_differently_and_only_once_reached(opened_day):
    model, starts, _, house = opened_day
    fig = Figure(figsize=(8, 8))
    ax = fig.add_axes((0, 0, 1, 1))
    xy = _static(model).house_xy[house]
    still_locked = np.flatnonzero(model.hh_locked)
    frames = day_frames([model], starts, 8)
    draw_map(ax, model, legend=None, sub=frames[0][0])  # early morning: not reached yet
    morning = house_face(ax, xy)
    draw_map(ax, model, legend=None, sub=frames[-1][0])  # end of the day: opened
    evening = house_face(ax, xy)
    locked = house_face(ax, _static(model).house_xy[still_locked[0]])
    assert evening != morning
    assert morning == locked
    assert HOUSE_STYLES[HouseStatus.IDLE_OPENED][1:] != HOUSE_STYLES[HouseStatus.IDLE_LOCKED][1:]


def test_the_clock_shows_the_date_and_time_within_the_day(opened_day):
    model, starts, _, _ = opened_day
    fig = Figure(figsize=(8, 8))
    ax = fig.add_axes((0, 0, 1, 1))
    titles = []
    for subs in day_frames([model], starts, 2):
        draw_map(ax, model, legend=None, sub=subs[0])
        titles.append(ax.texts[-1].get_text())
    assert titles[0] != titles[1]
    assert str(model.params.season.start.year) in titles[0] and ":" in titles[0]
    draw_map(ax, model, legend=None, sub=SubFrame())  # one frame a day: the date, no time
    assert ":" not in ax.texts[-1].get_text()


def test_rings_without_work_are_not_drawn():
    working = compose_params(["strategy=ring_zoning"])
    idle_outer = compose_params(["strategy=ring_zoning", "strategy.targeting.outer_work=[]"])
    assert all(zone_work(working))
    assert zone_work(idle_outer)[2] == () and ring_labels(idle_outer)[2] is None
    assert "house visits" in ring_labels(working)[0]
    counts = []
    for params in (working, idle_outer):
        model = CampaignModel(compose_params(["village=small", "seed=1", "days=40", "strategy=ring_zoning",
                                              "outbreak.seed_infections=10", *WAR_NOW,
                                              *(["strategy.targeting.outer_work=[]"]
                                                if params is idle_outer else [])]))
        while not model.campaign.rings:
            model.step()
        fig = Figure(figsize=(8, 8))
        ax = fig.add_axes((0, 0, 1, 1))
        draw_map(ax, model, legend="right")
        counts.append(sum(isinstance(c, PatchCollection) for c in ax.collections))
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert any(label.startswith("outer circle") for label in labels) == (params is working)
    assert counts == [4, 3]  # core fill + three circles; without the outer circle


def test_sub_frames_per_day_multiply_the_frames_and_a_still_is_one_png(tmp_path):
    out = tmp_path / "walk"
    stats = make_animation(AnimationOptions(overrides=["village=small", "seed=1", "days=2"], out=out,
                                            steps_per_day=2, gif_width=320))
    assert stats.frames == 4
    still = tmp_path / "still"
    make_animation(AnimationOptions(overrides=["village=small", "seed=1", "days=3"], out=still,
                                    frame=(2, 1)))
    assert [p.name for p in still.iterdir()] == ["still_day2_1.png"]
