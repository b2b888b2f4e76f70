"""The side panel drawn by the trainers' tools: the day's key numbers and the series so far.

Next to the village map (:mod:`analysis.drawing`), both the animation export
(:mod:`analysis.animate`) and the interactive page (:mod:`analysis.app`) show the
day and key numbers (:func:`status_lines`), the epidemic curve so far, adult
mosquitoes and the Breteau index against the China CDC risk bands, for one model
or several compared (:func:`draw_side_panel`, one colour per model).

Only matplotlib's object API is used (``Figure``, ``Axes``), never pyplot, so
the helpers are safe in a web server thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.ticker import MaxNLocator

from analysis.drawing import axes_title, clear_axes
from analysis.drawing_style import FONT
from analysis.figure_style import BRETEAU_BANDS as _FIGURE_BANDS
from sim.campaign.staff import StaffMember

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.model import CampaignModel

__all__ = [
    "BRETEAU_BANDS", "SERIES_COLOURS", "breteau_band", "draw_side_panel", "model_label", "status_lines",
]  # fmt: skip

#: Breteau index bands (lower, upper, colour, short label): those of :mod:`analysis.figure_style`.
BRETEAU_BANDS: tuple[tuple[float, float, str, str], ...] = tuple(
    (lo, hi, colour, label.split(": ", 1)[-1]) for lo, hi, colour, label in _FIGURE_BANDS
)

#: Line colours of the series, one per model when several are compared.
SERIES_COLOURS: tuple[str, ...] = ("#1f3b73", "#c2185b", "#2e7d32", "#6a1b9a")


def model_label(model: CampaignModel) -> str:
    """Short name of a run: ``ring_zoning (village small, seed 1)``."""
    p = model.params
    return f"{p.strategy.name} (village {p.village.name}, seed {p.seed})"


def breteau_band(bi: float) -> str:
    """Name of the risk band of a Breteau index value."""
    return next(label for lo, hi, _, label in BRETEAU_BANDS if lo <= bi < hi)


def status_lines(model: CampaignModel) -> list[str]:
    """Key numbers of the day as short lines (the side-panel header and the page's status)."""
    ts = model.recorder.table()
    p = model.params
    lines = [f"Day {model.day} of {p.days}", model_label(model)]
    if ts["day"].size:
        bi = float(ts["breteau_index"][-1])
        lines.append(f"infections so far: {int(ts['cumulative_infections'][-1])}, "
                     f"reported: {int(ts['cumulative_reported_cases'][-1])}")
        lines.append(f"Breteau index {bi:.1f} ({breteau_band(bi)})")
    staff = [a for a in model.agents if isinstance(a, StaffMember)]
    on_duty = sum(1 for a in staff if a.on_duty)
    lines.append(f"teams at work: {len(model.campaign.teams)}, rings open: {len(model.campaign.rings)}")
    cleared = int(ts["sites_cleared_today"].sum()) if "sites_cleared_today" in ts else 0
    lines.append(f"staff on duty: {on_duty} of {len(staff)}, sites cleared: {cleared}")
    return lines


def _series(ax: Axes, title: str, days: int) -> None:
    axes_title(ax, title, FONT["label"])
    ax.set_xlim(0, max(days, 1))
    ax.xaxis.set_major_locator(MaxNLocator(7, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.tick_params(labelsize=FONT["tick"])
    ax.grid(True, alpha=0.3)


def _header(ax: Axes, models: Sequence[CampaignModel], colours: Sequence[str],
            clock: str | None = None) -> None:
    clear_axes(ax)
    ax.set_axis_off()
    ax.text(0.0, 1.0, f"Day {models[0].day}", transform=ax.transAxes, va="top", ha="left",
            fontsize=FONT["big"], fontweight="bold")
    if clock:  # the calendar date (and the time within the day) next to the day number
        ax.text(1.0, 0.985, clock, transform=ax.transAxes, va="top", ha="right",
                fontsize=FONT["title"], fontweight="bold", color="#1f3b73")
    single = len(models) == 1
    y, step = (0.66, 0.13) if single else (0.72, 0.085)
    for model, colour in zip(models, colours, strict=False):
        lines = status_lines(model)[1:]
        if not single:  # the strategy names the run; staff counts stay off to save room
            lines = [model.params.strategy.name, *lines[1:4]]
        for k, line in enumerate(lines):
            ax.text(0.0, y, line, transform=ax.transAxes, va="top", ha="left",
                    fontsize=FONT["header"] if k == 0 else FONT["label"],
                    color=colour, fontweight="bold" if k == 0 else "normal")
            y -= step


def draw_side_panel(axes: Sequence[Axes], model: CampaignModel | Sequence[CampaignModel], *,
                    clock: str | None = None) -> None:
    """Draw the day and the series so far of one model or several (overlaid, one colour each).

    Args:
        axes: four axes (header, epidemic curve, adult mosquitoes, Breteau index)
            or three (the same without the header). What they showed before is replaced.
        model: the model, or the models to compare (same number of days).
        clock: calendar date and time shown in the header next to the day
            (:func:`analysis.animation_day.clock_text`), or None.
    """
    models = [model] if not isinstance(model, Sequence) else list(model)
    colours = SERIES_COLOURS[: len(models)]
    axes = list(axes)
    if len(axes) == 4:
        _header(axes.pop(0), models, colours, clock)
    ax_epi, ax_mosq, ax_bi = axes
    for ax in axes:
        clear_axes(ax)
    days = max(m.params.days for m in models)
    epi_top, mosq_top, bi_top = 1.0, 1.0, 25.0
    for m, colour in zip(models, colours, strict=False):
        ts = m.recorder.table()
        d = ts["day"]
        ax_epi.fill_between(d, ts["new_reported_cases"], step="mid", color=colour, alpha=0.35, lw=0)
        ax_epi.step(d, ts["new_reported_cases"], where="mid", color=colour, lw=1.6)
        ax_epi.plot(d, ts["new_infections"], color=colour, lw=1.3, ls="--")
        ax_mosq.plot(d, ts["adult_mosquitoes"] / 1000.0, color=colour, lw=2.0,
                     label=m.params.strategy.name)
        ax_bi.plot(d, ts["breteau_index"], color=colour, lw=2.0)
        if d.size:  # explicit limits: the axes are reused from frame to frame
            epi_top = max(epi_top, float(ts["new_reported_cases"].max()), float(ts["new_infections"].max()))
            mosq_top = max(mosq_top, float(ts["adult_mosquitoes"].max()) / 1000.0)
            bi_top = max(bi_top, 1.1 * float(ts["breteau_index"].max()))
    for lo, hi, colour, label in BRETEAU_BANDS:
        top = min(hi, bi_top)
        ax_bi.axhspan(lo, top, color=colour, alpha=0.22, lw=0)
        if (top - lo) / bi_top > 0.08:  # name the band where it is tall enough to read
            ax_bi.text(0.99, (lo + top) / 2 / bi_top, f"BI {label}", transform=ax_bi.transAxes,
                       ha="right", va="center", fontsize=FONT["tick"] - 1, color="#404040")
    _series(ax_epi, "Cases a day: reported (filled), all infections (dashed)", days)
    _series(ax_mosq, "Adult female mosquitoes (thousands)", days)
    _series(ax_bi, "Breteau index (positive containers per 100 houses)", days)
    ax_epi.set_ylim(0, 1.08 * epi_top)
    ax_mosq.set_ylim(0, 1.08 * mosq_top)
    ax_bi.set_ylim(0, bi_top)
    ax_bi.set_xlabel("day", fontsize=FONT["label"])
    if len(models) > 1:
        ax_mosq.legend(loc="lower left", fontsize=FONT["tick"], framealpha=0.8)
