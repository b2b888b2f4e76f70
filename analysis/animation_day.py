"""The working day drawn in sub-frames: where each team is along its route, what it has done so far.

The model steps once per day (:meth:`sim.model.CampaignModel.step`); a video may
draw that day in several sub-frames. A :class:`SubFrame` says how far into the
working day a frame is (``progress``, 0 = the teams leave, 1 = the day's work is
done) and holds a :class:`DayStart`, what the map showed before the day's step
(locks of idle houses, water in the breeding sites, last visit days), so
that work the teams have not reached yet is drawn as it was in the morning.

Only the drawing is interpolated. Each visit team walks ``team.route`` (cells,
its start first: :func:`sim.campaign.route.work_visit_teams`) and is drawn at
``progress`` of the way along it, counted in route legs: every house costs
about the same time (entry and inspection, 15-30 min) while walking between
neighbouring cells costs about a minute, so legs are a closer measure of
time than distance. Work done at a cell (a house inspected, an idle house
opened, its containers cleared) shows from the sub-frame in which its team
has reached that cell; public sites cleaned by crews and water that dried up
change at the last sub-frame of the day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sim.campaign.teams import Team
    from sim.model import CampaignModel

__all__ = ["DayStart", "SubFrame", "clock_text", "reached_legs", "route_point", "route_progress",
           "sub_frame_progress", "team_points", "visited_cells"]

#: When the working day starts (h after midnight) for the clock of the sub-frames.
WORK_START_H = 8.0


@dataclass(frozen=True)
class DayStart:
    """What the map showed before the model's day step (copied arrays).

    Attributes:
        locked: idle houses still locked (per household).
        wet: breeding sites holding water (per site).
        positive: breeding sites with larvae or pupae (per site).
        last_visit_day: the campaign's last visit day of each household (-1: never).
    """

    locked: np.ndarray
    wet: np.ndarray
    positive: np.ndarray
    last_visit_day: np.ndarray

    @classmethod
    def capture(cls, model: CampaignModel) -> DayStart:
        """Copy the state of ``model`` that its next step may change."""
        return cls(model.hh_locked.copy(), model.sites.wet.copy(), model.sites.positive().copy(),
                   model.campaign.last_visit_day.copy())


@dataclass(frozen=True)
class SubFrame:
    """One drawing within the day just simulated.

    Attributes:
        progress: share of the working day done (0..1; 1 = end of day, today's map).
        start: the state before the day (None: draw the end of day only).
        hours: length of the working day (h), for the clock.
        timed: whether the clock shows the time of day (the day is drawn in several frames).
    """

    progress: float = 1.0
    start: DayStart | None = None
    hours: float = 8.0
    timed: bool = False

    @property
    def final(self) -> bool:
        """Whether this is the end of the day (everything done shows)."""
        return self.progress >= 1.0 or self.start is None


def sub_frame_progress(steps_per_day: int) -> list[float]:
    """Progress of each sub-frame of a day: ``1/n, 2/n, ..., 1`` (the last one is the end of day)."""
    return [k / steps_per_day for k in range(1, steps_per_day + 1)]


def route_progress(route: list[int], progress: float) -> float:
    """Position along ``route`` in legs (0 = start cell, ``len(route) - 1`` = last cell)."""
    legs = max(len(route) - 1, 0)
    return float(np.clip(progress, 0.0, 1.0)) * legs


def route_point(route: list[int], height: int, progress: float) -> tuple[float, float]:
    """(x, y) in cells of a team ``progress`` (0..1) of the way along ``route`` (cell indices
    ``x * height + y``), moving in a straight line between consecutive cells."""
    cells = np.asarray(route, dtype=np.int64)
    xs, ys = cells // height, cells % height
    pos = route_progress(route, progress)
    k = min(int(pos), len(route) - 1)
    nxt = min(k + 1, len(route) - 1)
    frac = pos - k
    return (float(xs[k] + frac * (xs[nxt] - xs[k])), float(ys[k] + frac * (ys[nxt] - ys[k])))


def reached_legs(route: list[int], progress: float) -> int:
    """How many of the route's items (cells after the start) the team has reached."""
    return int(np.floor(route_progress(route, progress) + 1e-9))


def team_points(teams: list[Team], height: int, progress: float) -> dict[int, tuple[float, float]]:
    """Drawn (x, y) of each team with a route, by ``team_id``."""
    return {t.team_id: route_point(t.route, height, progress) for t in teams if len(t.route) > 1}


def visited_cells(teams: list[Team], progress: float) -> np.ndarray:
    """Cells the teams have reached so far today (each once, unordered)."""
    cells = [c for t in teams for c in t.route[1:1 + reached_legs(t.route, progress)]]
    return np.unique(np.asarray(cells, dtype=np.int64))


def clock_text(model: CampaignModel, sub: SubFrame | None = None) -> str:
    """Calendar date of the day just simulated and, within the day, the time: ``Mon 30 Jun 2025, 10:00``.

    Day 0 is the season's ``start_date`` (:class:`sim.params.season.SeasonParams`); the working
    day runs from :data:`WORK_START_H` for ``sub.hours``.
    """
    date = model.params.season.start + dt.timedelta(days=max(model.day - 1, 0))
    text = f"{date:%a} {date.day} {date:%b %Y}"
    if sub is not None and sub.timed:
        minutes = round((WORK_START_H + sub.progress * sub.hours) * 60)
        text += f", {minutes // 60:02d}:{minutes % 60:02d}"
    return text
