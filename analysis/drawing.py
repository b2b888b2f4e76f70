"""The village map drawn by the trainers' tools: one day of a running model in one axes.

Both the animation export (:mod:`analysis.animate`) and the interactive page
(:mod:`analysis.app`) draw a running :class:`sim.model.CampaignModel` through
:func:`draw_map`, so a video frame and the live page always look the same.

The map shows mosquito density as a heat layer, households coloured by the
worst infection state of their residents (:func:`household_status`), idle
(vacant) houses, breeding sites holding water or larvae, homes with a reported
case, the campaign's staff by role, teams, and the ring areas drawn around
cases, with a scale bar. Colours, markers and the legend come from
:mod:`analysis.drawing_style`; :func:`clear_axes` and :func:`axes_title` are
shared with the side panel (:mod:`analysis.side_panel`).

Only matplotlib's object API is used (``Figure``, ``Axes``), never pyplot, so
the helpers are safe in a web server thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import PowerNorm
from matplotlib.patches import Circle

from analysis.drawing_style import (
    DENSITY_CMAP,
    FONT,
    HOUSE_STYLES,
    OTHER_STAFF_STYLE,
    REPORTED_STYLE,
    RING_STYLES,
    SITE_STYLES,
    STAFF_STYLES,
    TEAM_STYLE,
    HouseStatus,
    legend_handles,
)
from sim.campaign.staff import StaffMember
from sim.humans import HumanState

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.model import CampaignModel

__all__ = ["axes_title", "clear_axes", "draw_map", "household_status"]

_SLOTS = np.array([(-0.22, -0.22), (0.22, -0.22), (-0.22, 0.22), (0.22, 0.22)])
_STAFF_OFFSET = {"cadre": (-0.28, 0.3), "grid_worker": (0.0, 0.34), "medic": (0.28, 0.3)}
_OTHER_OFFSET = (0.0, -0.3)
# A household shows its residents' worst state: infectious > exposed > recovered > susceptible.
_SEVERITY = {HumanState.SUSCEPTIBLE: HouseStatus.HEALTHY, HumanState.RECOVERED: HouseStatus.RECOVERED,
             HumanState.EXPOSED: HouseStatus.EXPOSED, HumanState.INFECTIOUS: HouseStatus.INFECTIOUS}
_RANK = np.zeros(max(HumanState) + 1, dtype=np.int8)
_RANK[list(_SEVERITY)] = np.arange(len(_SEVERITY))
_RANK_TO_STATUS = np.array(list(_SEVERITY.values()), dtype=np.int8)


@dataclass
class _Static:
    """What does not change during a run: marker positions, group borders, colour scale."""

    house_xy: np.ndarray
    borders: np.ndarray
    density_max: float


_STATIC: WeakKeyDictionary[CampaignModel, _Static] = WeakKeyDictionary()


def _static(model: CampaignModel) -> _Static:
    cached = _STATIC.get(model)
    if cached is not None:
        return cached
    v = model.village
    # Up to four houses share a cell: give each its own corner of the cell.
    order = np.argsort(v.hh_cell, kind="stable")
    first = np.searchsorted(v.hh_cell[order], v.hh_cell[order])
    slot = np.empty(v.n_households, dtype=int)
    slot[order] = (np.arange(v.n_households) - first) % len(_SLOTS)
    house_xy = np.column_stack([v.hh_x, v.hh_y]).astype(float) + _SLOTS[slot]
    groups = v.group_of_cell.reshape(v.width, v.height)
    segs = [((x + 0.5, y - 0.5), (x + 0.5, y + 0.5))
            for x, y in zip(*np.nonzero(groups[1:, :] != groups[:-1, :]), strict=True)]
    segs += [((x - 0.5, y + 0.5), (x + 0.5, y + 0.5))
             for x, y in zip(*np.nonzero(groups[:, 1:] != groups[:, :-1]), strict=True)]
    density = model.mosquitoes.density()
    top = float(np.quantile(density[density > 0], 0.99)) if np.any(density > 0) else 1.0
    static = _Static(house_xy, np.array(segs, dtype=float).reshape(-1, 2, 2), max(5.0, 1.5 * top))
    _STATIC[model] = static
    return static


def household_status(model: CampaignModel) -> np.ndarray:
    """The :class:`HouseStatus` code of every household (true state, for teaching)."""
    v = model.village
    pop = model.population
    rank = np.zeros(v.n_households, dtype=np.int8)
    np.maximum.at(rank, pop.household, _RANK[pop.state])
    status = _RANK_TO_STATUS[rank].astype(np.int8)
    locked = np.fromiter((h.locked for h in model.households), dtype=bool, count=v.n_households)
    status[v.hh_idle & locked] = HouseStatus.IDLE_LOCKED
    status[v.hh_idle & ~locked] = HouseStatus.IDLE_OPENED
    return status


def _points_per_cell(ax: Axes, cells: int) -> float:
    fig = ax.get_figure()
    width_in = ax.get_position().width * fig.get_figwidth()
    height_in = ax.get_position().height * fig.get_figheight()
    return 72.0 * min(width_in, height_in) / cells


def _scale_bar(ax: Axes, model: CampaignModel) -> None:
    v = model.village
    span_m = v.width * v.cell_size_m / 5
    length_m = max((n for n in (25, 50, 100, 200, 250, 500, 1000, 2000) if n <= span_m), default=25)
    cells = length_m / v.cell_size_m
    x0, y0 = 0.5, 0.6
    ax.plot([x0, x0 + cells], [y0, y0], color="black", lw=4, solid_capstyle="butt", zorder=9)
    ax.text(x0 + cells / 2, y0 + 0.5, f"{length_m:g} m", ha="center", va="bottom",
            fontsize=FONT["tick"], zorder=9,
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none", "pad": 1})


def _draw_sites(ax: Axes, model: CampaignModel, size: float) -> None:
    v = model.village
    s = model.sites
    positive = np.bincount(s.cell[s.positive()], minlength=v.n_cells)
    wet = np.bincount(s.cell[s.wet], minlength=v.n_cells)
    for key, cells in (("wet", np.flatnonzero((wet > 0) & (positive == 0))),
                       ("positive", np.flatnonzero(positive > 0))):
        _, marker, face, edge = SITE_STYLES[key]
        x, y = v.cell_xy(cells)
        ax.scatter(x + 0.3, y + 0.3, s=size, marker=marker, c=face, edgecolors=edge, linewidths=0.9,
                   zorder=4)


def _draw_staff(ax: Axes, model: CampaignModel, size: float) -> None:
    staff = [a for a in model.agents if isinstance(a, StaffMember)]
    styles = [(role in STAFF_STYLES, role, style) for role, style in STAFF_STYLES.items()]
    styles.append((False, None, OTHER_STAFF_STYLE))
    for listed, role, (_, marker, face, edge) in styles:
        for duty, alpha in ((False, 0.35), (True, 1.0)):
            pts = [a.position for a in staff if bool(a.on_duty) == duty
                   and (a.role == role if listed else a.role not in STAFF_STYLES)]
            if not pts:
                continue
            xy = np.asarray(pts, dtype=float) + (_STAFF_OFFSET[role] if listed else _OTHER_OFFSET)
            scale = 1.0 if duty else 0.6
            ax.scatter(xy[:, 0], xy[:, 1], s=size * scale, marker=marker, c=face, edgecolors=edge,
                       linewidths=0.9, alpha=alpha, zorder=7)
    for team in model.campaign.teams:
        pts = [m.position for m in team.members]
        if not pts:
            continue
        xy = np.asarray(pts, dtype=float)
        if len({tuple(p) for p in pts}) > 1:
            ax.plot(xy[:, 0], xy[:, 1], color=TEAM_STYLE[1], lw=1.0, alpha=0.7, zorder=6)
        ax.add_patch(Circle((xy[0, 0], xy[0, 1] + 0.15), 0.75, fill=False, ec=TEAM_STYLE[1],
                            lw=1.5, zorder=6))


def _draw_rings(ax: Axes, model: CampaignModel) -> None:
    rings = model.campaign.rings
    if not rings:
        return
    cell_m = model.village.cell_size_m
    for k, (_, colour, style, width, alpha, fill) in enumerate(RING_STYLES):
        circles = [Circle((r.x, r.y), r.radii_m[k] / cell_m) for r in rings
                   if len(r.radii_m) > k and r.radii_m[k] > 0]
        if fill:
            ax.add_collection(PatchCollection(circles, facecolor=colour, edgecolor="none",
                                              alpha=fill, zorder=2))
        ax.add_collection(PatchCollection(circles, facecolor="none", edgecolor=colour, alpha=alpha,
                                          linestyle=style, linewidth=width, zorder=8))
    ax.scatter([r.x for r in rings], [r.y for r in rings], marker="+", c=RING_STYLES[0][1], s=90,
               linewidths=2, zorder=8)


def draw_map(ax: Axes, model: CampaignModel, *, legend: str | None = "right",
             density_max: float | None = None, title: str | None = None) -> None:
    """Draw the village map of ``model`` today into ``ax``, replacing what it showed before.

    Args:
        ax: target axes; its figure size sets the marker sizes.
        model: a running model (``model.update_layers()`` is called here).
        legend: ``"right"`` or ``"below"`` the map, or None for no legend (see
            :func:`legend_handles` to place one elsewhere).
        density_max: adult females per cell at the darkest colour; by default a
            value fixed at the model's first drawing (so colours compare over time).
        title: axes title; by default ``<strategy> - Day <day>``.
    """
    v = model.village
    static = _static(model)
    model.update_layers()
    clear_axes(ax)
    extent = (-0.5, v.width - 0.5, -0.5, v.height - 0.5)
    vmax = density_max if density_max is not None else static.density_max
    ax.imshow(model.grid.mosquito_density.data.T, origin="lower", extent=extent, cmap=DENSITY_CMAP,
              norm=PowerNorm(0.5, vmin=0.0, vmax=vmax), alpha=0.75, interpolation="nearest", zorder=0)
    if static.borders.size:
        ax.add_collection(LineCollection(static.borders, colors="#8c8c8c", linewidths=0.8,
                                         linestyles="--", zorder=1))
    ppc = _points_per_cell(ax, max(v.width, v.height))
    house_size = (0.42 * ppc) ** 2
    status = household_status(model)
    for code, (_, face, edge) in HOUSE_STYLES.items():
        pick = status == code
        if pick.any():
            xy = static.house_xy[pick]
            ax.scatter(xy[:, 0], xy[:, 1], s=house_size, marker="s", c=face, edgecolors=edge,
                       linewidths=0.6, zorder=3 if code == HouseStatus.HEALTHY else 5)
    reported = np.flatnonzero(model.surveillance.last_case_day >= 0)
    if reported.size:
        xy = static.house_xy[reported]
        ax.scatter(xy[:, 0], xy[:, 1], s=(0.75 * ppc) ** 2, marker="o", c="none",
                   edgecolors=REPORTED_STYLE[1], linewidths=1.6, zorder=5)
    _draw_sites(ax, model, (0.38 * ppc) ** 2)
    _draw_rings(ax, model)
    _draw_staff(ax, model, (0.8 * ppc) ** 2)
    _scale_bar(ax, model)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    axes_title(ax, title if title is not None else f"{model.params.strategy.name} - Day {model.day}",
               FONT["title"], x=0.5, ha="center", fontweight="bold")
    if legend == "right":
        ax.legend(handles=legend_handles(), loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  fontsize=FONT["legend"], frameon=False, borderaxespad=0.0)
    elif legend == "below":
        ax.legend(handles=legend_handles(), loc="upper center", bbox_to_anchor=(0.5, -0.02),
                  ncol=3, fontsize=FONT["legend"], frameon=False)


def clear_axes(ax: Axes) -> None:
    """Remove what was drawn but keep the axes' ticks and settings (much faster than ``cla``)."""
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()


def axes_title(ax: Axes, text: str, size: int, **kwargs: object) -> None:
    """Write ``text`` above ``ax`` (``x``, ``ha`` and text properties in ``kwargs``).

    A plain text rather than ``set_title()``, which measures the tick labels on every draw (slow).
    """
    ax.text(kwargs.pop("x", 0.0), 1.015, text, transform=ax.transAxes, va="bottom",
            ha=kwargs.pop("ha", "left"), fontsize=size, **kwargs)
