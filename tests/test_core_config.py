"""Every config group composes; parameters reject bad values with the key in the message."""

from __future__ import annotations

import pytest

from sim.cli.compose import CONFIG_DIR, compose_params
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.model import CampaignModel


def test_every_config_group_option_composes_and_builds():
    groups = config_groups(CONFIG_DIR)
    assert {"village", "disease", "vector", "strategy", "staffing", "roles", "team_shapes"} <= set(groups)
    for group, options in groups.items():
        for option in options:
            # An organisation's strategy needs its roles: it comes with a staffing of its name.
            extra = [f"staffing={option}"] if group == "strategy" and option in groups["staffing"] else []
            params = compose_params([f"{group}={option}", *extra, "days=2"])
            if group != "village":  # building the town is slow; composing it is enough
                CampaignModel(compose_params([f"{group}={option}", *extra, "village=small", "days=2",
                                              "vector.warmup_days=1"]))  # building, not warming up
            assert params.days == 2


@pytest.mark.parametrize(
    ("override", "key"),
    [
        ("village.idle_fraction=1.5", "village.idle_fraction"),
        ("disease.p_mosquito_to_human=-0.1", "disease.p_mosquito_to_human"),
        ("days=0", "days"),
        ("staffing.pool.cadre=-3", "staffing.pool.cadre"),
        ("village.households=100000", "village.households"),
        ("vector.engine=gpu", "vector.engine"),
        ("outbreak.seed_days=[500]", "outbreak.seed_days"),
        ("village.width_cells=2", "village.width_cells"),
    ],
)
def test_bad_values_name_the_key(override, key):
    with pytest.raises(ConfigError) as info:
        compose_params(["village=small", override])
    assert str(info.value).startswith(key)


def test_unknown_group_option_lists_allowed():
    with pytest.raises(ConfigError, match="allowed: default, small, town"):
        compose_params(["village=nowhere"])
