"""A district's outputs: district totals by day, villages by day (long format), the summary.

Counts add up over villages; the indices are recomputed from the summed numerators
(:data:`sim.metrics.INDEX_COUNTS`), never averaged; ``adults_per_person`` is adults over
residents; ``awareness_mean`` is weighted by houses; the weather is the district's.
Risk levels are the national Breteau-index scale (Chongqing CDC, 2025; REFERENCE_VALUES
3a): safe below 5, low 5-10, medium 10-20, high 20 and above, judged on each village's
true Breteau index.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np

from sim.district.model import DistrictModel
from sim.metrics import INDEX_COUNTS, indices_from_counts, summarise
from sim.outputs import format_value

__all__ = ["RISK_LEVELS", "district_summary", "district_table", "places_csv", "risk_level", "villages_csv"]

#: Risk levels and the Breteau index each starts at.
RISK_LEVELS: tuple[tuple[str, float], ...] = (("safe", 0.0), ("low", 5.0), ("medium", 10.0), ("high", 20.0))
#: Columns recomputed rather than summed.
_NOT_SUMMED = {"day", "breteau_index", "house_index", "container_index", "adults_per_person", "temperature_c",
               "awareness_mean"}
#: Columns of ``villages.csv`` taken from each village's own series.
VILLAGE_COLUMNS: tuple[str, ...] = (
    "new_infections", "new_reported_cases", "cumulative_infections", "cumulative_reported_cases",
    "infectious_humans", "adult_mosquitoes", "breteau_index", "house_index", "container_index",
    "houses_inspected_7d", "positive_containers_found_7d", "staff_on_duty", "households_visited_today",
)


def risk_level(bi: np.ndarray) -> np.ndarray:
    """Index into :data:`RISK_LEVELS` of each Breteau index."""
    return np.searchsorted([start for _, start in RISK_LEVELS[1:]], bi, side="right")


def district_table(model: DistrictModel) -> dict[str, np.ndarray]:
    """The district's daily table: every single-village column, then the district's own."""
    tables = [m.recorder.table() for m in model.villages]
    days = len(tables[0]["day"])
    out: dict[str, np.ndarray] = {}
    counts = {k: sum(m.recorder.counts[k][:days] for m in model.villages) for k in INDEX_COUNTS}
    households = float(sum(m.village.n_households for m in model.villages))
    residents = float(sum(m.population.n for m in model.villages))
    bi, hi, ci = np.vectorize(indices_from_counts)(*(counts[k] for k in INDEX_COUNTS), households)
    for name in tables[0]:
        if name not in _NOT_SUMMED:
            out[name] = sum(t[name] for t in tables)
        elif name == "day" or name == "temperature_c":
            out[name] = tables[0][name]
        elif name == "adults_per_person":
            out[name] = np.round(out["adult_mosquitoes"] / max(residents, 1.0), 4)
        elif name == "awareness_mean":
            houses = [m.village.n_households for m in model.villages]
            weighted = sum(t[name] * h for t, h in zip(tables, houses, strict=True))
            out[name] = np.round(weighted / households, 6)
        else:
            out[name] = np.round({"breteau_index": bi, "house_index": hi, "container_index": ci}[name], 4)
    out["infections_picked_up_away"] = np.array([a.sum() for a in model.arrivals_by_day], float)
    out["mosquitoes_infected_by_visitors"] = np.array([a.sum() for a in model.visitor_exposures_by_day],
                                                      float)
    out["echelon_allocated"] = np.array([np.maximum(c, 0).sum() for c in model.caps_by_day], float)
    affected = np.array([t["cumulative_reported_cases"] > 0 for t in tables])  # village x day
    level = risk_level(np.array([t["breteau_index"] for t in tables]))
    n_affected = affected.sum(axis=0)
    out["villages_affected"] = n_affected.astype(float)
    for k, (name, _) in enumerate(RISK_LEVELS):
        at = ((level == k) & affected).sum(axis=0)
        share = np.divide(at, n_affected, out=np.zeros(days), where=n_affected > 0)
        out[f"affected_share_{name}"] = np.round(share, 6)
    return out


def villages_csv(model: DistrictModel) -> str:
    """Per-village series in long format: one row per day and village."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["day", "village", "town", "residents", *VILLAGE_COLUMNS, "echelon_cap", "medics_sent",
                     "risk_level"])
    place = model.place
    for i, m in enumerate(model.villages):
        t = m.recorder.table()
        level = risk_level(t["breteau_index"])
        town = place.town_names[place.town[i]]
        for d in range(len(t["day"])):
            values = [format_value(t[c][d]) for c in VILLAGE_COLUMNS]
            writer.writerow([int(t["day"][d]), place.names[i], town, m.population.n, *values,
                             int(model.caps_by_day[d][i]), int(model.medics_by_day[d][i]),
                             RISK_LEVELS[level[d]][0]])
    return buf.getvalue()


def places_csv(model: DistrictModel) -> str:
    """The map: each village's town, position (km), houses, residents and organisations."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["village", "town", "x_km", "y_km", "households", "residents", "staff", "organisations",
                     "seeded"])
    p = model.place
    seeded = set(model.seeded.tolist())
    for i, m in enumerate(model.villages):
        writer.writerow([p.names[i], p.town_names[p.town[i]], round(float(p.x_km[i]), 4),
                         round(float(p.y_km[i]), 4), int(p.households[i]), m.population.n,
                         len(m.campaign.workforce.members), " ".join(str(k) for k in p.organisation[i]),
                         int(i in seeded)])
    return buf.getvalue()


_SUMMED_KEYS = ("population", "households", "idle_households", "breeding_sites", "total_infections",
                "imported_infections", "total_reported_cases", "sites_found", "sites_cleared",
                "idle_house_sites_found", "idle_houses_opened", "households_visited", "houses_reached",
                "person_days_total", "person_days_rostered", "sweep_shortfall_days")
_SUMMED_DICTS = ("staff_person_days", "person_days", "person_days_by_work")


def district_summary(model: DistrictModel, table: dict[str, np.ndarray],
                     wall_seconds: float) -> dict[str, Any]:
    """``summary.json`` of a district: the single-village keys for the whole district, then
    the district's own (``district``, ``villages_affected``, ...)."""
    parts = [summarise(m, wall_seconds) for m in model.villages]
    out = dict(parts[0])
    for key in _SUMMED_KEYS:
        out[key] = sum(p[key] for p in parts)
    for key in _SUMMED_DICTS:
        out[key] = {k: sum(p[key][k] for p in parts) for k in parts[0][key]}
    p = model.params
    out.update(seed=p.seed, village=p.village.name)
    reported = table["new_reported_cases"]
    day = table["day"].astype(int)
    total_rep = int(reported.sum())
    peak_i = int(np.argmax(reported)) if reported.size else 0
    last = np.flatnonzero(reported > 0)
    end = int(day[last[-1]]) + p.outbreak.quiet_days_for_end if last.size else None
    starts = [q["wartime_start_day"] for q in parts if q["wartime_start_day"] is not None]
    start = min(starts) if starts else None
    below = np.flatnonzero((table["breteau_index"] < 5.0) & (day >= (start or 0)))
    n = out["population"]
    r0 = [(q["r0_case_to_case_early"], q["total_infections"]) for q in parts if q["r0_case_to_case_early"]]
    found, idle_found = out["sites_found"], out["idle_house_sites_found"]
    idle_cleared = int(table["sites_cleared_idle_house"].sum())
    out.update(
        attack_rate=round(out["total_infections"] / n, 6) if n else None,
        peak_daily_reported_cases=int(reported[peak_i]) if reported.size else 0,
        peak_day=int(day[peak_i]) if total_rep else None,
        outbreak_end_day=end if end is not None and end <= int(day[-1]) else None,
        # Infection-weighted mean of the villages' early case-to-case R0.
        r0_case_to_case_early=round(sum(a * w for a, w in r0) / sum(w for _, w in r0), 4) if r0 else None,
        wartime_start_day=start,
        clearance_rate=round(out["sites_cleared"] / found, 6) if found else None,
        idle_house_clearance_rate=round(idle_cleared / idle_found, 6) if idle_found else None,
        initial_breteau_index=float(table["breteau_index"][0]),
        initial_house_index=float(table["house_index"][0]),
        initial_container_index=float(table["container_index"][0]),
        initial_adults_per_person=float(table["adults_per_person"][0]),
        final_breteau_index=float(table["breteau_index"][-1]),
        days_to_breteau_below_5=int(day[below[0]]) - (start or 0) if below.size else None,
        visits_per_household=round(out["households_visited"] / out["households"], 6),
        houses_reached_share=round(out["houses_reached"] / out["households"], 6),
        sweep_shortfall=min((q["sweep_shortfall"] for q in parts if q["sweep_shortfall"]),
                            key=lambda s: s["first_day"], default=None),
        wall_seconds=round(wall_seconds, 3),
    )
    d = p.district
    out["district"] = {
        "name": d.name, "villages": model.place.n, "towns": len(model.place.town_names),
        "census_residents": d.residents, "scale": d.scale, "organisations": d.command.organisations,
        "echelon_per_day": model.command.echelon, "allocation": d.command.allocation,
        "trigger_scope": d.command.trigger_scope, "medics": d.command.medics,
        "share_away": d.mobility.share_away,
        "seeded_villages": [model.place.names[i] for i in model.seeded],
    }
    out["villages_affected"] = int(table["villages_affected"][-1])
    out["infections_picked_up_away"] = int(table["infections_picked_up_away"].sum())
    out["mosquitoes_infected_by_visitors"] = int(table["mosquitoes_infected_by_visitors"].sum())
    return out
