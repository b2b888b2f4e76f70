"""The planner's report: summary tables, verdict, figures and inputs as HTML and Markdown.

``write_report`` writes into one folder: ``report.html`` (self-contained: figures are
embedded as base64 PNG, styles inline, no external assets), ``report.md`` with the same
content and the figures as PNG (and SVG) files next to it, ``summary.csv`` (one row per
scenario) and ``runs.csv`` (one row per run). User text (title, names, notes, the scenario
file) is escaped: HTML-escaped in the page, Markdown-escaped (:func:`md_text`) in the text.
"""

from __future__ import annotations

import base64
import html
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from analysis import fmt
from analysis.figure_series import breeding_sites, breteau, epidemic_curves
from analysis.figure_style import group_colors, save_figure
from analysis.fmt import md_code, md_text
from analysis.scenario_plan import Plan
from analysis.tables import atomic_write_csv
from analysis.verdict import ROLES, pareto_front, staff_text, verdict
from sim.outputs import atomic_write_text

__all__ = ["FIGURES", "Provenance", "degenerate_warning", "display_tables", "frontier", "write_report"]

#: Figure file stems with their captions, in report order.
FIGURES = {
    "epidemic_curves": "Daily reported cases: the line is the median over runs, the band holds 90% of runs.",
    "breeding_sites": "Active (wet) breeding sites over time: how fast each option clears the village.",
    "breteau": "Breteau index (positive containers per 100 houses) on the national risk bands; "
               "below 5 is the control standard.",
    "frontier": "Staff time against infections. Bars hold 90% of runs; they mostly show how runs differ "
                "from seed to seed, so options compare more sharply in the 'infections averted' column. "
                "Circled points joined by the dashed line are the best trade-offs (Pareto front): no other "
                "option has both fewer person-days and fewer infections.",
}
CSS = """
body {font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
  max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.45}
h1 {font-size: 1.6em} h2 {border-bottom: 1px solid #ccc; margin-top: 1.6em}
table {border-collapse: collapse; font-size: .88em; margin: .6em 0}
th, td {border: 1px solid #ccc; padding: .3em .5em; text-align: right; vertical-align: top}
td {white-space: nowrap} #scenarios td {white-space: normal; text-align: left}
th {background: #f0f3f7} td:first-child, th:first-child {text-align: left; font-weight: 600}
.wrap {overflow-x: auto} .verdict li {margin: .35em 0} .meta {color: #555} dt {font-weight: 600}
img {width: 900px; max-width: 100%; height: auto; border: 1px solid #eee} figure {margin: 1em 0}
figcaption {font-size: .9em; color: #555}
pre {background: #f7f7f7; padding: .8em; overflow-x: auto; font-size: .85em}
.warning {background: #fff3cd; border: 1px solid #d9a400; padding: .6em .8em}
"""
def degenerate_warning(runs: pd.DataFrame) -> str:
    """The runs' degenerate-run warnings (``summary.json``'s ``warnings``, rules in
    :mod:`sim.degenerate`), each once with the scenarios and the share of runs it concerns."""
    found: dict[str, list[str]] = {}
    if "warnings" not in runs:
        return ""
    for listed, scenario in zip(runs["warnings"], runs["scenario"], strict=True):
        for text in json.loads(listed) if isinstance(listed, str) else []:
            found.setdefault(text, []).append(str(scenario))
    parts = [f"{text} in {len(where)} of {len(runs)} runs ({', '.join(dict.fromkeys(where))})"
             for text, where in found.items()]
    return "; ".join(parts) + ": these results say little about the campaigns" if parts else ""


@dataclass(frozen=True)
class Provenance:
    """What makes the report reproducible."""

    version: str
    git: str
    date: str
    command: str
    scenario_file: str = ""


def _range(row: pd.Series, m: str, pct: bool = False, null: str = "") -> str:
    """``median [p5, p95]``; with ``null``, says in how many runs the value never occurred."""
    n_null, n = int(row.get(f"{m}_n_null", 0) or 0), int(row["n_runs"])
    if f"{m}_median" not in row or pd.isna(row[f"{m}_median"]):
        return f"{null} (all runs)" if null and n_null else "–"
    show = fmt.percent if pct else fmt.rounded
    med, p5, p95 = (show(row[f"{m}_{q}"]) for q in ("median", "p5", "p95"))
    cell = f"{med} [{p5}, {p95}]"
    return cell + f"; {null} in {n_null} of {n} runs" if null and n_null else cell


def display_tables(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two report tables as text cells: (cases and cost, epidemic and field work)."""
    main, detail = [], []
    for name, r in table.iterrows():
        staff = staff_text(r) if name != "baseline" else "none"
        roles = ", ".join(f"{fmt.rounded(r.get(f'{pd_col}_median'))} {one}" for _, pd_col, _, one, _ in ROLES
                          if pd.notna(r.get(f"{pd_col}_median")) and r.get(f"{pd_col}_median") > 0)
        averted = "" if pd.isna(r["cases_averted_mean"]) else (
            f"{fmt.rounded(r['cases_averted_mean'])} [{fmt.rounded(r['cases_averted_ci_low'])}, "
            f"{fmt.rounded(r['cases_averted_ci_high'])}]")
        main.append({
            "Scenario": name,
            "Staff": staff,
            "Infections, median [90% of runs]": _range(r, "total_infections"),
            "Reported cases, median [90% of runs]": _range(r, "total_reported_cases"),
            "Infections averted vs no campaign, mean [95% interval]": averted,
            "Reported cases averted, mean": fmt.rounded(r.get("reported_cases_averted_mean")),
            "Person-days, median (by role)":
                f"{fmt.rounded(r['person_days_total_median'])}" + (f" ({roles})" if roles else ""),
            "Infections averted per 1,000 person-days": fmt.rounded(r["cases_averted_per_1000_person_days"]),
        })
        detail.append({
            "Scenario": name,
            "Peak reported cases per day": _range(r, "peak_daily_reported_cases"),
            "Outbreak over on day": _range(r, "outbreak_end_day", null="not over"),
            "Breeding sites cleared (% of found)": _range(r, "clearance_rate", pct=True),
            "Idle-house sites cleared (% of found)": _range(r, "idle_house_clearance_rate", pct=True),
            "Days to Breteau index below 5": _range(r, "days_to_breteau_below_5", null="never"),
        })
    return pd.DataFrame(main), pd.DataFrame(detail)


def _label_offsets(xy: np.ndarray, close: float = 0.07) -> list[int]:
    """Vertical label offsets (points) that stack the labels of points lying close together."""
    span = np.ptp(xy, axis=0)
    norm = xy / np.where(span > 0, span, 1.0)
    offsets: list[int] = []
    for i in range(len(xy)):
        near = [offsets[j] for j in range(i) if np.hypot(*(norm[i] - norm[j])) < close]
        offsets.append(max(near) + 11 if near else 6)
    return offsets


def frontier(table: pd.DataFrame) -> Figure:
    """Person-days against median infections, one point per scenario, Pareto front marked."""
    fig = Figure(figsize=(8.0, 5.5), layout="constrained")
    ax = fig.subplots()
    colors = group_colors(list(table.index))
    front = pareto_front(table)
    cols = ["person_days_total_median", "total_infections_median"]
    rows = table.dropna(subset=cols)
    offsets = _label_offsets(rows[cols].to_numpy(dtype=float)) if len(rows) else []
    for (name, r), dy in zip(rows.iterrows(), offsets, strict=True):
        x, y = r["person_days_total_median"], r["total_infections_median"]
        xerr = [[x - r["person_days_total_p5"]], [r["person_days_total_p95"] - x]]
        yerr = [[y - r["total_infections_p5"]], [r["total_infections_p95"] - y]]
        ax.errorbar(x, y, xerr=xerr, yerr=yerr, fmt="o", ms=7, color=colors[name], capsize=3, zorder=3)
        on = name in front
        if on:
            ax.plot(x, y, "o", ms=15, mfc="none", mec="black", mew=1.5, zorder=4)
        ax.annotate(name, (x, y), xytext=(9, dy), textcoords="offset points", fontsize=8, zorder=5,
                    weight="bold" if on else "normal",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
    pts = table.loc[front, cols].to_numpy(dtype=float)
    if len(pts):
        ax.plot(pts[:, 0], pts[:, 1], "--", color="black", lw=1, zorder=2)
    handles = [Line2D([], [], ls="--", marker="o", ms=10, mfc="none", mec="black", color="black",
                      label="Pareto front (best trade-offs: circled)")]
    fig.legend(handles=handles, loc="outside lower center", fontsize=8)
    ax.margins(x=0.08, y=0.12)
    ax.set(title="Cost and infections of each scenario", xlabel="Staff time (person-days, median)",
           ylabel="Infections (median; bars: 90% of runs)")
    ax.grid(alpha=0.3)
    return fig


def _html_table(df: pd.DataFrame, table_id: str) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in df.columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                   for row in df.itertuples(index=False))
    return (f'<div class="wrap"><table id="{table_id}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _md_table(df: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(map(md_text, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(map(md_text, row)) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def _scenario_rows(plan: Plan) -> pd.DataFrame:
    return pd.DataFrame([{"Scenario": s.name, "Strategy preset": s.strategy, "Note": s.note,
                          "Overrides": " ".join(o for o in s.overrides)} for s in plan.scenarios])


HOW_TO_READ = [
    "Each scenario was simulated once per seed; the same seed gives every scenario the same village, "
    "mosquitoes and imported infections, so differences come from the campaign.",
    "Median [a, b]: half of the runs were below the median; 90% of the runs were between a and b.",
    "Infections averted: the baseline's infections minus the scenario's, seed by seed, averaged; "
    "the 95% interval shows how sure that average is (an interval including 0 means no clear effect).",
    "Person-days: one person working in the field for one day (training days are not counted). "
    "Averted per 1,000 person-days = mean infections averted / mean person-days x 1,000.",
]


ACTIONS_NOTE = ("Infections each action averts: the scenario was run again with the action switched off, "
                "with the same seeds; the figure is the mean increase (range over seeds). The actions "
                "need not add up to the scenario's total: they overlap, or reinforce each other.")


def _action_rows(actions: pd.DataFrame | None) -> pd.DataFrame | None:
    """The action table as shown: one row per scenario and action, largest first."""
    if actions is None or actions.empty:
        return None
    shown = actions.sort_values(["scenario", "averted_mean"], ascending=[True, False])
    return pd.DataFrame({
        "scenario": shown.scenario, "action": shown.action,
        "infections averted": [f"{m:,.0f} ({lo:,.0f} to {hi:,.0f})" for m, lo, hi in
                               zip(shown.averted_mean, shown.averted_low, shown.averted_high, strict=True)],
    })


def write_report(plan: Plan, runs: pd.DataFrame, timeseries: pd.DataFrame, table: pd.DataFrame,
                 out_dir: Path, provenance: Provenance, actions: pd.DataFrame | None = None) -> Path:
    """Write ``report.html``, ``report.md``, the figures and the CSV tables; return the HTML path.

    Args:
        plan: the validated scenario file.
        runs: one row per run (``run_id``, ``scenario``, summary columns).
        timeseries: daily rows of every run (``run_id``, ``day``, daily columns).
        table: :func:`analysis.verdict.scenario_table` of ``runs`` in plan order.
        out_dir: output folder.
        provenance: version, date and command.
        actions: :func:`analysis.plan_actions.action_table` when the plan asks for it.
    """
    out_dir = Path(out_dir)
    found = verdict(table)
    figs = {"epidemic_curves": epidemic_curves(timeseries, runs, "scenario"),
            "breeding_sites": breeding_sites(timeseries, runs, "scenario"),
            "breteau": breteau(timeseries, runs, "scenario"), "frontier": frontier(table)}
    images = {}
    for name, fig in figs.items():
        png = save_figure(fig, out_dir, name)[0]
        images[name] = base64.b64encode(png.read_bytes()).decode("ascii")
    main, detail = display_tables(table)
    atomic_write_csv(table.reset_index(), out_dir / "summary.csv")
    atomic_write_csv(runs, out_dir / "runs.csv")
    by_action = _action_rows(actions)
    if by_action is not None:
        atomic_write_csv(actions, out_dir / "actions.csv")
    d = plan.scenarios[0].params.district
    where = f"District: {d.name} (scale {d.scale:g}, {d.villages} villages)" if d.enabled \
        else f"Village: {plan.village}"
    meta = (f"{where} · disease: {plan.disease} · {plan.days} days · "
            f"{len(plan.seeds)} runs per scenario (seeds {plan.seeds[0]}–{plan.seeds[-1]})")
    reused = int(runs["reused"].sum()) if "reused" in runs else 0
    if reused:
        meta += f" · {reused} of {len(runs)} runs reused from earlier runs with the same configuration"
    prov = [("Version", f"vcsim {provenance.version} (git {provenance.git})"), ("Date", provenance.date),
            ("Command", provenance.command)]
    e, shown = html.escape, provenance.scenario_file or plan.path
    warning = degenerate_warning(runs)
    parts = [f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(plan.title)}</title>'
             f"<style>{CSS}</style></head><body>", f"<h1>Planning report: {e(plan.title)}</h1>",
             f'<p class="meta">{e(meta)}</p>',
             *((f'<p class="warning"><strong>Warning:</strong> {e(warning)}</p>',) if warning else ()),
             '<h2>Verdict</h2><ul class="verdict">',
             *(f"<li>{e(s)}</li>" for s in found.sentences), "</ul>",
             "<h2>Cases and cost</h2>", _html_table(main, "summary"),
             *(() if by_action is None else ("<h2>Which action did what</h2>", f"<p>{e(ACTIONS_NOTE)}</p>",
                                             _html_table(by_action, "actions"))),
             "<h2>Epidemic and field work</h2>",
             _html_table(detail, "detail"), "<h3>How to read the tables</h3><ul>",
             *(f"<li>{e(t)}</li>" for t in HOW_TO_READ), "</ul><h2>Figures</h2>",
             *(f'<figure><img alt="{name}" src="data:image/png;base64,{images[name]}">'
               f"<figcaption>{e(cap)}</figcaption></figure>" for name, cap in FIGURES.items()),
             "<h2>Scenarios as run</h2>", _html_table(_scenario_rows(plan), "scenarios"),
             f"<h2>Inputs</h2><p>Scenario file <code>{e(shown)}</code>:</p><pre>{e(plan.text)}</pre>",
             "<h2>Reproduce</h2><dl>", *(f"<dt>{k}</dt><dd><code>{e(v)}</code></dd>" for k, v in prov),
             "</dl></body></html>"]
    md = [f"# Planning report: {md_text(plan.title)}", "", md_text(meta), "",
          *((f"> **Warning:** {md_text(warning)}", "") if warning else ()), "## Verdict", "",
          *(f"- {md_text(s)}" for s in found.sentences), "", "## Cases and cost", "", _md_table(main), "",
          *(() if by_action is None else ("## Which action did what", "", ACTIONS_NOTE, "",
                                          _md_table(by_action), "")),
          "## Epidemic and field work", "", _md_table(detail), "", "### How to read the tables", "",
          *(f"- {t}" for t in HOW_TO_READ), "", "## Figures", "",
          *(f"![{name}]({name}.png)\n\n{cap}\n" for name, cap in FIGURES.items()),
          "## Scenarios as run", "", _md_table(_scenario_rows(plan)), "", "## Inputs", "",
          f"Scenario file {md_code(shown)}:", "", md_code(plan.text, True) + "yaml", plan.text.rstrip(),
          md_code(plan.text, True), "", "## Reproduce", "", *(f"- {k}: {md_code(v)}" for k, v in prov), ""]
    atomic_write_text(out_dir / "report.md", "\n".join(md))
    return atomic_write_text(out_dir / "report.html", "".join(parts))

