"""Rules that tie roles, team shapes, the staff pool and the strategy together.

Checked once, when the run parameters are built: an unknown role or shape, a
team that the pool can never fill, or field work switched on with nobody to do
it is a one-line :class:`ConfigError` naming the key, never a campaign that
silently does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from sim.errors import ConfigError
from sim.params.strategy import StrategyParams
from sim.params.workforce import WORK_ACTION, RoleParams, StaffingParams, TeamShapeParams

__all__ = ["check_organisation", "fallback_chain"]


def fallback_chain(shape: str, shapes: Mapping[str, TeamShapeParams]) -> list[str]:
    """``shape`` followed by its fallbacks, in order (a cycle raises ConfigError)."""
    chain = [shape]
    while shapes[chain[-1]].fallback:
        nxt = shapes[chain[-1]].fallback
        if nxt in chain:
            raise ConfigError(f"team_shapes.{chain[-1]}.fallback", nxt,
                              f"fallbacks form a loop ({' -> '.join([*chain, nxt])})")
        chain.append(nxt)
    return chain


def _check_shapes(roles: Mapping[str, RoleParams], shapes: Mapping[str, TeamShapeParams]) -> None:
    names = ", ".join(roles) or "none defined"
    for name, shape in shapes.items():
        for role in shape.roles:
            if role not in roles:
                raise ConfigError(f"team_shapes.{name}.roles.{role}", shape.roles[role],
                                  f"unknown role; roles: {names}")
        action = WORK_ACTION[shape.work]
        if not any(roles[r].may(action) for r in shape.roles):
            raise ConfigError(f"team_shapes.{name}.work", shape.work,
                              f"needs a member whose role may '{action}'; "
                              f"its roles ({', '.join(shape.roles)}) may not")
        if shape.fallback and shape.fallback not in shapes:
            raise ConfigError(f"team_shapes.{name}.fallback", shape.fallback,
                              f"unknown team shape; shapes: {', '.join(shapes)}")
    for name in shapes:
        fallback_chain(name, shapes)


def _fillable(shape: TeamShapeParams, staffing: StaffingParams) -> bool:
    return all(staffing.count(role) >= n for role, n in shape.roles.items())


def _check_teams(strategy: StrategyParams, shapes: Mapping[str, TeamShapeParams],
                 staffing: StaffingParams) -> None:
    wf = strategy.workforce
    for name in wf.max_teams:
        if name not in shapes:
            raise ConfigError(f"strategy.workforce.max_teams.{name}", wf.max_teams[name],
                              f"unknown team shape; shapes: {', '.join(shapes)}")
    for i, name in enumerate(wf.teams):
        key = f"strategy.workforce.teams[{i}]"
        if name not in shapes:
            raise ConfigError(key, name, f"unknown team shape; shapes: {', '.join(shapes)}")
        chain = fallback_chain(name, shapes)
        if not any(_fillable(shapes[s], staffing) for s in chain):
            need = ", ".join(f"{n} {r}" for r, n in shapes[name].roles.items())
            raise ConfigError(key, name, f"one team needs {need}, more than staffing.pool holds "
                                         f"({_pool_text(staffing)}), and no fallback shape fits")
    routine = strategy.peacetime
    if routine.routine_teams:
        if routine.routine_shape not in shapes:
            raise ConfigError("strategy.peacetime.routine_shape", routine.routine_shape,
                              f"unknown team shape; shapes: {', '.join(shapes)}")
        shape = shapes[routine.routine_shape]
        if shape.work != "visit":
            raise ConfigError("strategy.peacetime.routine_shape", routine.routine_shape,
                              f"routine teams visit houses; this shape does '{shape.work}'")
        if not _fillable(shape, staffing):
            raise ConfigError("strategy.peacetime.routine_teams", routine.routine_teams,
                              f"a {routine.routine_shape} team needs "
                              f"{', '.join(f'{n} {r}' for r, n in shape.roles.items())}; "
                              f"staffing.pool holds {_pool_text(staffing)}")


def _pool_text(staffing: StaffingParams) -> str:
    held = [f"{n} {r}" for r, n in staffing.pool.items() if n]
    return ", ".join(held) or "nobody"


def _check_work_has_teams(strategy: StrategyParams, roles: Mapping[str, RoleParams],
                          shapes: Mapping[str, TeamShapeParams]) -> None:
    listed = [shapes[s] for name in strategy.workforce.teams for s in fallback_chain(name, shapes)]
    works = {shape.work for shape in listed}
    needs = [
        (strategy.targeting.mode != "none", "visit", "strategy.targeting.mode", strategy.targeting.mode),
        (strategy.outdoor.spraying, "spray", "strategy.outdoor.spraying", True),
        (strategy.outdoor.cleanup, "cleanup", "strategy.outdoor.cleanup", True),
        (strategy.publicity.enabled, "publicity", "strategy.publicity.enabled", True),
    ]
    for wanted, work, key, value in needs:
        if wanted and work not in works:
            doers = [n for n, s in shapes.items() if s.work == work]
            raise ConfigError(key, value, f"needs a team doing '{work}' in strategy.workforce.teams "
                                          f"(shapes that do it: {', '.join(doers) or 'none'})")
    if strategy.outdoor.construction_loop:
        ok = any(s.work == "visit" and any(roles[r].may("construction") for r in s.roles) for s in listed)
        if not ok:
            raise ConfigError("strategy.outdoor.construction_loop", True,
                              "needs a house-visit team with a member whose role may 'construction'")


def check_organisation(roles: Mapping[str, RoleParams], shapes: Mapping[str, TeamShapeParams],
                       staffing: StaffingParams, strategy: StrategyParams) -> None:
    """Raise ConfigError unless the strategy's teams can be formed from the pool."""
    for role in staffing.pool:
        if role not in roles:
            raise ConfigError(f"staffing.pool.{role}", staffing.pool[role],
                              f"unknown role; roles: {', '.join(roles) or 'none defined'}")
    _check_shapes(roles, shapes)
    _check_teams(strategy, shapes, staffing)
    _check_work_has_teams(strategy, roles, shapes)
