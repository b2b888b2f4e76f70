"""Interactive trainer page: the village map and live charts in the browser (Mesa SolaraViz).

Start it with ``make app`` or::

    python -m analysis.app [--port 8765] [--host 127.0.0.1]

and open the printed address (without ``--port``, a free port if 8765 is taken; a
``--port`` given and taken or out of range, or a ``--host`` that is not an address of
this machine, is a one-line error, exit status 2). The sidebar holds Mesa's play / pause /
step / reset buttons and the run's settings: strategy (every preset in
``configs/strategy``), village, seed, days, staff per role, and, where the composed
strategy configuration has them, the house-visit team shape and ring radii. Settings
take effect on **Reset**, which also frees the replaced model. A staffing slider left at
its start value, a radius left at 0 and a team shape left at ``preset`` keep the
strategy preset's own value.

The controls are laid out by :mod:`analysis.app_controls`. The map and the charts are
drawn by :mod:`analysis.app_render` with :mod:`analysis.drawing` and
:mod:`analysis.side_panel`, the same helpers as the video export (:mod:`analysis.animate`).
"""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any, NoReturn

import solara

from analysis.app_controls import build_overrides, model_params
from analysis.app_render import draw_all, legend_png, release_figures
from analysis.side_panel import status_lines
from sim.cli.compose import compose_params
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.simulate import release_model

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization import SolaraViz
    from mesa.visualization.utils import update_counter

__all__ = ["AppModel", "Page", "Panels", "listen_port", "main", "offline_assets_problem", "parse_port",
           "release_app_model"]

DEFAULT_PORT = 8765
PORT_RANGE = (0, 65535)


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
        #: Set by :func:`release_app_model` once the page has replaced this model.
        self.released = False
        #: Held while a day is simulated (a Reset releases the old model only after it).
        self.step_lock = threading.Lock()
        self.running = self.day < params.days
        self.update_layers()

    def step(self) -> None:
        """One day, then refresh the grid layers; stops at the run's last day (or once released)."""
        with self.step_lock:
            if self.released or self.day >= self.params.days:
                self.running = False
                return
            start = time.perf_counter()
            super().step()
            self.update_layers()
            self.step_seconds = time.perf_counter() - start
            self.running = self.day < self.params.days


def release_app_model(model: AppModel) -> None:
    """Free a model the page no longer shows: it is emptied, and only a shell of it stays.

    Mesa 3.3 keeps every model in a class-level registry and every grid's cell class, with
    its property layers, in :data:`copyreg.dispatch_table` (both cleared by
    :func:`sim.simulate.release_model`);
    Solara keeps the elements of a component's first render (here the session's first model)
    for the whole session. Without this each Reset of the default village kept about 17 MB
    for good. The model's figures are dropped and its attributes deleted, so its village,
    agents and arrays go even where a reference to the object stays. A day being simulated
    on it is finished first; a released model does not step again.
    """
    lock = model.step_lock
    with lock:
        release_model(model)
        release_figures(model)
        vars(model).clear()
        model.step_lock, model.released, model.running = lock, True, False


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
    and :func:`Panels` draws it. A replaced model (and the session's last one when
    the session closes) is released at once (:func:`release_app_model`). The panels
    are laid out here rather than in SolaraViz's draggable grid, whose tab widgets
    need Vuetify 2 in Mesa 3.3.
    """
    first = solara.use_memo(AppModel, [])
    model = solara.use_reactive(first)
    shown = model.value
    solara.use_effect(lambda: _releaser(shown), [shown])
    SolaraViz(model, components=[], model_params=model_params(),
              name="vcsim: vector-control campaign", play_interval=50)
    Panels(shown)


def _releaser(model: AppModel) -> Callable[[], None]:
    """The clean-up of the effect that shows ``model``: run when it is replaced or the page closes."""
    return lambda: release_app_model(model)


def parse_port(text: str | None) -> int | None:
    """The ``--port`` value (None when not given).

    Raises:
        ConfigError: not a whole number in :data:`PORT_RANGE`.
    """
    if text is None:
        return None
    low, high = PORT_RANGE
    try:
        port = int(text)
    except ValueError:
        raise ConfigError("--port", text, f"a whole number in [{low}, {high}]") from None
    if not low <= port <= high:
        raise ConfigError("--port", port, f"allowed range [{low}, {high}]")
    return port


def _bind(family: int, address: str, port: int) -> int:
    """Bind a socket as the server will and return its port (the one chosen for port 0)."""
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((address, port))
        return int(s.getsockname()[1])


def listen_port(host: str, wanted: int | None) -> int:
    """The port the page will listen on at ``host``: ``wanted``; when not given,
    :data:`DEFAULT_PORT` or, if that is taken, any free port; 0 for any free port.

    Raises:
        ConfigError: ``host`` is not an address of this machine; ``wanted`` is taken
            by another program or may not be used.
    """
    try:
        family, _, _, _, sockaddr = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM,
                                                       flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise ConfigError("--host", host, f"not an address of this machine ({reason})") from None
    address = str(sockaddr[0])
    port = DEFAULT_PORT if wanted is None else wanted
    try:
        try:
            return _bind(family, address, port)
        except OSError as err:
            if wanted is not None or err.errno != errno.EADDRINUSE:
                raise
            return _bind(family, address, 0)  # the documented fallback for the default port
    except OSError as err:
        if err.errno == errno.EADDRNOTAVAIL:
            raise ConfigError("--host", host, f"not an address of this machine ({err.strerror})") from None
        if err.errno == errno.EADDRINUSE:
            raise ConfigError("--port", port, f"in use on {host} by another program "
                              "(pick another port, or 0 for any free one)") from None
        raise ConfigError("--port", port, f"cannot listen on {host} ({err.strerror})") from None


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``error:`` line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        _fail(ConfigError.about("command line", message))


def _fail(err: ConfigError) -> NoReturn:
    print(f"error: {err}", file=sys.stderr)
    raise SystemExit(2)


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
    parser = _Parser(prog="python -m analysis.app", description=__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1",
                        help="address of this machine to listen on (default 127.0.0.1)")
    parser.add_argument("--port", default=None,
                        help=f"port (default {DEFAULT_PORT}, or a free one if taken; 0 = any free port; "
                             "a port given and taken is an error)")
    args = parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    try:
        port = listen_port(args.host, parse_port(args.port))
    except ConfigError as err:
        _fail(err)
    logging.getLogger("MESA").setLevel(logging.WARNING)
    from solara.__main__ import cli
    from solara.server import settings

    settings.telemetry.mixpanel_enable = False
    # Served on 127.0.0.1 over http, Solara warns on every visit that it falls back to a lax cookie.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none", category=UserWarning)
    problem = offline_assets_problem()
    if problem:
        print(f"note: {problem}", file=sys.stderr)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"vcsim trainer page: http://{shown}:{port}/  (Ctrl+C to stop)", flush=True)
    cli(["run", "analysis.app", "--host", args.host, "--port", str(port), "--no-open",
         "--production", "--no-check-version", "--no-access-log"], standalone_mode=False)


if __name__ == "__main__":
    main()
