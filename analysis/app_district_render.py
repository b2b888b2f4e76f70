"""The trainer page's district image: the live tile map of today and the reported cases so far, as PNG.

The tiles are those of the finished-run animation (:class:`analysis.district_tiles.TileMap`:
area to residents, fill = residents infectious now per 1,000, outline = risk level of the
true Breteau index), read from the running district (:func:`analysis.app_district.district_now`).
The fill's scale runs from 0 to the highest value seen so far in this run (at least
:data:`LOWEST_TOP` per 1,000), so a colour keeps its meaning as the epidemic grows. A clock
gives the calendar date (``season.start_date`` plus the day). Each model gets its figure
once; every step repaints it in place; :func:`release_district_figures` drops it.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from weakref import WeakKeyDictionary

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from PIL import Image

from analysis.app_district import DistrictAppModel, district_now
from analysis.district_figures import RISK_COLORS
from analysis.district_tiles import INFECTIOUS_CMAP, MAP_FACE, TileMap, infectious_norm
from analysis.drawing_style import FONT

__all__ = ["LOWEST_TOP", "district_png", "draw_district", "release_district_figures"]

#: Top of the fill's scale before anything higher is seen (infectious per 1,000 residents).
LOWEST_TOP = 10.0
#: Size of the image (inches at 90 dpi).
FIGSIZE = (7.6, 7.4)


class _LiveMap:
    """One district's figure: tiles, clock, colour bar, risk legend and the reported-cases curve."""

    def __init__(self, model: DistrictAppModel) -> None:
        district = model.district
        place = district.place
        self.start = dt.date.fromisoformat(model.params.season.start_date)
        self.days = model.params.days
        self.figure = Figure(figsize=FIGSIZE, dpi=90)
        self.canvas = FigureCanvasAgg(self.figure)
        ax = self.figure.add_axes((0.09, 0.3, 0.72, 0.6))
        now = district_now(district)
        towns = [place.town_names[t] for t in place.town]
        self.tiles = TileMap(ax, place.x_km, place.y_km, now.residents, towns)
        self.norm = infectious_norm(LOWEST_TOP)
        cax = self.figure.add_axes((0.86, 0.45, 0.025, 0.4))
        self.figure.colorbar(ScalarMappable(self.norm, INFECTIOUS_CMAP), cax=cax)
        cax.set_title("infectious\nper 1,000", fontsize=FONT["tick"], loc="left", pad=6)
        cax.tick_params(labelsize=FONT["tick"] - 2)
        handles = [Patch(facecolor=MAP_FACE, edgecolor=colour, lw=2.5, label=name)
                   for name, colour in RISK_COLORS.items()]
        self.figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.8, 0.42), frameon=False,
                           fontsize=FONT["tick"] - 2, title="outline: risk\n(Breteau index)",
                           title_fontsize=FONT["tick"] - 2)
        self.clock = self.figure.text(0.09, 0.95, "", fontsize=FONT["header"], weight="bold", va="center")
        curve = self.figure.add_axes((0.09, 0.06, 0.86, 0.14))
        curve.set_xlim(0, max(self.days, 1))
        curve.set_title("District: reported cases per day", fontsize=FONT["tick"], loc="left")
        curve.tick_params(labelsize=FONT["tick"] - 2)
        curve.grid(alpha=0.3)
        (self.curve,) = curve.plot([], [], color="#b2182b", lw=1.5)
        self.curve_ax = curve

    def paint(self, model: DistrictAppModel) -> None:
        """Repaint the figure with the district as it is today."""
        district = model.district
        now = district_now(district)
        per_1000 = now.per_1000
        top = max(LOWEST_TOP, float(per_1000.max(initial=0.0)))
        if top > self.norm.vmax:
            self.norm.vmax = top  # the colour bar follows the norm
        self.tiles.paint(per_1000, now.risk, self.norm)
        day = district.day
        date = self.start + dt.timedelta(days=day)
        self.clock.set_text(f"{date.day} {date:%B %Y} · day {day} of {self.days}")
        recorded = [m.recorder.data["new_reported_cases"][:m.recorder.days_recorded]
                    for m in district.villages]
        reported = np.sum(recorded, axis=0) if recorded and len(recorded[0]) else np.zeros(0)
        self.curve.set_data(np.arange(1, reported.size + 1), reported)
        self.curve_ax.set_ylim(0, max(1.0, float(reported.max(initial=0.0))) * 1.1)

    def clear(self) -> None:
        """Empty the figure (its artists hold the district's arrays)."""
        self.figure.clear()


_FIGURES: WeakKeyDictionary[DistrictAppModel, _LiveMap] = WeakKeyDictionary()


def district_png(model: DistrictAppModel) -> bytes:
    """The district's live map and reported-cases curve today as PNG bytes."""
    if model not in _FIGURES:
        _FIGURES[model] = _LiveMap(model)
    live = _FIGURES[model]
    live.paint(model)
    live.canvas.draw()
    buf = io.BytesIO()
    Image.fromarray(np.asarray(live.canvas.buffer_rgba())[..., :3]).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def draw_district(model: DistrictAppModel) -> tuple[bytes, float]:
    """The district's PNG and the seconds it took to draw."""
    start = time.perf_counter()
    image = district_png(model)
    return image, time.perf_counter() - start


def release_district_figures(model: DistrictAppModel) -> None:
    """Forget ``model``'s figure (it is made again if the model is drawn again)."""
    live = _FIGURES.pop(model, None)
    if live is not None:
        live.clear()
