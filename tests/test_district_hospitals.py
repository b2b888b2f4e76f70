"""Towns' hospitals (``district.command.medics=town``): the medics of a town go where its cases are."""

from __future__ import annotations

import numpy as np
import pytest

from sim.cli.compose import compose_params
from sim.district.hospitals import hospital_medics
from sim.district.model import DistrictModel
from sim.district.outputs import villages_csv
from sim.district.villages import own_medics

# 6 villages in 2 towns, the Shunde strategy (medic rotation in its full cadre week) with an
# early trigger, seeded in 2 villages so that a town has villages with and without reports.
TOWNS = ("district=demo", "district.villages=6", "district.towns=2", "district.residents=6000",
         "district.command.organisations=2", "district.command.echelon_per_day=20", "days=50",
         "strategy=shunde_2025", "strategy.trigger.case_threshold=2", "outbreak.seed_infections=8",
         "district.seeded_villages=2", "district.command.medics=town")


@pytest.fixture(scope="module")
def run() -> tuple[DistrictModel, list[np.ndarray], list[bool], np.ndarray]:
    """The district stepped day by day, with what the hospitals read each morning and the
    medics each village had at work (by day and village)."""
    params = compose_params(list(TOWNS))
    model = DistrictModel(params)
    reported, full, at_work = [], [], []
    for day in range(params.days):
        reported.append(model.command.reported_last_week().copy())
        full.append(model.villages[0].campaign.trigger.full_deployment(day))
        model.step()
        at_work.append([v.campaign.on_duty_today.get("medic", 0) for v in model.villages])
    model.close()
    return model, reported, full, np.array(at_work)


def test_the_hospitals_hold_the_villages_own_medics(run) -> None:
    model, *_ = run
    own = own_medics(model.params, model.place)
    medics = hospital_medics(model.place, own)
    assert medics.sum() == sum(own) > 0  # as many medics in the district as with medics=village
    for i, village in enumerate(model.villages):  # every village has its town's whole hospital on call
        assert len(village.campaign.workforce.of_role("medic")) == medics[model.place.town[i]]


def test_a_town_sends_all_its_medics_and_rests_its_share_in_the_full_week(run) -> None:
    model, _, full, _ = run
    medics = model.hospitals.medics
    share = model.params.strategy.workforce.medic_rest_share
    assert any(full) and not all(full)
    for day, sent in enumerate(model.medics_by_day):
        for t, total in enumerate(medics.tolist()):
            expected = total - round(share * total) if full[day] else total
            assert sent[model.place.town == t].sum() == expected, (day, t)


def test_medics_go_where_cases_were_reported(run) -> None:
    """In proportion to last week's reports (whole people, largest remainders: within one of the
    exact share), none to a village without a report while its town has some."""
    model, reported, *_ = run
    checked = 0
    for day, sent in enumerate(model.medics_by_day):
        for t in range(len(model.place.town_names)):
            mine = np.flatnonzero(model.place.town == t)
            weights = reported[day][mine].astype(float)
            if not weights.any():
                continue
            exact = sent[mine].sum() * weights / weights.sum()
            assert np.all(np.abs(sent[mine] - exact) < 1), (day, t)
            assert np.all(sent[mine][weights == 0] == 0)
            checked += 1
    assert checked > 20  # days and towns with reports: the rule was exercised


def test_no_village_fields_more_medics_than_it_was_sent(run) -> None:
    model, _, _, at_work = run
    sent = np.array(model.medics_by_day)
    assert at_work.sum() > 0 and np.all(at_work <= sent)
    rows = [line.split(",") for line in villages_csv(model).splitlines()]
    column = rows[0].index("medics_sent")
    for i, name in enumerate(model.place.names):  # villages.csv says what was sent
        assert [int(r[column]) for r in rows[1:] if r[1] == name] == sent[:, i].tolist()


def test_the_presets_use_hospitals_and_village_medics_send_nothing() -> None:
    assert compose_params(["district=shunde"]).district.command.medics == "town"
    assert compose_params(["district=demo"]).district.command.medics == "town"
    params = compose_params([*TOWNS, "district.command.medics=village", "days=3"])
    model = DistrictModel(params)
    for _ in range(params.days):
        model.step()
    model.close()
    assert model.hospitals is None
    assert all((s == -1).all() for s in model.medics_by_day)
