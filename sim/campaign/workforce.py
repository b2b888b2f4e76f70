"""The workforce: staff agents, their daily roster, training, fatigue, rotation and teams."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from sim.agents import Cadre, GridWorker, Medic, Role, StaffMember
from sim.campaign.params import COMPOSITIONS, StaffingParams, StrategyParams
from sim.campaign.teams import Team

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["Workforce"]


class Workforce:
    """Creates the staff agents and decides every day who is on duty, in which team.

    Cadres belong to ``cadre_units`` units; unit ``u`` is paired with group
    ``u mod groups`` ("double reporting") and its members start from, and
    sweep, that group. Grid workers and medics are spread over the groups.
    """

    def __init__(self, strategy: StrategyParams, staffing: StaffingParams,
                 model: CampaignModel, rng: np.random.Generator) -> None:
        self.s = strategy
        self.rng = rng
        v = model.village
        n_groups = len(v.group_names)
        self.base_cell = [self._group_centre(model, g) for g in range(n_groups)]
        wf = strategy.workforce
        skill0 = wf.untrained_skill
        self.cadres: list[StaffMember] = []
        for i in range(staffing.cadres):
            unit = i % staffing.cadre_units
            group = unit % n_groups
            self.cadres.append(Cadre(model, self.base_cell[group], skill0, group, unit))
        self.grid_workers: list[StaffMember] = [
            GridWorker(model, self.base_cell[i % n_groups], wf.trained_skill, i % n_groups)
            for i in range(staffing.grid_workers)
        ]
        self.medics: list[StaffMember] = [
            Medic(model, self.base_cell[i % n_groups], wf.trained_skill, i % n_groups)
            for i in range(staffing.medics)
        ]
        self.by_role = {Role.CADRE: self.cadres, Role.GRID_WORKER: self.grid_workers,
                        Role.MEDIC: self.medics}
        self.rest_until: dict[int, int] = {}
        self.trained_from_day: int | None = None
        self._next_team_id = 0

    @staticmethod
    def _group_centre(model: CampaignModel, group: int):
        v = model.village
        cells = np.flatnonzero(v.group_of_cell == group)
        x, y = np.divmod(cells, v.height)
        return model.grid[(int(np.median(x)), int(np.median(y)))]

    @property
    def everyone(self) -> list[StaffMember]:
        """All staff members."""
        return [*self.cadres, *self.grid_workers, *self.medics]

    # --- training -----------------------------------------------------------
    def start_training(self, day: int) -> int:
        """Mobilisation: training runs for ``training_days``; returns the first deployable day."""
        wf = self.s.workforce
        self.trained_from_day = day + wf.training_days
        if wf.training_days > 0:
            for c in self.cadres:
                c.skill = max(c.skill, wf.trained_skill)
        return self.trained_from_day

    # --- the daily roster ---------------------------------------------------
    def roster(self, day: int, p_cadre: float, p_grid: float, p_medic: float,
               relieve_medics: bool) -> dict[Role, list[StaffMember]]:
        """Who is on duty today: availability draws, fatigue rests, medic rotation."""
        wf = self.s.workforce
        on: dict[Role, list[StaffMember]] = {}
        for role, pool, p in ((Role.CADRE, self.cadres, p_cadre),
                              (Role.GRID_WORKER, self.grid_workers, p_grid),
                              (Role.MEDIC, self.medics, p_medic)):
            draws = self.rng.random(len(pool))
            chosen = []
            for member, u in zip(pool, draws, strict=True):
                resting = self.rest_until.get(member.unique_id, -1) >= day
                if resting or u >= p:
                    continue
                if member.fatigue >= wf.fatigue_rest_threshold and role != Role.MEDIC:
                    self.rest_until[member.unique_id] = day
                    continue
                chosen.append(member)
            on[role] = chosen
        if relieve_medics and wf.medic_rotation and on[Role.CADRE]:
            on[Role.MEDIC] = self._rotate(on[Role.MEDIC], day)
        return on

    def _rotate(self, medics: list[StaffMember], day: int) -> list[StaffMember]:
        """Send the most tired medics home for ``medic_rest_days`` while cadres cover."""
        wf = self.s.workforce
        keep = []
        for m in sorted(medics, key=lambda a: -a.fatigue):
            if m.fatigue > 0.2 and len(keep) < len(medics) // 2 + len(medics) % 2:
                self.rest_until[m.unique_id] = day + wf.medic_rest_days - 1
            else:
                keep.append(m)
        return keep

    def end_of_day(self, on_duty: list[StaffMember], day: int) -> None:
        """Fatigue builds for those who worked and recovers for the rest; mentoring."""
        wf = self.s.workforce
        worked = {m.unique_id for m in on_duty}
        for m in self.everyone:
            if m.unique_id in worked:
                m.days_worked += 1
                m.consecutive_days += 1
                m.fatigue = min(1.0, m.fatigue + wf.fatigue_per_day)
            else:
                m.consecutive_days = 0
                m.fatigue = max(0.0, m.fatigue - wf.recovery_per_day)
            m.on_duty = m.unique_id in worked

    # --- teams ------------------------------------------------------------
    def form_teams(self, on: dict[Role, list[StaffMember]], composition: str) -> list[Team]:
        """Group today's staff into teams of ``composition``; spare cadres form cadre pairs."""
        roles = COMPOSITIONS[composition]
        pools = {r: sorted(on.get(Role(r), []), key=lambda a: (a.group, a.unique_id)) for r in set(roles)}
        need = {r: roles.count(r) for r in set(roles)}
        n_teams = min(len(pools[r]) // need[r] for r in need) if need else 0
        teams = []
        for _ in range(n_teams):
            leader_role = roles[0]
            leader = pools[leader_role].pop(0)
            members = [leader]
            for r in roles[1:]:
                pool = pools[r]
                same = [m for m in pool if m.group == leader.group]
                pick = same[0] if same else pool[0]
                pool.remove(pick)
                members.append(pick)
            teams.append(self._team(members, composition))
        spare = pools.get("cadre", []) if "cadre" in roles else []
        while spare:
            members = spare[:2]
            del spare[:2]
            teams.append(self._team(members, "cadre_only"))
        return teams

    def routine_teams(self, n: int, day: int) -> list[Team]:
        """Peacetime professional teams (medics), one member each."""
        medics = [m for m in self.medics if self.rest_until.get(m.unique_id, -1) < day][:n]
        return [self._team([m], "medic_only") for m in medics]

    def _team(self, members: list[StaffMember], composition: str) -> Team:
        team = Team(self._next_team_id, members, composition)
        self._next_team_id += 1
        return team

    def mentor(self, team: Team) -> None:
        """The experienced bring the new: untrained members gain skill beside trained ones."""
        wf = self.s.workforce
        best = max(m.skill for m in team.members)
        if best < wf.trained_skill:
            return
        for m in team.members:
            if m.skill < wf.trained_skill:
                m.skill = min(wf.trained_skill, m.skill + wf.mentoring_per_day
                              * (wf.trained_skill - wf.untrained_skill))
