"""Interactive trainer page: the village map and live charts in the browser (Mesa SolaraViz).

Start it with ``make app`` or::

    python -m analysis.app [--port 8765] [--host 127.0.0.1]

and open the printed address. The sidebar holds Mesa's play / pause / step /
reset buttons and the run's settings: strategy (every preset in
``configs/strategy``), village, seed, days, staff per role, and, where the
composed strategy configuration has them, the house-visit team shape and ring
radii. Settings take effect on **Reset**. A staffing slider left at its start
value, a radius left at 0 and a team shape left at ``preset`` keep the
strategy preset's own value.

The map and the charts are drawn by :mod:`analysis.drawing`, the same helpers
as the video export (:mod:`analysis.animate`).
"""

from __future__ import annotations

import argparse
import functools
import io
import logging
import socket
import sys
import time
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
import solara
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from analysis.drawing import FONT, draw_map, draw_side_panel, legend_handles, status_lines
from sim.cli.compose import CONFIG_DIR, compose_config, compose_params
from sim.cli.configs import config_groups
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.params.fields import Bounds, bounds_at, bounds_of, ui_range
from sim.params.run_params import RunParams
from sim.params.strategy import StrategyParams

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization import Slider, SolaraViz
    from mesa.visualization.utils import update_counter

__all__ = ["APP_VILLAGES", "AppModel", "Page", "Panels", "StrategyControl", "build_overrides",
           "charts_png", "main", "map_png", "model_params", "offline_assets_problem",
           "strategy_controls"]

#: Villages offered on the page (the larger ones are too slow to watch live).
APP_VILLAGES: tuple[str, ...] = ("small", "default")
#: Value of a team selector that keeps the preset's own team shapes.
PRESET = "preset"
#: Prefix of the model parameters that set a key under ``strategy``.
STRATEGY_PREFIX = "strategy__"
DEFAULT_PORT = 8765
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


class AppModel(CampaignModel):
    """A :class:`CampaignModel` built from the page's control values (keyword arguments).

    Args:
        strategy, village, seed, days: the run (None: the configuration's default).
        cadres, grid_workers, medics: staff per role (None or the start value:
            the preset's staffing).
        **kwargs: strategy controls named ``strategy__<path>`` (see
            :func:`strategy_controls`); Mesa requires this name.
    """

    def __init__(self, strategy: str | None = None, village: str | None = "default",
                 seed: int | None = None, days: int | None = None, cadres: int | None = None,
                 grid_workers: int | None = None, medics: int | None = None, **kwargs: Any) -> None:
        staffing = {"cadres": cadres, "grid_workers": grid_workers, "medics": medics}
        notes: list[str] = []
        try:
            base, extra, notes = build_overrides(strategy, village, seed, days, staffing, kwargs)
        except ConfigError as err:
            notes.append(f"settings not usable, defaults shown instead: {err}")
            base, extra = [], []
        try:
            params = compose_params([*base, *extra])
        except ConfigError as err:
            notes.append(f"staffing/strategy controls ignored: {err}")
            params = compose_params(base)
        super().__init__(params)
        #: Messages for the page about settings that were not applied.
        self.notes = notes
        #: Wall time of the last step (s).
        self.step_seconds = 0.0
        self.running = self.day < params.days
        self.update_layers()

    def step(self) -> None:
        """One day, then refresh the grid layers; stops at the run's last day."""
        if self.day >= self.params.days:
            self.running = False
            return
        start = time.perf_counter()
        super().step()
        self.update_layers()
        self.step_seconds = time.perf_counter() - start
        self.running = self.day < self.params.days


@dataclass
class _Figures:
    """The page's figures for one model, made once and redrawn in place every step."""

    map_ax: Axes
    map_canvas: FigureCanvasAgg
    chart_axes: list[Axes]
    chart_canvas: FigureCanvasAgg

    @classmethod
    def create(cls) -> _Figures:
        map_fig = Figure(figsize=(6.6, 6.9), dpi=90)
        chart_fig = Figure(figsize=(7.2, 7.2), dpi=90)
        axes = [chart_fig.add_axes((0.1, 0.07 + k * 0.32, 0.86, 0.24)) for k in (2, 1, 0)]
        return cls(map_fig.add_axes((0.01, 0.01, 0.98, 0.92)), FigureCanvasAgg(map_fig), axes,
                   FigureCanvasAgg(chart_fig))


_FIGURES: WeakKeyDictionary[CampaignModel, _Figures] = WeakKeyDictionary()


def _png(canvas: FigureCanvasAgg) -> bytes:
    """Render ``canvas`` to PNG bytes, favouring speed over size (the page is served locally)."""
    canvas.draw()
    buf = io.BytesIO()
    Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3]).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def _figures(model: CampaignModel) -> _Figures:
    if model not in _FIGURES:
        _FIGURES[model] = _Figures.create()
    return _FIGURES[model]


def map_png(model: CampaignModel) -> bytes:
    """The map as PNG bytes (the legend is a separate, static image: :func:`legend_png`)."""
    figures = _figures(model)
    draw_map(figures.map_ax, model, legend=None)
    return _png(figures.map_canvas)


@functools.cache
def legend_png() -> bytes:
    """The map's legend as PNG bytes (drawn once)."""
    fig = Figure(figsize=(6.6, 1.3), dpi=90)
    fig.legend(handles=legend_handles(), loc="upper center", ncol=3, fontsize=FONT["legend"] - 2,
               frameon=False, borderaxespad=0.2, columnspacing=1.0, handletextpad=0.4)
    return _png(FigureCanvasAgg(fig))


def charts_png(model: CampaignModel) -> bytes:
    """New reported cases, adult mosquitoes and Breteau index so far as PNG bytes."""
    figures = _figures(model)
    draw_side_panel(figures.chart_axes, model)
    return _png(figures.chart_canvas)


def _draw_all(model: CampaignModel) -> tuple[bytes, bytes, float]:
    start = time.perf_counter()
    images = map_png(model), charts_png(model)
    return (*images, time.perf_counter() - start)


@solara.component
def Panels(model: AppModel) -> None:
    """Day counter, key numbers, the village map and the live charts of ``model``."""
    update_counter.get()  # Mesa's controller bumps this after every step
    lines = status_lines(model)
    map_image, chart_image, draw_s = solara.use_memo(lambda: _draw_all(model), [model, model.day])
    with solara.Column(gap="4px", style={"padding": "8px"}):
        solara.Text(lines[0], style={"font-size": "1.6rem", "font-weight": "500"})
        solara.Text(" | ".join(lines[1:]))
        for note in getattr(model, "notes", []):
            solara.Warning(note, dense=True)
        with solara.Columns([1, 1]):
            with solara.Column(gap="0px"):
                solara.Image(map_image, width="100%")
                solara.Image(legend_png(), width="100%")
            with solara.Column(gap="2px"):
                solara.Image(chart_image, width="100%")
                solara.Text(f"last step on the server: {1000 * getattr(model, 'step_seconds', 0.0):.0f} ms "
                            f"simulating, {1000 * draw_s:.0f} ms drawing. Settings take effect on Reset.")


@solara.component
def Page() -> None:
    """The page: one model per browser session; Mesa's controls in the sidebar.

    The model is held in a reactive variable shared with Mesa's ``SolaraViz``:
    its Reset button replaces the model, its Step and Play buttons advance it,
    and :func:`Panels` draws it. The panels are laid out here rather than in
    SolaraViz's draggable grid, whose tab widgets need Vuetify 2 in Mesa 3.3.
    """
    first = solara.use_memo(AppModel, [])
    model = solara.use_reactive(first)
    SolaraViz(model, components=[], model_params=model_params(),
              name="vcsim: vector-control campaign", play_interval=50)
    Panels(model.value)


def _free_port(host: str, wanted: int) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            s.bind((host, wanted))
            return wanted
        except OSError:
            s.bind((host, 0))
            return int(s.getsockname()[1])


def offline_assets_problem() -> str | None:
    """Why the page's scripts may fail to load without internet access, or None if they will load.

    Solara fetches its browser app from a CDN unless the ``solara-assets``
    package of the same version is installed.
    """
    try:
        solara_version = metadata.version("solara")
        assets_version = metadata.version("solara-assets")
    except metadata.PackageNotFoundError:
        return "solara-assets is not installed: the page needs internet access to load its scripts"
    if assets_version != solara_version:
        return (f"solara-assets {assets_version} does not match solara {solara_version}: "
                "the page needs internet access to load its scripts")
    return None


def main(argv: Sequence[str] | None = None) -> None:
    """Start the Solara server for this page (blocks until interrupted)."""
    parser = argparse.ArgumentParser(prog="python -m analysis.app", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=None,
                        help=f"port (default {DEFAULT_PORT}, or a free one if taken; 0 = any free port)")
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    logging.getLogger("MESA").setLevel(logging.WARNING)
    port = _free_port(args.host, DEFAULT_PORT if args.port is None else args.port)
    if args.port not in (None, 0) and port != args.port:
        print(f"error: port {args.port} on {args.host} is in use", file=sys.stderr)
        raise SystemExit(2)
    from solara.__main__ import cli
    from solara.server import settings

    settings.telemetry.mixpanel_enable = False
    # Served on 127.0.0.1 over http, Solara warns on every visit that it falls back to a lax cookie.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none", category=UserWarning)
    problem = offline_assets_problem()
    if problem:
        print(f"note: {problem}", file=sys.stderr)
    print(f"vcsim trainer page: http://{args.host}:{port}/  (Ctrl+C to stop)", flush=True)
    cli(["run", "analysis.app", "--host", args.host, "--port", str(port), "--no-open",
         "--production", "--no-check-version", "--no-access-log"], standalone_mode=False)


if __name__ == "__main__":
    main()
