"""Campaign staff: one Mesa ``CellAgent`` per person, whatever the role.

Roles are data (:class:`sim.params.workforce.RoleParams`, from ``configs/roles``):
a member carries its role's name and parameters, its own skill and fatigue,
and where it belongs (party unit and area).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa.discrete_space import CellAgent

from sim.params.workforce import RoleParams

if TYPE_CHECKING:
    from mesa.model import Model

__all__ = ["StaffMember"]


class StaffMember(CellAgent):
    """A member of the campaign workforce.

    Attributes:
        role: role name (a key of ``configs/roles``).
        params: the role's parameters.
        skill: chance to find each wet container (rises with training and mentoring).
        fatigue: accumulated fatigue 0..1 (rises with days worked, falls with rest).
        area: the area the member belongs to (-1: none).
        unit: party unit ("double reporting" pairing), -1 if none.
        days_worked: person-days on duty so far.
        on_duty: working today.
    """

    def __init__(self, model: Model, position: tuple[int, int], role: str, params: RoleParams,
                 area: int = -1, unit: int = -1) -> None:
        super().__init__(model)
        #: (x, y) of the member's cell; mirrored onto the Mesa grid if it is built (sim.lazy_grid).
        self.position = position
        self.role = role
        self.params = params
        self.skill = params.skill_trained if params.trained_at_start else params.skill_untrained
        self.fatigue = 0.0
        self.area = area
        self.unit = unit
        self.days_worked = 0
        self.on_duty = False

    def train(self) -> None:
        """Training before deployment brings the member to the role's trained skill."""
        self.skill = max(self.skill, self.params.skill_trained)

    def learn(self, share: float) -> None:
        """Close ``share`` of the gap between the role's untrained and trained skill."""
        p = self.params
        gap = max(p.skill_trained - p.skill_untrained, 0.0)
        self.skill = min(p.skill_trained, self.skill + share * gap)
