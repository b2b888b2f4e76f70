"""The look of the trainers' drawings: font sizes, and the map's colours, markers and legend.

:mod:`analysis.drawing` (the village map) and :mod:`analysis.side_panel` (the day's
numbers and series) draw with these sizes and styles, so the video export
(:mod:`analysis.animate`) and the live page (:mod:`analysis.app`) look the same.
Each household marker shows a :class:`HouseStatus`; :func:`legend_handles` lists
every map marker with its meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

if TYPE_CHECKING:
    from matplotlib.artist import Artist

__all__ = [
    "CLEARED_STYLE", "DENSITY_ALPHA", "DENSITY_CMAP", "DENSITY_GAMMA", "DENSITY_QUANTILE", "FONT",
    "HOUSE_STYLES", "OTHER_STAFF_STYLE", "REPORTED_STYLE", "RING_STYLES", "ROUTE_STYLE",
    "ROUTE_TRAIL_LEGS", "SITE_STYLES", "STAFF_STYLES", "TEAM_STYLE", "VISITED_STYLE", "WORK_NAMES",
    "HouseStatus", "density_colours", "legend_handles",
]  # fmt: skip

#: Font sizes (points) chosen to stay readable on a projector.
FONT = {"title": 17, "label": 12, "tick": 11, "legend": 11, "header": 14, "big": 24}

#: Colour map of the mosquito-density heat layer (adult females per cell), its opacity and
#: the exponent of its power-law scale (below 1: low densities already show).
DENSITY_CMAP = "Purples"
DENSITY_ALPHA = 0.95
DENSITY_GAMMA = 0.5
#: The darkest shade is set at this quantile of the cells with mosquitoes at the first drawing
#: (at least 5 adult females per cell), so most of the village shows a readable shade.
DENSITY_QUANTILE = 0.9
#: Share of the colour map used: from a light lilac (no mosquitoes) to a dark purple that
#: the house and site markers still stand out on (readable on a projector).
DENSITY_RANGE = (0.12, 0.9)


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
    HouseStatus.IDLE_LOCKED: ("idle house, locked", "#3d3d3d", "#000000"),
    HouseStatus.IDLE_OPENED: ("idle house, opened by staff (hollow)", "none", "#000000"),
}
#: Edge width (points) of the hollow marker of an opened idle house (the others: 0.6).
OPENED_EDGE_WIDTH = 2.2

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
OTHER_STAFF_STYLE: tuple[str, str, str, str] = ("other staff (volunteers, police, ...)", "h",
                                               "#a6d96a", "#000000")

#: (label, colour, line style, line width, line opacity, fill opacity) of the three circles.
#: A circle is drawn only if its zone gets work from the strategy's teams
#: (:mod:`analysis.animation_rings`), and its legend entry names that work.
RING_STYLES: tuple[tuple[str, str, str, float, float, float], ...] = (
    ("ring: core circle", "#b2182b", "-", 2.6, 0.95, 0.12),
    ("ring: warning circle", "#d95f0e", "--", 2.0, 0.9, 0.0),
    ("ring: outer circle", "#1a1a1a", ":", 1.8, 0.8, 0.0),
)
#: How a ring zone's work is named in the legend (``strategy.targeting.<zone>_work``).
WORK_NAMES: dict[str, str] = {"visit": "house visits", "spray": "spraying", "publicity": "publicity",
                              "cleanup": "clean-up", "supply": "supplies"}

#: (label, edge colour) of the ring marking a home with a reported case.
REPORTED_STYLE = ("home of a reported case", "#000000")
#: (label, colour) of the circle and line marking a team at work.
TEAM_STYLE = ("team at work", "#000000")
#: (label, colour, line width) of the path a visit team has walked so far today, and how many
#: of its last legs are drawn (a queue may cross the village: the whole path would hide the map).
ROUTE_STYLE = ("team's last steps", "#000000", 1.8)
ROUTE_TRAIL_LEGS = 5
#: (label, marker, colour) of the mark on a house visited today (from when its team reaches it).
VISITED_STYLE = ("house visited today", "$\\checkmark$", "#00a651")
#: (label, marker, colour) of the mark where a container lost its water today (emptied or dried).
CLEARED_STYLE = ("container emptied today", "x", "#e8000b")


def density_colours(shares: tuple[float, ...]) -> list[tuple[float, float, float, float]]:
    """RGBA colours of the density layer at ``shares`` (0..1) of its top value."""
    cmap = matplotlib.colormaps[DENSITY_CMAP]
    lo, hi = DENSITY_RANGE
    return [cmap(lo + (hi - lo) * share ** DENSITY_GAMMA) for share in shares]


def density_cmap() -> ListedColormap:
    """The colour map of the density layer (the used share of :data:`DENSITY_CMAP`)."""
    lo, hi = DENSITY_RANGE
    return ListedColormap(matplotlib.colormaps[DENSITY_CMAP](np.linspace(lo, hi, 256)))


def legend_handles(ring_labels: Sequence[str | None] | None = None,
                   density_max: float | None = None) -> list[Artist]:
    """Legend entries of the map, in display order.

    Args:
        ring_labels: label of each ring circle (core, warning, outer), None for a circle that is
            not drawn (its zone gets no work); by default the generic labels of :data:`RING_STYLES`.
        density_max: adult females per cell at the darkest shade; given, the mosquito entries
            name the densities of three shades.
    """
    shades = (0.0, 0.25, 1.0)
    if density_max is None:
        names = ("no mosquitoes", "some mosquitoes", "many mosquitoes (darkest)")
    else:
        names = ("no mosquitoes", f"about {0.25 * density_max:.0f} mosquitoes per cell",
                 f"{density_max:.0f}+ mosquitoes per cell")
    handles: list[Artist] = [Patch(facecolor=c, alpha=DENSITY_ALPHA, label=n)
                             for c, n in zip(density_colours(shades), names, strict=True)]
    for code, (label, face, edge) in HOUSE_STYLES.items():
        mew = OPENED_EDGE_WIDTH if code == HouseStatus.IDLE_OPENED else 0.8
        handles.append(Line2D([], [], ls="", marker="s", ms=9, mfc=face, mec=edge, mew=mew, label=label))
    handles.append(Line2D([], [], ls="", marker=VISITED_STYLE[1], ms=10, color=VISITED_STYLE[2],
                          label=VISITED_STYLE[0]))
    handles.append(Line2D([], [], ls="", marker="o", ms=13, mfc="none", mec=REPORTED_STYLE[1],
                          mew=1.8, label=REPORTED_STYLE[0]))
    for label, marker, face, edge in SITE_STYLES.values():
        handles.append(Line2D([], [], ls="", marker=marker, ms=9, mfc=face, mec=edge, label=label))
    handles.append(Line2D([], [], ls="", marker=CLEARED_STYLE[1], ms=8, mew=2.0, color=CLEARED_STYLE[2],
                          label=CLEARED_STYLE[0]))
    for label, marker, face, edge in (*STAFF_STYLES.values(), OTHER_STAFF_STYLE):
        handles.append(Line2D([], [], ls="", marker=marker, ms=12, mfc=face, mec=edge, label=label))
    handles.append(Line2D([], [], ls="", marker="o", ms=16, mfc="none", mec=TEAM_STYLE[1],
                          mew=1.5, label=TEAM_STYLE[0]))
    handles.append(Line2D([], [], color=ROUTE_STYLE[1], lw=ROUTE_STYLE[2], label=ROUTE_STYLE[0]))
    labels = ring_labels if ring_labels is not None else [style[0] for style in RING_STYLES]
    for label, (_, colour, style, width, alpha, _fill) in zip(labels, RING_STYLES, strict=True):
        if label is not None:
            handles.append(Line2D([], [], color=colour, ls=style, lw=width, alpha=alpha, label=label))
    return handles
