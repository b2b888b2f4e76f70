"""Frozen, validated parameter dataclasses (units in field names)."""

from sim.params.build import from_mapping, to_mapping
from sim.params.disease import DiseaseParams
from sim.params.run_params import OutbreakParams, ResidentParams, RunParams
from sim.params.vector import VectorParams
from sim.params.village import PublicSiteParams, SiteTypeParams, VillageParams

__all__ = [
    "DiseaseParams",
    "OutbreakParams",
    "PublicSiteParams",
    "ResidentParams",
    "RunParams",
    "SiteTypeParams",
    "VectorParams",
    "VillageParams",
    "from_mapping",
    "to_mapping",
]
