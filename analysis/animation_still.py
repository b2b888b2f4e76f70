"""One frame of an animation as PNG: ``python -m analysis.animate ... frame=DAY[:STEP]``.

For a slide or a handout: the run is simulated up to ``DAY`` and only the
``STEP``-th of that day's ``steps_per_day`` frames is drawn (``STEP`` by default the
last, the end of the day), the same frame the video shows
(:func:`analysis.animate.make_animation`). The PNG is written under a temporary
name and renamed when complete.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from sim.outputs import atomic_target

if TYPE_CHECKING:
    from analysis.animate import FrameLayout, Stats
    from analysis.animate_options import AnimationOptions
    from sim.model import CampaignModel

__all__ = ["write_still"]


def write_still(models: Sequence[CampaignModel], layout: FrameLayout, density_max: float | None,
                opts: AnimationOptions, path: Path) -> Stats:
    """Simulate ``models`` up to ``opts.frame``'s day and write its step's frame to ``path``."""
    from analysis.animate import Stats, day_frames, step_day

    assert opts.frame is not None
    day, step = opts.frame
    t0 = time.perf_counter()
    starts = []
    for _ in range(day):
        starts = step_day(models)
    t1 = time.perf_counter()
    c1 = time.process_time()
    pixels = layout.render(models, density_max, day_frames(models, starts, opts.steps_per_day)[step - 1])
    with atomic_target(path) as tmp:
        Image.fromarray(pixels).save(tmp, format="PNG", optimize=True)
    return Stats(1, day, time.perf_counter() - t1, t1 - t0, [path], time.process_time() - c1)
