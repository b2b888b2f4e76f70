"""The trainer page's images (:mod:`analysis.app`): the village map, its legend and the live charts as PNG.

Each model gets its figures once; every step redraws them in place with the
helpers of :mod:`analysis.drawing` and :mod:`analysis.side_panel`. The page drops a
replaced model's figures with :func:`release_figures`.
"""

from __future__ import annotations

import functools
import io
import time
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from analysis.drawing import draw_map
from analysis.drawing_style import FONT, legend_handles
from analysis.side_panel import draw_side_panel
from sim.model import CampaignModel

__all__ = ["charts_png", "draw_all", "legend_png", "map_png", "release_figures"]


@dataclass
class _Figures:
    """The page's figures for one model, made once and redrawn in place every step."""

    map_ax: Axes
    map_canvas: FigureCanvasAgg
    chart_axes: list[Axes]
    chart_canvas: FigureCanvasAgg

    @classmethod
    def create(cls) -> _Figures:
        map_fig = Figure(figsize=(6.6, 6.9), dpi=90)
        chart_fig = Figure(figsize=(7.2, 7.2), dpi=90)
        axes = [chart_fig.add_axes((0.1, 0.07 + k * 0.32, 0.86, 0.24)) for k in (2, 1, 0)]
        return cls(map_fig.add_axes((0.01, 0.01, 0.98, 0.92)), FigureCanvasAgg(map_fig), axes,
                   FigureCanvasAgg(chart_fig))

    def clear(self) -> None:
        """Empty both figures (their artists hold the model's arrays)."""
        self.map_canvas.figure.clear()
        self.chart_canvas.figure.clear()


_FIGURES: WeakKeyDictionary[CampaignModel, _Figures] = WeakKeyDictionary()


def _png(canvas: FigureCanvasAgg) -> bytes:
    """Render ``canvas`` to PNG bytes, favouring speed over size (the page is served locally)."""
    canvas.draw()
    buf = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3]).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _figures(model: CampaignModel) -> _Figures:
    if model not in _FIGURES:
        _FIGURES[model] = _Figures.create()
    return _FIGURES[model]


def release_figures(model: CampaignModel) -> None:
    """Forget ``model``'s figures (they are made again if it is drawn again)."""
    figures = _FIGURES.pop(model, None)
    if figures is not None:
        figures.clear()


def map_png(model: CampaignModel) -> bytes:
    """The map as PNG bytes (the legend is a separate, static image: :func:`legend_png`)."""
    figures = _figures(model)
    draw_map(figures.map_ax, model, legend=None)
    return _png(figures.map_canvas)


@functools.cache
def legend_png() -> bytes:
    """The map's legend as PNG bytes (drawn once, the figure sized to the legend so no entry is cut)."""
    fig = Figure(figsize=(6.6, 1.3), dpi=90)
    legend = fig.legend(handles=legend_handles(), loc="upper center", ncol=3, fontsize=FONT["legend"] - 2,
                        frameon=False, borderaxespad=0.2, columnspacing=1.0, handletextpad=0.4)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = legend.get_window_extent()
    fig.set_size_inches(max(box.width / fig.dpi + 0.1, 6.6), box.height / fig.dpi + 0.1)
    return _png(canvas)


def charts_png(model: CampaignModel) -> bytes:
    """New reported cases, adult mosquitoes and Breteau index so far as PNG bytes."""
    figures = _figures(model)
    draw_side_panel(figures.chart_axes, model)
    return _png(figures.chart_canvas)


def draw_all(model: CampaignModel) -> tuple[bytes, bytes, float]:
    """The map and chart PNGs of ``model`` and the seconds it took to draw them."""
    start = time.perf_counter()
    images = map_png(model), charts_png(model)
    return (*images, time.perf_counter() - start)
