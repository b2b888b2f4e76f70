"""The district's tile map, shared by the finished-run animation and the trainer page.

Each village is a square tile at its map position (km), its side proportional to the
square root of its residents (area to residents); the largest tile's side is
:data:`TILE_SHARE` of the map's larger extent, smaller when there are many villages.
A tile's fill is the residents currently infectious per 1,000 (:data:`INFECTIOUS_CMAP`
on a square-root scale, :func:`infectious_norm`) and its outline the colour of the risk
level of its Breteau index (the national scale, :data:`sim.district.outputs.RISK_LEVELS`,
colours :data:`analysis.district_figures.RISK_COLORS`).

Used by :class:`analysis.district_animation.DistrictFrame` (from a run folder) and
:mod:`analysis.app_district_render` (from a running district).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PatchCollection
from matplotlib.colors import LinearSegmentedColormap, PowerNorm
from matplotlib.patches import Rectangle

from analysis.district_figures import RISK_COLORS
from analysis.drawing_style import FONT

__all__ = ["INFECTIOUS_CMAP", "MAP_FACE", "TILE_SHARE", "TileMap", "infectious_norm"]

#: Colour map of the tiles: dark (nobody infectious) lighting up through blue to white; no hue of
#: the risk levels' outlines (green, yellow, orange, red).
INFECTIOUS_CMAP = LinearSegmentedColormap.from_list(
    "district_lights", ["#000000", "#1b2a6b", "#3c6fd8", "#8fd3ff", "#ffffff"])
#: Side of the largest tile as a share of the map's larger extent.
TILE_SHARE = 0.12
#: Background of the map.
MAP_FACE = "#4a4f5a"


def infectious_norm(highest: float) -> PowerNorm:
    """Square-root scale of infectious per 1,000 residents from 0 to ``highest`` (at least 1)."""
    return PowerNorm(0.5, 0.0, max(1.0, float(highest)), clip=True)


class TileMap:
    """The villages' tiles drawn on ``ax`` (in km), recoloured day by day with :meth:`paint`.

    Args:
        ax: the axes to draw on (its limits, aspect and face are set here).
        x_km, y_km: the villages' positions (km).
        residents: the villages' residents (tile area).
        towns: each village's town (its name is written at the mean of its villages).
    """

    def __init__(self, ax: Axes, x_km: np.ndarray, y_km: np.ndarray, residents: np.ndarray,
                 towns: Sequence[str]) -> None:
        x, y = np.asarray(x_km, float), np.asarray(y_km, float)
        residents = np.asarray(residents, float)
        extent = max(np.ptp(x), np.ptp(y), 1.0)
        biggest = TILE_SHARE * extent * min(1.0, np.sqrt(20 / len(x)))  # km; smaller when many villages
        side = biggest * np.sqrt(residents / residents.max())
        #: Drawing order: small tiles over large ones.
        self.order = np.argsort(-side)
        tiles = [Rectangle((x[i] - side[i] / 2, y[i] - side[i] / 2), side[i], side[i]) for i in self.order]
        self.tiles = PatchCollection(tiles, linewidths=2.0, zorder=2)
        ax.add_collection(self.tiles)
        names = np.asarray(list(towns), dtype=object)
        for town in dict.fromkeys(names.tolist()):
            here = names == town
            ax.text(x[here].mean(), y[here].mean(), str(town), ha="center", va="center", color="white",
                    fontsize=FONT["label"], weight="bold", alpha=0.8, zorder=3,
                    path_effects=[patheffects.withStroke(linewidth=3, foreground="black")])
        pad = 0.07 * extent
        ax.set(xlim=(x.min() - pad, x.max() + pad), ylim=(y.min() - pad, y.max() + pad), aspect="equal",
               facecolor=MAP_FACE)
        ax.set_xlabel("x (km)", fontsize=FONT["tick"])
        ax.set_ylabel("y (km)", fontsize=FONT["tick"])
        ax.tick_params(labelsize=FONT["tick"] - 2)

    def paint(self, per_1000: np.ndarray, risk: Sequence[str], norm: PowerNorm) -> None:
        """Fill each tile by its infectious per 1,000 residents and outline it by its risk
        level's name (``safe``, ``low``, ``medium``, ``high``), both in the villages' order."""
        self.tiles.set_facecolor(INFECTIOUS_CMAP(norm(np.asarray(per_1000, float)[self.order])))
        risk = list(risk)
        self.tiles.set_edgecolor([RISK_COLORS[risk[i]] for i in self.order])
