"""The campaign: reads what is known, rosters staff into teams, sends them out, acts.

One campaign day (step 6 of the model's step order):

1. the trigger reads reported cases and sets the phase (peacetime, mobilising, wartime);
2. on the first wartime day, reporting speeds up and training starts;
3. new reported cases open or renew rings; isolation puts reported cases under nets;
4. the roster decides who is on duty (availability, full deployment, fatigue,
   medic rotation); staff are formed into teams of the strategy's shapes,
   spread over the areas;
5. visit teams get their houses from the known state only (rechecks,
   construction checks, ring work, sweeps) and walk them until their time is up;
6. crews work: spraying, clean-up (every team on a drive day), publicity,
   supply rounds, fever checkpoints; owners rectify construction sites;
7. knockdown, residual spraying and coil protection take effect; fatigue and
   person-days (by role and by kind of work) are booked.

Each mechanism draws from its own named stream (``campaign.roster``,
``campaign.inspect``, ``campaign.screen``, ``campaign.recheck``,
``campaign.checkpoint``, ``campaign.knockdown``, ``campaign.spray``).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.campaign.actions import DayContext
from sim.campaign.areas import Areas
from sim.campaign.case_work import Isolation, checkpoints
from sim.campaign.counters import new_counters
from sim.campaign.known import KnownState
from sim.campaign.outdoor import Outdoor
from sim.campaign.publicity import Publicity
from sim.campaign.rings import RingArea
from sim.campaign.route import work_visit_teams
from sim.campaign.targeting import SweepCapacity, Targeting
from sim.campaign.team_forming import form_teams
from sim.campaign.teams import Team
from sim.campaign.trigger import Phase, Trigger
from sim.campaign.workforce import Workforce, unit_sizes
from sim.params.organisation import fallback_chain
from sim.params.workforce import WORK_ACTION
from sim.village import Setting

if TYPE_CHECKING:
    from sim.params.run_params import RunParams
    from sim.world import World

__all__ = ["Campaign"]

log = logging.getLogger("sim.campaign")


class Campaign:
    """A strategy in action."""

    def __init__(self, world: World, params: RunParams) -> None:
        s = params.strategy
        self.world = world
        self.strategy = s
        self.params = params
        v = world.village
        self.streams = world.streams
        self.counters = new_counters()
        self.areas = Areas.build(v, unit_sizes(params.roles, params.staffing))
        self.workforce = Workforce(params.roles, params.staffing, s, v, self.areas, world.agents_model,
                                   world.grid, world.streams["campaign.roster"])
        self.trigger = Trigger(s.trigger, s.deployment)
        self.last_visit_day = np.full(v.n_households, -1, np.int32)
        houses_in_cell = np.bincount(v.hh_cell, minlength=v.n_cells)
        #: Share of a cell's adults one house's "kill" step removes: those resting indoors,
        #: in that house, times the knockdown efficacy.
        indoor_kill = s.inspection.indoor_knockdown * params.vector.indoor_resting_share
        self.house_kill_cell = np.where(houses_in_cell > 0, indoor_kill / np.maximum(houses_in_cell, 1), 0.0)
        self.targeting = Targeting(s.targeting, s.inspection, s.workforce.fatigue_penalty, self.areas)
        self.outdoor = Outdoor(s.outdoor, v, world.sites)
        self.publicity = Publicity(s.publicity, s.inspection, v)
        self.isolation = Isolation()
        self.coil_until = np.full(world.population.n, -1, np.int32)
        self._coils_out = False
        #: Pending quality rechecks: household -> due day (kept until a team does them).
        self.rechecks: dict[int, int] = {}
        self.phase = Phase.PEACETIME
        self._person_days = dict.fromkeys(params.roles, 0)
        self._person_days_by_work = dict.fromkeys(WORK_ACTION, 0)
        self.on_duty_today = dict.fromkeys(params.roles, 0)
        self._next_team_id = 0
        self._roles_cache: dict[tuple[str, ...], set[str]] = {}
        #: People called up so far (person-days), whether or not they had field work.
        self.rostered_person_days = 0
        #: First sweep day the staff could not keep the revisit interval, and how many such days.
        self.shortfall: dict[str, Any] | None = None
        self.shortfall_days = 0
        public = np.flatnonzero(world.sites.setting == Setting.PUBLIC)
        px, py = v.cell_xy(world.sites.cell[public])
        half = v.cell_size_m / 2
        self._public = (public, px * v.cell_size_m + half, py * v.cell_size_m + half)
        #: Household positions (m): the same arrays every day (the rings index them once).
        self._hh_xy_m = (v.hh_x * v.cell_size_m + half, v.hh_y * v.cell_size_m + half)
        #: Teams at work today (for drawing and for the event log).
        self.teams: list[Team] = []
        #: Event rows (day, action, household, ...) when the event log is on.
        self.events: list[dict[str, Any]] = []

    # --- what is known ------------------------------------------------------
    def known(self) -> KnownState:
        """The campaign's view of the village today (no hidden state)."""
        world = self.world
        v = world.village
        public, px_m, py_m = self._public
        return KnownState(
            day=world.day, surveillance=world.surveillance,
            hh_x_m=self._hh_xy_m[0], hh_y_m=self._hh_xy_m[1],
            hh_cell=v.hh_cell, hh_group=v.hh_group, hh_idle=v.hh_idle,
            last_visit_day=self.last_visit_day, cell_size_m=v.cell_size_m,
            width=v.width, height=v.height,
            public_sites=public, public_site_x_m=px_m, public_site_y_m=py_m,
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

    def person_days_by_work(self) -> dict[str, int]:
        """Person-days worked so far, by kind of work."""
        return dict(self._person_days_by_work)

    # --- the day ------------------------------------------------------------
    def step(self) -> None:
        """One day of campaign work."""
        s, world = self.strategy, self.world
        day = world.day
        self.counters = c = new_counters()
        known = self.known()
        previous = self.phase
        self.phase = self.trigger.update(day, world.surveillance)
        wartime = self.phase == Phase.WARTIME
        if self.phase != Phase.PEACETIME or world.surveillance.n_cases >= s.trigger.case_threshold:
            # The outbreak is recognised (the switch, or as many reports as would trigger it, also
            # without a campaign): from now on clinics test for the virus.
            world.population.diagnosed_share = 1.0
        if wartime and previous != Phase.WARTIME:
            world.population.report_delay_days = s.inspection.report_delay_days_wartime
            self.workforce.start_training(day)
        if s.targeting.uses_rings and self.phase != Phase.PEACETIME:
            self.targeting.rings.update(known)
        if s.inspection.isolation and wartime:
            self.isolation.step(world, s.inspection.isolation_days)
        ctx = DayContext(world, s, c, np.zeros(world.village.n_cells), self.house_kill_cell,
                         self.last_visit_day,
                         self.coil_until, self.rechecks, self.events if self.params.event_log else None)
        teams, sweep_only = self._teams_today(day, known)
        drive = wartime and s.outdoor.cleanup and (
            day - self.wartime_start_day) in s.outdoor.cleanup_drive_days
        if drive:
            for t in teams:  # a mass clean-up drive: every team that may clean, cleans
                if t.may("cleanup"):
                    t.work = "cleanup"
        working = self._visits(teams, known, ctx, sweep_only, wartime)
        working += self._crews(teams, ctx, wartime, drive)
        if wartime:
            self.outdoor.rectify(day, c)
        else:
            self.publicity.peacetime(world.awareness, day)
        if ctx.reported:
            world.report(np.asarray(ctx.reported, dtype=np.int64))
        if ctx.kill_cell.any():
            ctx.kills.append((ctx.kill_cell, self.streams["campaign.knockdown"]))
        if ctx.kills:  # knockdown and spraying, each from its own stream, one compaction
            world.mosquitoes.kill_in_cells(ctx.kills)
        protections = world.protections
        protections.residual_kill_cell = self.outdoor.residual_kill(day + 1)
        protected = self.coil_until >= day
        if self._coils_out or protected.any():  # once coils are out, keep the array current
            protections.bite_blocked = np.where(protected, s.publicity.coil_efficacy, 0.0)
            self._coils_out = bool(protected.any())
        self.teams = working
        self._book(working)
        c["ring_areas_active"] = len(self.rings)
        c["rechecks_pending"] = len(self.rechecks)

    def _teams_today(self, day: int, known: KnownState) -> tuple[list[Team], bool]:
        s = self.strategy
        wf = self.workforce
        if self.phase == Phase.WARTIME and s.workforce.teams:
            if wf.trained_from_day is not None and day < wf.trained_from_day:
                return [], False  # training before deployment
            full = self.trigger.full_deployment(day)
            on = wf.within_caps(wf.roster(day, full, self._roles_of(s.workforce.teams)), full, self.streams)
            self._note_roster(on)
            return self._form(on, s.workforce.teams, s.workforce.max_teams, known), False
        routine = s.peacetime
        if routine.routine_teams and day % 7 < routine.routine_days_per_week:
            on = wf.within_caps(wf.roster(day, False, self._roles_of((routine.routine_shape,))), False,
                                self.streams)
            self._note_roster(on)
            limit = {routine.routine_shape: routine.routine_teams}
            return self._form(on, (routine.routine_shape,), limit, known), True
        return [], False

    def _roles_of(self, shapes: tuple[str, ...]) -> set[str]:
        """Roles that the teams of ``shapes`` (and their fallbacks) need."""
        found = self._roles_cache.get(shapes)
        if found is None:
            found = {r for name in shapes for s in fallback_chain(name, self.params.team_shapes)
                     for r in self.params.team_shapes[s].roles}
            self._roles_cache[shapes] = found
        return found

    def _note_roster(self, on: list) -> None:
        self.counters["staff_rostered"] = len(on)
        self.rostered_person_days += len(on)

    def _form(self, on, order, limit, known: KnownState) -> list[Team]:
        p = self.params
        teams = form_teams(on, order, limit, p.team_shapes, self.areas, self.targeting.weights(known),
                           self._next_team_id, self.strategy.workforce.hours_per_day)
        self._next_team_id += len(teams)
        return teams

    def _visits(self, teams: list[Team], known: KnownState, ctx: DayContext, sweep_only: bool,
                wartime: bool) -> list[Team]:
        """Visit teams get their houses and walk them; returns the teams that did some work."""
        due = sorted(h for h, d in self.rechecks.items() if d <= ctx.day)
        construction = self.outdoor.construction_due(ctx.day) if wartime else []
        capacity = self.targeting.assign(teams, known, due, construction, sweep_only=sweep_only)
        if capacity is not None:
            self._note_capacity(ctx.day, capacity)
        visiting = [t for t in teams if t.work == "visit" and t.queue]
        for team in visiting:
            self.workforce.mentor(team.members)
        return work_visit_teams(visiting, ctx, self.outdoor)

    def _crews(self, teams: list[Team], ctx: DayContext, wartime: bool, drive: bool) -> list[Team]:
        """Spraying, clean-up, publicity, supply and checkpoint teams; returns those that worked
        (a crew with nothing to do today stays home and books no person-days)."""
        if not wartime:
            return []
        by_work: dict[str, list[Team]] = {}
        for t in teams:
            by_work.setdefault(t.work, []).append(t)
        rings, day, c, aware = self.targeting.rings, ctx.day, ctx.counters, self.world.awareness
        spray = self.outdoor.spray(by_work.get("spray", []), rings, day, self.streams["campaign.spray"],
                                   ctx.kills, c)
        cleaned = self.outdoor.cleanup(by_work.get("cleanup", []), rings, day, drive, c)
        events = self.publicity.events(by_work.get("publicity", []), rings, day, aware, self.coil_until, c)
        supplied = self.publicity.supply(by_work.get("supply", []), rings, day, aware, self.coil_until, c)
        checked = c["people_checked_today"]
        checkpoints(by_work.get("checkpoint", []), ctx)
        did = {"spray": bool(spray), "cleanup": bool(cleaned), "publicity": bool(events),
               "supply": bool(supplied.size), "checkpoint": c["people_checked_today"] > checked}
        return [t for work, ok in did.items() if ok for t in by_work.get(work, [])]

    def _note_capacity(self, day: int, capacity: SweepCapacity) -> None:
        if not capacity.short:
            return
        self.shortfall_days += 1
        if self.shortfall is None:
            self.shortfall = {"first_day": day, "houses": capacity.houses, "teams": capacity.teams,
                              "needed_per_day": round(capacity.needed_per_day, 1),
                              "capacity_per_day": round(capacity.capacity_per_day, 1)}
            log.warning("day %d: sweeping cannot keep the %d houses within %d days: about %.0f visits "
                        "a day are needed, the %d teams free of other work manage about %.0f; "
                        "houses wait longer", day, capacity.houses,
                        self.strategy.targeting.sweep_revisit_days, capacity.needed_per_day,
                        capacity.teams, capacity.capacity_per_day)

    def _book(self, working: list[Team]) -> None:
        self.on_duty_today = dict.fromkeys(self._person_days, 0)
        members = []
        for team in working:
            members += team.members
            self._person_days_by_work[team.work] += len(team.members)
            for m in team.members:
                self._person_days[m.role] += 1
                self.on_duty_today[m.role] += 1
        self.workforce.end_of_day(members)
        self.counters["staff_on_duty"] = len(members)
        self.counters["teams_at_work"] = len(working)
