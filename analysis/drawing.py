"""Drawing helpers shared by the trainers' tools: the village map and the side panel.

Both the animation export (:mod:`analysis.animate`) and the interactive page
(:mod:`analysis.app`) draw a running :class:`sim.model.CampaignModel` through
these functions, so a video frame and the live page always look the same.

The map (:func:`draw_map`) shows mosquito density as a heat layer, households
coloured by the worst infection state of their residents, idle (vacant) houses,
breeding sites holding water or larvae, homes with a reported case, the
campaign's staff by role, teams, and the ring areas drawn around cases. The
side panel (:func:`draw_side_panel`) shows the day and key numbers, the
epidemic curve so far, adult mosquitoes and the Breteau index against the
China CDC risk bands.

Only matplotlib's object API is used (``Figure``, ``Axes``), never pyplot, so
the helpers are safe in a web server thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import PowerNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch
from matplotlib.ticker import MaxNLocator

from analysis.figures import BRETEAU_BANDS as _FIGURE_BANDS
from sim.campaign.staff import StaffMember
from sim.humans import HumanState

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes

    from sim.model import CampaignModel

__all__ = [
    "BRETEAU_BANDS", "DENSITY_CMAP", "FONT", "HOUSE_STYLES", "RING_STYLES", "SERIES_COLOURS",
    "SITE_STYLES", "STAFF_STYLES", "HouseStatus", "breteau_band", "draw_map", "draw_side_panel",
    "household_status", "legend_handles", "model_label", "status_lines",
]  # fmt: skip

#: Font sizes (points) chosen to stay readable on a projector.
FONT = {"title": 17, "label": 12, "tick": 11, "legend": 11, "header": 14, "big": 24}

#: Colour map of the mosquito-density heat layer (adult females per cell).
DENSITY_CMAP = "Purples"


class HouseStatus(IntEnum):
    """What a household marker shows: the worst state of its residents, or idle."""

    HEALTHY = 0
    EXPOSED = 1
    INFECTIOUS = 2
    RECOVERED = 3
    IDLE_LOCKED = 4
    IDLE_OPENED = 5


#: (label, face colour, edge colour) per household status.
HOUSE_STYLES: dict[HouseStatus, tuple[str, str, str]] = {
    HouseStatus.HEALTHY: ("household, nobody infected", "#ffffff", "#404040"),
    HouseStatus.EXPOSED: ("household with an incubating case", "#ffb000", "#7a5200"),
    HouseStatus.INFECTIOUS: ("household with an infectious case", "#e8000b", "#5c0004"),
    HouseStatus.RECOVERED: ("household, cases recovered", "#1a9850", "#0b4222"),
    HouseStatus.IDLE_LOCKED: ("idle house, locked", "#6e6e6e", "#000000"),
    HouseStatus.IDLE_OPENED: ("idle house, opened by staff", "#d9d9d9", "#6e6e6e"),
}

#: (label, marker, face colour, edge colour) of breeding-site markers.
SITE_STYLES: dict[str, tuple[str, str, str, str]] = {
    "positive": ("breeding site with larvae", "^", "#0570b0", "#023858"),
    "wet": ("water container, no larvae yet", "^", "none", "#0570b0"),
}

#: (label, marker, face colour, edge colour) per staff role; roles not listed share OTHER_STAFF_STYLE.
STAFF_STYLES: dict[str, tuple[str, str, str, str]] = {
    "cadre": ("cadre", "*", "#ffd400", "#000000"),
    "grid_worker": ("grid worker", "D", "#00c3e3", "#000000"),
    "medic": ("medic", "P", "#ffffff", "#d0021b"),
}
OTHER_STAFF_STYLE: tuple[str, str, str, str] = ("other staff (police, volunteers, sprayers, ...)", "h",
                                               "#a6d96a", "#000000")

#: (label, colour, line style, line width, line opacity, fill opacity) of the three circles.
RING_STYLES: tuple[tuple[str, str, str, float, float, float], ...] = (
    ("ring: core circle", "#b2182b", "-", 2.0, 0.95, 0.10),
    ("ring: warning circle", "#f46d43", "--", 1.4, 0.7, 0.0),
    ("ring: outer circle", "#4d4d4d", ":", 1.2, 0.5, 0.0),
)

#: Breteau index bands (lower, upper, colour, short label), shared with :mod:`analysis.figures`.
BRETEAU_BANDS: tuple[tuple[float, float, str, str], ...] = tuple(
    (lo, hi, colour, label.split(": ", 1)[-1]) for lo, hi, colour, label in _FIGURE_BANDS
)

#: Line colours of the series, one per model when several are compared.
SERIES_COLOURS: tuple[str, ...] = ("#1f3b73", "#c2185b", "#2e7d32", "#6a1b9a")

REPORTED_STYLE = ("home of a reported case", "#000000")
TEAM_STYLE = ("team at work", "#000000")
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


def model_label(model: CampaignModel) -> str:
    """Short name of a run: ``ring_zoning (village small, seed 1)``."""
    p = model.params
    return f"{p.strategy.name} (village {p.village.name}, seed {p.seed})"


def breteau_band(bi: float) -> str:
    """Name of the risk band of a Breteau index value."""
    return next(label for lo, hi, _, label in BRETEAU_BANDS if lo <= bi < hi)


def status_lines(model: CampaignModel) -> list[str]:
    """Key numbers of the day as short lines (the side-panel header and the page's status)."""
    ts = model.recorder.table()
    p = model.params
    lines = [f"Day {model.day} of {p.days}", model_label(model)]
    if ts["day"].size:
        bi = float(ts["breteau_index"][-1])
        lines.append(f"infections so far: {int(ts['cumulative_infections'][-1])}, "
                     f"reported: {int(ts['cumulative_reported_cases'][-1])}")
        lines.append(f"Breteau index {bi:.1f} ({breteau_band(bi)})")
    staff = [a for a in model.agents if isinstance(a, StaffMember)]
    on_duty = sum(1 for a in staff if a.on_duty)
    lines.append(f"teams at work: {len(model.campaign.teams)}, rings open: {len(model.campaign.rings)}")
    cleared = int(ts["sites_cleared_today"].sum()) if "sites_cleared_today" in ts else 0
    lines.append(f"staff on duty: {on_duty} of {len(staff)}, sites cleared: {cleared}")
    return lines


def _points_per_cell(ax: Axes, cells: int) -> float:
    fig = ax.get_figure()
    width_in = ax.get_position().width * fig.get_figwidth()
    height_in = ax.get_position().height * fig.get_figheight()
    return 72.0 * min(width_in, height_in) / cells


def legend_handles() -> list[Artist]:
    """Legend entries of the map, in display order."""
    handles: list[Artist] = [Patch(facecolor="#6a51a3", alpha=0.75, label="mosquitoes (darker = more)")]
    for label, face, edge in HOUSE_STYLES.values():
        handles.append(Line2D([], [], ls="", marker="s", ms=9, mfc=face, mec=edge, label=label))
    handles.append(Line2D([], [], ls="", marker="o", ms=13, mfc="none", mec=REPORTED_STYLE[1],
                          mew=1.8, label=REPORTED_STYLE[0]))
    for label, marker, face, edge in SITE_STYLES.values():
        handles.append(Line2D([], [], ls="", marker=marker, ms=9, mfc=face, mec=edge, label=label))
    for label, marker, face, edge in (*STAFF_STYLES.values(), OTHER_STAFF_STYLE):
        handles.append(Line2D([], [], ls="", marker=marker, ms=12, mfc=face, mec=edge, label=label))
    handles.append(Line2D([], [], ls="", marker="o", ms=16, mfc="none", mec=TEAM_STYLE[1],
                          mew=1.5, label=TEAM_STYLE[0]))
    for label, colour, style, width, alpha, _ in RING_STYLES:
        handles.append(Line2D([], [], color=colour, ls=style, lw=width, alpha=alpha, label=label))
    return handles


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
    staff = [a for a in model.agents if isinstance(a, StaffMember) and a.cell is not None]
    styles = [(role in STAFF_STYLES, role, style) for role, style in STAFF_STYLES.items()]
    styles.append((False, None, OTHER_STAFF_STYLE))
    for listed, role, (_, marker, face, edge) in styles:
        for duty, alpha in ((False, 0.35), (True, 1.0)):
            pts = [a.cell.coordinate for a in staff if bool(a.on_duty) == duty
                   and (a.role == role if listed else a.role not in STAFF_STYLES)]
            if not pts:
                continue
            xy = np.asarray(pts, dtype=float) + (_STAFF_OFFSET[role] if listed else _OTHER_OFFSET)
            scale = 1.0 if duty else 0.6
            ax.scatter(xy[:, 0], xy[:, 1], s=size * scale, marker=marker, c=face, edgecolors=edge,
                       linewidths=0.9, alpha=alpha, zorder=7)
    for team in model.campaign.teams:
        pts = [m.cell.coordinate for m in team.members if m.cell is not None]
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
    _clear(ax)
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
    _title(ax, title if title is not None else f"{model.params.strategy.name} - Day {model.day}",
           FONT["title"], x=0.5, ha="center", fontweight="bold")
    if legend == "right":
        ax.legend(handles=legend_handles(), loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  fontsize=FONT["legend"], frameon=False, borderaxespad=0.0)
    elif legend == "below":
        ax.legend(handles=legend_handles(), loc="upper center", bbox_to_anchor=(0.5, -0.02),
                  ncol=3, fontsize=FONT["legend"], frameon=False)


def _clear(ax: Axes) -> None:
    """Remove what was drawn but keep the axes' ticks and settings (much faster than ``cla``)."""
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()


def _title(ax: Axes, text: str, size: int, **kwargs: object) -> None:
    # A plain text above the axes: set_title() measures the tick labels on every draw (slow).
    ax.text(kwargs.pop("x", 0.0), 1.015, text, transform=ax.transAxes, va="bottom",
            ha=kwargs.pop("ha", "left"), fontsize=size, **kwargs)


def _series(ax: Axes, title: str, days: int) -> None:
    _title(ax, title, FONT["label"])
    ax.set_xlim(0, max(days, 1))
    ax.xaxis.set_major_locator(MaxNLocator(7, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.tick_params(labelsize=FONT["tick"])
    ax.grid(True, alpha=0.3)


def _header(ax: Axes, models: Sequence[CampaignModel], colours: Sequence[str]) -> None:
    _clear(ax)
    ax.set_axis_off()
    ax.text(0.0, 1.0, f"Day {models[0].day}", transform=ax.transAxes, va="top", ha="left",
            fontsize=FONT["big"], fontweight="bold")
    single = len(models) == 1
    y, step = (0.66, 0.13) if single else (0.72, 0.085)
    for model, colour in zip(models, colours, strict=False):
        lines = status_lines(model)[1:]
        if not single:  # the strategy names the run; staff counts stay off to save room
            lines = [model.params.strategy.name, *lines[1:4]]
        for k, line in enumerate(lines):
            ax.text(0.0, y, line, transform=ax.transAxes, va="top", ha="left",
                    fontsize=FONT["header"] if k == 0 else FONT["label"],
                    color=colour, fontweight="bold" if k == 0 else "normal")
            y -= step


def draw_side_panel(axes: Sequence[Axes], model: CampaignModel | Sequence[CampaignModel]) -> None:
    """Draw the day and the series so far of one model or several (overlaid, one colour each).

    Args:
        axes: four axes (header, epidemic curve, adult mosquitoes, Breteau index)
            or three (the same without the header). What they showed before is replaced.
        model: the model, or the models to compare (same number of days).
    """
    models = [model] if not isinstance(model, Sequence) else list(model)
    colours = SERIES_COLOURS[: len(models)]
    axes = list(axes)
    if len(axes) == 4:
        _header(axes.pop(0), models, colours)
    ax_epi, ax_mosq, ax_bi = axes
    for ax in axes:
        _clear(ax)
    days = max(m.params.days for m in models)
    epi_top, mosq_top, bi_top = 1.0, 1.0, 25.0
    for m, colour in zip(models, colours, strict=False):
        ts = m.recorder.table()
        d = ts["day"]
        ax_epi.fill_between(d, ts["new_reported_cases"], step="mid", color=colour, alpha=0.35, lw=0)
        ax_epi.step(d, ts["new_reported_cases"], where="mid", color=colour, lw=1.6)
        ax_epi.plot(d, ts["new_infections"], color=colour, lw=1.3, ls="--")
        ax_mosq.plot(d, ts["adult_mosquitoes"] / 1000.0, color=colour, lw=2.0,
                     label=m.params.strategy.name)
        ax_bi.plot(d, ts["breteau_index"], color=colour, lw=2.0)
        if d.size:  # explicit limits: the axes are reused from frame to frame
            epi_top = max(epi_top, float(ts["new_reported_cases"].max()), float(ts["new_infections"].max()))
            mosq_top = max(mosq_top, float(ts["adult_mosquitoes"].max()) / 1000.0)
            bi_top = max(bi_top, 1.1 * float(ts["breteau_index"].max()))
    for lo, hi, colour, label in BRETEAU_BANDS:
        top = min(hi, bi_top)
        ax_bi.axhspan(lo, top, color=colour, alpha=0.22, lw=0)
        if (top - lo) / bi_top > 0.08:  # name the band where it is tall enough to read
            ax_bi.text(0.99, (lo + top) / 2 / bi_top, f"BI {label}", transform=ax_bi.transAxes,
                       ha="right", va="center", fontsize=FONT["tick"] - 1, color="#404040")
    _series(ax_epi, "Cases a day: reported (filled), all infections (dashed)", days)
    _series(ax_mosq, "Adult female mosquitoes (thousands)", days)
    _series(ax_bi, "Breteau index (positive containers per 100 houses)", days)
    ax_epi.set_ylim(0, 1.08 * epi_top)
    ax_mosq.set_ylim(0, 1.08 * mosq_top)
    ax_bi.set_ylim(0, bi_top)
    ax_bi.set_xlabel("day", fontsize=FONT["label"])
    if len(models) > 1:
        ax_mosq.legend(loc="lower left", fontsize=FONT["tick"], framealpha=0.8)
