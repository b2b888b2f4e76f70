"""The planner's report: opening paragraph, verdict, tables, figures and inputs as HTML and Markdown.

``write_report`` writes into one folder: ``report.html`` (self-contained: figures are
embedded as base64 PNG, styles inline, no external assets), ``report.md`` with the same
content and the figures as PNG (and SVG) files next to it, ``summary.csv`` (one row per
scenario) and ``runs.csv`` (one row per run). The report opens with one paragraph in plain
words (:mod:`analysis.report_opening`), then the verdict (:mod:`analysis.verdict`); both
quote the statistics of the tables (medians with the range of 90% of runs; infections
averted as a mean with its 95% interval). A district plan's report also maps the district
(:mod:`analysis.report_district`). The page layout, escaping and accessibility are
:mod:`analysis.report_page`; user text (title, names, notes, the scenario file) is escaped
there: HTML-escaped in the page, Markdown-escaped (:func:`analysis.fmt.md_text`) in the text.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from analysis import fmt
from analysis.figure_series import breeding_sites, breteau, epidemic_curves
from analysis.figure_style import save_figure
from analysis.report_district import district_map_for_report
from analysis.report_extinction import extinction_note
from analysis.report_frontier import frontier, frontier_alt
from analysis.report_opening import opening
from analysis.report_page import Content, Shown, Table, html_page, markdown_page
from analysis.scenario_plan import Plan
from analysis.tables import atomic_write_csv
from analysis.verdict import ROLES, staff_text, verdict
from sim.outputs import atomic_write_text

__all__ = ["FIGURES", "Provenance", "degenerate_warning", "display_tables", "frontier", "staff_cell",
           "write_report"]

#: Figure file stems with their captions, in report order (a district plan's map comes first).
FIGURES = {
    "epidemic_curves": "Daily reported cases: the line is the median over runs, the band holds 90% of runs.",
    "breeding_sites": "Active (wet) breeding sites over time: how fast each option clears the village.",
    "breteau": "Breteau index (positive containers per 100 houses) on the national risk bands; "
               "below 5 is the control standard.",
    "frontier": "Staff time against infections. Bars hold 90% of runs; they mostly show how runs differ "
                "from seed to seed, so options compare more sharply in the 'infections averted' column. "
                "Circled points joined by the dashed line are the best trade-offs (Pareto front) among the "
                "options with a clear effect: no other such option has both fewer person-days and fewer "
                "infections. No campaign and options whose range of infections averted includes 0 are "
                "never circled.",
}
#: Alt text of the time-series figures (``{n}``: options including no campaign, ``{days}``: days).
ALT = {
    "epidemic_curves": "Line chart of daily reported cases over {days} days, one line per option ({n} "
                       "including no campaign): median over runs with a band holding 90% of runs.",
    "breeding_sites": "Line chart of active breeding sites over {days} days, one line per option ({n} "
                      "including no campaign).",
    "breteau": "Line chart of the Breteau index over {days} days, one line per option ({n} including no "
               "campaign), over coloured national risk bands; below 5 meets the control standard.",
}
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


def staff_cell(row: pd.Series) -> str:
    """The table's staff: every person configured (:func:`analysis.verdict.staff_text`), then the
    roles whose median person-days are 0 when others worked: ``"...; medics and sprayers: no field
    work"`` (a ring-zoning plan's sprayers are on the roster but never called out)."""
    text = staff_text(row)
    staffed = [(many, row.get(f"{pd_col}_median")) for c, pd_col, _, _, many in ROLES
               if c in row and pd.notna(row[c]) and int(row[c]) > 0]
    idle = [many for many, worked in staffed if pd.notna(worked) and worked == 0]
    if not idle or len(idle) == len(staffed):
        return text
    return f"{text}; {fmt.listing(idle)}: no field work"


def display_tables(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The two report tables as text cells: (cases and cost, epidemic and field work)."""
    main, detail = [], []
    for name, r in table.iterrows():
        staff = staff_cell(r) if name != "baseline" else "none"
        roles = ", ".join(f"{fmt.rounded(r.get(f'{pd_col}_median'))} {one}" for _, pd_col, _, one, _ in ROLES
                          if pd.notna(r.get(f"{pd_col}_median")) and r.get(f"{pd_col}_median") > 0)
        low, high = r["cases_averted_ci_low"], r["cases_averted_ci_high"]
        span = "no interval: one run" if pd.isna(low) else f"{fmt.rounded(low)}, {fmt.rounded(high)}"
        mean = r["cases_averted_mean"]
        averted = "" if pd.isna(mean) else f"{fmt.rounded(mean)} [{span}]"
        main.append({
            "Scenario": name,
            "Staff": staff,
            "Infections, median [90% of runs]": _range(r, "total_infections"),
            "Share of residents infected, median [90% of runs]": _range(r, "attack_rate", pct=True),
            "Reported cases, median [90% of runs]": _range(r, "total_reported_cases"),
            "Infections averted vs no campaign, mean [95% interval]": averted,
            "Reported cases averted, mean": fmt.rounded(r.get("reported_cases_averted_mean")),
            "Person-days, median [90% of runs] (by role, medians)":
                _range(r, "person_days_total") + (f" ({roles})" if roles else ""),
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
        "infections averted": [f"{fmt.rounded(m)} ({fmt.rounded(lo)} to {fmt.rounded(hi)})" for m, lo, hi in
                               zip(shown.averted_mean, shown.averted_low, shown.averted_high, strict=True)],
    })




def _figures(plan: Plan, runs: pd.DataFrame, timeseries: pd.DataFrame, table: pd.DataFrame,
             out_dir: Path, best: str | None) -> list[Shown]:
    """Draw and save the figures (PNG and SVG in ``out_dir``); a district plan's map first."""
    drawn: list[tuple[str, Figure, str, str]] = []
    district = district_map_for_report(plan, out_dir, best)
    if district is not None:
        drawn.append(("district_map", district.figure, district.alt, district.caption))
    alt = {name: text.format(days=plan.days, n=len(table)) for name, text in ALT.items()}
    alt["frontier"] = frontier_alt(table)
    figs = {"epidemic_curves": epidemic_curves(timeseries, runs, "scenario"),
            "breeding_sites": breeding_sites(timeseries, runs, "scenario"),
            "breteau": breteau(timeseries, runs, "scenario"), "frontier": frontier(table)}
    drawn += [(name, fig, alt[name], FIGURES[name]) for name, fig in figs.items()]
    shown = []
    for name, fig, text, caption in drawn:
        png = save_figure(fig, out_dir, name)[0]
        shown.append(Shown(name, base64.b64encode(png.read_bytes()).decode("ascii"), text, caption))
    return shown


def write_report(plan: Plan, runs: pd.DataFrame, timeseries: pd.DataFrame, table: pd.DataFrame,
                 out_dir: Path, provenance: Provenance, actions: pd.DataFrame | None = None) -> Path:
    """Write ``report.html``, ``report.md``, the figures and the CSV tables; return the HTML path.

    Args:
        plan: the validated scenario file.
        runs: one row per run (``run_id``, ``scenario``, summary columns).
        timeseries: daily rows of every run (``run_id``, ``day``, daily columns).
        table: :func:`analysis.verdict.scenario_table` of ``runs`` in plan order.
        out_dir: output folder (a district plan's runs are read back from ``out_dir/runs``).
        provenance: version, date and command.
        actions: :func:`analysis.plan_actions.action_table` when the plan asks for it.
    """
    out_dir = Path(out_dir)
    found = verdict(table)
    shown = _figures(plan, runs, timeseries, table, out_dir, found.best_cases)
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
    tables = [("Cases and cost", "", Table("summary", "Cases and cost of each option (runs per option: "
                                                      f"{len(plan.seeds)})", main))]
    if by_action is not None:
        tables.append(("Which action did what", ACTIONS_NOTE,
                       Table("actions", "Infections averted by each action of each option", by_action)))
    tables.append(("Epidemic and field work", "",
                   Table("detail", "Epidemic and field work of each option", detail)))
    content = Content(
        title=plan.title, opening=opening(table, found, plan.days, "district" if d.enabled else "village",
                                          actions),
        meta=meta, warning=degenerate_warning(runs),
        verdict=[*found.sentences, *filter(None, [extinction_note(runs)])], tables=tables,
        how_to_read=HOW_TO_READ, figures=shown,
        scenarios=Table("scenarios", "The options as run: preset, note and the settings they change",
                        _scenario_rows(plan)),
        plan_text=plan.text, plan_path=provenance.scenario_file or plan.path,
        provenance=[("Version", f"vcsim {provenance.version} (git {provenance.git})"),
                    ("Date", provenance.date), ("Command", provenance.command)])
    atomic_write_text(out_dir / "report.md", markdown_page(content))
    return atomic_write_text(out_dir / "report.html", html_page(content))
