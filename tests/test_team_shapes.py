"""Team shapes and roles are data: every organisation of the source reports can be expressed.

Roles (``configs/roles``) carry their effects; team shapes (``configs/team_shapes``)
list roles with counts and the work the team does; the organisation presets
(``+organisation=...``) run; mistakes are one-line errors naming the key.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import new_shape

from sim.campaign.staff import StaffMember
from sim.campaign.teams import Team
from sim.cli.compose import compose_params
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.params.workforce import RoleParams, TeamShapeParams
from sim.simulate import simulate

ORGANISATIONS = ("foshan_2020", "jiayu", "zeku")


# --- a team takes the best of its members -------------------------------------------------------
class _Stub:
    """Just enough of a staff member for :class:`Team` (no model needed)."""

    def __init__(self, role: str, params: RoleParams, skill: float | None = None) -> None:
        self.role, self.params = role, params
        self.skill = params.skill_trained if skill is None else skill
        self.fatigue = 0.0
        self.area = 0
        self.cell = None


def _role(**given) -> RoleParams:
    """A role: every field must be given; these tests care about a few."""
    fields = dict(actions=("inspect",), skill_untrained=0.5, skill_trained=0.9, trained_at_start=False,
                  find_bonus=0.0, entry_minutes=10.0, unlock_minutes=45.0, screening_sensitivity=0.5,
                  availability=1.0, full_deployment=False, rests_when_tired=True, pairing="area")
    return RoleParams(**{**fields, **given})


def test_team_capabilities_come_from_its_members_roles():
    cadre = _role(actions=("inspect", "teach"), entry_minutes=10, unlock_minutes=45,
                  screening_sensitivity=0.5)
    police = _role(actions=("unlock", "checkpoint"), entry_minutes=5, unlock_minutes=15,
                   screening_sensitivity=0.9)
    medic = _role(actions=("inspect", "screen"), find_bonus=0.15, screening_sensitivity=0.9)
    team = Team(0, [_Stub("cadre", cadre, 0.5), _Stub("police", police)], "x")
    assert team.may("unlock") and team.may("teach") and not team.may("screen")
    assert team.entry_minutes == 5 and team.unlock_minutes == 15
    assert team.find_skill == 0.5  # the police officer may not inspect: their skill does not count
    assert team.screening_sensitivity == 0.0  # nobody may screen
    with_medic = Team(1, [_Stub("cadre", cadre, 0.5), _Stub("medic", medic)], "y")
    assert with_medic.screening_sensitivity == 0.9 and with_medic.find_bonus == 0.15
    assert with_medic.unlock_minutes is None  # no member may unlock: idle houses are skipped


def test_a_team_without_anyone_who_may_unlock_skips_idle_houses():
    # Medic-only professional teams may not unlock: routine work never enters an idle house.
    s = simulate(compose_params(["strategy=routine", "days=60", "strategy.targeting.include_idle_houses=true"]
                                )).summary
    assert s["idle_houses_opened"] == 0 and s["households_visited"] > 0


def test_a_new_role_defined_in_config_joins_teams():
    params = compose_params([
        "strategy=three_person_team", "days=12", "strategy.trigger.mode=day", "strategy.trigger.day=0",
        "+roles.nurse={actions:[inspect,teach,screen],skill_untrained:0.7,skill_trained:0.9,"
        "trained_at_start:true,find_bonus:0.1,entry_minutes:8,unlock_minutes:45,"
        "screening_sensitivity:0.95,availability:1,full_deployment:false,rests_when_tired:true,"
        "pairing:area}",
        new_shape("nurse_team", "cadre:1,nurse:1"),
        "strategy.workforce.teams=[nurse_team]", "+staffing.pool.nurse=10",
    ])
    assert params.roles["nurse"].screening_sensitivity == 0.95
    s = simulate(params).summary
    assert s["staff_person_days"]["nurse"] > 0 and s["households_visited"] > 0


# --- organisations of the source reports ---------------------------------------------------------
@pytest.mark.parametrize("organisation", ORGANISATIONS)
def test_organisation_presets_run_with_their_team_shapes(organisation):
    params = compose_params([f"+organisation={organisation}", "days=25", "outbreak.seed_infections=20"])
    model = CampaignModel(params)
    shapes_seen: set[str] = set()
    for _ in range(25):
        model.step()
        shapes_seen |= {t.shape for t in model.campaign.teams}
    listed = set(params.strategy.workforce.teams)
    assert listed & shapes_seen, (listed, shapes_seen)
    assert model.campaign.counters["staff_on_duty"] > 0


def test_jiayu_grid_holders_stay_on_their_small_grid():
    params = compose_params(["+organisation=jiayu", "days=20", "event_log=true",
                             "strategy.trigger.mode=day", "strategy.trigger.day=0",
                             "strategy.trigger.mobilisation_delay_days=0"])
    model = CampaignModel(params)
    assert len(model.village.group_names) == 36  # the village cut into small grids
    areas = model.campaign.areas
    for _ in range(20):
        model.step()
        for team in model.campaign.teams:
            if team.shape == "grid_holder":
                assert team.area == team.members[0].area  # held, never lent
    holders = {t.team_id: t.area for t in model.campaign.teams if t.shape == "grid_holder"}
    for e in model.campaign.events:
        if e["team"] in holders and e["household"] >= 0:
            assert areas.area_of_household[e["household"]] == holders[e["team"]]


def test_jiayu_assault_team_splits_into_screening_checkpoint_and_supply():
    s = simulate(compose_params(["+organisation=jiayu", "days=40", "outbreak.seed_infections=20"])).summary
    work = s["person_days_by_work"]
    assert work["visit"] > 0 and work["checkpoint"] > 0 and work["supply"] > 0


def test_zeku_leader_zones_are_one_area_per_leader():
    model = CampaignModel(compose_params(["+organisation=zeku", "days=2"]))
    leaders = model.campaign.workforce.of_role("leader")
    assert model.campaign.areas.n == len(leaders) == model.params.staffing.cadre_units
    assert sorted(m.area for m in leaders) == list(range(len(leaders)))


@pytest.mark.slow
def test_shunde_2025_on_the_town_keeps_an_echelon_of_about_1200_a_day():
    params = compose_params(["+organisation=shunde_2025", "days=60", "strategy.trigger.mode=day",
                             "strategy.trigger.day=0", "strategy.deployment.start_after_wartime_days=30"])
    ts = simulate(params).timeseries
    ordinary = ts["staff_rostered"][5:28]  # wartime, trained, before the cadres' full week
    # Shunde's fixed echelon was about 1,200 people a day; the town's pool is sized for it.
    assert 1000 < np.median(ordinary) < 1400
    assert ts["staff_rostered"][32:36].mean() > 1.4 * np.median(ordinary)  # the full week
    # Those without field work that day (the town is swept in two days) stay home.
    assert (ts["staff_on_duty"] <= ts["staff_rostered"]).all()


# --- mistakes are one-line errors naming the key ----------------------------------------------
@pytest.mark.parametrize(("overrides", "key", "needle"), [
    ([new_shape("odd", "wizard:1")], "team_shapes.odd.roles.wizard", "unknown role"),
    ([new_shape("empty", "")], "team_shapes.empty.roles", "at least one member"),
    ([new_shape("zero", "cadre:0")], "team_shapes.zero.roles.cadre", "range"),
    (["strategy=full_cadre", "strategy.workforce.teams=[five_person]"], "strategy.workforce.teams[0]",
     "unknown team shape"),
    (["strategy=full_cadre", "staffing.pool.cadre=1"], "strategy.workforce.teams[0]",
     "more than staffing.pool holds"),
    (["+staffing.pool.wizard=3"], "staffing.pool.wizard", "unknown role"),
    (["team_shapes.cadre_pair.fallback=cadre_grid"], "team_shapes.cadre_pair.fallback", "loop"),
    (["team_shapes.spray_crew.work=visit"], "team_shapes.spray_crew.work", "may 'inspect'"),
    (["strategy=shunde_2025", "strategy.workforce.teams=[three_person]"], "strategy.outdoor.spraying",
     "needs a team doing 'spray'"),
    (["strategy=routine", "strategy.peacetime.routine_shape=spray_crew"],
     "strategy.peacetime.routine_shape", "visit houses"),
    (["roles.medic.actions=[inspect,fly]"], "roles.medic.actions[1]", "allowed"),
])
def test_bad_roles_and_shapes_are_refused_naming_the_key(overrides, key, needle):
    with pytest.raises(ConfigError) as info:
        compose_params(overrides)
    assert str(info.value).startswith(key), str(info.value)
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


def test_every_shape_of_the_library_can_be_filled_by_some_staffing_preset():
    params = compose_params([])
    for name, shape in params.team_shapes.items():
        assert isinstance(shape, TeamShapeParams) and shape.size >= 1, name
        assert all(role in params.roles for role in shape.roles), name


def test_staff_members_are_mesa_cell_agents_of_their_role():
    model = CampaignModel(compose_params(["strategy=shunde_2025", "days=2"]))
    staff = [a for a in model.agents if isinstance(a, StaffMember)]
    pool = model.params.staffing.pool
    assert len(staff) == sum(pool.values())
    for role, n in pool.items():
        assert sum(1 for a in staff if a.role == role) == n
