"""Daily indicators and the run summary (the output contract read by every tool)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.campaign.counters import COUNTER_NAMES
from sim.humans import HumanState
from sim.village import Setting

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["DAILY_COLUMNS", "INDEX_COUNTS", "DailyRecorder", "daily_columns",
           "entomological_indices", "index_counts", "indices_from_counts", "inspections_of_last_week",
           "summarise"]

#: Columns of ``timeseries.csv``, in order, before the ``on_duty_<role>`` columns.
DAILY_COLUMNS: tuple[str, ...] = (
    "day",
    "new_infections",
    "new_reported_cases",
    "susceptible_humans",
    "exposed_humans",
    "infectious_humans",
    "recovered_humans",
    "cumulative_infections",
    "cumulative_reported_cases",
    "adult_mosquitoes",
    "infectious_mosquitoes",
    "immature_mosquitoes",
    "emerged_today",
    "active_breeding_sites",
    "positive_breeding_sites",
    "breteau_index",
    "house_index",
    "container_index",
    "houses_inspected_7d",
    "positive_containers_found_7d",
    "adults_per_person",
    "temperature_c",
    "awareness_mean",
    "residents_cleared_today",
    *COUNTER_NAMES,
)


#: The indices' numerators a recorder keeps beside its columns (:func:`index_counts`).
INDEX_COUNTS: tuple[str, ...] = ("positive_containers_in_houses", "houses_positive",
                                 "wet_containers_in_houses")


def daily_columns(roles: Iterable[str]) -> tuple[str, ...]:
    """Every column of ``timeseries.csv``: :data:`DAILY_COLUMNS`, then staff on duty per role."""
    return (*DAILY_COLUMNS, *(f"on_duty_{r}" for r in roles))


def index_counts(model: CampaignModel, positive_sites: np.ndarray | None = None) -> tuple[int, int, int]:
    """The numerators of the entomological indices today: positive containers in houses,
    houses with a positive container, and wet containers in houses (idle houses included).

    Counted as inspectors count them (China CDC definitions), on every house rather than
    a sample: a container is positive when it holds water and larvae or pupae. A district
    adds these up over its villages and recomputes its indices from the sums.

    Args:
        model: the model.
        positive_sites: ``model.sites.positive()`` if the caller has it already.
    """
    s = model.sites
    if positive_sites is None:
        positive_sites = s.positive()
    in_house = (s.setting == Setting.HOUSEHOLD) | (s.setting == Setting.IDLE_HOUSE)
    positive = positive_sites & in_house
    per_house = np.bincount(s.household[positive], minlength=model.village.n_households)
    return int(positive.sum()), int(np.count_nonzero(per_house)), int(np.count_nonzero(s.wet & in_house))


def indices_from_counts(positive: float, houses_positive: float, wet: float,
                        households: float) -> tuple[float, float, float]:
    """Breteau index (positive containers per 100 houses), house index (per cent of houses
    with one) and container index (per cent of wet containers that are positive)."""
    ci = 100.0 * positive / wet if wet else 0.0
    if not households:
        return 0.0, 0.0, ci
    return 100.0 * positive / households, 100.0 * houses_positive / households, ci


def entomological_indices(model: CampaignModel,
                          positive_sites: np.ndarray | None = None) -> tuple[float, float, float]:
    """True Breteau, house and container indices of the village today (:func:`index_counts`)."""
    counts = index_counts(model, positive_sites)
    return indices_from_counts(*counts, model.village.n_households)


def inspections_of_last_week(model: CampaignModel, window_days: int = 7) -> tuple[int, int]:
    """Houses the campaign inspected in the last ``window_days`` and the positive containers it
    found in them: their ratio (x 100) is the Breteau index a district reports."""
    sv = model.surveillance
    seen = (sv.last_inspected_day >= 0) & (sv.last_inspected_day > model.day - window_days)
    return int(seen.sum()), int(sv.last_positive[seen].sum())


class DailyRecorder:
    """Collects one row of model-level indicators per day into preallocated arrays."""

    def __init__(self, days: int, roles: Iterable[str] = ()) -> None:
        self.days_recorded = 0
        self.columns = daily_columns(roles)
        self.data = {name: np.zeros(days, dtype=np.float64) for name in self.columns}
        #: :data:`INDEX_COUNTS` by day: not output columns, but what a district sums.
        self.counts = {name: np.zeros(days, dtype=np.int64) for name in INDEX_COUNTS}
        self.cumulative_infections = 0
        self.cumulative_reported = 0

    def record(self, model: CampaignModel) -> None:
        """Append today's row."""
        t = self.days_recorded
        pop = model.population
        s = model.sites
        reported = model.surveillance.reported_on(model.day)
        self.cumulative_infections += model.today_infections
        self.cumulative_reported += reported
        # Each array pass once per day: state counts, positive sites.
        states = np.bincount(pop.state, minlength=len(HumanState))
        positive = s.positive()
        counts = index_counts(model, positive)
        bi, hi, ci = indices_from_counts(*counts, model.village.n_households)
        for name, value in zip(INDEX_COUNTS, counts, strict=True):
            self.counts[name][t] = value
        inspected, found_positive = inspections_of_last_week(model)
        row: dict[str, float] = {
            "day": model.day,
            "new_infections": model.today_infections,
            "new_reported_cases": reported,
            "susceptible_humans": int(states[HumanState.SUSCEPTIBLE]),
            "exposed_humans": int(states[HumanState.EXPOSED]),
            "infectious_humans": int(states[HumanState.INFECTIOUS]),
            "recovered_humans": int(states[HumanState.RECOVERED]),
            "cumulative_infections": self.cumulative_infections,
            "cumulative_reported_cases": self.cumulative_reported,
            "adult_mosquitoes": model.mosquitoes.n_adults,
            "infectious_mosquitoes": model.mosquitoes.n_infectious(),
            "immature_mosquitoes": int(s.immatures.sum()),
            "emerged_today": model.today_emerged,
            "active_breeding_sites": int(s.wet.sum()),
            "positive_breeding_sites": int(positive.sum()),
            "breteau_index": round(bi, 4),
            "house_index": round(hi, 4),
            "container_index": round(ci, 4),
            "houses_inspected_7d": inspected,
            "positive_containers_found_7d": found_positive,
            "adults_per_person": round(model.mosquitoes.n_adults / max(pop.n, 1), 4),
            "temperature_c": round(model.today_traits.temperature_c, 3),
            "awareness_mean": round(float(model.awareness.mean()), 6),
            "residents_cleared_today": model.today_residents_cleared,
        }
        row.update(model.campaign.counters)
        row.update({f"on_duty_{r}": n for r, n in model.campaign.on_duty_today.items()})
        for name in self.columns:
            self.data[name][t] = row[name]
        self.days_recorded += 1

    def table(self) -> dict[str, np.ndarray]:
        """The recorded columns, trimmed to the days run."""
        return {k: v[: self.days_recorded] for k, v in self.data.items()}


def _first_day_below(values: np.ndarray, days: np.ndarray, threshold: float,
                     after: int) -> int | None:
    hit = np.flatnonzero((values < threshold) & (days >= after))
    return int(days[hit[0]]) if hit.size else None


def summarise(model: CampaignModel, wall_seconds: float) -> dict[str, Any]:
    """Scalar outcomes of a finished run (``summary.json``)."""
    p = model.params
    ts = model.recorder.table()
    day = ts["day"].astype(int)
    reported = ts["new_reported_cases"]
    total_inf = int(ts["new_infections"].sum())
    total_rep = int(reported.sum())
    peak_i = int(np.argmax(reported)) if reported.size else 0
    end_day = None
    if total_rep:
        last_case = int(day[np.flatnonzero(reported > 0)[-1]])
        candidate = last_case + p.outbreak.quiet_days_for_end
        if candidate <= int(day[-1]):
            end_day = candidate
    found = int(ts["sites_found_today"].sum())
    cleared = int(ts["sites_cleared_today"].sum())
    idle_found = int(ts["sites_found_idle_house"].sum())
    idle_cleared = int(ts["sites_cleared_idle_house"].sum())
    # Days to BI < 5 counted from the start of the campaign's wartime (or day 0).
    start = model.campaign.wartime_start_day
    below5 = _first_day_below(ts["breteau_index"], day, 5.0, start if start is not None else 0)
    person_days = model.campaign.person_days()
    visited = int(ts["households_visited_today"].sum())
    n_hh = model.village.n_households
    reached = int((model.campaign.last_visit_day >= 0).sum())
    return {
        "seed": p.seed,
        "strategy": p.strategy.name,
        "staffing": p.staffing.name,
        "village": p.village.name,
        "disease": p.disease.name,
        "vector_engine": p.vector.engine,
        "days": p.days,
        "population": model.population.n,
        "households": model.village.n_households,
        "idle_households": int(model.village.hh_idle.sum()),
        "breeding_sites": model.sites.n,
        "total_infections": total_inf,
        "imported_infections": model.imported_infections,
        "total_reported_cases": total_rep,
        "attack_rate": round(total_inf / model.population.n, 6) if model.population.n else None,
        "peak_daily_reported_cases": int(reported[peak_i]) if reported.size else 0,
        "peak_day": int(day[peak_i]) if total_rep else None,
        "outbreak_end_day": end_day,
        "r0_case_to_case_early": model.early_r0(),
        "wartime_start_day": start,
        "sites_found": found,
        "sites_cleared": cleared,
        "clearance_rate": round(cleared / found, 6) if found else None,
        "idle_house_sites_found": idle_found,
        "idle_house_clearance_rate": round(idle_cleared / idle_found, 6) if idle_found else None,
        "idle_houses_opened": int(ts["idle_houses_opened_today"].sum()),
        "initial_breteau_index": float(ts["breteau_index"][0]),
        "initial_house_index": float(ts["house_index"][0]),
        "initial_container_index": float(ts["container_index"][0]),
        "initial_adults_per_person": float(ts["adults_per_person"][0]),
        "final_breteau_index": float(ts["breteau_index"][-1]),
        "days_to_breteau_below_5": None if below5 is None else below5 - (start or 0),
        "households_visited": visited,
        "visits_per_household": round(visited / n_hh, 6) if n_hh else None,
        "houses_reached": reached,
        "houses_reached_share": round(reached / n_hh, 6) if n_hh else None,
        "staff_person_days": person_days,
        "person_days": person_days,
        "person_days_total": int(sum(person_days.values())),
        "person_days_by_work": model.campaign.person_days_by_work(),
        "person_days_rostered": model.campaign.rostered_person_days,
        "sweep_shortfall": model.campaign.shortfall,
        "sweep_shortfall_days": model.campaign.shortfall_days,
        "wall_seconds": round(wall_seconds, 3),
    }
