"""The campaign's daily counters: a fixed set, so every run has the same columns."""

from __future__ import annotations

__all__ = ["COUNTER_NAMES", "SETTING_NAMES", "new_counters"]

#: Breeding-site settings, in the order of :class:`sim.village.Setting`.
SETTING_NAMES: tuple[str, ...] = ("household", "idle_house", "public", "construction")

COUNTER_NAMES: tuple[str, ...] = (
    "staff_on_duty",
    "cadres_on_duty",
    "grid_workers_on_duty",
    "medics_on_duty",
    "households_visited_today",
    "idle_houses_opened_today",
    "sites_found_today",
    "sites_cleared_today",
    *(f"sites_found_{s}" for s in SETTING_NAMES),
    *(f"sites_cleared_{s}" for s in SETTING_NAMES),
    "cases_found_by_screening",
    "spray_events",
    "publicity_events",
    "ring_areas_active",
    "rechecks_today",
)


def new_counters() -> dict[str, int]:
    """All counters at zero."""
    return dict.fromkeys(COUNTER_NAMES, 0)
