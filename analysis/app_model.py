"""The trainer page's model: a :class:`CampaignModel` built from the page's settings.

:class:`AppModel` takes the page's control values as keyword arguments (Mesa's Reset
button calls it with them), keeps them as :attr:`AppModel.settings` so the page can tell
which ones changed since, notes what happens day by day (:class:`analysis.app_events.Journal`)
and times its steps. :func:`release_app_model` frees a model the page no longer shows.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from analysis.app_controls import NO_DISTRICT, build_overrides, wants_district
from analysis.app_events import Journal
from analysis.app_render import release_figures
from sim.cli.compose import compose_params
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.simulate import release_model

__all__ = ["AppModel", "release_app_model"]


class AppModel(CampaignModel):
    """A :class:`CampaignModel` built from the page's control values (keyword arguments).

    Args:
        strategy, village, seed, days: the run (None: the configuration's default).
        district: ``none`` (or None) for this village; a district's name builds an
            :class:`analysis.app_district.DistrictAppModel` instead (Mesa's Reset builds
            the new model with the shown model's class).
        cadres, grid_workers, medics: staff per role (None: the preset's staffing).
        **kwargs: strategy controls named ``strategy__<path>`` (see
            :func:`analysis.app_controls.strategy_controls`); Mesa requires this name.
    """

    def __new__(cls, *args: Any, district: str | None = None, **kwargs: Any) -> Any:
        if wants_district(district):  # Reset to a district
            from analysis.app_district import DistrictAppModel

            return DistrictAppModel(*args, district=district, **kwargs)
        return super().__new__(cls)

    def __init__(self, strategy: str | None = None, village: str | None = "default",
                 seed: int | None = None, days: int | None = None, district: str | None = NO_DISTRICT,
                 cadres: int | None = None, grid_workers: int | None = None, medics: int | None = None,
                 **kwargs: Any) -> None:
        staffing = {"cadres": cadres, "grid_workers": grid_workers, "medics": medics}
        notes: list[str] = []
        try:
            base, extra, notes = build_overrides(strategy, village, seed, days, staffing, kwargs)
        except ConfigError as err:
            notes.append(f"settings not usable, defaults shown instead: {err}")
            base, extra = [], []
        try:
            params = compose_params([*base, *extra])
        except ConfigError as err:
            notes.append(f"staffing/strategy controls ignored: {err}")
            params = compose_params(base)
        super().__init__(params)
        #: The settings this model was built with (the page compares its controls to them).
        self.settings: dict[str, Any] = {"strategy": strategy, "village": village, "seed": seed,
                                         "days": days, "district": district, **staffing, **kwargs}
        #: Messages for the page about settings that were not applied.
        self.notes = notes
        #: Wall time of the last step (s).
        self.step_seconds = 0.0
        #: What happened so far, in words (the page's event panel).
        self.journal = Journal()
        #: Set by :func:`release_app_model` once the page has replaced this model.
        self.released = False
        #: Held while a day is simulated (a Reset releases the old model only after it).
        self.step_lock = threading.Lock()
        self.running = self.day < params.days
        self.update_layers()

    def step(self) -> None:
        """One day, then refresh the grid layers and the journal; stops at the run's last
        day (or once released)."""
        with self.step_lock:
            if self.released or self.day >= self.params.days:
                self.running = False
                return
            start = time.perf_counter()
            super().step()
            self.update_layers()
            self.journal.observe(self)
            self.step_seconds = time.perf_counter() - start
            self.running = self.day < self.params.days


def release_app_model(model: AppModel) -> None:
    """Free a model the page no longer shows: it is emptied, and only a shell of it stays.

    Mesa 3.3 keeps every model in a class-level registry and every grid's cell class, with
    its property layers, in :data:`copyreg.dispatch_table` (both cleared by
    :func:`sim.simulate.release_model`);
    Solara keeps the elements of a component's first render (here the session's first model)
    for the whole session. Without this each Reset of the default village kept about 17 MB
    for good. The model's figures are dropped and its attributes deleted, so its village,
    agents and arrays go even where a reference to the object stays. A day being simulated
    on it is finished first; a released model does not step again.
    """
    lock = model.step_lock
    with lock:
        release_model(model)
        release_figures(model)
        vars(model).clear()
        model.step_lock, model.released, model.running = lock, True, False
