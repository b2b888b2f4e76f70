"""The trainer page's settings (:mod:`analysis.app`): its controls and the overrides they make.

:func:`model_params` lays out Mesa's selectors and sliders: strategy (every preset
in ``configs/strategy``), village, seed, days, staff per role, and, where the
composed strategy configuration has them, the house-visit team shape and ring
radii. :func:`build_overrides` turns their values into Hydra overrides; a
staffing slider left at its start value, a radius left at 0 and a team shape
left at ``preset`` keep the strategy preset's own value.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sim.cli.compose import CONFIG_DIR, compose_config
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.params.fields import Bounds, bounds_at, bounds_of, ui_range
from sim.params.run_params import RunParams
from sim.params.strategy import StrategyParams

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization import Slider

__all__ = ["APP_VILLAGES", "PRESET", "StrategyControl", "build_overrides", "model_params",
           "strategy_controls", "visit_shapes"]

#: Villages offered on the page (the larger ones are too slow to watch live).
APP_VILLAGES: tuple[str, ...] = ("small", "default")
#: Value of a team selector that keeps the preset's own team shapes.
PRESET = "preset"
#: Prefix of the model parameters that set a key under ``strategy``.
STRATEGY_PREFIX = "strategy__"
#: Staffing sliders: model parameter -> (role in ``staffing.pool``, label).
STAFF_CONTROLS = {"cadres": ("cadre", "cadres"), "grid_workers": ("grid_worker", "grid workers"),
                  "medics": ("medic", "medics")}


@dataclass(frozen=True)
class StrategyControl:
    """A control for one strategy key found in the composed configuration.

    Attributes:
        name: model-parameter name (``strategy__targeting__core_radius_m``).
        path: keys under ``strategy`` (``("targeting", "core_radius_m")``).
        kind: ``"radius"`` (metres, slider) or ``"team"`` (selector of the
            house-visit team shape, which replaces the preset's visit shapes).
        choices: options of a selector (without ``preset``).
    """

    name: str
    path: tuple[str, ...]
    kind: str
    choices: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Label shown next to the control."""
        text = self.path[-1].removesuffix("_m").replace("_", " ")
        return f"{text} (m, 0 = preset)" if self.kind == "radius" else "house-visit team"


def _leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, str(key)))
    else:
        yield path, node


def _kind(key: str, value: Any) -> str | None:
    """``radius`` for a number whose key names a radius, ``team`` for the list of team shapes."""
    if "radius" in key and isinstance(value, int | float) and not isinstance(value, bool):
        return "radius"
    if key == "teams" and isinstance(value, list):
        return "team"
    return None


def visit_shapes(config: dict[str, Any]) -> list[str]:
    """Team shapes of ``config`` whose work is house visits."""
    return [name for name, shape in config.get("team_shapes", {}).items() if shape.get("work") == "visit"]


@functools.cache
def strategy_names() -> tuple[str, ...]:
    """Strategy presets in ``configs/strategy``."""
    return tuple(config_groups(CONFIG_DIR).get("strategy", ()))


@functools.cache
def base_config() -> dict[str, Any]:
    """The composed default configuration."""
    return compose_config([])


@functools.cache
def strategy_controls() -> tuple[StrategyControl, ...]:
    """Team-shape and ring-radius controls for keys found in any strategy preset.

    The team selector offers every team shape of ``configs/team_shapes`` that
    visits houses.
    """
    kinds: dict[tuple[str, ...], str] = {}
    for name in strategy_names():
        try:
            cfg = compose_config(_with_staff(name))
        except ConfigError:
            continue
        for path, value in _leaves(cfg.get("strategy", {})):
            kind = _kind(path[-1], value) if path else None
            if kind is not None:
                kinds[path] = kind
    shapes = tuple(visit_shapes(base_config()))
    return tuple(
        StrategyControl(STRATEGY_PREFIX + "__".join(path), path, kind, shapes if kind == "team" else ())
        for path, kind in kinds.items()
    )


def _with_staff(strategy: str) -> list[str]:
    """``strategy=<name>``, plus ``staffing=<name>`` for an organisation preset that has its own."""
    own = strategy in config_groups(CONFIG_DIR).get("staffing", ())
    return [f"strategy={strategy}", *([f"staffing={strategy}"] if own else [])]


def _staffing_defaults() -> dict[str, int]:
    pool = base_config().get("staffing", {}).get("pool", {})
    return {k: int(pool.get(role, 0)) for k, (role, _) in STAFF_CONTROLS.items()}


def _slider(label: str, value: int, bounds: Bounds, step: int) -> Slider:
    """A slider over a parameter's declared range (capped at its ``ui_high``)."""
    low, high = ui_range(bounds)
    return Slider(label, value=value, min=int(low), max=int(high), step=step)


def model_params() -> dict[str, Any]:
    """Mesa ``model_params`` for the page: selectors and sliders of the run's settings."""
    cfg = base_config()
    villages = [v for v in APP_VILLAGES if v in config_groups(CONFIG_DIR).get("village", ())]
    params: dict[str, Any] = {
        "strategy": {"type": "Select", "value": cfg["strategy"]["name"], "label": "strategy",
                     "values": list(strategy_names())},
        "village": {"type": "Select", "value": "default" if "default" in villages else villages[0],
                    "values": villages, "label": "village"},
        "seed": _slider("seed", int(cfg["seed"]), bounds_of(RunParams, "seed"), step=1),
        "days": _slider("days to simulate", int(cfg["days"]), bounds_of(RunParams, "days"), step=1),
    }
    for key, value in _staffing_defaults().items():
        params[key] = Slider(STAFF_CONTROLS[key][1], value=value, min=0, max=max(4 * value, 20), step=1)
    for control in strategy_controls():
        if control.kind == "radius":
            # 0 stands for "the preset's own radius", so the slider starts at 0 even
            # where the declared range excludes it.
            params[control.name] = _slider(control.label, 0, bounds_at(StrategyParams, control.path),
                                           step=25)
        else:
            params[control.name] = {"type": "Select", "value": PRESET, "label": control.label,
                                    "values": [PRESET, *control.choices]}
    return params


def build_overrides(strategy: str | None, village: str | None, seed: int | None, days: int | None,
                    staffing: dict[str, int | None],
                    controls: dict[str, Any]) -> tuple[list[str], list[str], list[str]]:
    """Hydra overrides for the page's control values.

    Returns:
        ``(base, extra, notes)``: overrides that pick the run, overrides from the
        staffing and strategy controls, and notes on controls that were skipped.
    """
    base = [f"{k}={v}" for k, v in (("village", village), ("seed", seed), ("days", days)) if v is not None]
    if strategy is not None:
        base = [*_with_staff(strategy), *base]
    cfg = compose_config(base)
    extra: list[str] = []
    notes: list[str] = []
    start = _staffing_defaults()
    pool = cfg.get("staffing", {}).get("pool", {})
    for key, value in staffing.items():
        if value is None or value == start.get(key) or key not in STAFF_CONTROLS:
            continue
        role = STAFF_CONTROLS[key][0]
        extra.append(f"{'' if role in pool else '+'}staffing.pool.{role}={int(value)}")
    by_name = {c.name: c for c in strategy_controls()}
    for name, value in controls.items():
        control = by_name.get(name)
        if control is None:
            notes.append(f"unknown control {name} ignored")
            continue
        if value in (None, PRESET) or (control.kind == "radius" and float(value) <= 0):
            continue
        preset: Any = cfg.get("strategy", {})
        for key in control.path:
            preset = preset.get(key) if isinstance(preset, dict) else None
        if preset is None:
            notes.append(f"{control.label}: not used by strategy {cfg['strategy'].get('name')}")
            continue
        if control.kind == "team":
            visit = set(visit_shapes(cfg))
            teams = [t for t in preset if t not in visit]
            extra.append(f"strategy.{'.'.join(control.path)}=[{','.join([*teams, str(value)])}]")
            continue
        text = repr(float(value)) if isinstance(preset, float) else str(value)
        extra.append(f"strategy.{'.'.join(control.path)}={text}")
    return base, extra, notes
