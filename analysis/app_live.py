"""Settings the trainer page applies to the running model, without a rebuild.

What the model allows to change mid-run, read from :mod:`sim.campaign`:

* **Ring radii** (``strategy.targeting.{core,warning,outer}_radius_m``) are read only when
  a ring is drawn (:meth:`sim.campaign.rings.RingManager.update`; each
  :class:`~sim.campaign.rings.RingArea` keeps its own radii and zones). New radii
  therefore apply to the rings opened from the next day; rings already open keep theirs.
  :meth:`~sim.campaign.rings.RingManager.set_radii` checks them as the run's own
  (:class:`sim.params.strategy.TargetingParams`); nothing else reads them.
* **Days per Step** and the pause between days are the page's own.

Everything else needs a rebuild (**Reset**): the village and seed make the world; the
days size the recorder and the weather; the staff are Mesa agents made at build time,
and the cadres also size the party units' areas (:class:`sim.campaign.workforce.Workforce`,
:class:`sim.campaign.areas.Areas`); team shapes are part of the strategy every mechanism holds.
"""

from __future__ import annotations

import contextlib
from typing import Any

from sim.errors import ConfigError
from sim.model import CampaignModel

__all__ = ["LIVE_PREFIX", "apply_live", "live_value", "uses_rings"]

#: Model parameters under this prefix are fields of the ring manager's targeting parameters.
LIVE_PREFIX = "strategy__targeting__"


def uses_rings(model: CampaignModel) -> bool:
    """Whether ``model``'s strategy draws rings around reported cases."""
    return bool(model.params.strategy.targeting.uses_rings)


def live_value(model: CampaignModel, name: str) -> Any:
    """The value of live setting ``name`` that ``model`` uses now (for new rings)."""
    return getattr(model.campaign.targeting.rings.p, name.removeprefix(LIVE_PREFIX))


def apply_live(model: CampaignModel, name: str, value: float | None) -> str | None:
    """Give ``model`` the live setting ``name`` from the next day (None: its preset's value).

    Returns:
        None when applied, else why not, in words for the page (an invalid combination
        of radii, or a strategy without rings).
    """
    if not name.startswith(LIVE_PREFIX):
        raise KeyError(f"{name} is not a live setting")
    field = name.removeprefix(LIVE_PREFIX)
    lock = getattr(model, "step_lock", None)
    with lock if lock is not None else contextlib.nullcontext():
        if getattr(model, "released", False):
            return None  # replaced by a Reset meanwhile: the new run takes the setting
        if not uses_rings(model):
            return f"not used by strategy {model.params.strategy.name} (no rings)"
        own = getattr(model.params.strategy.targeting, field)
        try:
            model.campaign.targeting.rings.set_radii(**{field: float(own if value is None else value)})
        except ConfigError as err:
            return f"not applied: {err.rule}"
    return None
