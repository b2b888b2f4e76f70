"""The campaign's knowledge: static map facts, reported cases and its own visit records.

Strategy decisions (trigger, targeting) take a :class:`KnownState` and nothing
else, so they cannot read the hidden true state (who is infected, where the
mosquitoes are, which containers hold larvae).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.surveillance import Surveillance

__all__ = ["KnownState"]


@dataclass
class KnownState:
    """What planners know on a given day.

    Attributes:
        day: today.
        surveillance: reported cases and inspection results.
        hh_x_m, hh_y_m: household positions (m).
        hh_cell: household cells.
        hh_group: household groups.
        hh_idle: idle (locked) houses, known from the grid register.
        last_visit_day: day of each household's last campaign visit (-1 = never).
        cell_size_m: grid cell edge (m).
        width, height: grid size (cells).
        public_sites: indices of the public breeding sites (puddles, garbage, weeds:
            where they are is known, not whether they hold larvae).
        public_site_x_m, public_site_y_m: their positions (m).
    """

    day: int
    surveillance: Surveillance
    hh_x_m: np.ndarray
    hh_y_m: np.ndarray
    hh_cell: np.ndarray
    hh_group: np.ndarray
    hh_idle: np.ndarray
    last_visit_day: np.ndarray
    cell_size_m: float
    width: int
    height: int
    public_sites: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    public_site_x_m: np.ndarray = field(default_factory=lambda: np.zeros(0))
    public_site_y_m: np.ndarray = field(default_factory=lambda: np.zeros(0))
