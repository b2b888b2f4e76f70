"""The main job's results in the README: the epidemic curves and the comparison table.

``python -m analysis.main_job --docs`` (and ``experiments/regenerate_docs.py``) copy them
into ``docs/readme/30-researchers.md``, between ``<!-- BEGIN name -->`` and
``<!-- END name -->`` markers, so the README shows what the last full run measured.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.compare import to_markdown
from sim.outputs import atomic_write_text

if TYPE_CHECKING:
    from analysis.main_job import MainJobResult

__all__ = ["BLOCK", "DOC", "DOC_IMAGE", "publish_docs", "replace_doc_block"]

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "readme" / "30-researchers.md"
DOC_IMAGE = REPO / "docs" / "img" / "epidemic_curves.png"
BLOCK = "main_job results"


def _doc_block(result: MainJobResult, image: Path, doc: Path) -> str:
    """Markdown for the results block of the README section."""
    runs = len(result.collected.runs)
    days = result.collected.runs["days"].iloc[0] if "days" in result.collected.runs else "?"
    load = "" if result.load_average is None else f" (load average {result.load_average:.1f})"
    # Relative to the repository root: the README is assembled there from docs/readme/*.md.
    rel = os.path.relpath(image, REPO)
    lines = [f"![Daily reported cases by strategy]({rel})", "",
             f"*{runs} runs: {len(result.strategies)} strategies x {result.seeds} seeds, "
             f"village `{result.village}`, {days} days; sweep wall time "
             f"{result.wall_seconds / 60:.1f} min on {os.cpu_count()} cores{load} "
             f"({datetime.now():%Y-%m-%d}).*", "",
             to_markdown(result.comparison).rstrip() if result.comparison is not None else ""]
    return "\n".join(lines)


def replace_doc_block(name: str, text: str, doc: Path = DOC) -> Path:
    """Replace the text between ``<!-- BEGIN name -->`` and ``<!-- END name -->`` in ``doc``.

    Raises:
        ValueError: If ``doc`` has no such block.
    """
    begin, end = f"<!-- BEGIN {name} -->", f"<!-- END {name} -->"
    content = doc.read_text(encoding="utf-8")
    head, found, rest = content.partition(begin)
    _, found_end, tail = rest.partition(end)
    if not (found and found_end):
        raise ValueError(f"{doc} has no {begin} ... {end} block")
    return atomic_write_text(doc, f"{head}{begin}\n{text.strip()}\n{end}{tail}")


def publish_docs(result: MainJobResult, doc: Path = DOC, image: Path = DOC_IMAGE) -> list[Path]:
    """Copy the epidemic curves and the comparison table into the README section."""
    source = result.sweep_dir / "figures" / "epidemic_curves.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, image)
    return [image, replace_doc_block(BLOCK, _doc_block(result, image, doc), doc)]


