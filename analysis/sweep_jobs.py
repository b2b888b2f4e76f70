"""Reading a Hydra sweep's job folders (found by :func:`sim.cli.job_folders.find_job_dirs`):
each job's overrides, and nested results as flat CSV rows.

Used by :mod:`analysis.collect` (and :func:`flatten` by the planner).
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import yaml
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.errors import HydraException

__all__ = ["flatten", "parse_overrides"]


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
