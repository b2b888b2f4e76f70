"""Register the parameter schemas with Hydra, so YAML files hold only what a preset changes.

``configs/config.yaml`` lists ``vcsim_schema`` first in its defaults: every
composed configuration starts from the defaults declared in :mod:`sim.params`,
merges the group presets onto typed nodes (unknown keys and wrong types are
refused by OmegaConf with the full key) and then the command-line overrides.
"""

from __future__ import annotations

import dataclasses
from typing import Optional

from hydra.core.config_store import ConfigStore

from sim.cli.objective import ObjectiveParams
from sim.params.run_params import RunParams
from sim.params.schema import schema_of

__all__ = ["SCHEMA_NAME", "register_schemas"]

#: Name of the root schema in the ConfigStore (first entry of config.yaml's defaults).
SCHEMA_NAME = "vcsim_schema"


def _root_schema() -> type:
    """The run parameters plus the optional ``objective`` section of optimisation experiments."""
    run = schema_of(RunParams)
    fields = []
    for f in dataclasses.fields(run):
        spec = (dataclasses.field(default=f.default) if f.default is not dataclasses.MISSING
                else dataclasses.field(default_factory=f.default_factory))
        fields.append((f.name, f.type, spec))
    fields.append(("objective", Optional[schema_of(ObjectiveParams)], dataclasses.field(default=None)))  # noqa: UP045
    return dataclasses.make_dataclass("VcsimConfig", fields)


def register_schemas() -> None:
    """Store the root schema (idempotent: storing again replaces it with the same node)."""
    ConfigStore.instance().store(name=SCHEMA_NAME, node=_root_schema())
