"""The look of the trainers' drawings: font sizes, and the map's colours, markers and legend.

:mod:`analysis.drawing` (the village map) and :mod:`analysis.side_panel` (the day's
numbers and series) draw with these sizes and styles, so the video export
(:mod:`analysis.animate`) and the live page (:mod:`analysis.app`) look the same.
Each household marker shows a :class:`HouseStatus`; :func:`legend_handles` lists
every map marker with its meaning.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

if TYPE_CHECKING:
    from matplotlib.artist import Artist

__all__ = [
    "DENSITY_CMAP", "FONT", "HOUSE_STYLES", "OTHER_STAFF_STYLE", "REPORTED_STYLE", "RING_STYLES",
    "SITE_STYLES", "STAFF_STYLES", "TEAM_STYLE", "HouseStatus", "legend_handles",
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

#: (label, edge colour) of the ring marking a home with a reported case.
REPORTED_STYLE = ("home of a reported case", "#000000")
#: (label, colour) of the circle and line marking a team at work.
TEAM_STYLE = ("team at work", "#000000")


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
