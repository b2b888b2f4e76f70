"""Bad input of every kind: one line ``error: <key>...``, exit status 2, nothing left on disk.

The cases are a table (:data:`CASES`) so that more can be appended as the
project grows (strategy and staffing fields, planner scenario files). Each case
runs ``python -m sim.run`` (or its own module) in a process of its own with
``hydra.run.dir`` and ``hydra.sweep.dir`` inside a temporary folder; the
processes of the whole table run a few at a time, once per test module. They are
forks of this process (:mod:`forked_cli`: the imports are done once, not 120
times); a few rows are also run in a fresh interpreter to show that both say the
same. :data:`QUICK_CASES` are more command lines of the same kinds, checked
in-process by the same pre-check.
"""

from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from bad_input_case import BadInput, case
from bad_inputs_app import APP_CASES
from bad_inputs_planner import PLANNER_MORE_CASES
from bad_inputs_sweeps import SWEEP_MORE_CASES
from conftest import new_shape
from forked_cli import ForkedCommand, run_forked
from hydra.core.global_hydra import GlobalHydra

import sim.cli.job
import sim.run
from sim.cli.compose import compose_config
from sim.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"

SMALL = ("village=small", "days=5")

#: Wrong types given on the command line.
TYPE_CASES = [
    case("days_text", "days=abc", key="days", needle="must be a whole number"),
    case("households_fraction", "village.households=1.5", key="village.households",
         needle="whole number"),
    case("seed_days_not_list", "outbreak.seed_days=5", key="outbreak.seed_days", needle="must be a list"),
    case("event_log_word", "event_log=maybe", key="event_log", needle="true or false"),
    case("site_type_number", *SMALL, "village.site_types.bucket=5", key="village.site_types.bucket",
         needle="section"),
]

#: Values outside a field's documented range.
RANGE_CASES = [
    case("days_zero", "days=0", key="days", needle="allowed range [1, 3650]"),
    case("seed_negative", "seed=-1", key="seed", needle="allowed range [0, 9223372036854775807]"),
    case("idle_fraction_nan", "village.idle_fraction=nan", key="village.idle_fraction",
         needle="finite"),
    case("grid_too_narrow", "village.width_cells=2", key="village.width_cells", needle="[3, 2000]"),
    case("sites_per_household_negative", *SMALL, "village.site_types.bucket.mean_per_household=-1",
         key="village.site_types.bucket.mean_per_household", needle="[0, 50]"),
    case("public_sites_negative", *SMALL, "village.public_sites.puddle.per_group=-2",
         key="village.public_sites.puddle.per_group"),
    case("p_bite_above_one", "disease.p_mosquito_to_human=1.2", key="disease.p_mosquito_to_human",
         needle="[0, 1]"),
    case("engine_unknown", "vector.engine=gpu", key="vector.engine", needle="allowed"),
    case("season_csv_missing", "season.mode=csv", "season.daily_csv=no_such_weather.csv",
         key="season.daily_csv", needle="file not found"),
    case("season_mode_unknown", "season.mode=monsoon", key="season.mode", needle="normals"),
    case("season_start_not_a_date", "season.start_date=2025-13-01", key="season.start_date",
         needle="YYYY-MM-DD"),
    case("season_eleven_months", "season.monthly_rain_days=[1,2,3,4,5,6,7,8,9,10,11]",
         key="season.monthly_rain_days", needle="12 months"),
    case("season_csv_without_file", "season.mode=csv", key="season.daily_csv", needle="must name a file"),
    case("season_csv_too_short", *SMALL, "season.mode=csv", "season.daily_csv={user}/weather.csv",
         key="season.daily_csv", needle="has no row for", user_files={
             "weather.csv": "date,temperature_c,rain_mm\n2025-06-16,28,0\n"}),
    case("season_csv_text_temperature", *SMALL, "days=1", "vector.warmup_days=0", "season.mode=csv",
         "season.daily_csv={user}/weather.csv", key="season.daily_csv", needle="needs numbers",
         user_files={"weather.csv": "date,temperature_c,rain_mm\n2025-06-16,hot,0\n2025-06-17,28,0\n"}),
    case("capacity_scale_zero", "vector.capacity_scale=0", key="vector.capacity_scale",
         needle="(0, 1000]"),
    case("density_alpha_zero", "vector.larval_density_alpha=0", key="vector.larval_density_alpha"),
    case("cadres_negative", "staffing.pool.cadre=-3", key="staffing.pool.cadre"),
]

#: Rules between fields.
CROSS_FIELD_CASES = [
    case("grid_too_small_for_households", "village=small", "village.households=10000",
         key="village.households", needle="too many for a 30x30 grid"),
    case("more_groups_than_columns", "village=small", "village.groups_x=31", key="village.groups_x",
         needle="[1, 30]"),
    case("seed_day_not_before_end", "days=10", "outbreak.seed_days=[0,10]", key="outbreak.seed_days",
         needle="< days=10"),
    case("seed_days_repeat", "outbreak.seed_days=[3,3]", key="outbreak.seed_days", needle="repeat"),
    case("team_needs_missing_role", *SMALL, "strategy=three_person_team", "staffing.pool.cadre=0",
         key="strategy.workforce.teams[0]", needle="more than staffing.pool holds"),
    case("unknown_role_in_pool", "+staffing.pool.wizard=3", key="staffing.pool.wizard",
         needle="unknown role"),
    case("unknown_team_shape", "strategy=full_cadre", "strategy.workforce.teams=[trio]",
         key="strategy.workforce.teams[0]", needle="unknown team shape"),
    case("zero_sized_team", new_shape("ghost", ""), key="team_shapes.ghost.roles",
         needle="at least one member"),
    case("ring_radii_not_increasing", *SMALL, "strategy=ring_zoning",
         "strategy.targeting.warning_radius_m=10", key="strategy.targeting.warning_radius_m",
         needle="increase"),
]

#: Unknown names: config-group options, keys, and ``_target_`` (no object is ever instantiated).
NAME_CASES = [
    case("village_unknown", "village=atlantis", key="village",
         needle="unknown village; allowed: default, small"),
    case("strategy_unknown", "strategy=nope", key="strategy", needle="allowed: baseline"),
    case("nested_key_unknown", "village.bogus=1", key="village.bogus", needle="unknown key"),
    case("added_key_unknown", "+village.bogus=1", key="village.bogus", needle="unknown key; allowed:"),
    case("target_in_strategy", "+strategy._target_=os.system", key="strategy._target_",
         needle="unknown key"),
    case("target_at_root", "+_target_=os.system", key="_target_", needle="unknown key"),
    case("hydra_launcher_target", *SMALL, "hydra.launcher._target_=os.system",
         key="hydra.launcher._target_", needle="not an allowed factory"),
    case("add_existing_key", "+days=3", key="days", needle="without the leading '+'"),
    case("sweep_without_multirun", "seed=0,1", key="seed", needle="-m"),
]

_EVIL = 'name: evil\nwidth_cells: !!python/object/apply:os.system ["touch {marker}"]\n'

#: YAML files: a user config folder (``-cd``) or a broken copy of ``configs/`` (``-cp``).
YAML_CASES = [
    case("user_village_too_crowded", "village=crowded", "days=5", key="village.households",
         needle="too many", options=("-cd", "{user}"),
         user_files={"village/crowded.yaml": "defaults:\n  - small\n  - _self_\nname: crowded\n"
                                             "households: 5000\n"}),
    case("user_yaml_malformed", "village=broken", key="", needle="broken.yaml: not valid YAML (line 2)",
         options=("-cd", "{user}"),
         user_files={"village/broken.yaml": "name: broken\nwidth_cells: [3\nheight_cells: 4\n"}),
    case("user_yaml_python_tag", "village=evil", key="", needle="evil.yaml: not valid YAML",
         options=("-cd", "{user}"), user_files={"village/evil.yaml": _EVIL}),
    case("user_yaml_target", "village=target", key="village._target_", needle="unknown key",
         options=("-cd", "{user}"),
         user_files={"village/target.yaml": "defaults:\n  - small\n  - _self_\n"
                                            "_target_: os.system\n"}),
    case("user_yaml_unknown_nested_key", "village=leaky", key="village.site_types.bucket.volume_l",
         needle="unknown key", options=("-cd", "{user}"),
         user_files={"village/leaky.yaml": "defaults:\n  - small\n  - _self_\nsite_types:\n"
                                           "  bucket: {volume_l: 10}\n"}),
    case("user_yaml_wrong_type", "disease=typo", key="disease.eip_days", needle="must be a number",
         options=("-cd", "{user}"), user_files={"disease/typo.yaml": "name: typo\neip_days: three\n"}),
    case("copied_config_malformed", key="", needle="config.yaml: not valid YAML",
         options=("-cp", "{configs}"),
         broken_configs={"config.yaml": "defaults:\n  - village: default\n days: [\n"}),
    case("copied_strategy_wrong_type", "strategy=baseline", key="strategy.trigger",
         needle="section", options=("-cp", "{configs}"),
         broken_configs={"strategy/baseline.yaml": "name: baseline\ntrigger: 3\n"}),
    case("config_dir_missing", key="--config-dir", needle="folder not found",
         options=("-cd", "{user}/does_not_exist")),
    case("config_name_missing", key="--config-name", needle="no such config",
         options=("-cn", "nope")),
]

#: Multirun sweeps with one bad value among good ones: nothing runs, nothing is created.
SWEEP_CASES = [
    case("sweep_bad_days", "seed=0,1", "days=3,0,4", key="days", needle="days=0", options=("-m",)),
    case("sweep_bad_households", "village=small", "days=3", "village.households=100,100000",
         key="village.households", options=("-m",)),
    case("sweep_range_bad_fraction", "village=small", "seed=range(0,3)",
         "village.idle_fraction=0.1,2", key="village.idle_fraction", options=("-m",)),
    case("sweep_interval_basic_sweeper", "village=small", "village.households=interval(100,200)",
         key="village.households", needle="optimising sweeper", options=("-m",)),
    case("sweep_glob_no_match", "village=glob(zz*)", key="village", needle="no values", options=("-m",)),
    case("sweep_with_experiment", "+experiment=quick", "days=0", key="days", options=("-m",)),
]

#: More command lines of the same kinds, checked in-process (no subprocess: fast).
QUICK_CASES = [
    case("seed_fraction", "seed=1.5", key="seed", needle="whole number"),
    case("seed_null", "seed=null", key="seed"),
    case("section_number", "outbreak=5", key="outbreak", needle="section"),
    case("name_list", "disease.name=[a,b]", key="disease.name", needle="text"),
    case("days_too_many", "days=3651", key="days", needle="[1, 3650]"),
    case("households_zero", "village.households=0", key="village.households"),
    case("idle_fraction_high", "village.idle_fraction=1.5", key="village.idle_fraction",
         needle="[0, 1]"),
    case("mean_residents_low", "village.mean_residents=0.5", key="village.mean_residents"),
    case("construction_negative", "village.construction_sites=-1", key="village.construction_sites"),
    case("eip_zero", "disease.eip_days=0", key="disease.eip_days"),
    case("survival_above_one", "vector.daily_survival=1.1", key="vector.daily_survival"),
    case("seed_infections_negative", "outbreak.seed_infections=-1", key="outbreak.seed_infections"),
    case("quiet_days_zero", "outbreak.quiet_days_for_end=0", key="outbreak.quiet_days_for_end"),
    case("awareness_above_one", "residents.initial_awareness=2", key="residents.initial_awareness"),
    case("medics_fraction", "staffing.pool.medic=1.5", key="staffing.pool.medic", needle="whole number"),
    case("disease_unknown", "disease=zika", key="disease", needle="chikungunya, dengue"),
    case("key_unknown", "nonsense_key=1", key="nonsense_key", needle="unknown key"),
    case("sweep_bad_village", "village=small,atlantis", "days=3", key="village", options=("-m",)),
    case("config_path_missing", key="--config-path", needle="folder not found",
         options=("-cp", "no_such_folder")),
    case("options_between_overrides", "days=3", "-m", "seed=0,1", key="command line",
         needle="options such as -m go before or after"),
    case("channel_typo", "+strategy.publicity.channels.leaflet=0.9",
         key="strategy.publicity.channels.leaflet",
         needle="unknown key; allowed: dialect_talks, leaflets"),
    case("site_type_typo", "+village.site_types.buckets.mean_per_household=3",
         key="village.site_types.buckets.capacity_larvae", needle="is required"),
    case("clearance_above_one", "strategy.inspection.p_clear_found=1.5",
         key="strategy.inspection.p_clear_found", needle="[0, 1]"),
    case("hydra_log_handler_class", "hydra.job_logging.handlers.console.class=subprocess.Popen",
         key="hydra.job_logging.handlers.console.class", needle="not an allowed factory"),
]

#: Planner scenario files (``python -m analysis.plan FILE``): more are appended here as the
#: planner's scenario format grows.
PLANNER_CASES: list[BadInput] = [
    case("planner_unknown_field", "{user}/plan.yaml", "--out", "{out}", key="",
         needle="plan.yaml:4: scenarios.a.cadres=5: unknown field", module="analysis.plan",
         user_files={"plan.yaml": "scenarios:\n  - name: a\n    strategy: routine\n    cadres: 5\n"}),
]

#: vcsim's environment switches (:mod:`sim.environment`): the run, a sweep and every tool.
ENVIRONMENT_CASES: list[BadInput] = [
    case("env_kernels", *SMALL, key="VCSIM_KERNELS", needle="auto, always, never",
         env={"VCSIM_KERNELS": "fast"}),
    case("env_district_threads", *SMALL, key="VCSIM_DISTRICT_THREADS", needle="auto, 1, 2, 4, 8",
         env={"VCSIM_DISTRICT_THREADS": "many"}),
    case("env_warmup_cache", *SMALL, key="VCSIM_WARMUP_CACHE", needle="disk, memory, 0",
         env={"VCSIM_WARMUP_CACHE": "yes"}),
    case("env_sweep_compose", "seed=0,1", *SMALL, key="VCSIM_SWEEP_COMPOSE_CACHE", needle="1, 0",
         options=("-m",), env={"VCSIM_SWEEP_COMPOSE_CACHE": "off"}),
    case("env_keep_freed_memory", *SMALL, key="VCSIM_KEEP_FREED_MEMORY", needle="1, 0",
         env={"VCSIM_KEEP_FREED_MEMORY": "2"}),
    case("env_kernels_planner", "experiments/planning/compare_presets.yaml", "--out", "{out}",
         key="VCSIM_KERNELS", module="analysis.plan", env={"VCSIM_KERNELS": "fast"}),
    case("env_kernels_validation", "--quick", "--out", "{out}", key="VCSIM_KERNELS",
         module="analysis.validate", env={"VCSIM_KERNELS": "fast"}),
]

#: Districts (:mod:`sim.district`): presets, villages, pairing, echelon, scale.
DISTRICT_CASES: list[BadInput] = [
    case("district_unknown_preset", "district=foshan", key="district", needle="demo, none, shunde"),
    case("district_zero_villages", "district=demo", "district.villages=0", key="district.villages",
         needle="at least 1 village"),
    case("district_villages_without_preset", "district.villages=5", key="district.villages",
         needle="needs a district preset"),
    case("district_unpaired_villages", "district=demo", "district.command.pairing=by_town",
         "district.command.organisations=2", key="district.command.organisations",
         needle="leaves villages without an organisation"),
    case("district_idle_organisations", "district=demo", "district.command.organisations=21",
         key="district.command.organisations", needle="leaves organisations without a village"),
    case("district_echelon_above_pool", "district=demo", "district.command.echelon_per_day=100000",
         key="district.command.echelon_per_day", needle="more than the"),
    case("district_scale_too_small", "district=shunde", "district.scale=0.0001", key="district.scale",
         needle="each needs at least"),
    case("district_scale_zero", "district=demo", "district.scale=0", key="district.scale"),
    case("district_unknown_allocation", "district=demo", "district.command.allocation=random",
         key="district.command.allocation", needle="cases, indices, pairing"),
    case("district_towns_above_villages", "district=demo", "district.towns=30", key="district.towns",
         needle="at most district.villages=20"),
    case("district_event_log", "district=demo", "event_log=true", key="event_log", needle="district"),
    case("district_share_away", "district=demo", "district.mobility.share_away=1.5",
         key="district.mobility.share_away"),
    case("district_unknown_medics", "district=demo", "district.command.medics=clinic",
         key="district.command.medics", needle="town, village"),
    case("planner_district_preset", "{user}/plan.yaml", "--out", "{out}", key="",
         needle="plan.yaml:1: district='foshan': unknown district; allowed: demo, none, shunde",
         module="analysis.plan",
         user_files={"plan.yaml": "district: foshan\nscenarios:\n  - name: a\n    strategy: routine\n"}),
    case("planner_district_echelon", "{user}/plan.yaml", "--out", "{out}", key="",
         needle="plan.yaml:5: scenarios.a.echelon_per_day=99999: ", module="analysis.plan",
         user_files={"plan.yaml": "district: demo\nscenarios:\n  - name: a\n    strategy: shunde_2025\n"
                                  "    echelon_per_day: 99999\n"}),
]

_EVIL_HANDLER = ("version: 1\nhandlers:\n  evil:\n    {how}\n    command: touch {marker}\n"
                 "root:\n  handlers: [evil]\n")


def _evil_logging(group: str, how: str) -> dict[str, str]:
    return {f"hydra/{group}/evil.yaml": _EVIL_HANDLER.replace("{how}", how)}


#: Code named in a config: Hydra's own target policy (hydra-core >= 1.3.8) blocks what Hydra
#: builds before any hook runs (callbacks, Hydra's logging); this project's guard the rest.
CODE_CASES: list[BadInput] = [
    case("callback_os_system", *SMALL,
         "+hydra.callbacks.evil={_target_: os.system, command: 'touch {marker}'}",
         key="command line", needle="blocklisted"),
    case("callback_module_attribute", *SMALL,
         "+hydra.callbacks.evil={_target_: hydra.utils.os.system, command: 'touch {marker}'}",
         key="command line", needle="blocklisted"),
    case("job_logging_factory", *SMALL, "hydra/job_logging=evil", key="hydra.job_logging.handlers.evil.()",
         needle="not an allowed factory", options=("-cd", "{user}"),
         user_files=_evil_logging("job_logging", "(): logging.os.system")),
    case("job_logging_class", *SMALL, "hydra/job_logging=evil", key="hydra.job_logging.handlers.evil.class",
         needle="not an allowed factory", options=("-cd", "{user}"),
         user_files=_evil_logging("job_logging", "class: subprocess.Popen")),
    case("hydra_logging_factory", *SMALL, "hydra/hydra_logging=evil", key="command line",
         needle="Unable to configure handler", options=("-cd", "{user}"),
         user_files=_evil_logging("hydra_logging", "(): logging.os.system")),
    case("launcher_module_attribute", *SMALL, "hydra.launcher._target_=logging.os.system",
         key="hydra.launcher._target_", needle="not an allowed factory"),
]

#: Names that become folder names, empty files, output folders that cannot be made.
NAMING_CASES: list[BadInput] = [
    case("strategy_name_path", *SMALL, "strategy.name=../../x", key="strategy.name",
         needle="letters, digits"),
    case("strategy_name_empty", *SMALL, "strategy.name=", key="strategy.name", needle="letters, digits"),
    case("village_name_slash", *SMALL, "village.name=a/b", key="village.name", needle="letters, digits"),
    case("user_config_empty", "village=empty", "days=3", key="",
         needle="empty.yaml: the config file is empty",
         options=("-cd", "{user}"), user_files={"village/empty.yaml": "# to do\n"}),
    case("run_dir_under_a_file", *SMALL, "hydra.run.dir={user}/plan.txt/run", key="hydra.run.dir",
         needle="cannot create or write the output folder", user_files={"plan.txt": "a file\n"}),
    case("run_dir_in_proc", *SMALL, "hydra.run.dir=/proc/vcsim_run", key="hydra.run.dir",
         needle="cannot create or write the output folder"),
    case("sweep_dir_under_a_file", *SMALL, "seed=0,1", "hydra.sweep.dir={user}/plan.txt/sweep",
         key="hydra.sweep.dir", needle="cannot create or write", options=("-m",),
         user_files={"plan.txt": "a file\n"}),
]

#: In-range values that multiply into a run no machine can hold (:mod:`sim.estimate`).
SIZE_CASES: list[BadInput] = [
    case("density_from_capacity", *SMALL, "vector.capacity_scale=1000", key="vector.capacity_scale",
         needle="adult mosquitoes per resident"),
    case("agents_released", *SMALL, "vector.engine=agents", "vector.initial_adults_per_site=10000",
         key="vector.initial_adults_per_site", needle="plausible density"),
    case("containers_times_capacity", *SMALL, "village.site_types.bucket.mean_per_household=50",
         "vector.capacity_scale=100", key="vector.capacity_scale", needle="plausible density"),
    case("sweep_one_job_too_big", *SMALL, "vector.capacity_scale=3,1000", key="vector.capacity_scale",
         needle="plausible density", options=("-m",)),
    case("env_size_guard", *SMALL, key="VCSIM_SIZE_GUARD", needle="on, off", env={"VCSIM_SIZE_GUARD": "no"}),
]

CASES: list[BadInput] = [*TYPE_CASES, *RANGE_CASES, *CROSS_FIELD_CASES, *NAME_CASES, *YAML_CASES,
                         *SWEEP_CASES, *PLANNER_CASES, *ENVIRONMENT_CASES, *DISTRICT_CASES,
                         *CODE_CASES, *NAMING_CASES, *SIZE_CASES,
                         *PLANNER_MORE_CASES, *APP_CASES, *SWEEP_MORE_CASES]


@dataclass
class Outcome:
    """What one bad command line did: exit status, error output and what it left on disk."""

    returncode: int
    stderr: str
    work: Path
    leftovers: list[str]
    marker: Path


def _prepare(c: BadInput, work: Path) -> list[str]:
    """Write the case's files under ``work`` and return its arguments (after the module)."""
    user = work / "user"
    user.mkdir(parents=True)
    for rel, text in c.user_files.items():
        path = user / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{marker}", str(work / "PWNED")))
    configs = work / "configs"
    if c.broken_configs:
        shutil.copytree(CONFIGS, configs)
        for rel, text in c.broken_configs.items():
            (configs / rel).write_text(text)

    def fill(arg: str) -> str:
        return (arg.replace("{user}", str(user)).replace("{configs}", str(configs))
                .replace("{out}", str(work / "out")).replace("{marker}", str(work / "PWNED")))

    command = [*map(fill, c.options), *map(fill, c.args)]
    if c.module == "sim.run":  # output folders inside ``work``, unless the case is about them
        command += [f"hydra.{kind}.dir={work / kind}" for kind in ("run", "sweep")
                    if not any(a.startswith(f"hydra.{kind}.dir=") for a in c.args)]
    return command


def _environment(c: BadInput) -> dict[str, str]:
    return {**os.environ, "HYDRA_FULL_ERROR": "0", **c.env}


def _outcome(c: BadInput, work: Path, returncode: int, stderr: str) -> Outcome:
    leftovers = [p for p in ("run", "sweep", "out") if (work / p).exists()]
    return Outcome(returncode, stderr, work, leftovers, work / "PWNED")


def _run_fresh(c: BadInput, base: Path) -> Outcome:
    """Run one case in a new interpreter, from the repository root."""
    work = base / c.name
    args = _prepare(c, work)
    proc = subprocess.run([sys.executable, "-m", c.module, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=_environment(c))
    return _outcome(c, work, proc.returncode, proc.stderr)


def _run_fresh_all(cases: list[BadInput], base: Path) -> dict[str, Outcome]:
    """:func:`_run_fresh` for each case, three processes at a time."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip((c.name for c in cases), pool.map(lambda c: _run_fresh(c, base), cases),
                        strict=True))


def _run_forked(cases: list[BadInput], base: Path) -> list[Outcome]:
    """Run the cases in forks of this process, three at a time, from the repository root."""
    commands = [ForkedCommand(c.module, _prepare(c, base / c.name), ROOT, _environment(c),
                              base / f"{c.name}.stderr") for c in cases]
    return [_outcome(c, base / c.name, done.returncode, done.stderr)
            for c, done in zip(cases, run_forked(commands), strict=True)]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    """Run the whole table once."""
    base = tmp_path_factory.mktemp("bad_inputs")
    # What every fork would otherwise load on its own: the planner's report (imported only
    # when a plan is written) and Hydra's composition of the default structures.
    importlib.import_module("analysis.report")
    for structure in ((), ("village=small",), ("strategy=routine",)):
        compose_config(structure)
    # A switch is also checked when ``analysis`` is imported, which a fork of this process
    # has done already: rows that set one run in a fresh interpreter.
    forked = [c for c in CASES if not c.env]
    found = dict(zip((c.name for c in forked), _run_forked(forked, base), strict=True))
    found |= _run_fresh_all([c for c in CASES if c.env], base)
    return found


#: Rows also run in a fresh interpreter: a run's, a sweep's, a YAML file's, a planner file's, a
#: Hydra callback's, the page's.
FRESH_CHECKED = ("days_text", "sweep_bad_days", "user_yaml_python_tag", "planner_unknown_field",
                 "callback_os_system", "app_port_above_range")


def test_a_forked_case_says_what_a_fresh_interpreter_says(tmp_path, outcomes):
    fresh_runs = _run_fresh_all([c for c in CASES if c.name in FRESH_CHECKED], tmp_path)
    for name in FRESH_CHECKED:
        fresh, forked = fresh_runs[name], outcomes[name]
        assert (fresh.returncode, fresh.stderr, fresh.leftovers) == \
            (forked.returncode, forked.stderr.replace(str(forked.work), str(fresh.work)),
             forked.leftovers), name


def test_the_table_has_at_least_thirty_distinct_cases():
    names = [c.name for c in CASES]
    assert len(names) == len(set(names))
    assert len({(c.module, c.options, c.args, tuple(c.user_files.items()),
                 tuple(c.broken_configs.items())) for c in CASES}) >= 30


@pytest.mark.parametrize("bad", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_exit_2_and_leaves_nothing(bad: BadInput, outcomes):
    out = outcomes[bad.name]
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, out.stderr
    assert len(lines) == 1, out.stderr
    line = lines[0]
    assert line.startswith("error: "), line
    message = line[len("error: "):]
    if bad.key:
        assert message.startswith(bad.key), line
        assert message[len(bad.key)] in "=:", line
    assert bad.needle in message, line
    assert out.leftovers == [], f"left behind: {out.leftovers}"
    assert not out.marker.exists(), "a YAML tag ran a command"


@pytest.mark.parametrize("bad", QUICK_CASES, ids=[c.name for c in QUICK_CASES])
def test_more_bad_command_lines_name_the_key(bad: BadInput, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # nothing may be written, but if it were, not in the repository
    monkeypatch.setattr(sys, "argv", ["sim.run"])
    monkeypatch.delenv("HYDRA_FULL_ERROR", raising=False)
    with pytest.raises(SystemExit) as info:
        sim.run.main([*bad.options, *bad.args])
    assert info.value.code == 2
    assert not list(tmp_path.iterdir())
    message = capsys.readouterr().err.strip().removeprefix("error: ")
    assert "\n" not in message
    assert message.startswith(bad.key) and message[len(bad.key)] in "=:", message
    assert bad.needle in message, message


def test_a_config_error_found_during_the_run_also_exits_2_and_removes_the_folder(
        tmp_path, monkeypatch, capsys):
    """Errors only the model can see (after Hydra made the folder) follow the same contract."""

    def refuse(params, progress=None):
        raise ConfigError("village.households", params.village.households, "injected: too few roads")

    monkeypatch.setattr(sim.cli.job, "_simulate", refuse)
    monkeypatch.setattr(sys, "argv", [sys.argv[0]])
    run_dir = tmp_path / "run"
    try:
        with pytest.raises(SystemExit) as info:
            sim.run.main(["village=small", "days=3", f"hydra.run.dir={run_dir}"])
    finally:
        GlobalHydra.instance().clear()
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == "error: village.households=500: injected: too few roads"
    assert not run_dir.exists()


def test_a_config_error_in_one_sweep_job_is_recorded_and_the_others_finish(tmp_path, monkeypatch):
    from sim.simulate import simulate as real

    def flaky(params, progress=None):
        if params.seed == 1:
            raise ConfigError("seed", 1, "injected")
        return real(params, progress=progress)

    monkeypatch.setattr(sim.cli.job, "_simulate", flaky)
    monkeypatch.setattr(sys, "argv", [sys.argv[0]])
    sweep = tmp_path / "sweep"
    try:
        sim.run.main(["-m", "seed=0,1", "village=small", "days=3", "village.households=40",
                      f"hydra.sweep.dir={sweep}"])
    finally:
        GlobalHydra.instance().clear()
    assert (sweep / "0" / "summary.json").exists()
    assert not (sweep / "1" / "summary.json").exists()
    assert "seed=1: injected" in (sweep / "1" / "error.json").read_text()


def test_nothing_in_sim_instantiates_objects_from_a_config():
    """Run configs are plain data; only the pre-check looks at Hydra's own ``_target_`` keys."""
    for path in sorted((ROOT / "sim").rglob("*.py")):
        text = path.read_text()
        assert "hydra.utils" not in text and "instantiate(" not in text, path
        if path.name != "validate.py":  # sim/cli/validate.py: the guard that refuses factories
            assert "_target_" not in text, path
