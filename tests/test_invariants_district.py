"""Invariants of random districts (issue 17): every village keeps the single-village
invariants of ``test_invariants.py``, and the district's own outputs add up.

A district of 2-4 small villages (``district=demo`` with a few hundred residents per
village, 20-60 days), with a random command (organisations, echelon, allocation, trigger
scope, medics in villages or in the towns' hospitals), movement, both engines, every
strategy preset, random staff pools, seasons and triggers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from test_invariants import (
    INVARIANT_SETTINGS,
    check_day,
    check_indices,
    check_rates,
    check_village,
    common_overrides,
    compose_or_reject,
    sites_by_setting,
)

from sim.district.model import DistrictModel
from sim.district.outputs import RISK_LEVELS, district_summary, district_table, villages_csv
from sim.metrics import INDEX_COUNTS, summarise
from sim.params.district import ALLOCATIONS, MEDICS, PAIRINGS, TRIGGER_SCOPES
from sim.simulate import release_model

#: Columns a district recomputes (indices, ratios, weather) instead of summing its villages'.
NOT_SUMMED = {"day", "breteau_index", "house_index", "container_index", "adults_per_person", "temperature_c",
              "awareness_mean"}


@st.composite
def district_overrides(draw: st.DrawFn) -> list[str]:
    """A district of 2-4 villages of about 50-170 houses with a random command."""
    villages = draw(st.integers(2, 4))
    towns = draw(st.integers(1, villages))
    pairing = draw(st.sampled_from(PAIRINGS))
    organisations = draw(st.integers(towns, villages) if pairing == "by_town" else st.integers(1, villages))
    return [
        "district=demo", f"district.villages={villages}", f"district.towns={towns}",
        f"district.residents={villages * draw(st.integers(200, 500))}",
        f"district.size_cv={draw(st.sampled_from([0.0, 0.3]))}",
        f"district.seeded_villages={draw(st.integers(1, villages))}",
        f"district.mobility.share_away={draw(st.sampled_from([0.0, 0.1, 0.3]))}",
        f"district.command.pairing={pairing}", f"district.command.organisations={organisations}",
        f"district.command.echelon_per_day={draw(st.integers(0, 20))}",
        f"district.command.allocation={draw(st.sampled_from(ALLOCATIONS))}",
        f"district.command.trigger_scope={draw(st.sampled_from(TRIGGER_SCOPES))}",
        f"district.command.medics={draw(st.sampled_from(MEDICS))}",
    ]


def check_district(model: DistrictModel, recounted: list[list[tuple[int, int, int]]]) -> None:
    """Each village's invariants, then the district's totals, indices, echelon and hospitals."""
    days = model.params.days
    tables = [m.recorder.table() for m in model.villages]
    for i, (m, t) in enumerate(zip(model.villages, tables, strict=True)):
        counts = {k: v[:days] for k, v in m.recorder.counts.items()}
        assert [tuple(int(counts[k][d]) for k in INDEX_COUNTS) for d in range(days)] == \
            [day[i] for day in recounted], m.village.name
        check_village(t, summarise(m, 0.0), m.params, counts, sites_by_setting(m))
    table = district_table(model)
    summary = district_summary(model, table, 0.0)
    for name in tables[0]:
        if name not in NOT_SUMMED:
            assert np.array_equal(table[name], sum(t[name] for t in tables)), name
    for name, col in table.items():
        assert np.isfinite(col).all() and (col >= 0).all(), name
    seir = sum(table[f"{x}_humans"] for x in ("susceptible", "exposed", "infectious", "recovered"))
    assert (seir == summary["population"]).all()
    for name in ("cumulative_infections", "cumulative_reported_cases", "villages_affected"):
        assert (np.diff(table[name]) >= 0).all(), name
    assert (table["villages_affected"] <= len(model.villages)).all()
    shares = [table[f"affected_share_{name}"] for name, _ in RISK_LEVELS]
    assert all(((s >= 0) & (s <= 1)).all() for s in shares)
    np.testing.assert_allclose(sum(shares)[table["villages_affected"] > 0], 1.0, atol=1e-5)
    summed = {k: sum(m.recorder.counts[k][:days] for m in model.villages) for k in INDEX_COUNTS}
    check_indices(table, summed, summary["households"])
    check_rates(summary, model.params.disease.immune_after_recovery)
    assert summary["idle_houses_opened"] <= summary["idle_households"]
    assert summary["sites_cleared"] <= summary["sites_found"]
    check_command(model, tables)


def check_command(model: DistrictModel, tables: list[dict[str, np.ndarray]]) -> None:
    """The echelon's caps add up to at most the echelon; each town's hospital sends at most its
    medics, and a village fields at most the medics sent to it."""
    caps = np.array(model.caps_by_day)
    if model.command.echelon:
        assert (np.maximum(caps, 0).sum(axis=1) <= model.command.echelon).all()
    else:
        assert (caps == -1).all()
    sent = np.array(model.medics_by_day)  # day x village
    rows = list(csv.DictReader(io.StringIO(villages_csv(model))))
    assert [int(r["medics_sent"]) for r in rows] == sent.T.ravel().tolist()
    if model.hospitals is None:
        assert (sent == -1).all()
        return
    medics = np.array([t["on_duty_medic"] for t in tables]).T  # day x village
    assert (medics <= sent).all()
    town = model.place.town
    for t, hospital in enumerate(model.hospitals.medics.tolist()):
        assert (sent[:, town == t].sum(axis=1) <= hospital).all(), t
        assert (medics[:, town == t].sum(axis=1) <= hospital).all(), t


def run_district(overrides: list[str]) -> None:
    """Build and run the district, recounting every village's index numerators each day."""
    params = compose_or_reject(["village=small", *overrides])
    model = DistrictModel(params)
    try:
        recounted = []
        for _ in range(params.days):
            model.step()
            recounted.append([check_day(m) for m in model.villages])
        check_district(model, recounted)
    finally:
        model.close()
        for village in model.villages:
            release_model(village)


@settings(INVARIANT_SETTINGS, max_examples=15)
@given(data=st.data())
def test_random_districts_keep_every_invariant(data: st.DataObject, weather_folder: Path) -> None:
    """15 examples (about 20 s of one core): either engine, any preset, staff, season, trigger,
    command."""
    run_district([*data.draw(district_overrides()), *data.draw(common_overrides(weather_folder))])
