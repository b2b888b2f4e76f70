"""Hydra search-path plugin: makes the repository's ``experiments/`` folder a config source.

Hydra imports every module under the ``hydra_plugins`` namespace package at start-up
and calls each :class:`SearchPathPlugin` it finds. This one appends
``file://<repository>/experiments`` (computed from this file's location), so
``python -m sim.run -m +experiment=quick`` finds ``experiments/experiment/quick.yaml``
from any working directory, and ``hydra/launcher=slurm_example`` finds
``experiments/hydra/launcher/slurm_example.yaml``.
"""

from __future__ import annotations

from pathlib import Path

from hydra.core.config_search_path import ConfigSearchPath
from hydra.plugins.search_path_plugin import SearchPathPlugin

__all__ = ["EXPERIMENTS_DIR", "PROVIDER", "VcsimSearchPathPlugin"]

#: The ``experiments/`` folder at the repository root.
EXPERIMENTS_DIR = Path(__file__).resolve().parents[2] / "experiments"
#: Provider name shown by ``python -m sim.run --info searchpath``.
PROVIDER = "vcsim-experiments"


class VcsimSearchPathPlugin(SearchPathPlugin):
    """Append the repository's ``experiments/`` folder to Hydra's config search path."""

    def manipulate_search_path(self, search_path: ConfigSearchPath) -> None:
        """Add ``experiments/`` once, and only if it exists (e.g. not in a bare wheel)."""
        if not EXPERIMENTS_DIR.is_dir():
            return
        path = f"file://{EXPERIMENTS_DIR}"
        if any(element.path == path for element in search_path.get_path()):
            return
        search_path.append(provider=PROVIDER, path=path)
