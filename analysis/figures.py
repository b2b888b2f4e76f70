"""Figures for a collected sweep: epidemic curves, vector indices, outcomes, calibration.

Usage::

    python -m analysis.figures SWEEP_DIR_OR_COLLECTED_DIR [--out DIR] [--by strategy]
        [--heatmap X,Y] [--tornado col1,col2] [--outcome total_infections]
        [--data FOSHAN_DAILY_CSV] [--no-calibration]

Each figure is saved as PNG (150 dpi) and SVG in ``--out`` (default: ``<input>/figures``).
Library functions build and return ``matplotlib.figure.Figure`` objects without pyplot;
only the CLI selects the Agg backend. Groups keep the same colour in every figure
(``group_colors``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from matplotlib.figure import Figure

from analysis.collect import load_collected
from analysis.figure_runs import cases_boxplot, staffing_heatmap, tornado
from analysis.figure_series import breeding_sites, breteau, calibration_view, data_path, epidemic_curves
from analysis.figure_style import By, group_labels, save_figure
from analysis.tables import fail

__all__ = ["main", "make_figures"]

# This module makes every figure of a sweep and is the CLI (its docstring is the --help text).
# The figures: analysis.figure_series (daily series with bands, calibration view),
# analysis.figure_runs (one outcome per run) and analysis.figure_style (groups, colours, saving).


def make_figures(source: str | os.PathLike[str], out: str | os.PathLike[str] | None = None,
                 by: By = "strategy", *, heatmap: Sequence[str] | None = None,
                 tornado_columns: Sequence[str] | None = None, outcome: str = "total_infections",
                 data_csv: str | os.PathLike[str] | None = None, calibration: bool = True,
                 ) -> list[Path]:
    """Build and save every figure for a sweep; return the written paths.

    Args:
        source: Sweep folder, collected folder or ``runs.csv``.
        out: Output folder (default ``<source folder>/figures``).
        by: Group column(s).
        heatmap: Two staffing columns ``(x, y)`` for ``staffing_heatmap``.
        tornado_columns: Parameter columns for ``tornado``.
        outcome: Per-run outcome column for box plot, heatmap and tornado.
        data_csv: Foshan daily CSV for the calibration view (default: shared data).
        calibration: Whether to draw the calibration view.

    Raises:
        FileNotFoundError, KeyError, ValueError: On missing inputs or columns; nothing is
            written then.
    """
    col = load_collected(source)
    runs, ts = col.runs, col.timeseries
    if runs.empty:
        raise ValueError(f"no finished runs in {source}")
    group_labels(runs, by)
    if heatmap is not None and len(heatmap) != 2:
        raise ValueError(f"--heatmap needs exactly two columns X,Y, got {list(heatmap)}")
    data = data_path(data_csv) if calibration else None
    figs: dict[str, Figure] = {}
    if ts is not None and not ts.empty:
        for fn in (epidemic_curves, breeding_sites, breteau):
            figs[fn.__name__] = fn(ts, runs, by)
        if data is not None and "population" in runs.columns:
            pop = float(runs["population"].median())
            figs["calibration_view"] = calibration_view(ts, data, pop, runs_df=runs, by=by)
    figs["cases_boxplot"] = cases_boxplot(runs, by, outcome)
    if heatmap:
        figs["staffing_heatmap"] = staffing_heatmap(runs, heatmap[0], heatmap[1], outcome)
    if tornado_columns:
        figs["tornado"] = tornado(runs, tornado_columns, outcome)
    out_dir = Path(out) if out else col.base_dir / "figures"
    return [p for name, fig in figs.items() for p in save_figure(fig, out_dir, name)]


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    import matplotlib

    matplotlib.use("Agg")
    parser = argparse.ArgumentParser(prog="python -m analysis.figures", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", help="Hydra multirun folder, collected folder, or runs.csv")
    parser.add_argument("--out", help="output folder (default: <source folder>/figures)")
    parser.add_argument("--by", default="strategy", help="group column(s), comma-separated")
    parser.add_argument("--heatmap", help="two staffing columns X,Y for the staffing heatmap")
    parser.add_argument("--tornado", help="comma-separated parameter columns for a tornado chart")
    parser.add_argument("--outcome", default="total_infections", help="per-run outcome column")
    parser.add_argument("--data", help="Foshan daily CSV or its folder (default: ../shared/data)")
    parser.add_argument("--no-calibration", action="store_true", help="skip the calibration view")
    args = parser.parse_args(argv)

    def split(s: str | None) -> list[str] | None:
        return [c.strip() for c in s.split(",") if c.strip()] if s else None

    try:
        paths = make_figures(args.source, args.out, split(args.by) or "strategy",
                             heatmap=split(args.heatmap), tornado_columns=split(args.tornado),
                             outcome=args.outcome, data_csv=args.data,
                             calibration=not args.no_calibration)
    except KeyError as exc:
        fail(str(exc.args[0]))
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
