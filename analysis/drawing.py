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
from matplotlib.collections import LineCollection
from matplotlib.colors import PowerNorm

from analysis.animation_day import SubFrame, clock_text
from analysis.animation_rings import draw_rings, ring_labels
from analysis.animation_work import draw_work, pending_cells
from analysis.drawing_style import (
    DENSITY_ALPHA,
    DENSITY_GAMMA,
    DENSITY_QUANTILE,
    FONT,
    HOUSE_STYLES,
    OPENED_EDGE_WIDTH,
    REPORTED_STYLE,
    HouseStatus,
    density_cmap,
    legend_handles,
)
from sim.humans import HumanState

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.model import CampaignModel

__all__ = ["axes_title", "clear_axes", "density_scale", "draw_map", "household_status"]

_SLOTS = np.array([(-0.22, -0.22), (0.22, -0.22), (-0.22, 0.22), (0.22, 0.22)])
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
    static = _Static(house_xy, np.array(segs, dtype=float).reshape(-1, 2, 2), density_scale(model))
    _STATIC[model] = static
    return static


def density_scale(model: CampaignModel) -> float:
    """Adult females per cell at the darkest shade for ``model`` today: the
    :data:`DENSITY_QUANTILE` of the cells with mosquitoes, at least 5."""
    density = model.mosquitoes.density()
    top = float(np.quantile(density[density > 0], DENSITY_QUANTILE)) if np.any(density > 0) else 1.0
    return max(5.0, top)


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


def draw_map(ax: Axes, model: CampaignModel, *, legend: str | None = "right",
             density_max: float | None = None, title: str | None = None,
             sub: SubFrame | None = None) -> None:
    """Draw the village map of ``model`` today into ``ax``, replacing what it showed before.

    Args:
        ax: target axes; its figure size sets the marker sizes.
        model: a running model (``model.update_layers()`` is called here).
        legend: ``"right"`` or ``"below"`` the map, or None for no legend (see
            :func:`legend_handles` to place one elsewhere).
        density_max: adult females per cell at the darkest colour; by default a
            value fixed at the model's first drawing (so colours compare over time).
        title: axes title; by default ``<strategy> - Day <day>, <date>[, <time>]``.
        sub: which moment of the day just simulated to draw (by default its end); teams are
            drawn along their routes and work they have not reached yet as in the morning
            (:mod:`analysis.animation_day`).
    """
    v = model.village
    sub = sub if sub is not None else SubFrame()
    static = _static(model)
    model.update_layers()
    clear_axes(ax)
    extent = (-0.5, v.width - 0.5, -0.5, v.height - 0.5)
    vmax = density_max if density_max is not None else static.density_max
    ax.imshow(model.grid.mosquito_density.data.T, origin="lower", extent=extent, cmap=density_cmap(),
              norm=PowerNorm(DENSITY_GAMMA, vmin=0.0, vmax=vmax), alpha=DENSITY_ALPHA,
              interpolation="nearest", zorder=0)
    if static.borders.size:
        ax.add_collection(LineCollection(static.borders, colors="#5c5c5c", linewidths=0.8,
                                         linestyles="--", zorder=1))
    ppc = _points_per_cell(ax, max(v.width, v.height))
    _draw_houses(ax, model, sub, static.house_xy, (0.42 * ppc) ** 2)
    reported = np.flatnonzero(model.surveillance.last_case_day >= 0)
    if reported.size:
        xy = static.house_xy[reported]
        ax.scatter(xy[:, 0], xy[:, 1], s=(0.75 * ppc) ** 2, marker="o", c="none",
                   edgecolors=REPORTED_STYLE[1], linewidths=1.6, zorder=5)
    draw_rings(ax, model)
    draw_work(ax, model, sub, static.house_xy, ppc)
    _scale_bar(ax, model)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is None:
        title = f"{model.params.strategy.name} - Day {model.day}, {clock_text(model, sub)}"
    axes_title(ax, title, FONT["title"], x=0.5, ha="center", fontweight="bold")
    if legend in ("right", "below"):
        handles = legend_handles(ring_labels(model.params), vmax)
        if legend == "right":
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                      fontsize=FONT["legend"], frameon=False, borderaxespad=0.0)
        else:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02),
                      ncol=3, fontsize=FONT["legend"], frameon=False)


def _draw_houses(ax: Axes, model: CampaignModel, sub: SubFrame, house_xy: np.ndarray,
                 size: float) -> None:
    """Household squares by status; an idle house the teams reach later today still locked."""
    status = household_status(model)
    pending = pending_cells(model, sub)
    if pending is not None and sub.start is not None:
        later = np.isin(model.village.hh_cell, pending) & sub.start.locked
        status[later] = HouseStatus.IDLE_LOCKED
    for code, (_, face, edge) in HOUSE_STYLES.items():
        pick = status == code
        if pick.any():
            xy = house_xy[pick]
            opened = code == HouseStatus.IDLE_OPENED
            ax.scatter(xy[:, 0], xy[:, 1], s=size * (0.8 if opened else 1.0), marker="s", c=face,
                       edgecolors=edge, linewidths=OPENED_EDGE_WIDTH if opened else 0.6,
                       zorder=3 if code == HouseStatus.HEALTHY else 5)


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
