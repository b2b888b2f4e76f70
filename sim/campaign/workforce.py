"""The workforce: staff of every role, their areas, the daily roster, training, fatigue, rotation.

Members of unit-paired roles (cadres, leaders) are spread over the party units;
each unit answers for an area (:class:`sim.campaign.areas.Areas`) sized to its
members, so the units together cover the village. Members of area-paired
roles (grid workers, medics, volunteers) are spread over the areas in
proportion to houses; unpaired roles (auxiliary police, sprayers) belong to
no area.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import numpy as np

from sim.campaign.areas import Areas, spread_over
from sim.campaign.staff import StaffMember
from sim.params.strategy import StrategyParams
from sim.params.workforce import RoleParams, StaffingParams

if TYPE_CHECKING:
    from mesa.model import Model

    from sim.lazy_grid import LazyGrid
    from sim.rng import RandomStreams
    from sim.village import Village

__all__ = ["MEDIC", "Workforce", "unit_sizes"]

#: The role relieved by cadres in the full-deployment window (medic rotation).
MEDIC = "medic"


def unit_sizes(roles: Mapping[str, RoleParams], staffing: StaffingParams) -> np.ndarray:
    """Members of each party unit: unit-paired roles dealt round-robin over the units."""
    sizes = np.zeros(staffing.cadre_units, np.int64)
    for name, role in roles.items():
        if role.pairing == "unit":
            n = staffing.count(name)
            sizes += n // staffing.cadre_units
            sizes[: n % staffing.cadre_units] += 1
    return sizes


class Workforce:
    """Creates the staff agents and decides every day who is on duty.

    Args:
        roles: role parameters by name.
        staffing: the pool.
        strategy: the strategy (availabilities, fatigue, rotation).
        village, areas: where members belong.
        agents_model, grid: the Mesa model the staff agents belong to, and the grid they move on.
        rng: the ``campaign.roster`` stream (one draw per member per wartime day).
    """

    def __init__(self, roles: Mapping[str, RoleParams], staffing: StaffingParams,
                 strategy: StrategyParams, village: Village, areas: Areas, agents_model: Model,
                 grid: LazyGrid, rng: np.random.Generator) -> None:
        self.s = strategy
        self.rng = rng
        self.areas = areas
        centre = village.width // 2, village.height // 2
        start = [(int(np.rint(x)), int(np.rint(y))) for x, y in areas.centre_xy]
        self.members: list[StaffMember] = []
        for name, role in roles.items():
            n = staffing.count(name)
            if role.pairing == "unit":
                units = np.arange(n) % staffing.cadre_units
                homes = areas.unit_area[units]
            elif role.pairing == "area":
                units = np.full(n, -1)
                homes = np.repeat(np.arange(areas.n), spread_over(areas.houses, n))
            else:
                units, homes = np.full(n, -1), np.full(n, -1)
            for unit, home in zip(units.tolist(), homes.tolist(), strict=True):
                where = start[home] if home >= 0 else centre
                member = StaffMember(agents_model, where, name, role, home, unit)
                grid.register(member)
                self.members.append(member)
        self.rest_until = np.full(len(self.members), -1, np.int64)
        self.trained_from_day: int | None = None
        #: A district's caps on this village's roster (None: no cap; :mod:`sim.district`):
        #: organisation members the command lets it field (lifted in a full-deployment window),
        #: and medics its town's hospital sends (the hospital, not the village, then rests
        #: medics in a full window).
        self.echelon_cap: int | None = None
        self.medic_cap: int | None = None

    def of_role(self, role: str) -> list[StaffMember]:
        """Members of ``role``."""
        return [m for m in self.members if m.role == role]

    # --- training -----------------------------------------------------------
    def start_training(self, day: int) -> int:
        """Mobilisation: training runs for ``training_days``; returns the first deployable day."""
        days = self.s.workforce.training_days
        self.trained_from_day = day + days
        if days > 0:
            for m in self.members:
                m.train()
        return self.trained_from_day

    # --- the daily roster ---------------------------------------------------
    def roster(self, day: int, full_window: bool, roles: set[str] | None = None) -> list[StaffMember]:
        """Who is on duty today: availability draws, fatigue rests, medic rotation.

        Only members of ``roles`` (all roles if None) are called up. Every member gets
        one uniform draw a day, whatever happens to it, so the ``campaign.roster``
        stream advances the same way in every strategy.
        """
        dep, wf = self.s.deployment, self.s.workforce
        draws = self.rng.random(len(self.members))
        on: list[StaffMember] = []
        for i, (m, u) in enumerate(zip(self.members, draws.tolist(), strict=True)):
            p = m.params
            if roles is not None and m.role not in roles:
                continue
            if p.full_deployment:
                share = dep.availability if (full_window and dep.enabled) else dep.part_time_availability
            else:
                share = p.availability
            if self.rest_until[i] >= day or u >= share:
                continue
            if p.rests_when_tired and m.fatigue >= wf.fatigue_rest_threshold:
                self.rest_until[i] = day
                continue
            on.append(m)
        if full_window and wf.medic_rotation and self.medic_cap is None:
            on = self._relieve_medics(on, day)
        return on

    def within_caps(self, on: list[StaffMember], full_window: bool,
                    streams: RandomStreams) -> list[StaffMember]:
        """Today's roster ``on`` within the district's caps: at most :attr:`echelon_cap`
        organisation members (unit-paired roles; not in a full window) and at most
        :attr:`medic_cap` medics, random subsets drawn from their own streams
        (``campaign.echelon``, ``campaign.hospital``), so the roster's draws stay those of an
        uncapped village; other staff are not capped."""
        if self.echelon_cap is not None and not full_window:
            on = _at_most(on, self.echelon_cap, streams["campaign.echelon"],
                          lambda m: m.params.pairing == "unit")
        if self.medic_cap is not None:
            on = _at_most(on, self.medic_cap, streams["campaign.hospital"], lambda m: m.role == MEDIC)
        return on

    def _relieve_medics(self, on: list[StaffMember], day: int) -> list[StaffMember]:
        """Keep ``medic_rest_share`` of the medics resting while cadres cover: the most
        tired medics on duty go home for ``medic_rest_days``."""
        wf = self.s.workforce
        medics = [i for i, m in enumerate(self.members) if m.role == MEDIC]
        resting = sum(1 for i in medics if self.rest_until[i] >= day)
        want = round(wf.medic_rest_share * len(medics))
        index = {id(m): i for i, m in enumerate(self.members)}
        candidates = sorted((m for m in on if m.role == MEDIC), key=lambda m: (-m.fatigue, m.unique_id))
        sent_home = set()
        for m in candidates[: max(want - resting, 0)]:
            self.rest_until[index[id(m)]] = day + wf.medic_rest_days - 1
            sent_home.add(id(m))
        return [m for m in on if id(m) not in sent_home]

    def end_of_day(self, worked: list[StaffMember]) -> None:
        """Fatigue builds for those who worked and recovers for the rest."""
        wf = self.s.workforce
        ids = {id(m) for m in worked}
        for m in self.members:
            if id(m) in ids:
                m.days_worked += 1
                m.fatigue = min(1.0, m.fatigue + wf.fatigue_per_day)
                m.on_duty = True
            else:
                m.fatigue = max(0.0, m.fatigue - wf.recovery_per_day)
                m.on_duty = False

    def mentor(self, members: list[StaffMember]) -> None:
        """The experienced bring the new: members below their role's trained skill learn
        beside a member at or above theirs."""
        share = self.s.workforce.mentoring_per_day
        if share <= 0 or not any(m.skill >= m.params.skill_trained for m in members):
            return
        for m in members:
            if m.skill < m.params.skill_trained:
                m.learn(share)


def _at_most(on: list[StaffMember], cap: int, rng: np.random.Generator,
             counted: Callable[[StaffMember], bool]) -> list[StaffMember]:
    """``on`` with at most ``cap`` of the members ``counted``: a random subset of them stays
    (one draw by ``rng`` only when there are too many), the others all stay, in order."""
    capped = [i for i, m in enumerate(on) if counted(m)]
    if len(capped) <= cap:
        return on
    keep = rng.choice(len(capped), cap, replace=False)
    dropped = set(capped) - {capped[k] for k in keep.tolist()}
    return [m for i, m in enumerate(on) if i not in dropped]
