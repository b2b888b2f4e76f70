"""Ring areas on the map, drawn with the work they get: a circle without work is not drawn.

A ring strategy gives each zone (core, warning, outer) its work in
``strategy.targeting.<zone>_work`` (:class:`sim.params.strategy.TargetingParams`),
and work with no team to do it is skipped (:mod:`sim.campaign.rings`). So a
zone gets the work listed for it *and* done by one of the strategy's team
shapes (or their fallbacks, :func:`sim.params.organisation.fallback_chain`).
:func:`zone_work` works that out from the run's parameters; :func:`draw_rings`
draws only the circles of zones with work, and :func:`ring_labels` names the
work in the legend (``ring_zoning``: house visits in the core and warning
circles, publicity and clean-up of public sites in the outer circle).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.collections import PatchCollection
from matplotlib.patches import Circle

from analysis.drawing_style import RING_STYLES, WORK_NAMES
from sim.campaign.rings import ZONES
from sim.params.organisation import fallback_chain

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.model import CampaignModel
    from sim.params.run_params import RunParams

__all__ = ["draw_rings", "ring_labels", "zone_work"]


def zone_work(params: RunParams) -> tuple[tuple[str, ...], ...]:
    """Work each zone (core, warning, outer) gets: listed for it and done by one of the teams."""
    shapes = params.team_shapes
    done = {shapes[s].work for name in params.strategy.workforce.teams
            for s in fallback_chain(name, shapes)}
    targeting = params.strategy.targeting
    return tuple(tuple(w for w in getattr(targeting, f"{zone}_work") if w in done) for zone in ZONES)


def ring_labels(params: RunParams) -> list[str | None]:
    """Legend label of each circle naming its work, or None for a circle without work."""
    labels: list[str | None] = []
    for work, style in zip(zone_work(params), RING_STYLES, strict=True):
        name = style[0].split(": ", 1)[-1]
        labels.append(f"{name}: {', '.join(WORK_NAMES.get(w, w) for w in work)}" if work else None)
    return labels


def draw_rings(ax: Axes, model: CampaignModel) -> None:
    """Draw the open rings of ``model``: the circles of zones with work, and a cross at each centre."""
    rings = model.campaign.rings
    if not rings:
        return
    cell_m = model.village.cell_size_m
    work = zone_work(model.params)
    for k, (_, colour, style, width, alpha, fill) in enumerate(RING_STYLES):
        if not work[k]:
            continue
        circles = [Circle((r.x, r.y), r.radii_m[k] / cell_m) for r in rings
                   if len(r.radii_m) > k and r.radii_m[k] > 0]
        if fill:
            ax.add_collection(PatchCollection(circles, facecolor=colour, edgecolor="none",
                                              alpha=fill, zorder=2))
        ax.add_collection(PatchCollection(circles, facecolor="none", edgecolor=colour, alpha=alpha,
                                          linestyle=style, linewidth=width, zorder=8))
    ax.scatter([r.x for r in rings], [r.y for r in rings], marker="+", c=RING_STYLES[0][1], s=110,
               linewidths=2.4, zorder=8)
