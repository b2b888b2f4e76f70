"""The planner's report as a page: the same content rendered as HTML and as Markdown.

:class:`Content` holds what the report says (plain text, escaped here: HTML-escaped in
the page, :func:`analysis.fmt.md_text` in the Markdown); :func:`html_page` and
:func:`markdown_page` lay it out in the same order: title, warning, the opening paragraph,
what was run, the verdict, the tables, the figures, the scenarios, the inputs and how
to reproduce the report. The HTML page is self-contained (inline styles, figures as
base64 PNG) and accessible: ``lang``, one ``h1`` then ``h2``/``h3`` in order, tables
with a ``<caption>``, ``<th scope="col">`` column headers and ``<th scope="row">``
option names, alt text on every image, and a print stylesheet (``@media print``) so it
reads on paper (A4 or Letter).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.fmt import md_code, md_text

__all__ = ["CSS", "Content", "Shown", "Table", "html_page", "html_table", "markdown_page", "md_table"]

CSS = """
body {font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2em auto;
  max-width: 1200px; padding: 0 1em; color: #222; line-height: 1.45}
h1 {font-size: 1.6em} h2 {border-bottom: 1px solid #ccc; margin-top: 1.6em}
.lead {font-size: 1.08em; background: #eef4fb; border-left: 4px solid #1f5fa8; padding: .7em 1em}
table {border-collapse: collapse; font-size: .88em; margin: .6em 0}
caption {caption-side: top; text-align: left; font-size: .95em; color: #444; padding: .2em 0}
th, td {border: 1px solid #ccc; padding: .3em .5em; text-align: right; vertical-align: top}
td {white-space: nowrap} #scenarios td {white-space: normal; text-align: left}
thead th {background: #f0f3f7} th:first-child {text-align: left}
tbody th {font-weight: 600; white-space: nowrap}
.wrap {overflow-x: auto} .verdict li {margin: .35em 0} .meta {color: #555} dt {font-weight: 600}
img {width: 900px; max-width: 100%; height: auto; border: 1px solid #eee} figure {margin: 1em 0}
figcaption {font-size: .9em; color: #555}
pre {background: #f7f7f7; padding: .8em; overflow-x: auto; font-size: .85em}
.warning {background: #fff3cd; border: 1px solid #d9a400; padding: .6em .8em}
@media print {
  @page {margin: 1.5cm}
  body {max-width: none; margin: 0; padding: 0; font-size: 10pt; color: #000}
  h2, h3 {break-after: avoid; page-break-after: avoid}
  .lead {background: none; border: 1px solid #000}
  .wrap {overflow: visible} table {width: 100%; font-size: 7.5pt} td, tbody th {white-space: normal}
  thead {display: table-header-group} tr, figure, .verdict li {break-inside: avoid; page-break-inside: avoid}
  img {width: 100%; border: none} pre {white-space: pre-wrap; overflow: visible}
}
"""


@dataclass(frozen=True)
class Table:
    """A table of text cells; its first column names the row (an option)."""

    id: str
    caption: str
    frame: pd.DataFrame


@dataclass(frozen=True)
class Shown:
    """A figure: file stem, base64 PNG, alt text (what it shows, in words) and caption."""

    name: str
    png_base64: str
    alt: str
    caption: str


@dataclass(frozen=True)
class Content:
    """Everything the report says, as plain text (escaped when rendered)."""

    title: str
    opening: str
    meta: str
    warning: str
    verdict: Sequence[str]
    tables: Sequence[tuple[str, str, Table]]  # (section heading, note above the table, table)
    how_to_read: Sequence[str]
    figures: Sequence[Shown]
    scenarios: Table
    plan_text: str
    plan_path: str
    provenance: Sequence[tuple[str, str]]


def html_table(table: Table) -> str:
    """An accessible HTML table: caption, ``scope="col"`` headers, ``scope="row"`` first cells."""
    e, df = html.escape, table.frame
    head = "".join(f'<th scope="col">{e(str(c))}</th>' for c in df.columns)
    body = "".join(f'<tr><th scope="row">{e(str(row[0]))}</th>'
                   + "".join(f"<td>{e(str(v))}</td>" for v in row[1:]) + "</tr>"
                   for row in df.itertuples(index=False))
    return (f'<div class="wrap"><table id="{e(table.id)}"><caption>{e(table.caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def md_table(df: pd.DataFrame) -> str:
    """A Markdown table with every cell escaped (:func:`analysis.fmt.md_text`)."""
    lines = ["| " + " | ".join(map(md_text, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(map(md_text, row)) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def html_page(c: Content) -> str:
    """The self-contained HTML report."""
    e = html.escape
    parts = ['<!doctype html><html lang="en"><head><meta charset="utf-8">'
             '<meta name="viewport" content="width=device-width, initial-scale=1">'
             f"<title>{e(c.title)}</title><style>{CSS}</style></head><body><main>",
             f"<h1>Planning report: {e(c.title)}</h1>",
             *((f'<p class="warning"><strong>Warning:</strong> {e(c.warning)}</p>',) if c.warning else ()),
             f'<p class="lead" id="opening">{e(c.opening)}</p>', f'<p class="meta">{e(c.meta)}</p>',
             '<h2>Verdict</h2><ul class="verdict">', *(f"<li>{e(s)}</li>" for s in c.verdict), "</ul>"]
    for heading, note, table in c.tables:
        parts += [f"<h2>{e(heading)}</h2>", *((f"<p>{e(note)}</p>",) if note else ()), html_table(table)]
    parts += ["<h3>How to read the tables</h3><ul>", *(f"<li>{e(t)}</li>" for t in c.how_to_read),
              "</ul><h2>Figures</h2>",
              *(f'<figure id="fig-{e(f.name)}"><img alt="{e(f.alt)}" '
                f'src="data:image/png;base64,{f.png_base64}"><figcaption>{e(f.caption)}</figcaption></figure>'
                for f in c.figures),
              "<h2>Scenarios as run</h2>", html_table(c.scenarios),
              f"<h2>Inputs</h2><p>Scenario file <code>{e(c.plan_path)}</code>:</p>",
              f"<pre>{e(c.plan_text)}</pre><h2>Reproduce</h2><dl>",
              *(f"<dt>{e(k)}</dt><dd><code>{e(v)}</code></dd>" for k, v in c.provenance),
              "</dl></main></body></html>"]
    return "".join(parts)


def markdown_page(c: Content) -> str:
    """The Markdown report (figures as ``<name>.png`` next to it)."""
    md = [f"# Planning report: {md_text(c.title)}", "",
          *((f"> **Warning:** {md_text(c.warning)}", "") if c.warning else ()),
          md_text(c.opening), "", md_text(c.meta), "", "## Verdict", "",
          *(f"- {md_text(s)}" for s in c.verdict), ""]
    for heading, note, table in c.tables:
        md += [f"## {heading}", "", *((md_text(note), "") if note else ()), md_table(table.frame), ""]
    md += ["### How to read the tables", "", *(f"- {md_text(t)}" for t in c.how_to_read), "",
           "## Figures", "",
           *(f"![{md_text(f.alt)}]({f.name}.png)\n\n{md_text(f.caption)}\n" for f in c.figures),
           "## Scenarios as run", "", md_table(c.scenarios.frame), "", "## Inputs", "",
           f"Scenario file {md_code(c.plan_path)}:", "", md_code(c.plan_text, True) + "yaml",
           c.plan_text.rstrip(), md_code(c.plan_text, True), "", "## Reproduce", "",
           *(f"- {k}: {md_code(v)}" for k, v in c.provenance), ""]
    return "\n".join(md)
