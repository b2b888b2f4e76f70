"""What the campaign is allowed to know: reported cases and its own inspection results.

The strategy never reads the hidden true state (who is infected, where the
mosquitoes are). It reads this record, which is filled by clinic reports,
fever screening during visits and the results of inspections.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy as np

__all__ = ["Surveillance"]


class Surveillance:
    """Reported cases and inspection findings, in the order they became known."""

    def __init__(self, n_households: int) -> None:
        self.case_person: list[int] = []
        self.case_household: list[int] = []
        self.case_day: list[int] = []
        #: Day of the most recent report per household (-1 = never).
        self.last_case_day = np.full(n_households, -1, np.int32)
        #: Positive containers found at the last inspection of each household (-1 = never).
        self.last_positive = np.full(n_households, -1, np.int32)
        self.last_inspected_day = np.full(n_households, -1, np.int32)

    @property
    def n_cases(self) -> int:
        """Cases reported so far."""
        return len(self.case_day)

    def add_cases(self, people: np.ndarray, households: np.ndarray, day: int) -> None:
        """Record newly reported cases."""
        self.case_person.extend(int(p) for p in people)
        self.case_household.extend(int(h) for h in households)
        self.case_day.extend([day] * len(people))
        self.last_case_day[households] = day

    def reported_on(self, day: int) -> int:
        """Cases reported on ``day`` (reports are recorded in day order)."""
        return bisect_right(self.case_day, day) - bisect_left(self.case_day, day)

    def record_inspections(self, households: np.ndarray, positive_found: np.ndarray, day: int) -> None:
        """Store the results of inspections (positive containers found in each house)."""
        self.last_positive[households] = positive_found
        self.last_inspected_day[households] = day
