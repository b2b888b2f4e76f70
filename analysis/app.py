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

The controls are laid out by :mod:`analysis.app_controls`. The map and the charts
are drawn by :mod:`analysis.app_render` with :mod:`analysis.drawing` and
:mod:`analysis.side_panel`, the same helpers
as the video export (:mod:`analysis.animate`).
"""

from __future__ import annotations

import argparse
import logging
import socket
import sys
import time
import warnings
from collections.abc import Sequence
from importlib import metadata
from typing import Any

import solara

from analysis.app_controls import build_overrides, model_params
from analysis.app_render import draw_all, legend_png
from analysis.side_panel import status_lines
from sim.cli.compose import compose_params
from sim.errors import ConfigError
from sim.model import CampaignModel

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization import SolaraViz
    from mesa.visualization.utils import update_counter

__all__ = ["AppModel", "Page", "Panels", "main", "offline_assets_problem"]

DEFAULT_PORT = 8765


class AppModel(CampaignModel):
    """A :class:`CampaignModel` built from the page's control values (keyword arguments).

    Args:
        strategy, village, seed, days: the run (None: the configuration's default).
        cadres, grid_workers, medics: staff per role (None or the start value:
            the preset's staffing).
        **kwargs: strategy controls named ``strategy__<path>`` (see
            :func:`analysis.app_controls.strategy_controls`); Mesa requires this name.
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


@solara.component
def Panels(model: AppModel) -> None:
    """Day counter, key numbers, the village map and the live charts of ``model``."""
    update_counter.get()  # Mesa's controller bumps this after every step
    lines = status_lines(model)
    map_image, chart_image, draw_s = solara.use_memo(lambda: draw_all(model), [model, model.day])
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
            return int(s.getsockname()[1])  # the one the system chose for port 0
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
