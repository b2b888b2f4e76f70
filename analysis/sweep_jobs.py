"""Reading a Hydra sweep folder: its job folders, each job's overrides, flat CSV rows.

Job folders are found by walking the sweep folder for folders holding
``.hydra/overrides.yaml`` (hidden folders such as ``.submitit`` are skipped), so the
basic, joblib, vcsim and submitit launchers' layouts all work. Used by
:mod:`analysis.collect` (and :func:`flatten` by the planner).
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import yaml
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException

__all__ = ["find_job_dirs", "flatten", "parse_overrides"]


def _natural_key(text: str) -> list[Any]:
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", text)]


def find_job_dirs(sweep_dir: str | os.PathLike[str]) -> list[Path]:
    """Return job folders (holding ``.hydra/overrides.yaml``) under ``sweep_dir``.

    Hidden folders are skipped and job folders are not searched further. The result is
    in natural order (``2`` before ``10``).
    """
    root = Path(sweep_dir)
    jobs: list[Path] = []
    for dirpath, dirnames, _ in os.walk(root):
        here = Path(dirpath)
        if (here / ".hydra" / "overrides.yaml").is_file():
            jobs.append(here)
            dirnames[:] = []
            continue
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
    return sorted(jobs, key=lambda p: _natural_key(p.relative_to(root).as_posix()))


@functools.cache
def _parser() -> OverridesParser:
    return OverridesParser.create()


def parse_overrides(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Parse a Hydra ``overrides.yaml`` list into ``{key: value}`` with Hydra's own parser.

    Values are typed as Hydra types them for the run (``seed=3`` -> ``3``, ``rate=1e-3`` ->
    ``0.001``, ``flag=true`` -> ``True``, ``x=null`` -> ``None``); lists, dicts and sweeps
    are kept as their original text (``"[1,2]"``) so each fits one CSV cell. ``+``/``++``
    prefixes are dropped, ``~key`` deletions are ignored, a package stays in the key
    (``group@pkg``).

    Raises:
        ValueError: If the file is not a YAML list of overrides Hydra can parse.
    """
    try:
        items = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
        overrides = _parser().parse_overrides([str(item) for item in items])
    except (yaml.YAMLError, HydraException, TypeError) as exc:
        raise ValueError(f"{path}: not a list of Hydra overrides: {' '.join(str(exc).split())}") from exc
    out: dict[str, Any] = {}
    for o in overrides:
        if o.is_delete():
            continue
        key = o.key_or_group if o.package is None else f"{o.key_or_group}@{o.package}"
        value = o.value()
        scalar = value is None or isinstance(value, bool | int | float | str)
        out[key] = value if scalar else (o.input_line or "").partition("=")[2].strip()
    return out


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Flatten nested dicts with ``_``: ``{"a": {"b": 1}}`` -> ``{"a_b": 1}``.

    Lists are stored as JSON strings so each value fits one CSV cell.
    """
    flat: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, prefix=f"{name}_"))
        elif isinstance(value, list):
            flat[name] = json.dumps(value)
        else:
            flat[name] = value
    return flat
