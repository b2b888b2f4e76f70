"""Compare groups of runs (strategies, staffing levels) against a baseline group.

Usage::

    python -m analysis.compare RUNS_CSV_OR_SWEEP_DIR [--by strategy] [--baseline baseline]
        [--outcome total_infections] [--out DIR] [--decompose [--workers 2]]

For each group: number of runs, median and 90% interval (5th-95th percentile) of the
key outcomes, and cases averted relative to the baseline group, paired by ``seed``
(runs with the same seed share random streams): mean paired difference, 95% interval
(:func:`analysis.paired_stats.mean_ci`: percentile bootstrap from 5 pairs, Student's t
below, none from one pair),
Wilcoxon signed-rank p-value, and cases averted per 1000 staff person-days. Writes
``comparison.csv`` and ``comparison.md`` (default: next to ``runs.csv`` / in the sweep folder).

``--decompose`` also remakes every non-baseline run with each of its actions switched off
in turn (same seed; :mod:`analysis.compare_actions`) and adds "Which action did what" to
``comparison.md`` and ``comparison_actions.csv``: one extra run per action and run.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import fmt
from analysis.collect import load_collected
from analysis.compare_actions import decompose_groups
from analysis.compare_actions import to_markdown as actions_markdown
from analysis.paired_stats import mean_ci, paired_test
from analysis.tables import atomic_write_csv, fail
from sim.outputs import atomic_write_text

__all__ = [
    "METRICS",
    "compare_runs",
    "main",
    "to_markdown",
]

METRICS: tuple[str, ...] = (
    "total_infections",
    "total_reported_cases",
    "peak_daily_reported_cases",
    "outbreak_end_day",
    "clearance_rate",
    "days_to_breteau_below_5",
    "person_days_total",
)
NULL_LABELS = {"days_to_breteau_below_5": "never", "outbreak_end_day": "not ended"}
AVERTED = (
    "cases_averted_mean",
    "cases_averted_ci_low",
    "cases_averted_ci_high",
    "n_pairs",
    "wilcoxon_p",
    "cases_averted_per_1000_person_days",
)


def _matches(key: tuple[object, ...], baseline: str | Sequence[object]) -> bool:
    if isinstance(baseline, str):
        return ",".join(fmt.label(v) for v in key) == baseline
    return len(baseline) == len(key) and all(
        fmt.label(a) == fmt.label(b) for a, b in zip(key, baseline, strict=True)
    )


def _per_seed(df: pd.DataFrame, column: str) -> pd.Series:
    return df.dropna(subset=["seed", column]).groupby("seed")[column].mean()


def compare_runs(
    runs_df: pd.DataFrame,
    by: str | Sequence[str] = ("strategy",),
    baseline: str | Sequence[object] | None = "baseline",
    outcome: str = "total_infections",
) -> pd.DataFrame:
    """Summarise outcomes per group and cases averted against the baseline group.

    Args:
        runs_df: One row per run (``runs.csv`` from ``analysis.collect``).
        by: Column(s) defining the groups.
        baseline: The baseline group: its label (values joined by ``,`` when grouping by
            several columns, e.g. ``"2,10"``) or a tuple of values. ``None``: no baseline.
        outcome: Column counted as "cases" for the averted statistics.

    Returns:
        One row per group (baseline first): the ``by`` columns, ``group``, ``n_runs``,
        ``<metric>_median``/``_p5``/``_p95``/``_n_null`` for each metric present, and the
        averted columns (empty for the baseline itself and when there is no baseline).
        Notes (missing baseline, duplicate seeds) are in ``result.attrs["notes"]``.

    Raises:
        KeyError: If a ``by`` column is missing (message lists available columns).
        ValueError: If ``runs_df`` has no rows.
    """
    by = [by] if isinstance(by, str) else list(by)
    missing = [c for c in by if c not in runs_df.columns]
    if missing:
        raise KeyError(
            f"unknown --by column {missing[0]!r}; available columns: {', '.join(runs_df.columns)}"
        )
    if runs_df.empty:
        raise ValueError("no finished runs to compare")
    notes: list[str] = []
    groups = list(runs_df.groupby(by, dropna=False, sort=True))
    keys = [k if isinstance(k, tuple) else (k,) for k, _ in groups]
    base_idx = next(
        (i for i, k in enumerate(keys) if baseline is not None and _matches(k, baseline)), None
    )
    if base_idx is None:
        notes.append(f"baseline group {baseline!r} not found; cases averted not computed")
    elif "seed" not in runs_df.columns or outcome not in runs_df.columns:
        notes.append(f"need 'seed' and {outcome!r} columns to pair runs; averted not computed")
        base_idx = None
    base = groups[base_idx][1] if base_idx is not None else None
    if base is not None and base["seed"].duplicated().any():
        notes.append("several runs share a seed within a group; their mean is paired")
    rows = []
    order = sorted(range(len(groups)), key=lambda i: i != base_idx)
    for i in order:
        key, df = keys[i], groups[i][1]
        row: dict[str, object] = dict(zip(by, key, strict=True))
        row["group"] = ",".join(fmt.label(v) for v in key)
        row["n_runs"] = len(df)
        for m in (m for m in METRICS if m in df.columns):
            vals = pd.to_numeric(df[m], errors="coerce")
            ok = vals.dropna().to_numpy(dtype=float)
            p5, med, p95 = np.percentile(ok, [5, 50, 95]) if len(ok) else (np.nan,) * 3
            row.update({f"{m}_median": med, f"{m}_p5": p5, f"{m}_p95": p95})
            row[f"{m}_n_null"] = int(vals.isna().sum())
        row.update(dict.fromkeys(AVERTED, np.nan))
        if base is not None and i != base_idx:
            b, s = _per_seed(base, outcome), _per_seed(df, outcome)
            common = b.index.intersection(s.index)
            if len(common):
                diffs = (b[common] - s[common]).to_numpy(dtype=float)
                low, high = mean_ci(diffs)
                row.update(cases_averted_mean=float(diffs.mean()), n_pairs=len(common))
                row.update(cases_averted_ci_low=low, cases_averted_ci_high=high)
                row["wilcoxon_p"] = paired_test(diffs)
                if "person_days_total" in df.columns:
                    pd_mean = _per_seed(df, "person_days_total").reindex(common).mean()
                    if pd.notna(pd_mean) and pd_mean > 0:
                        row["cases_averted_per_1000_person_days"] = diffs.mean() / pd_mean * 1000
        rows.append(row)
    result = pd.DataFrame(rows)
    result["n_pairs"] = result["n_pairs"].astype("Int64")
    result.attrs["notes"] = notes
    result.attrs["outcome"] = outcome
    return result


def _display(result: pd.DataFrame) -> pd.DataFrame:
    """Human-readable table: ``median [p5, p95]`` cells and averted summaries."""
    table: dict[str, list[str]] = {"group": list(result["group"]), "n": []}
    table["n"] = [str(n) for n in result["n_runs"]]
    for m in METRICS:
        if f"{m}_median" not in result.columns:
            continue
        cells = []
        for _, r in result.iterrows():
            med, p5, p95 = (fmt.number(r[f"{m}_{q}"]) for q in ("median", "p5", "p95"))
            cell = f"{med} [{p5}, {p95}]"
            cell = "n/a" if pd.isna(r[f"{m}_median"]) else cell
            if r[f"{m}_n_null"]:
                cell += f" ({r[f'{m}_n_null']} {NULL_LABELS.get(m, 'null')})"
            cells.append(cell)
        table[m] = cells
    averted, p, per_pd = [], [], []
    for _, r in result.iterrows():
        if pd.isna(r["cases_averted_mean"]):
            averted.append("")
        else:
            lo, hi = fmt.number(r["cases_averted_ci_low"]), fmt.number(r["cases_averted_ci_high"])
            averted.append(f"{fmt.number(r['cases_averted_mean'])} [{lo}, {hi}] (n={r['n_pairs']})")
        p.append(fmt.significant(r["wilcoxon_p"]))
        per_pd.append(fmt.number(r["cases_averted_per_1000_person_days"]))
    table.update(cases_averted=averted, wilcoxon_p=p, averted_per_1000_person_days=per_pd)
    return pd.DataFrame(table)


def to_markdown(result: pd.DataFrame) -> str:
    """Render a ``compare_runs`` result as a Markdown table (plus notes)."""
    disp = _display(result)
    lines = [
        "| " + " | ".join(disp.columns) + " |",
        "|" + "|".join("---" for _ in disp.columns) + "|",
        *("| " + " | ".join(str(v) for v in row) + " |" for row in disp.itertuples(index=False)),
    ]
    text = "\n".join(lines) + "\n\nCells: median [5th, 95th percentile] across runs.\n"
    text += f"Cases averted: outcome `{result.attrs.get('outcome', 'total_infections')}`, "
    text += "mean paired difference vs baseline by seed [95% CI].\n"
    return text + "".join(f"\nNote: {n}" for n in result.attrs.get("notes", []))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point (see module docstring)."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis.compare",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("source", help="runs.csv, a collected folder, or a Hydra multirun folder")
    parser.add_argument("--by", default="strategy", help="group column(s), comma-separated")
    parser.add_argument("--baseline", default="baseline", help="baseline group label")
    parser.add_argument("--outcome", default="total_infections", help="column counted as cases")
    parser.add_argument("--out", help="output folder (default: folder of the input)")
    parser.add_argument("--decompose", action="store_true",
                        help="remake each run with each action off: infections averted by action")
    parser.add_argument("--workers", type=int, default=2, help="parallel runs for --decompose (default 2)")
    args = parser.parse_args(argv)
    if args.workers < 1:
        fail(f"--workers={args.workers}: must be at least 1")
    by = [c.strip() for c in args.by.split(",") if c.strip()]
    try:
        collected = load_collected(args.source)
        result = compare_runs(
            collected.runs,
            by=by,
            baseline=args.baseline,
            outcome=args.outcome,
        )
        actions = (decompose_groups(collected.runs, collected.base_dir, by, args.baseline,
                                    args.outcome, args.workers) if args.decompose else None)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    except KeyError as exc:
        fail(str(exc.args[0]))
    out = Path(args.out) if args.out else collected.base_dir
    with pd.option_context("display.width", 200, "display.max_columns", None):
        print(_display(result).to_string(index=False))
    for note in result.attrs["notes"]:
        print(f"note: {note}")
    print(f"wrote {atomic_write_csv(result, out / 'comparison.csv')}")
    markdown = to_markdown(result)
    if actions is not None:
        print(actions.to_string(index=False))
        print(f"wrote {atomic_write_csv(actions, out / 'comparison_actions.csv')}")
        markdown += "\n" + actions_markdown(actions)
    print(f"wrote {atomic_write_text(out / 'comparison.md', markdown)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
