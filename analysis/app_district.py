"""The trainer page's district: a :class:`sim.district.model.DistrictModel` wrapped for Mesa's controller.

Chosen with the page's **District** selector (:data:`analysis.app_controls.DISTRICTS`;
``none`` is the single village of :class:`analysis.app_model.AppModel`). Mesa 3.3's Reset
button builds the new model as ``type(shown)(**settings)``, so both page models pick the
class the settings ask for when constructed (:func:`analysis.app_controls.wants_district`): a Reset can switch
between a village and a district. :class:`DistrictAppModel` steps the district one day
per step, times it, and reads the district's state today for the page
(:func:`district_now`, :func:`event_line`); :func:`release_district_app_model` frees it
when the page replaces it, as :func:`analysis.app_model.release_app_model` does for a village.

Measured on a 2-core machine with ``strategy=shunde_2025`` (the district built as by
``python -m sim.run district=demo strategy=shunde_2025``): the demo district (20 villages,
about 30,000 residents) builds in about 4 s and steps in about 0.13 s a day; Shunde at
``district.scale=0.02`` (205 villages, about 65,000 residents) in about 23 s and 0.6 s a
day. At ``district.scale=0.05`` (162,000 residents) Shunde took 34 s to build, above the
page's budget of about 30 s for a Reset, so that scale is not offered.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import mesa
import numpy as np

from analysis.app_controls import DISTRICTS, build_overrides, wants_district
from sim.cli.compose import compose_params
from sim.district.model import DistrictModel
from sim.district.outputs import RISK_LEVELS, risk_level
from sim.errors import ConfigError
from sim.humans import HumanState
from sim.metrics import entomological_indices
from sim.model import CampaignModel
from sim.simulate import release_model

__all__ = ["DistrictAppModel", "DistrictNow", "district_now",
           "event_line", "release_district_app_model"]



@dataclass(frozen=True)
class DistrictNow:
    """The district today, per village (in the district's order) and in total.

    Attributes:
        infectious: residents infectious now, per village.
        residents: residents per village.
        risk: risk level of each village's true Breteau index (a name of ``RISK_LEVELS``).
        reported: cases reported so far, per village.
    """

    infectious: np.ndarray
    residents: np.ndarray
    risk: list[str]
    reported: np.ndarray

    @property
    def per_1000(self) -> np.ndarray:
        """Residents infectious now per 1,000 residents, per village."""
        return self.infectious / np.maximum(self.residents, 1) * 1000.0

    def status(self) -> list[str]:
        """The district's key numbers as short lines."""
        return [f"infectious now: {int(self.infectious.sum()):,}",
                f"reported so far: {int(self.reported.sum()):,}",
                f"villages with cases: {int((self.reported > 0).sum())} of {self.reported.size}"]


def _village_now(m: CampaignModel) -> tuple[int, float, int]:
    """A village's infectious residents, true Breteau index and reported cases so far: its
    last recorded day, or its state before the first day."""
    r = m.recorder
    if r.days_recorded:
        last = r.days_recorded - 1
        return (int(r.data["infectious_humans"][last]), float(r.data["breteau_index"][last]),
                int(r.data["cumulative_reported_cases"][last]))
    infectious = int((m.population.state == HumanState.INFECTIOUS).sum())
    return infectious, entomological_indices(m)[0], 0


def district_now(district: DistrictModel) -> DistrictNow:
    """The state of ``district`` today, read from its villages."""
    rows = np.array([_village_now(m) for m in district.villages], float).reshape(-1, 3)
    names = [RISK_LEVELS[k][0] for k in risk_level(rows[:, 1])]
    residents = np.array([m.population.n for m in district.villages], float)
    return DistrictNow(rows[:, 0], residents, names, rows[:, 2])


def event_line(district: DistrictModel) -> str:
    """The command's state in words: the trigger, and the echelon sent today."""
    starts = [m.campaign.trigger.switch_day for m in district.villages]
    fired = [d for d in starts if d is not None]
    if not fired:
        return "No trigger yet: the campaign waits for reported cases."
    scope = district.params.district.command.trigger_scope
    text = f"Trigger fired on day {min(fired)} ({len(fired)} of {len(starts)} villages; scope {scope})."
    caps = district.command.caps
    if district.command.echelon:
        text += (f" Echelon: {int(caps.sum())} of {district.command.echelon} people a day sent today, "
                 f"to {int((caps > 0).sum())} villages.")
    return text


class DistrictAppModel(mesa.Model):
    """A district built from the page's control values, one day per step.

    Args:
        strategy, village, seed, days: the run (None: the configuration's default).
        district: a name of :data:`analysis.app_controls.DISTRICTS`; ``none`` builds an
            :class:`analysis.app_model.AppModel` instead.
        cadres, grid_workers, medics: staff per role of a village of the preset's size, resized
            to each village's houses (:mod:`sim.district.villages`; None: the preset's).
        **kwargs: strategy controls named ``strategy__<path>``.
    """

    def __new__(cls, *args: Any, district: str | None = None, **kwargs: Any) -> Any:
        if not wants_district(district):  # Reset to a single village
            from analysis.app_model import AppModel

            return AppModel(*args, district=district, **kwargs)
        return super().__new__(cls)

    def __init__(self, strategy: str | None = None, village: str | None = "default", seed: int | None = None,
                 days: int | None = None, district: str | None = "demo", cadres: int | None = None,
                 grid_workers: int | None = None, medics: int | None = None, **kwargs: Any) -> None:
        super().__init__()
        staffing = {"cadres": cadres, "grid_workers": grid_workers, "medics": medics}
        notes: list[str] = []
        where = list(DISTRICTS.get(str(district), ()))
        if not where:
            notes.append(f"district {district} is not offered here: the demo district is shown")
            where = list(DISTRICTS["demo"])
        try:
            base, extra, notes_ = build_overrides(strategy, village, seed, days, staffing, kwargs)
            notes += notes_
        except ConfigError as err:
            notes.append(f"settings not usable, defaults shown instead: {err}")
            base, extra = [], []
        try:
            params = compose_params([*base, *where, *extra])
        except ConfigError as err:
            notes.append(f"staffing/strategy controls ignored: {err}")
            params = compose_params([*base, *where])
        campaign_log = logging.getLogger("sim.campaign")
        level = campaign_log.level
        campaign_log.setLevel(logging.ERROR)  # one village's log lines times every village
        start = time.perf_counter()
        try:
            #: The district being run.
            self.district = DistrictModel(params)
        finally:
            campaign_log.setLevel(level)
        #: Wall time of building the district (s).
        self.build_seconds = time.perf_counter() - start
        self.params = params
        #: The settings this model was built with (the page compares its controls to them).
        self.settings: dict[str, Any] = {"strategy": strategy, "village": village, "seed": seed, "days": days,
                                         "district": district, **staffing, **kwargs}
        #: Messages for the page about settings that were not applied.
        self.notes = notes
        #: Wall time of the last step (s).
        self.step_seconds = 0.0
        #: Set by :func:`release_district_app_model` once the page has replaced this model.
        self.released = False
        #: Held while a day is simulated (a Reset releases the old model only after it).
        self.step_lock = threading.Lock()
        self.running = params.days > 0

    @property
    def day(self) -> int:
        """Days simulated so far (0 on a released model)."""
        district = vars(self).get("district")
        return 0 if district is None else int(district.day)

    def step(self) -> None:
        """One day of the whole district; stops at the run's last day (or once released)."""
        with self.step_lock:
            if self.released or self.district.day >= self.params.days:
                self.running = False
                return
            start = time.perf_counter()
            self.district.step()
            self.step_seconds = time.perf_counter() - start
            self.running = self.district.day < self.params.days


def release_district_app_model(model: DistrictAppModel) -> None:
    """Free a district the page no longer shows: its stepping threads stop, Mesa forgets its
    villages, its figures are dropped and its attributes deleted (only a shell stays, which
    never steps again). A day being simulated is finished first."""
    from analysis.app_district_render import release_district_figures

    lock = model.step_lock
    with lock:
        district = vars(model).get("district")
        if district is not None:
            district.close()
            for village in district.villages:
                release_model(village)
        release_district_figures(model)
        vars(model).clear()
        model.step_lock, model.released, model.running = lock, True, False
