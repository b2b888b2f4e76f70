"""The day's field work on the map: staff and teams along their routes, houses visited, water emptied.

:func:`draw_work` draws, for one :class:`~analysis.animation_day.SubFrame` of the
day just simulated: the breeding sites (those in cells a team has not reached
yet as they were in the morning), a cross where a container lost its water
today, a tick on each house visited so far today, the staff (members of a visit
team at their team's point along its route, the others where they are) and,
for each team at work, a circle and its last steps. Styles come from
:mod:`analysis.drawing_style`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.patches import Circle

from analysis.animation_day import SubFrame, reached_legs, route_point, visited_cells
from analysis.drawing_style import (
    CLEARED_STYLE,
    OTHER_STAFF_STYLE,
    ROUTE_STYLE,
    ROUTE_TRAIL_LEGS,
    SITE_STYLES,
    STAFF_STYLES,
    TEAM_STYLE,
    VISITED_STYLE,
)
from sim.campaign.staff import StaffMember

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.model import CampaignModel

__all__ = ["draw_work", "pending_cells", "visited_today"]

_STAFF_OFFSET = {"cadre": (-0.28, 0.3), "grid_worker": (0.0, 0.34), "medic": (0.28, 0.3)}
_OTHER_OFFSET = (0.0, -0.3)


def pending_cells(model: CampaignModel, sub: SubFrame) -> np.ndarray | None:
    """Cells the teams reach later today (their work is not drawn yet), or None at the end of day."""
    if sub.final:
        return None
    teams = model.campaign.teams
    ahead = [c for t in teams for c in t.route[1 + reached_legs(t.route, sub.progress):]]
    pending = np.setdiff1d(np.asarray(ahead, dtype=np.int64), visited_cells(teams, sub.progress))
    return pending


def visited_today(model: CampaignModel, sub: SubFrame) -> np.ndarray:
    """Households visited today whose visit is drawn in this sub-frame."""
    last = model.campaign.last_visit_day
    # without a morning copy: the campaign works day ``model.day - 1`` (the model counts days done)
    today = last > sub.start.last_visit_day if sub.start is not None else last == model.day - 1
    pending = pending_cells(model, sub)
    if pending is not None:
        today &= ~np.isin(model.village.hh_cell, pending)
    return np.flatnonzero(today)


def _sites(model: CampaignModel, sub: SubFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(wet, positive, emptied today) per site as drawn in this sub-frame."""
    s = model.sites
    wet, positive = s.wet.copy(), s.positive()
    start = sub.start
    if start is None:
        return wet, positive, np.zeros_like(wet)
    if not sub.final:  # sites in cells the teams reach later, and water that dries by evening,
        later = ~np.isin(s.cell, visited_cells(model.campaign.teams, sub.progress))
        wet[later], positive[later] = start.wet[later], start.positive[later]
    return wet, positive, start.wet & ~wet


def _draw_sites(ax: Axes, model: CampaignModel, sub: SubFrame, size: float) -> None:
    v = model.village
    cell = model.sites.cell
    wet, positive, emptied = _sites(model, sub)
    n_pos = np.bincount(cell[positive & wet], minlength=v.n_cells)
    n_wet = np.bincount(cell[wet], minlength=v.n_cells)
    for key, cells in (("wet", np.flatnonzero((n_wet > 0) & (n_pos == 0))),
                       ("positive", np.flatnonzero(n_pos > 0))):
        _, marker, face, edge = SITE_STYLES[key]
        x, y = v.cell_xy(cells)
        ax.scatter(x + 0.3, y + 0.3, s=size, marker=marker, c=face, edgecolors=edge, linewidths=1.2,
                   zorder=4)
    gone = np.flatnonzero(np.bincount(cell[emptied], minlength=v.n_cells) & (n_wet == 0))
    if gone.size:
        x, y = v.cell_xy(gone)
        ax.scatter(x + 0.3, y + 0.3, s=size * 0.8, marker=CLEARED_STYLE[1], c=CLEARED_STYLE[2],
                   linewidths=2.0, zorder=4)


def _draw_visited(ax: Axes, model: CampaignModel, sub: SubFrame, house_xy: np.ndarray,
                  size: float) -> None:
    visited = visited_today(model, sub)
    if visited.size:
        xy = house_xy[visited]
        ax.scatter(xy[:, 0], xy[:, 1], s=size, marker=VISITED_STYLE[1], c=VISITED_STYLE[2],
                   edgecolors="white", linewidths=0.4, zorder=6)


def _draw_staff(ax: Axes, model: CampaignModel, sub: SubFrame, size: float) -> None:
    height = model.village.height
    teams = model.campaign.teams
    drawn_at: dict[int, tuple[float, float]] = {}  # id(member) -> point along its team's route
    for team in teams:
        if len(team.route) > 1:
            point = route_point(team.route, height, sub.progress)
            drawn_at.update((id(m), point) for m in team.members)
    staff = [a for a in model.agents if isinstance(a, StaffMember)]
    styles = [(True, role, style) for role, style in STAFF_STYLES.items()]
    styles.append((False, None, OTHER_STAFF_STYLE))
    for listed, role, (_, marker, face, edge) in styles:
        for duty, alpha in ((False, 0.35), (True, 1.0)):
            pts = [drawn_at.get(id(a), a.position) for a in staff if bool(a.on_duty) == duty
                   and (a.role == role if listed else a.role not in STAFF_STYLES)]
            if not pts:
                continue
            xy = np.asarray(pts, dtype=float) + (_STAFF_OFFSET[role] if listed else _OTHER_OFFSET)
            scale = 1.0 if duty else 0.6
            ax.scatter(xy[:, 0], xy[:, 1], s=size * scale, marker=marker, c=face, edgecolors=edge,
                       linewidths=0.9, alpha=alpha, zorder=7)
    for team in teams:
        _draw_team(ax, team.route, [drawn_at.get(id(m), m.position) for m in team.members], height,
                   sub.progress)


def _draw_team(ax: Axes, route: list[int], pts: list, height: int, progress: float) -> None:
    if not pts:
        return
    if len(route) > 1:  # the path walked so far: start, cells reached, the point between two cells
        legs = reached_legs(route, progress)
        walked = [divmod(c, height) for c in route[max(legs - ROUTE_TRAIL_LEGS + 1, 0):legs + 1]]
        walked.append(route_point(route, height, progress))
        xy = np.asarray(walked, dtype=float)
        ax.plot(xy[:, 0], xy[:, 1], color=ROUTE_STYLE[1], lw=ROUTE_STYLE[2], alpha=0.75, zorder=6,
                solid_joinstyle="round")
    x, y = np.asarray(pts[0], dtype=float)
    ax.add_patch(Circle((x, y + 0.15), 0.75, fill=False, ec=TEAM_STYLE[1], lw=1.8, zorder=6))


def draw_work(ax: Axes, model: CampaignModel, sub: SubFrame, house_xy: np.ndarray,
              points_per_cell: float) -> None:
    """Draw the sites, today's visits and the staff and teams of ``sub`` (see the module docstring).

    Args:
        house_xy: drawn (x, y) of every household (cells).
        points_per_cell: size of a cell in points (sets the marker sizes).
    """
    ppc = points_per_cell
    _draw_sites(ax, model, sub, (0.42 * ppc) ** 2)
    _draw_visited(ax, model, sub, house_xy, (0.42 * ppc) ** 2)
    _draw_staff(ax, model, sub, (0.8 * ppc) ** 2)
