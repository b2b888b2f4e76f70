"""The trainer page's settings (:mod:`analysis.app`): what can be set, its range, label and unit.

:func:`controls` lists every setting of the sidebar as a :class:`Control`: strategy (every
preset in ``configs/strategy``), village (every preset in ``configs/village``), seed,
days, staff per role and, where the composed strategy configuration has them, the
house-visit team shape and the ring radii. Slider ranges come from the declared bounds of
the parameters (:mod:`sim.params.fields`), so every value offered passes the run's
validation. A control is *live* when the running model can take it without a rebuild
(:mod:`analysis.app_live`); the others apply on **Reset**.

:func:`build_overrides` turns the values into Hydra overrides; a value of None (a
staffing slider or radius never moved) and a team shape left at ``preset`` keep the
strategy preset's own value.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sim.cli.compose import CONFIG_DIR, compose_config
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.params.fields import Bounds, bounds_at, bounds_of, ui_range
from sim.params.run_params import RunParams
from sim.params.strategy import StrategyParams
from sim.params.workforce import StaffingParams

__all__ = ["DAYS_PER_STEP", "DISTRICTS", "NO_DISTRICT", "PAUSE_MS", "PAUSE_START_MS", "PRESET", "Control",
           "StrategyControl", "build_overrides", "controls", "initial_values", "preset_value",
           "strategy_controls", "village_names", "visit_shapes", "wants_district"]

#: Value of a team selector that keeps the preset's own team shapes.
PRESET = "preset"
#: Prefix of the model parameters that set a key under ``strategy``.
STRATEGY_PREFIX = "strategy__"
#: Staffing sliders: model parameter -> (role in ``staffing.pool``, label).
STAFF_CONTROLS = {"cadres": ("cadre", "Cadres"), "grid_workers": ("grid_worker", "Grid workers"),
                  "medics": ("medic", "Medics")}
#: Step of the ring-radius sliders (m).
RADIUS_STEP_M = 25
#: The District selector's value for a single village.
NO_DISTRICT = "none"
#: The District selector's options and the Hydra overrides that build each (``configs/district``):
#: those the page can build within a Reset of about 30 s (:mod:`analysis.app_district`). Shunde is
#: offered at 2% of its residents (``district.scale=0.02``; 5% took 34 s to build).
DISTRICTS: dict[str, tuple[str, ...]] = {NO_DISTRICT: (), "demo": ("district=demo",),
                                          "shunde 2%": ("district=shunde", "district.scale=0.02")}


@dataclass(frozen=True)
class Control:
    """One setting of the page.

    Attributes:
        name: model parameter (a keyword of :class:`analysis.app.AppModel`).
        label: what the control is called on the page.
        unit: unit shown after the value (``people``, ``m``, ``days``; empty: none).
        low, high, step: a slider's range (ignored for a selector).
        values: a selector's options (empty: a slider).
        live: applies to the running model (:mod:`analysis.app_live`), not only on Reset.
    """

    name: str
    label: str
    unit: str = ""
    low: int = 0
    high: int = 0
    step: int = 1
    values: tuple[str, ...] = ()
    live: bool = False

    def caption(self, value: Any, note: str = "") -> str:
        """The label with its value and unit: ``Cadres: 60 people``, ``Core ring radius: 100 m``."""
        unit = f" {self.unit}" if self.unit and not isinstance(value, str) else ""
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return f"{self.label}: {shown}{unit}{f' ({note})' if note else ''}"


#: Days simulated per click of Step (Mesa's render interval): a page control, not a run parameter.
DAYS_PER_STEP = Control("render_interval", "Days per Step", "days", 1, 30, live=True)
#: Pause between days while playing (ms): a page control, not a run parameter.
PAUSE_MS = Control("play_interval", "Pause when playing", "ms", 0, 1000, 50, live=True)
#: The page's pause when it opens (ms).
PAUSE_START_MS = 50


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
        """Label shown next to the control: ``Core ring radius``, ``House-visit team``."""
        if self.kind == "radius":
            return self.path[-1].removesuffix("_radius_m").replace("_", " ").capitalize() + " ring radius"
        return "House-visit team"


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
def village_names() -> tuple[str, ...]:
    """Village presets in ``configs/village`` (names starting with ``_`` are shared parts)."""
    return tuple(v for v in config_groups(CONFIG_DIR).get("village", ()) if not v.startswith("_"))


@functools.cache
def base_config() -> dict[str, Any]:
    """The composed default configuration."""
    return compose_config([])


@functools.cache
def strategy_config(strategy: str) -> dict[str, Any]:
    """The composed configuration of ``strategy`` (with its own staffing, if it has one)."""
    return compose_config(_with_staff(strategy))


@functools.cache
def strategy_controls() -> tuple[StrategyControl, ...]:
    """Team-shape and ring-radius controls for keys found in any strategy preset.

    The team selector offers every team shape of ``configs/team_shapes`` that
    visits houses.
    """
    kinds: dict[tuple[str, ...], str] = {}
    for name in strategy_names():
        try:
            cfg = strategy_config(name)
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


def _slider(name: str, label: str, unit: str, bounds: Bounds, step: int, live: bool = False) -> Control:
    """A slider over a parameter's declared range (capped at its ``ui_high``; an open lower
    end starts one step above it)."""
    low, high = ui_range(bounds)
    start = int(low) + (step if bounds.low_open else 0)
    return Control(name, label, unit, start, int(high), step, live=live)


@functools.cache
def controls() -> tuple[Control, ...]:
    """Every setting of the page, in sidebar order (the ring radii are live)."""
    out = [Control("strategy", "Strategy", values=strategy_names()),
           Control("village", "Village", values=village_names()),
           Control("district", "District", values=tuple(DISTRICTS)),
           _slider("seed", "Seed", "", bounds_of(RunParams, "seed"), 1),
           _slider("days", "Days", "days", bounds_of(RunParams, "days"), 1)]
    staff_low = int(ui_range(bounds_of(StaffingParams, "pool"))[0])
    pool = base_config().get("staffing", {}).get("pool", {})
    for key, (role, label) in STAFF_CONTROLS.items():
        # The declared pool bound (a million) is no slider: four times the default pool is.
        out.append(Control(key, label, "people", staff_low, max(4 * int(pool.get(role, 0)), 20)))
    for c in strategy_controls():
        if c.kind == "radius":
            out.append(_slider(c.name, c.label, "m", bounds_at(StrategyParams, c.path), RADIUS_STEP_M,
                               live=True))
        else:
            out.append(Control(c.name, c.label, values=(PRESET, *c.choices)))
    return tuple(out)


def wants_district(district: str | None) -> bool:
    """Whether the page's ``district`` setting asks for a district (not None nor ``none``)."""
    return district not in (None, NO_DISTRICT)


def initial_values() -> dict[str, Any]:
    """The settings a page starts with: the default configuration; None (staffing, radii)
    and ``preset`` (team) follow the chosen strategy's preset."""
    cfg = base_config()
    values: dict[str, Any] = {"strategy": cfg["strategy"]["name"], "village": cfg["village"]["name"],
                              "district": NO_DISTRICT, "seed": int(cfg["seed"]), "days": int(cfg["days"])}
    for c in controls():
        if c.name not in values:
            values[c.name] = PRESET if c.values else None
    return values


def preset_value(name: str, strategy: str) -> Any:
    """The value ``strategy``'s preset gives setting ``name`` (None if it has none)."""
    cfg = strategy_config(strategy)
    if name in STAFF_CONTROLS:
        return int(cfg.get("staffing", {}).get("pool", {}).get(STAFF_CONTROLS[name][0], 0))
    node: Any = cfg.get("strategy", {})
    for key in name.removeprefix(STRATEGY_PREFIX).split("__"):
        node = node.get(key) if isinstance(node, dict) else None
    return node


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
    pool = cfg.get("staffing", {}).get("pool", {})
    for key, value in staffing.items():
        if value is None or key not in STAFF_CONTROLS:
            continue
        role = STAFF_CONTROLS[key][0]
        if int(value) != int(pool.get(role, 0)):
            extra.append(f"{'' if role in pool else '+'}staffing.pool.{role}={int(value)}")
    by_name = {c.name: c for c in strategy_controls()}
    for name, value in controls.items():
        control = by_name.get(name)
        if control is None:
            notes.append(f"unknown control {name} ignored")
            continue
        if value in (None, PRESET):
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
        if float(value) == float(preset):
            continue
        text = repr(float(value)) if isinstance(preset, float) else str(value)
        extra.append(f"strategy.{'.'.join(control.path)}={text}")
    return base, extra, notes
