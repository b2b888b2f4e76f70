"""Registers the parameter schemas (``vcsim_schema``) whenever Hydra starts.

Hydra imports every module of the ``hydra_plugins`` namespace when it starts,
so the schema that ``configs/config.yaml`` lists first is in the ConfigStore
for the command line, the compose API and any other use of Hydra alike.
"""

from sim.cli.config_store import register_schemas

register_schemas()
