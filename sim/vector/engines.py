"""Registry of mosquito engines, chosen by ``vector.engine``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from sim.errors import ConfigError
from sim.vector.arrays import ArrayMosquitoes

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["make_engine"]


def make_engine(model: CampaignModel, attraction_cells: np.ndarray) -> Any:
    """Build the engine named by ``model.params.vector.engine``."""
    p = model.params
    if p.vector.engine == "arrays":
        return ArrayMosquitoes(p.vector, p.disease, model.village, model.sites,
                               model.streams["vector"], attraction_cells)
    raise ConfigError("vector.engine", p.vector.engine, "not available yet; allowed: arrays")
