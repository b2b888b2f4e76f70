"""Registry of mosquito engines, chosen by ``vector.engine``.

``arrays`` (default) keeps every adult female as a row of numpy arrays;
``agents`` makes each one a Mesa ``CellAgent``. Both step through the rules of
:mod:`sim.vector.rules` and share the aquatic stages of :mod:`sim.vector.aquatic`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.errors import ConfigError
from sim.vector.agents import AgentMosquitoes
from sim.vector.arrays import ArrayMosquitoes

if TYPE_CHECKING:
    from sim.model import CampaignModel

__all__ = ["ENGINE_FACTORIES", "make_engine"]


def _arrays(model: CampaignModel, attraction_cells: np.ndarray) -> ArrayMosquitoes:
    p = model.params
    return ArrayMosquitoes(p.vector, p.disease, model.village, model.sites,
                           model.streams["vector"], attraction_cells)


def _agents(model: CampaignModel, attraction_cells: np.ndarray) -> AgentMosquitoes:
    p = model.params
    return AgentMosquitoes(p.vector, p.disease, model, model.sites, model.streams["vector"],
                           attraction_cells)


#: Engine name (``vector.engine``) -> factory ``(model, attraction_cells) -> engine``.
ENGINE_FACTORIES: dict[str, Callable[[CampaignModel, np.ndarray], Any]] = {
    "arrays": _arrays,
    "agents": _agents,
}


def make_engine(model: CampaignModel, attraction_cells: np.ndarray) -> Any:
    """Build the engine named by ``model.params.vector.engine``."""
    name = model.params.vector.engine
    factory = ENGINE_FACTORIES.get(name)
    if factory is None:
        raise ConfigError("vector.engine", name, f"allowed: {', '.join(ENGINE_FACTORIES)}")
    return factory(model, attraction_cells)
