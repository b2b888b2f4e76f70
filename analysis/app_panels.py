"""The trainer page's main area: day counter, key numbers, events, the village map and the charts.

The map and the charts are drawn by :mod:`analysis.app_render`; the events come from the
model's :class:`analysis.app_events.Journal`, newest first. A district
(:class:`analysis.app_district.DistrictAppModel`) shows :func:`DistrictPanels` instead: its
live tile map (:mod:`analysis.app_district_render`), its key numbers and the command's state.
"""

from __future__ import annotations

import warnings

import solara

from analysis.app_district import DistrictAppModel, district_now, event_line
from analysis.app_district_render import draw_district
from analysis.app_events import today
from analysis.app_model import AppModel
from analysis.app_render import draw_all, legend_png
from analysis.side_panel import status_lines

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization.utils import update_counter

__all__ = ["EVENTS_SHOWN", "MAP_CLASS", "DistrictPanels", "EventPanel", "Panels"]

#: CSS class of the map image (tests find the map by it).
MAP_CLASS = "vcsim-map"
#: Newest events listed in the panel (the rest scroll).
EVENTS_SHOWN = 60


@solara.component
def EventPanel(model: AppModel) -> None:
    """What is happening: today's field work, then the run's events, newest first."""
    update_counter.get()  # Mesa's controller bumps this after every step
    journal = getattr(model, "journal", None)
    if journal is None:  # a released model (replaced by a Reset)
        return
    with solara.Card("What is happening", margin=0, style={"padding": "4px 8px"}):
        solara.Text(today(model) if model.day else "Day 0: press Step or ▶ to start",
                    style={"font-weight": "500"})
        events = journal.events[::-1][:EVENTS_SHOWN]
        if not events:
            solara.Text("No events yet: the campaign waits for reported cases.")
            return
        with solara.Column(gap="0px", style={"max-height": "170px", "overflow-y": "auto",
                                              "font-size": "0.9rem"}):
            for event in events:
                solara.Text(f"Day {event.day}: {event.text}")


@solara.component
def Panels(model: AppModel) -> None:
    """Day counter, key numbers, events, the village map and the live charts of ``model``."""
    update_counter.get()  # Mesa's controller bumps this after every step
    lines = status_lines(model)
    map_image, chart_image, draw_s = solara.use_memo(lambda: draw_all(model), [model, model.day])
    with solara.Column(gap="4px", style={"padding": "8px"}):
        solara.Text(lines[0], style={"font-size": "1.6rem", "font-weight": "500"})
        solara.Text(" | ".join(lines[1:]))
        for note in getattr(model, "notes", []):
            solara.Warning(note, dense=True)
        with solara.Columns([1, 1]):
            with solara.Column(gap="0px"):
                solara.Image(map_image, width="100%", classes=[MAP_CLASS])
                solara.Image(legend_png(), width="100%")
            with solara.Column(gap="4px"):
                EventPanel(model)
                solara.Image(chart_image, width="100%")
                solara.Text(f"last step on the server: {1000 * getattr(model, 'step_seconds', 0.0):.0f} ms "
                            f"simulating, {1000 * draw_s:.0f} ms drawing")


@solara.component
def DistrictPanels(model: DistrictAppModel) -> None:
    """Day counter, the district's key numbers, the command's state and the live tile map of ``model``."""
    update_counter.get()  # Mesa's controller bumps this after every step
    district = getattr(model, "district", None)
    image, draw_s = solara.use_memo(lambda: draw_district(model) if district is not None else (b"", 0.0),
                                    [model, model.day])
    if district is None:  # a released model (replaced by a Reset)
        return
    p = model.params
    with solara.Column(gap="4px", style={"padding": "8px"}):
        solara.Text(f"Day {model.day} of {p.days}", style={"font-size": "1.6rem", "font-weight": "500"})
        solara.Text(f"{p.strategy.name} (district {p.district.name}, {district.place.n} villages, "
                    f"scale {p.district.scale:g}, seed {p.seed})")
        solara.Text(" | ".join(district_now(district).status()))
        solara.Text(event_line(district), style={"font-weight": "500"})
        for note in getattr(model, "notes", []):
            solara.Warning(note, dense=True)
        solara.Image(image, width="760px", classes=[MAP_CLASS])
        solara.Text(f"built in {model.build_seconds:.1f} s; last step on the server: "
                    f"{1000 * model.step_seconds:.0f} ms simulating, {1000 * draw_s:.0f} ms drawing")
