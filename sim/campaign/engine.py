"""The campaign: reads what is known, rosters staff into teams, sends them out, acts.

One campaign day (step 6 of the model's step order):

1. the trigger reads reported cases and sets the phase (peacetime, mobilising, wartime);
2. on the first wartime day, reporting speeds up and training starts;
3. new reported cases open or renew rings; isolation puts them under nets;
4. the roster decides who is on duty (availability, full deployment, fatigue,
   medic rotation); staff are formed into teams;
5. targeting fills each team's queue from the known state only;
6. teams walk their queues: rechecks first, then six-step inspections and
   idle-house routines, until their working time is used;
7. outdoor work (spraying, clean-up, construction loop) and publicity;
8. knockdown and coil protection take effect; fatigue and person-days are booked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.agents import Role
from sim.campaign.actions import DayContext, work_team_day
from sim.campaign.counters import new_counters
from sim.campaign.known import KnownState
from sim.campaign.outdoor import Outdoor
from sim.campaign.params import StaffingParams, StrategyParams
from sim.campaign.publicity import Publicity
from sim.campaign.targeting import Targeting
from sim.campaign.teams import RingArea, Team
from sim.campaign.trigger import Phase, Trigger
from sim.campaign.workforce import Workforce

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["Campaign"]


class Campaign:
    """A strategy in action."""

    def __init__(self, strategy: StrategyParams, staffing: StaffingParams,
                 model: CampaignModel) -> None:
        self.strategy = strategy
        self.staffing = staffing
        v = model.village
        rng = model.streams["campaign"]
        self.rng = rng
        self.counters = new_counters()
        self.workforce = Workforce(strategy, staffing, model, rng)
        self.trigger = Trigger(strategy.trigger, strategy.deployment)
        self.last_visit_day = np.full(v.n_households, -1, np.int32)
        ins = strategy.inspection
        per_visit = ins.inspection_minutes + ins.entry_minutes + 2 * ins.walk_minutes_per_cell
        day_capacity = strategy.workforce.hours_per_day * 60.0 / per_visit
        self.targeting = Targeting(strategy.targeting, self.known(model), round(1.5 * day_capacity) + 1)
        self.outdoor = Outdoor(strategy.outdoor, model, rng)
        self.publicity = Publicity(strategy.publicity, len(v.group_names), rng)
        self.coil_until = np.full(model.population.n, -1, np.int32)
        self.rechecks: list[tuple[int, int]] = []
        self.phase = Phase.PEACETIME
        self._person_days = {r.value: 0 for r in Role}
        self._isolated_upto = 0
        #: Teams at work today (for drawing and for the event log).
        self.teams: list[Team] = []
        #: Event rows (day, action, household, ...) when the event log is on.
        self.events: list[dict[str, Any]] = []

    # --- what is known ------------------------------------------------------
    def known(self, model: CampaignModel) -> KnownState:
        """The campaign's view of the village today (no hidden state)."""
        v = model.village
        half = v.cell_size_m / 2
        return KnownState(
            day=model.day, surveillance=model.surveillance,
            hh_x_m=v.hh_x * v.cell_size_m + half, hh_y_m=v.hh_y * v.cell_size_m + half,
            hh_cell=v.hh_cell, hh_group=v.hh_group, hh_idle=v.hh_idle,
            last_visit_day=self.last_visit_day, cell_size_m=v.cell_size_m,
            width=v.width, height=v.height,
        )

    @property
    def rings(self) -> list[RingArea]:
        """Ring areas currently open around reported cases."""
        return self.targeting.rings.rings

    @property
    def wartime_start_day(self) -> int | None:
        """First day of wartime work, or None if the campaign never switched."""
        return self.trigger.wartime_start_day

    def person_days(self) -> dict[str, int]:
        """Person-days worked so far, by role."""
        return dict(self._person_days)

    # --- the day ------------------------------------------------------------
    def step(self, model: CampaignModel) -> None:
        """One day of campaign work."""
        s = self.strategy
        day = model.day
        self.counters = c = new_counters()
        known = self.known(model)
        previous = self.phase
        self.phase = self.trigger.update(day, model.surveillance)
        if self.phase == Phase.WARTIME and previous != Phase.WARTIME:
            model.population.report_delay_days = s.inspection.report_delay_days_wartime
            self.workforce.start_training(day)
        if self.targeting.uses_rings and self.phase != Phase.PEACETIME:
            self.targeting.rings.update(known)
        if s.inspection.isolation and self.phase == Phase.WARTIME:
            self._isolate(model)
        ctx = DayContext(day, c, np.zeros(model.village.n_cells), self.last_visit_day,
                         self.coil_until, self.rechecks,
                         self.events if model.params.event_log else None)
        teams, sweep_only = self._teams_today(day)
        self.targeting.assign(teams, known, sweep_only=sweep_only)
        due_rechecks = self._due_rechecks(day)
        working: list[Team] = []
        for k, team in enumerate(teams):
            mine = due_rechecks[k::len(teams)] if teams else []
            if not team.queue and not mine:
                continue
            self.workforce.mentor(team)
            work_team_day(model, team, ctx, self.rng, mine)
            working.append(team)
        self.teams = working
        on_duty = [m for t in working for m in t.members]
        if ctx.reported:
            model.report(np.asarray(ctx.reported, dtype=np.int64))
        self._outdoor_and_publicity(model, day, c)
        if ctx.kill_cell.any():
            model.mosquitoes.kill_in_cells(ctx.kill_cell)
        if s.publicity.coils:
            model.p_bite_blocked = np.where(self.coil_until >= day, s.publicity.coil_efficacy, 0.0)
        self.workforce.end_of_day(on_duty, day)
        self._book(on_duty, c)
        c["ring_areas_active"] = len(self.rings)

    def _teams_today(self, day: int) -> tuple[list[Team], bool]:
        s = self.strategy
        wf = self.workforce
        if self.phase == Phase.WARTIME and s.targeting.mode != "none":
            if wf.trained_from_day is not None and day < wf.trained_from_day:
                return [], False  # training before deployment
            full = self.trigger.full_deployment(day)
            p_cadre = s.deployment.availability if full else s.deployment.part_time_availability
            if not s.deployment.enabled:
                p_cadre = s.deployment.part_time_availability
            on = wf.roster(day, p_cadre, s.workforce.grid_worker_availability,
                           s.workforce.medic_availability, relieve_medics=full)
            return wf.form_teams(on, s.workforce.composition), False
        if s.peacetime.routine_teams and day % 7 < s.peacetime.routine_days_per_week:
            return wf.routine_teams(s.peacetime.routine_teams, day), True
        return [], False

    def _due_rechecks(self, day: int) -> list[int]:
        due = [h for d, h in self.rechecks if d <= day]
        self.rechecks[:] = [(d, h) for d, h in self.rechecks if d > day]
        return due

    def _isolate(self, model: CampaignModel) -> None:
        s = model.surveillance
        people = np.asarray(s.case_person[self._isolated_upto:], dtype=np.int64)
        self._isolated_upto = s.n_cases
        pop = model.population
        if people.size:
            pop.isolated[people[pop.state[people] == 2]] = True
        model.net_efficacy = self.strategy.inspection.net_efficacy

    def _outdoor_and_publicity(self, model: CampaignModel, day: int, c: dict[str, int]) -> None:
        if self.phase == Phase.WARTIME:
            start = self.trigger.wartime_start_day or day
            self.outdoor.spray(model, day, self.rings, c)
            self.outdoor.cleanup(model, day - start, c)
            self.outdoor.construction_loop(model, day, c)
            groups = sorted({int(model.village.hh_group[r.household]) for r in self.rings})
            self.publicity.wartime(model, day, groups, self.coil_until, c)
        else:
            self.publicity.peacetime(model, day)

    def _book(self, on_duty: list, c: dict[str, int]) -> None:
        for m in on_duty:
            self._person_days[m.role.value] += 1
        c["staff_on_duty"] = len(on_duty)
        c["cadres_on_duty"] = sum(m.role == Role.CADRE for m in on_duty)
        c["grid_workers_on_duty"] = sum(m.role == Role.GRID_WORKER for m in on_duty)
        c["medics_on_duty"] = sum(m.role == Role.MEDIC for m in on_duty)
