"""Interactive trainer page: the village map, live charts and events in the browser (Mesa + Solara).

Start it with ``make app`` or::

    python -m analysis.app [--port 8765] [--host 127.0.0.1]

and open the printed address (without ``--port``, a free port if 8765 is taken; a
``--port`` given and taken or out of range, or a ``--host`` that is not an address of
this machine, is a one-line error, exit status 2). The sidebar holds Mesa's Reset /
play / Step buttons and the run's settings, each labelled with its value and unit
(:mod:`analysis.app_settings`): Days per Step, the pause when playing and the ring radii
apply at once (new rings from the next day, :mod:`analysis.app_live`); strategy (every
preset in ``configs/strategy``), village (every preset in ``configs/village``), seed,
days, staff per role and the house-visit team apply on **Reset**, which also frees the
replaced model. A staffing slider or radius never moved and a team shape left at
``preset`` keep the strategy preset's own value. The **District** selector (none, demo,
Shunde at 2% scale) runs a whole district instead of one village
(:mod:`analysis.app_district`): the main area then shows its live tile map, and the ring
radii do not apply live.

The main area (:mod:`analysis.app_panels`) shows the day counter, key numbers, what is
happening (:mod:`analysis.app_events`), the map and the charts, drawn by
:mod:`analysis.app_render` with the helpers of the video export (:mod:`analysis.animate`).
"""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys
import warnings
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import NoReturn

import solara

from analysis.app_controls import DAYS_PER_STEP, PAUSE_START_MS, initial_values
from analysis.app_district import DistrictAppModel, release_district_app_model
from analysis.app_model import AppModel, release_app_model
from analysis.app_panels import DistrictPanels, Panels
from analysis.app_settings import LiveSettings, ResetSettings, Steps
from sim.errors import ConfigError

with warnings.catch_warnings():
    # Mesa 3.3's SolaraViz trips Solara's rules-of-hooks check on import (harmless here).
    warnings.simplefilter("ignore", UserWarning)
    from mesa.visualization.solara_viz import ModelController

__all__ = ["AppModel", "Page", "Panels", "listen_port", "main", "offline_assets_problem", "parse_port",
           "release_app_model"]

#: The page's title (browser tab and app bar).
TITLE = "vcsim: vector-control campaign"

DEFAULT_PORT = 8765
PORT_RANGE = (0, 65535)


@solara.component
def Page() -> None:
    """The page: one model per browser session; Mesa's controller and the labelled settings
    in the sidebar.

    The model is held in a reactive variable shared with Mesa's ``ModelController``: its
    Reset button builds a new model from the settings (a reactive dict this page owns,
    edited by :mod:`analysis.app_settings`), its Step and Play buttons advance it, and
    :func:`analysis.app_panels.Panels` draws it. A replaced model (and the session's last
    one when the session closes) is released at once (:func:`release_app_model`). The
    sidebar is laid out here rather than by ``SolaraViz``, whose sliders cannot show their
    value in the label, and the panels rather than in its draggable grid, whose tab
    widgets need Vuetify 2 in Mesa 3.3.
    """
    values = solara.use_reactive(solara.use_memo(initial_values, []))
    first = solara.use_memo(lambda: AppModel(**values.value), [])
    model = solara.use_reactive(first)
    play_interval = solara.use_reactive(PAUSE_START_MS)
    render_interval = solara.use_reactive(DAYS_PER_STEP.low)
    use_threads = solara.use_reactive(False)
    shown = model.value
    solara.use_effect(lambda: _releaser(shown), [shown])
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Sidebar(), solara.Column():
        with solara.Card("Run"):
            ModelController(model, model_parameters=values, play_interval=play_interval,
                            render_interval=render_interval, use_threads=use_threads)
            Steps(model)
        LiveSettings(model, values, render_interval, play_interval)
        ResetSettings(model, values)
    if isinstance(shown, DistrictAppModel):
        DistrictPanels(shown)
    else:
        Panels(shown)


def _releaser(model: AppModel | DistrictAppModel) -> Callable[[], None]:
    """The clean-up of the effect that shows ``model``: run when it is replaced or the page closes."""
    if isinstance(model, DistrictAppModel):
        return lambda: release_district_app_model(model)
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
