"""The trainer page's memory over many Resets (issue 17): resident set after 0 to 200 Resets.

Usage::

    python -m benchmarks.app_resets                 # 200 Resets on the default village (about 3 min)
    python -m benchmarks.app_resets --resets 40 --every 10

The page (:func:`analysis.app.Page`) is rendered in this process, inside a Solara kernel
context as the server would make for one browser session, and Mesa's own Reset button
is clicked ``--resets`` times: each click builds a new model from the sidebar's settings
(the default village) and draws its map and charts, exactly as in the browser. Printed
after every ``--every`` Resets: the resident set (``VmRSS``, MB); after a full garbage
collection, the live page models, those still holding a simulation (a released model
stays as an empty shell where Solara keeps a reference) and the live Mesa agents; and
the seconds so far.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import logging
import time
import warnings
from collections.abc import Callable, Iterator, Sequence

from benchmarks.measure import rss_now_mb

__all__ = ["live_models", "main", "page_session", "rss_mb"]

#: Printed every ``--every`` Resets.
HEADER = f"{'resets':>6} {'RSS MB':>8} {'models':>6} {'held':>4} {'agents':>7} {'seconds':>8}"


def rss_mb() -> float:
    """This process's resident set now (MB)."""
    return rss_now_mb()


def live_models() -> tuple[int, int, int]:
    """Page models (:class:`analysis.app.AppModel`) alive after a full garbage collection,
    those of them still holding a simulation (not released), and live Mesa agents."""
    from mesa.agent import Agent

    from analysis.app import AppModel

    gc.collect()
    objects = gc.get_objects()
    models = [obj for obj in objects if isinstance(obj, AppModel)]
    held = sum(1 for m in models if not getattr(m, "released", False))
    return len(models), held, sum(1 for obj in objects if isinstance(obj, Agent))


@contextlib.contextmanager
def page_session() -> Iterator[Callable[[], None]]:
    """Render the page for one session in this process; yields a function that clicks Reset.

    Solara's widgets print their app-bar items when no browser is attached: that output is
    swallowed. Leaving the block closes the session (as a closed browser tab does).
    """
    import ipyvuetify as v
    import solara
    from solara.server import kernel_context

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        import analysis.app as app
    logging.getLogger("MESA").setLevel(logging.WARNING)
    context = kernel_context.create_dummy_context()
    with context:
        with contextlib.redirect_stdout(io.StringIO()):
            _, rc = solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)
        button = rc.find(v.Btn, children=["Reset"]).widget

        def reset() -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                button.click()

        try:
            yield reset
        finally:
            with contextlib.redirect_stdout(io.StringIO()):
                rc.close()


def main(argv: Sequence[str] | None = None) -> None:
    """Print the resident set and the live models every ``--every`` Resets."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.app_resets", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resets", type=int, default=200, help="Resets to click (default 200)")
    parser.add_argument("--every", type=int, default=50, help="print every this many Resets (default 50)")
    args = parser.parse_args(argv)
    print("trainer page, default village: resident set over Resets", flush=True)
    print(HEADER, flush=True)
    start = time.perf_counter()
    with page_session() as reset:
        for done in range(args.resets + 1):
            if done:
                reset()
            if done % args.every == 0 or done == args.resets:
                (models, held, agents), seconds = live_models(), time.perf_counter() - start
                print(f"{done:>6} {rss_mb():>8.1f} {models:>6} {held:>4} {agents:>7} {seconds:>8.1f}",
                      flush=True)


if __name__ == "__main__":
    main()
