"""Where the configuration lives and what it offers: the config folder, its groups and presets."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

__all__ = ["CONFIG_DIR", "config_groups", "config_hash", "presets"]

#: The primary config folder (``configs/`` at the top of the repository).
CONFIG_DIR = str(Path(__file__).resolve().parents[2] / "configs")


def config_groups(config_dir: str = CONFIG_DIR) -> dict[str, list[str]]:
    """Config groups and their options, from the folders of ``config_dir``
    (files starting with ``_`` are parts included by presets, not presets)."""
    root = Path(config_dir)
    return {
        d.name: sorted(p.stem for p in d.glob("*.yaml") if not p.stem.startswith("_"))
        for d in sorted(root.iterdir())
        if d.is_dir() and not d.name.startswith((".", "_")) and d.name != "hydra"
    }


def presets(group: str) -> list[str]:
    """Preset names of one config group (``strategy``, ``staffing``, ``village``, ...)."""
    return config_groups().get(group, [])


def config_hash(container: dict[str, Any]) -> str:
    """A stable hash of a composed config (``hydra`` section excluded)."""
    data = {k: v for k, v in container.items() if k != "hydra"}
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
