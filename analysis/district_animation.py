"""The trainers' view of a district run: villages lighting up on the map as the epidemic moves.

Usage::

    python -m analysis.district_animation RUN_DIR --out FILE.gif|FILE.mp4 [--fps 8] [--every 1]

``RUN_DIR`` is a district run folder (``python -m sim.run district=...``; read with
:func:`analysis.district_run.load_district`). Each village is a square tile at its
map position (km), its side proportional to the square root of its residents (area to
residents; drawn by :class:`analysis.district_tiles.TileMap`). A tile lights up with the
number of residents currently infectious per 1,000
(``infectious_humans`` of ``villages.csv``; dark when nobody is) and its thin outline has
the colour of the risk level of its Breteau index that day (the national scale,
:data:`sim.district.outputs.RISK_LEVELS`). A clock gives the calendar date, and below the
map the district's daily reported cases run with a cursor on today.

One frame is drawn every ``--every`` days (and on the last day). ``.gif`` is written with
Pillow, ``.mp4`` (H.264) with the ffmpeg of ``imageio-ffmpeg`` (``pip install -e '.[viz]'``);
the file appears only when complete and is never written inside the run folder. Bad input
prints one ``error:`` line, exits with status 2 and writes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from PIL import Image
from tqdm import tqdm

from analysis.district_figures import RISK_COLORS
from analysis.district_run import DistrictRun, OneLineParser, load_district, village_wide
from analysis.district_tiles import INFECTIOUS_CMAP, MAP_FACE, TileMap, infectious_norm
from analysis.drawing_style import FONT
from analysis.tables import fail
from sim.errors import ConfigError
from sim.outputs import atomic_target
from sim.params.fields import param, validate

__all__ = ["FRAME_PX", "INFECTIOUS_CMAP", "DistrictAnimationOptions", "DistrictFrame", "frame_days",
           "main", "make_district_animation", "parse_args"]

#: Frame size in pixels (multiples of 16 so the H.264 encoder needs no padding).
FRAME_PX = (1280, 800)
DPI = 100
FORMATS = (".gif", ".mp4")


@dataclass
class DistrictAnimationOptions:
    """What to animate and how.

    Attributes:
        run_dir: the district run folder.
        out: the file to write (``.gif`` or ``.mp4``).
        fps: frames per second.
        every: days per frame.
    """

    run_dir: Path
    out: Path
    fps: int = param(8, low=1, high=60)
    every: int = param(1, low=1, high=365)


def parse_args(argv: Sequence[str]) -> DistrictAnimationOptions:
    """Read the command line (``--help`` shows this module's usage).

    Raises:
        SystemExit(2): after one ``error:`` line for a malformed command line.
        ConfigError: for ``--fps`` or ``--every`` out of range, or an unknown ``--out`` format.
    """
    parser = OneLineParser(prog="python -m analysis.district_animation", description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path, help="folder of a district run")
    parser.add_argument("--out", type=Path, required=True, help="file to write: NAME.gif or NAME.mp4")
    parser.add_argument("--fps", type=int, default=8, help="frames per second (default 8)")
    parser.add_argument("--every", type=int, default=1, help="days per frame (default 1)")
    ns = parser.parse_args(list(argv))
    opts = DistrictAnimationOptions(ns.run_dir, ns.out, ns.fps, ns.every)
    validate(opts)
    if opts.out.suffix.lower() not in FORMATS:
        raise ConfigError("out", str(opts.out), "must end in .gif or .mp4")
    return opts


def frame_days(days: Sequence[int] | np.ndarray, every: int) -> list[int]:
    """Days drawn: every ``every``-th day of the run from its first, and always its last."""
    chosen = [int(d) for d in days[::every]]
    return chosen if chosen[-1] == int(days[-1]) else [*chosen, int(days[-1])]


class DistrictFrame:
    """One frame's figure: the tile map, the clock, the legend and the district curve."""

    def __init__(self, run: DistrictRun) -> None:
        self.run = run
        wide = {c: village_wide(run, c) for c in ("infectious_humans", "risk_level")}
        self.per_1000 = wide["infectious_humans"] / run.places["residents"].to_numpy() * 1000.0
        self.risk = wide["risk_level"]
        self.norm = infectious_norm(float(self.per_1000.to_numpy().max()))
        self.cmap = INFECTIOUS_CMAP
        w, h = FRAME_PX
        self.figure = Figure(figsize=(w / DPI, h / DPI), dpi=DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        seeded = run.places.loc[run.places["seeded"] == 1, "village"].tolist()
        self._seeded = ", ".join(seeded[:3]) + (f" and {len(seeded) - 3} more" if len(seeded) > 3 else "")
        self._draw_map()
        self._draw_side()
        self._draw_curve()

    def _draw_map(self) -> None:
        p = self.run.places
        ax = self.figure.add_axes((0.05, 0.29, 0.5, 0.68), anchor="W")
        self.tiles = TileMap(ax, p["x_km"].to_numpy(), p["y_km"].to_numpy(), p["residents"].to_numpy(),
                             p["town"].astype(str).tolist())

    def _draw_side(self) -> None:
        fig = self.figure
        self.clock = fig.text(0.58, 0.92, "", fontsize=FONT["big"] + 4, weight="bold", va="center")
        self.day_text = fig.text(0.58, 0.855, "", fontsize=FONT["header"], va="center", color="#404040")
        self.status = fig.text(0.58, 0.8, "", fontsize=FONT["header"], va="top", linespacing=1.5)
        cax = fig.add_axes((0.59, 0.29, 0.022, 0.27))
        ticks = [t for t in (0, 5, 10, 20, 40, 80, 160, 320, 640) if t <= self.norm.vmax]
        fig.colorbar(ScalarMappable(self.norm, self.cmap), cax=cax, ticks=ticks)
        cax.set_title("infectious now\nper 1,000 residents", fontsize=FONT["legend"], loc="left", pad=8)
        cax.tick_params(labelsize=FONT["tick"])
        bands = ("BI <5", "BI 5-10", "BI 10-20", "BI ≥20")
        handles: list[object] = [Patch(facecolor=MAP_FACE, edgecolor=RISK_COLORS[name], lw=2.5,
                                       label=f"outline: {name} {band}")
                                 for name, band in zip(RISK_COLORS, bands, strict=True)]
        handles.append(Line2D([], [], ls="", marker="s", ms=14, mfc="black", mec="#999999",
                              label="tile area: residents"))
        fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.7, 0.6), fontsize=FONT["legend"],
                   frameon=False, title="Risk level (Breteau index)", title_fontsize=FONT["legend"])

    def _draw_curve(self) -> None:
        ts = self.run.timeseries
        ax = self.figure.add_axes((0.06, 0.05, 0.91, 0.14))
        self._dates = np.array(self.run.dates(ts["day"]), dtype="datetime64[D]")
        self._reported = ts["new_reported_cases"].to_numpy(float)
        ax.fill_between(self._dates, self._reported, color="#d9d9d9", lw=0)
        (self.curve,) = ax.plot([], [], color="#b2182b", lw=1.8)
        self.cursor = ax.axvline(self._dates[0], color="black", lw=1.2)
        ax.set_xlim(self._dates[0], self._dates[-1])
        ax.set_ylim(0, max(1.0, self._reported.max()) * 1.1)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(AutoDateLocator()))
        ax.tick_params(labelsize=FONT["tick"])
        ax.set_title("District: reported cases per day", fontsize=FONT["label"], loc="left")
        ax.grid(alpha=0.3)

    def render(self, day: int) -> np.ndarray:
        """Draw ``day`` and return the frame as RGB pixels."""
        run, k = self.run, int(np.searchsorted(self.run.days, day))
        self.tiles.paint(self.per_1000.loc[day].to_numpy(), self.risk.loc[day].tolist(), self.norm)
        date = run.date(day)
        self.clock.set_text(f"{date.day} {date:%B %Y}")
        self.day_text.set_text(f"day {day} of {int(run.days[-1])} · {run.name}")
        ts = run.timeseries.iloc[k]
        self.status.set_text(f"infectious now: {int(ts['infectious_humans']):,}\n"
                             f"reported so far: {int(ts['cumulative_reported_cases']):,}\n"
                             f"villages with cases: {int(ts['villages_affected'])} of {len(run.places)}\n"
                             f"seeded: {self._seeded}")
        self.curve.set_data(self._dates[:k + 1], self._reported[:k + 1])
        self.cursor.set_xdata([self._dates[k]] * 2)
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()


def _gif_frame(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(pixels).quantize(colors=256, method=Image.Quantize.MEDIANCUT)


def _mp4_writer(path: Path, fps: int) -> tuple[Callable[[np.ndarray], None], Callable[[], None]]:
    import imageio_ffmpeg

    writer = imageio_ffmpeg.write_frames(str(path), FRAME_PX, fps=fps, codec="libx264", pix_fmt_in="rgb24",
                                         output_params=["-f", "mp4"], macro_block_size=16, quality=7,
                                         ffmpeg_log_level="error")
    writer.send(None)
    return writer.send, writer.close


def _check_format(out: Path) -> None:
    if out.suffix.lower() != ".mp4":
        return
    try:
        import imageio_ffmpeg

        imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        raise ConfigError("out", str(out), "cannot write MP4 without ffmpeg (pip install -e '.[viz]'); "
                          "write a .gif instead") from None


def make_district_animation(opts: DistrictAnimationOptions, progress: bool = False) -> int:
    """Write the animation of ``opts.run_dir`` to ``opts.out``; return the number of frames.

    Raises:
        FileNotFoundError: for a missing or non-district run folder.
        ConfigError: for an output inside the run folder or a format that cannot be written.
    """
    run = load_district(opts.run_dir)
    if run.contains(opts.out):
        raise ConfigError("out", str(opts.out), "must not be inside the run folder")
    _check_format(opts.out)
    days = frame_days(run.days, opts.every)
    frame = DistrictFrame(run)
    folder = opts.out.parent
    existed = folder.exists()
    try:
        with contextlib.ExitStack() as stack:  # the file appears under its name only when complete
            tmp = stack.enter_context(atomic_target(opts.out))
            bar = stack.enter_context(tqdm(total=len(days), desc="frames", unit="frame", file=sys.stderr,
                                           disable=not progress, dynamic_ncols=True))
            gif: list[Image.Image] = []
            send, close = _mp4_writer(tmp, opts.fps) if opts.out.suffix.lower() == ".mp4" else (None, None)
            try:
                for day in days:
                    pixels = frame.render(day)
                    if send is not None:
                        send(pixels)
                    else:
                        gif.append(_gif_frame(pixels))
                    bar.update()
            finally:
                if close is not None:
                    close()
            if gif:
                gif[0].save(tmp, format="GIF", save_all=True, append_images=gif[1:],
                            duration=round(1000 / opts.fps), loop=0, disposal=1)
    except BaseException:
        if not existed and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return len(days)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    try:
        opts = parse_args(sys.argv[1:] if argv is None else argv)
        frames = make_district_animation(opts, progress=True)
    except (ConfigError, FileNotFoundError) as err:
        fail(str(err))
    print(f"wrote {opts.out} ({frames} frames)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
