"""Animated runs for trainers: an MP4 video and a GIF of the village as the campaign unfolds.

Usage::

    python -m analysis.animate strategy=ring_zoning village=small seed=1
    python -m analysis.animate compare=baseline,ring_zoning village=small seed=1 days=90
    python -m analysis.animate village=small days=60 --every 2 --fps 8 --out my_folder

Every argument of the form ``key=value`` is a run override (as for
``python -m sim.run``) except the animation options ``out``, ``fps``,
``every``, ``steps_per_day``, ``frame``, ``compare`` and ``gif_width``, which may
also be given as ``--out DIR``, ``--fps N``, ``--every N`` (days per drawn day),
``--steps-per-day N`` (frames per drawn day), ``--frame DAY[:STEP]``, ``--days N``
(the run's ``days``) and ``--gif-width PX``. ``compare=a,b`` runs two strategies
with the same seed and draws them side by side.

The model steps once per day; each drawn day gets ``steps_per_day`` frames in
which the visit teams walk their day's routes house by house
(:mod:`analysis.animation_day`). Each frame is the map of
:func:`analysis.drawing.draw_map` and the side panel of
:func:`analysis.side_panel.draw_side_panel`. The folder (default
``outputs/animations/<strategy>_s<seed>/``, or ``<a>_vs_<b>_s<seed>``) receives
``<name>.mp4``, ``<name>.gif`` and ``<name>_last.png``, all written to
temporary files and renamed at the end; with ``frame=DAY[:STEP]`` only
``<name>_day<DAY>_<STEP>.png`` (:mod:`analysis.animation_still`). Bad input
prints one ``error:`` line, exits with status 2 and writes nothing.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image
from tqdm import tqdm

from analysis import animate_options
from analysis.animate_options import AnimationOptions
from analysis.animation_day import DayStart, SubFrame, clock_text, sub_frame_progress
from analysis.drawing import density_scale, draw_map
from analysis.drawing_style import FONT, legend_handles
from analysis.side_panel import draw_side_panel
from analysis.tables import fail
from sim.cli.compose import compose_params
from sim.errors import ConfigError
from sim.model import CampaignModel
from sim.outputs import atomic_target
from sim.params.run_params import RunParams

__all__ = ["FRAME_PX", "AnimationOptions", "FrameLayout", "Stats", "day_frames", "frame_days", "main",
           "make_animation", "parse_args", "step_day"]

#: Frame size in pixels (multiples of 16 so the H.264 encoder needs no padding).
FRAME_PX = {1: (1600, 896), 2: (1920, 896)}
DPI = 100


@dataclass
class Stats:
    """Measured figures of one export."""

    frames: int
    days: int
    render_seconds: float
    model_seconds: float
    files: list[Path]
    render_cpu_seconds: float = 0.0

    @property
    def seconds_per_frame(self) -> float:
        """Drawing and encoding time per frame (s)."""
        return self.render_seconds / max(self.frames, 1)

    @property
    def cpu_seconds_per_frame(self) -> float:
        """CPU time of this process per frame (s): the cost on an idle machine, encoder aside."""
        return self.render_cpu_seconds / max(self.frames, 1)

    @property
    def seconds_per_day(self) -> float:
        """Simulation time per model-day, all models together (s)."""
        return self.model_seconds / max(self.days, 1)


def parse_args(argv: Sequence[str]) -> AnimationOptions:
    """Split the command line into animation options and run overrides (``--help`` shows this
    module's usage)."""
    return animate_options.parse_args(argv, __doc__)


def frame_days(days: int, every: int) -> list[int]:
    """Days that are drawn: every ``every`` days, and always the last day."""
    return [d for d in range(1, days + 1) if d % every == 0 or d == days]


@dataclass
class FrameLayout:
    """One frame's figure: a map per model and a shared side panel."""

    figure: Figure
    canvas: FigureCanvasAgg
    maps: list[Axes]
    side: list[Axes]

    @classmethod
    def create(cls, n_models: int) -> FrameLayout:
        """Lay out a frame for one model, or two side by side."""
        w_px, h_px = FRAME_PX[n_models]
        fig = Figure(figsize=(w_px / DPI, h_px / DPI), dpi=DPI)
        canvas = FigureCanvasAgg(fig)
        if n_models == 1:
            maps = [fig.add_axes((0.01, 0.03, 0.45, 0.87))]
            left, width = 0.69, 0.295
        else:
            maps = [fig.add_axes((0.005 + 0.335 * k, 0.2, 0.33, 0.71)) for k in range(2)]
            left, width = 0.705, 0.285
            fig.legend(handles=legend_handles(), loc="lower center", bbox_to_anchor=(0.335, 0.0),
                       ncol=4, fontsize=FONT["legend"], frameon=False)
        header = 0.24 if n_models == 1 else 0.3
        chart = (0.9 - header - 3 * 0.06) / 3
        side = [fig.add_axes((left, 0.98 - header, width, header))]
        side += [fig.add_axes((left, 0.07 + k * (chart + 0.06), width, chart)) for k in (2, 1, 0)]
        return cls(fig, canvas, maps, side)

    def render(self, models: Sequence[CampaignModel], density_max: float | None,
               subs: Sequence[SubFrame] | None = None) -> np.ndarray:
        """Draw today's state of ``models`` (at the moments ``subs``, one per model; by default
        the end of the day) and return the frame as RGB pixels."""
        n = len(models)
        subs = list(subs) if subs is not None else [SubFrame()] * n
        for ax, model, sub in zip(self.maps, models, subs, strict=True):
            draw_map(ax, model, legend="right" if n == 1 else None, density_max=density_max, sub=sub)
        draw_side_panel(self.side, models if n > 1 else models[0], clock=clock_text(models[0], subs[0]))
        self.canvas.draw()
        return np.asarray(self.canvas.buffer_rgba())[..., :3].copy()


def _default_folder(params: Sequence[RunParams]) -> Path:
    names = "_vs_".join(p.strategy.name for p in params)
    return Path("outputs") / "animations" / f"{names}_s{params[0].seed}"


def _compose(opts: AnimationOptions) -> list[RunParams]:
    if not opts.compare:
        return [compose_params(opts.overrides)]
    return [compose_params([*opts.overrides, f"strategy={s}"]) for s in opts.compare]


def _gif_frame(frame: np.ndarray, width: int) -> Image.Image:
    img = Image.fromarray(frame)
    height = round(img.height * width / img.width)
    return img.resize((width, height), Image.Resampling.LANCZOS).quantize(
        colors=256, method=Image.Quantize.MEDIANCUT)


def make_animation(opts: AnimationOptions, progress: bool = False) -> Stats:
    """Run the model(s) and write the MP4, the GIF and the last frame as PNG (with
    ``opts.frame``: that one frame only, :func:`analysis.animation_still.write_still`).

    Raises:
        ConfigError: for overrides that do not make a valid run (nothing is written).
    """
    params = _compose(opts)
    if opts.frame is not None and opts.frame[0] > params[0].days:
        raise ConfigError("frame", f"{opts.frame[0]}:{opts.frame[1]}",
                          f"the day must be at most the run's days ({params[0].days})")
    folder = opts.out if opts.out is not None else _default_folder(params)
    stem = folder.name or "animation"
    models = [CampaignModel(p) for p in params]
    layout = FrameLayout.create(len(models))
    density_max = None
    if len(models) > 1:  # one colour scale for both maps
        density_max = max(density_scale(m) for m in models)
    if opts.frame is not None:
        from analysis.animation_still import write_still

        day, step = opts.frame
        path = folder / f"{stem}_day{day}_{step}.png"
        return write_still(models, layout, density_max, opts, path)
    wanted = set(frame_days(params[0].days, opts.every))
    paths = [folder / f"{stem}.mp4", folder / f"{stem}.gif", folder / f"{stem}_last.png"]
    existed = folder.exists()
    try:
        return _export(models, layout, wanted, density_max, opts, paths, progress)
    except BaseException:
        if not existed and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise


def day_frames(models: Sequence[CampaignModel], starts: Sequence[DayStart],
               steps_per_day: int) -> list[list[SubFrame]]:
    """The sub-frames of the day just simulated: for each frame, one :class:`SubFrame` per model."""
    timed = steps_per_day > 1
    return [[SubFrame(f, start, m.params.strategy.workforce.hours_per_day, timed)
             for m, start in zip(models, starts, strict=True)]
            for f in sub_frame_progress(steps_per_day)]


def step_day(models: Sequence[CampaignModel]) -> list[DayStart]:
    """Step every model one day; returns what each showed before."""
    starts = [DayStart.capture(m) for m in models]
    for m in models:
        m.step()
    return starts


def _export(models: list[CampaignModel], layout: FrameLayout, wanted: set[int],
            density_max: float | None, opts: AnimationOptions, paths: list[Path],
            progress: bool) -> Stats:
    import imageio_ffmpeg

    days = models[0].params.days
    w_px, h_px = FRAME_PX[len(models)]
    gif_frames: list[Image.Image] = []
    render_s = model_s = cpu_s = 0.0
    last = None
    with contextlib.ExitStack() as stack:  # each file appears under its name only when complete
        mp4_tmp, gif_tmp, png_tmp = (stack.enter_context(atomic_target(p)) for p in paths)
        bar = stack.enter_context(tqdm(total=len(wanted) * opts.steps_per_day, desc="frames",
                                       unit="frame", file=sys.stderr, disable=not progress,
                                       dynamic_ncols=True))
        writer = imageio_ffmpeg.write_frames(
            str(mp4_tmp), (w_px, h_px), fps=opts.fps, codec="libx264", pix_fmt_in="rgb24",
            output_params=["-f", "mp4"], macro_block_size=16, quality=7, ffmpeg_log_level="error")
        writer.send(None)
        try:
            for day in range(1, days + 1):
                t0 = time.perf_counter()
                starts = step_day(models)
                t1 = time.perf_counter()
                model_s += t1 - t0
                if day not in wanted:
                    continue
                c1 = time.process_time()
                for subs in day_frames(models, starts, opts.steps_per_day):
                    last = layout.render(models, density_max, subs)
                    writer.send(last)
                    gif_frames.append(_gif_frame(last, opts.gif_width))
                    bar.update()
                render_s += time.perf_counter() - t1
                cpu_s += time.process_time() - c1
                bar.set_postfix_str(f"day {day}/{days}", refresh=False)
        finally:
            writer.close()
        bar.close()
        gif_frames[0].save(gif_tmp, format="GIF", save_all=True, append_images=gif_frames[1:],
                           duration=round(1000 / opts.fps), loop=0, disposal=1)
        Image.fromarray(last).save(png_tmp, format="PNG", optimize=True)
    return Stats(len(gif_frames), days, render_s, model_s, paths, cpu_s)


def main(argv: Sequence[str] | None = None) -> None:
    """Command-line entry point (see the module docstring)."""
    logging.getLogger("MESA").setLevel(logging.WARNING)
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        opts = parse_args(args)
        stats = make_animation(opts, progress=True)
    except ConfigError as err:
        fail(str(err))
    for path in stats.files:
        print(f"wrote {path}")
    print(f"{stats.frames} frames, {stats.seconds_per_frame:.2f} s per frame for drawing and encoding "
          f"({stats.cpu_seconds_per_frame:.2f} s CPU), {1000 * stats.seconds_per_day:.1f} ms per "
          "simulated day")


if __name__ == "__main__":
    main()
