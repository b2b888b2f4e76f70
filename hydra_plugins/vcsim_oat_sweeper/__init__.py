"""Hydra sweeper plugin ``one_at_a_time``: move each parameter alone around the defaults.

Select it with ``hydra/sweeper=one_at_a_time`` (or ``override /hydra/sweeper:
one_at_a_time`` in an experiment file)::

    hydra:
      sweeper:
        params:                 # crossed with every variant, like the basic sweeper
          seed: range(0,10)
        one_at_a_time:          # each key is varied alone; the others keep their defaults
          vector.daily_survival: 0.89,0.95
          disease.eip_days: 2.0,3.5

The jobs are the unmodified configuration (``include_default``) and one variant per
value of each ``one_at_a_time`` key, each crossed with the grid of ``params`` and the
command line. Every job's ``overrides.yaml`` then names the one parameter it moved,
which is what a tornado chart needs. The job order is deterministic, so a sweep
re-run into the same folder maps every job number to the same configuration.
"""

# No ``from __future__ import annotations`` here: Hydra executes plugin modules without
# registering them in ``sys.modules``, and dataclasses cannot resolve string annotations then.
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hydra._internal.core_plugins.basic_sweeper import BasicSweeper
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override

__all__ = ["OneAtATimeSweeper", "OneAtATimeSweeperConf", "one_at_a_time_variants"]

log = logging.getLogger(__name__)


@dataclass
class OneAtATimeSweeperConf:
    """Config of ``hydra/sweeper=one_at_a_time`` (see the module docstring)."""

    _target_: str = "hydra_plugins.vcsim_oat_sweeper.OneAtATimeSweeper"
    max_batch_size: int | None = None
    params: dict[str, str] | None = None
    one_at_a_time: dict[str, str] | None = None
    include_default: bool = True


ConfigStore.instance().store(
    group="hydra/sweeper", name="one_at_a_time", node=OneAtATimeSweeperConf, provider="vcsim"
)


def _bare_key(key: str) -> str:
    return key.lstrip("+~")


def one_at_a_time_variants(
    spec: Mapping[str, Any] | None,
    *,
    skip: Iterable[str] = (),
    include_default: bool = True,
) -> list[list[str]]:
    """Override lists of a one-at-a-time design.

    Args:
        spec: ``{key: "v1,v2,..."}``; each value may be any Hydra sweep
            (``a,b``, ``range(...)``, ``choice(...)``) or a single value.
        skip: Keys fixed elsewhere (command line or ``params``): not varied.
        include_default: Start with the empty list (the unmodified configuration).

    Returns:
        ``[[], ["k1=v1"], ["k1=v2"], ["k2=v1"], ...]`` in the order of ``spec``.
    """
    fixed = {_bare_key(k) for k in skip}
    variants: list[list[str]] = [[]] if include_default else []
    parser = OverridesParser.create()
    for key, raw in (spec or {}).items():
        if _bare_key(str(key)) in fixed:
            log.warning("one_at_a_time: %s is fixed elsewhere; not varied", key)
            continue
        override = parser.parse_override(f"{key}={raw}")
        name = override.get_key_element()
        if override.is_sweep_override():
            values = list(override.sweep_string_iterator())
        else:
            values = [override.get_value_element_as_str()]
        variants.extend([f"{name}={value}"] for value in values)
    return variants


class OneAtATimeSweeper(BasicSweeper):
    """The basic sweeper's grid, crossed with a one-at-a-time list of variants."""

    def __init__(
        self,
        max_batch_size: int | None,
        params: dict[str, str] | None = None,
        one_at_a_time: dict[str, str] | None = None,
        include_default: bool = True,
    ) -> None:
        super().__init__(max_batch_size=max_batch_size, params=params)
        self.one_at_a_time = dict(one_at_a_time or {})
        self.include_default = include_default

    def split_arguments(  # type: ignore[override]
        self, overrides: list[Override], max_batch_size: int | None
    ) -> list[list[list[str]]]:
        """Jobs: every variant (outer loop) x every combination of the grid (inner loop)."""
        grid: Sequence[list[str]] = BasicSweeper.split_arguments(overrides, None)[0]
        fixed = [o.get_key_element() for o in overrides]
        variants = one_at_a_time_variants(
            self.one_at_a_time, skip=fixed, include_default=self.include_default
        )
        jobs = [[*combo, *variant] for variant in variants for combo in grid]
        return list(BasicSweeper.split_overrides_to_chunks(jobs, max_batch_size))
