"""The campaign's daily counters: a fixed set, so every run has the same columns.

``staff_rostered`` counts the people called up today; ``staff_on_duty`` those
who had field work (teams without work stay home and book no person-days).
Staff on duty per role are added by the recorder as ``on_duty_<role>`` columns,
one per role of ``configs/roles``.
"""

from __future__ import annotations

__all__ = ["COUNTER_NAMES", "SETTING_NAMES", "new_counters"]

#: Breeding-site settings, in the order of :class:`sim.village.Setting`.
SETTING_NAMES: tuple[str, ...] = ("household", "idle_house", "public", "construction")

COUNTER_NAMES: tuple[str, ...] = (
    "staff_rostered",
    "staff_on_duty",
    "teams_at_work",
    "households_visited_today",
    "idle_houses_opened_today",
    "sites_found_today",
    "sites_cleared_today",
    *(f"sites_found_{s}" for s in SETTING_NAMES),
    *(f"sites_cleared_{s}" for s in SETTING_NAMES),
    "cases_found_by_screening",
    "people_checked_today",
    "spray_events",
    "cells_sprayed_today",
    "publicity_events",
    "households_supplied_today",
    "ring_areas_active",
    "rechecks_today",
    "rechecks_pending",
)


def new_counters() -> dict[str, int]:
    """All counters at zero."""
    return dict.fromkeys(COUNTER_NAMES, 0)
