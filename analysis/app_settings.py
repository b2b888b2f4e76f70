"""The trainer page's settings cards: every control labelled with its value and unit.

Mesa 3.3's ``SolaraViz`` labels its sliders with a fixed text (its ``UserInputs`` passes
``label`` once), so the page lays out its own controls with Solara's ``SliderInt`` and
``Select`` and writes the value into the label on every render. Two cards:

* **Applies now**: Days per Step, the pause when playing, and the ring radii, which the
  running model takes from the next day (:mod:`analysis.app_live`; a district takes them
  only on Reset, and the card says so);
* **Applies on Reset**: strategy, village, district, seed, days, staff per role and the house-visit
  team; a setting changed here and not yet applied is listed above the Reset button's card.

A slider that was never moved (staffing, radii) shows the chosen strategy's preset value.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import solara

from analysis.app_controls import DAYS_PER_STEP, PAUSE_MS, Control, controls, preset_value
from analysis.app_district import DistrictAppModel
from analysis.app_live import apply_live, live_value, uses_rings
from sim.model import CampaignModel

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization.utils import update_counter

__all__ = ["LiveSettings", "ResetSettings", "Steps", "pending_changes"]


def _setter(values: solara.Reactive[dict[str, Any]], name: str,
            then: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
    """An ``on_value`` handler that stores the new value of ``name`` (and calls ``then``)."""

    def on_value(value: Any) -> None:
        values.set({**values.value, name: value})
        if then is not None:
            then(value)

    return on_value


def _control(c: Control, value: Any, caption: str, on_value: Callable[[Any], None],
             disabled: bool = False) -> None:
    """One labelled slider or selector."""
    if c.values:
        solara.Select(caption, value=value, values=list(c.values), on_value=on_value)
    else:
        solara.SliderInt(caption, value=int(value), min=c.low, max=c.high, step=c.step,
                         on_value=on_value, disabled=disabled)


def pending_changes(values: dict[str, Any], model: CampaignModel) -> list[str]:
    """Labels of the Reset-only settings in ``values`` that differ from those ``model`` was built with."""
    built = getattr(model, "settings", {})
    return [c.label for c in controls()
            if not c.live and c.name in built and values.get(c.name) != built[c.name]]


@solara.component
def Steps(shown: solara.Reactive[CampaignModel]) -> None:
    """Mesa's step counter (``Step: N``), given the page's reactive model (see :func:`LiveSettings`)."""
    update_counter.get()  # Mesa's controller bumps this after every step
    solara.Text(f"Step: {getattr(shown.value, 'steps', 0)}")


@solara.component
def LiveSettings(shown: solara.Reactive[CampaignModel], values: solara.Reactive[dict[str, Any]],
                 render_interval: solara.Reactive[int], play_interval: solara.Reactive[int]) -> None:
    """The card of settings that apply at once (Days per Step, pause, ring radii).

    It is given the page's reactive model, never a model: Solara keeps the sidebar's
    elements of the previous render, which would keep a replaced model alive."""
    message = solara.use_reactive("")
    model = shown.value
    with solara.Card("Applies now"):
        solara.SliderInt(DAYS_PER_STEP.caption(render_interval.value), value=render_interval,
                         min=DAYS_PER_STEP.low, max=DAYS_PER_STEP.high, step=DAYS_PER_STEP.step)
        solara.SliderInt(PAUSE_MS.caption(play_interval.value), value=play_interval,
                         min=PAUSE_MS.low, max=PAUSE_MS.high, step=PAUSE_MS.step)
        district = isinstance(model, DistrictAppModel)
        rings = getattr(model, "campaign", None) is not None and uses_rings(model)
        for c in controls():
            if not c.live:
                continue
            if rings:
                value = live_value(model, c.name)
                note = "" if values.value.get(c.name) is not None else "preset"
            else:
                value = values.value.get(c.name) or preset_value(c.name, values.value["strategy"]) or c.low
                note = "on Reset" if district else "unused"

            def apply(v: Any, name: str = c.name) -> None:
                if getattr(shown.value, "campaign", None) is not None:
                    message.set(apply_live(shown.value, name, v) or "")

            _control(c, value, c.caption(value, note), _setter(values, c.name, apply), disabled=not rings)
        if district:
            text = "Ring radii: not live for a district; moved here, they apply to every village on Reset."
        elif rings:
            text = "Ring radii apply to the rings opened from the next day; open rings keep theirs."
        else:
            text = "Ring radii: this strategy draws no rings."
        solara.Text(text, style={"font-size": "0.8rem"})
        if message.value:
            solara.Warning(message.value, dense=True)


@solara.component
def ResetSettings(shown: solara.Reactive[CampaignModel], values: solara.Reactive[dict[str, Any]]) -> None:
    """The card of settings that need a new run (applied by Mesa's Reset button); given the
    page's reactive model, as :func:`LiveSettings`."""
    current = values.value
    with solara.Card("Applies on Reset"):
        for c in controls():
            if c.live:
                continue
            value = current.get(c.name)
            note = ""
            if value is None:
                value, note = preset_value(c.name, current["strategy"]), "preset"
            _control(c, value, c.caption(value, note), _setter(values, c.name))
        changed = pending_changes(current, shown.value)
        if changed:
            solara.Warning(f"Press Reset to rebuild the run with the new {', '.join(changed)}.", dense=True)
