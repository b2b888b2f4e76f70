"""Bad-input cases of the planner (run by ``test_bad_inputs.py`` with every other table).

Scenario files that are not text, YAML tags and aliases, bad values of the fields for
where, which teams and when (``targeting``, ``rings``, ``team``, ``start``, ``start_date``),
too much work without ``--yes``, and output folders that cannot be written (or are a
finished run's); the same size and folder guards for ``analysis.main_job``.
"""

from __future__ import annotations

from bad_input_case import BadInput, case

PLAN = "{user}/plan.yaml"
OUT = ("--out", "{out}")
#: A valid two-scenario plan on the small village (nothing runs: every case fails first).
GOOD = "village: small\ndays: 5\nreplicates: 1\nscenarios:\n  - name: a\n    strategy: routine\n"
#: A valid one-scenario ring plan on the small village; a case appends fields to scenario ``a``.
RINGS = "village: small\ndays: 20\nreplicates: 1\nscenarios:\n  - name: a\n    strategy: ring_zoning\n"
_LOL = ", ".join(['"lol"'] * 9)
#: 256 bytes that expand to 9^5 values when constructed.
ALIAS_BOMB = (f"a: &a [{_LOL}]\n" + "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n"
                                              for p, k in zip("abcd", "bcde", strict=True))
              + "scenarios: *e\n")
_EVIL = 'scenarios:\n  - name: a\n    strategy: !!python/object/apply:os.system ["touch {marker}"]\n'


def _plan(name: str, *args: str, key: str = "", needle: str = "", text: str = GOOD,
          files: dict[str, str] | None = None) -> BadInput:
    """A planner case on ``{user}/plan.yaml`` holding ``text``."""
    return case(name, *args, key=key, needle=needle, module="analysis.plan",
                user_files={"plan.yaml": text, **(files or {})})


def _field(name: str, lines: str, needle: str, top: str = "") -> BadInput:
    """A planner case on :data:`RINGS` with ``lines`` added to its scenario ``a`` (``top``
    before it); ``needle`` follows ``plan.yaml:``."""
    return _plan(name, PLAN, *OUT, text=f"{top}{RINGS}    {lines}\n", needle=f"plan.yaml:{needle}")


PLANNER_MORE_CASES: list[BadInput] = [
    # Not a text file: a PNG of the repository, and a NUL character.
    case("planner_binary_file", "docs/img/planner_report.png", *OUT, key="docs/img/planner_report.png",
         needle="not a text (UTF-8) YAML file", module="analysis.plan"),
    _plan("planner_nul_character", PLAN, *OUT, needle="plan.yaml:1: not a text (UTF-8) YAML file",
          text="title: a\x00b\n" + GOOD),
    _plan("planner_too_large", PLAN, *OUT, needle="plan.yaml: scenario file too large",
          text="# " + "x" * 1_000_100 + "\n" + GOOD),
    # YAML: a Python tag is an error on its line (and never runs), aliases are refused.
    _plan("planner_python_tag", PLAN, *OUT, text=_EVIL,
          needle="plan.yaml:3: not valid YAML: could not determine a constructor for the tag"),
    _plan("planner_alias_bomb", PLAN, *OUT, text=ALIAS_BOMB,
          needle="plan.yaml:2: YAML aliases (*a) are not allowed in scenario files"),
    _plan("planner_long_value_is_cut", PLAN, *OUT, text=GOOD + f"    note: [{'x' * 5000}]\n",
          needle="plan.yaml:7: scenarios.a.note=['xxxx"),
    # Where, which teams, when (scenario fields targeting, rings, team, start; top start_date).
    _field("planner_targeting_wrong_type", "targeting: [ring]",
           "7: scenarios.a.targeting=['ring']: must be a section of fields: mode,"),
    _field("planner_targeting_unknown_mode", "targeting: circle",
           "7: scenarios.a.targeting='circle': unknown targeting; allowed: none, sweep, ring"),
    _field("planner_targeting_unknown_allocation", "targeting: {allocation: random}",
           "7: scenarios.a.targeting.allocation='random': unknown allocation; allowed: houses"),
    _field("planner_rings_wrong_type", "rings: 300",
           "7: scenarios.a.rings=300: must be a section of fields: core, warning, outer"),
    _field("planner_rings_radius_text", "rings: {core: wide}",
           "7: scenarios.a.rings.core='wide': must be a number"),
    _field("planner_rings_not_increasing", "rings: {core: 400}",
           "7: scenarios.a.rings.core=400: ring radii must increase: core (400) < warning"),
    _field("planner_rings_unknown_work", "rings: {outer: {work: [dance]}}",
           "7: scenarios.a.rings.outer.work='dance': unknown work; allowed: visit, spray"),
    _field("planner_rings_without_ring_mode", "targeting: sweep\n    rings: {core: 50}",
           "8: scenarios.a.rings: the scenario's targeting mode is 'sweep', which draws no rings"),
    _field("planner_team_unknown_role", "team: {roles: {cadre: 1, nurse: 1}}",
           "7: scenarios.a.team.roles.nurse=1: unknown role; roles: cadre, grid_worker"),
    _field("planner_team_list_unknown_shape", "team: [cadre_pair, trio]",
           "7: scenarios.a.team='trio': unknown team; allowed: three_person"),
    _field("planner_team_role_not_in_pool", "team: {roles: {leader: 1, cadre: 1}}",
           "7: scenarios.a.team='a_team': one team needs 1 leader, 1 cadre, more than staffing"),
    _field("planner_start_before_day_0", "start: 2025-06-20",
           "8: scenarios.a.start=2025-06-20: must be a date YYYY-MM-DD from 2025-07-01 (day 0",
           top="start_date: 2025-07-01\n"),
    _field("planner_start_after_the_end", "start: 2026-01-01",
           "7: scenarios.a.start=2026-01-01: must be a date YYYY-MM-DD from"),
    _field("planner_start_and_start_day", "start: 2025-06-20\n    start_day: 4",
           "7: scenarios.a.start=2025-06-20: give either start (a date) or start_day"),
    _field("planner_start_date_not_a_date", "note: x", "1: start_date='midsummer': must be a date YYYY-MM-DD",
           top="start_date: midsummer\n"),
    _field("planner_start_date_impossible", "note: x", "1: not valid YAML: '2025-02-30' is not a date",
           top="start_date: 2025-02-30\n"),
    # Unbounded work: refused with the estimate unless --yes.
    _plan("planner_replicates_1000", PLAN, *OUT, key="replicates", needle="3,000 runs, about",
          text=GOOD.replace("replicates: 1", "replicates: 1000").replace("days: 5", "days: 180")
          + "  - name: b\n    strategy: full_cadre\n"),
    # Output folders that cannot be made or written, or a finished run's.
    _plan("planner_out_under_a_file", PLAN, "--out", "{user}/plan.yaml/out", key="--out",
          needle="cannot create the output folder (Not a directory)"),
    _plan("planner_out_is_a_file", PLAN, "--out", PLAN, key="--out",
          needle="cannot create the output folder (exists and is not a folder)"),
    _plan("planner_out_in_proc", PLAN, "--out", "/proc/vcsim_no_such/out", key="--out",
          needle="cannot create the output folder"),
    _plan("planner_out_is_a_run", PLAN, "--out", "{user}/run", key="--out",
          needle="the folder of a finished run (summary.json)", files={"run/summary.json": "{}\n"}),
    _plan("planner_out_inside_a_run", PLAN, "--out", "{user}/run/plan", key="--out",
          needle="the folder of a finished run (summary.json)", files={"run/summary.json": "{}\n"}),
    # The main job: the same guards, before its sweep starts.
    case("main_job_seeds_1000", "--seeds", "1000", *OUT, key="--seeds", needle="pass --yes to run them",
         module="analysis.main_job"),
    case("main_job_out_under_a_file", "--village", "small", "--days", "5", "--seeds", "1", "--out",
         "{user}/notes.txt/out", key="--out", needle="cannot create the output folder (Not a directory)",
         module="analysis.main_job", user_files={"notes.txt": "x\n"}),
    case("main_job_unknown_village", "--village", "atlantis", *OUT, key="village",
         needle="unknown village", module="analysis.main_job"),
    case("main_job_seeds_zero", "--seeds", "0", *OUT, key="--seeds", needle="each must be 1 or more",
         module="analysis.main_job"),
]
