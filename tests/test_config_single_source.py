"""Each default is written in exactly one place: the parameter declarations in ``sim/params``.

The YAML files under ``configs/`` (and the organisation presets) hold only what
a preset changes: no leaf may restate the declared default of its field.
"""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any

import yaml

from sim.cli.objective import ObjectiveParams
from sim.params.run_params import RunParams

REPO = Path(__file__).resolve().parent.parent
IGNORED_TOP = {"defaults", "hydra"}


def _leaves(node: Any, path: tuple[str, ...] = ()):
    if isinstance(node, dict):
        for k, v in node.items():
            if not path and k in IGNORED_TOP:
                continue
            yield from _leaves(v, (*path, str(k)))
    else:
        yield path, node


def _declared_default(path: tuple[str, ...]) -> tuple[bool, Any]:
    """(has a default, the default) of the field at ``path`` below the run parameters."""
    cls: Any = RunParams
    entry = False  # the next key names an entry of a mapping of dataclasses
    for i, key in enumerate(path):
        if cls is RunParams and key == "objective":
            cls = ObjectiveParams
            continue
        if entry:
            entry = False
            continue
        if not dataclasses.is_dataclass(cls):
            return False, None  # inside a list or a mapping of plain values
        fields = {f.name: f for f in dataclasses.fields(cls)}
        if key not in fields:
            return False, None
        f = fields[key]
        if i == len(path) - 1:
            if f.default is not dataclasses.MISSING:
                return True, f.default
            if f.default_factory is not dataclasses.MISSING:
                value = f.default_factory()
                return (not dataclasses.is_dataclass(value)), value
            return False, None
        hint = typing.get_type_hints(cls)[key]
        args = typing.get_args(hint)
        if dataclasses.is_dataclass(hint):
            cls = hint
        elif typing.get_origin(hint) is dict and args and dataclasses.is_dataclass(args[1]):
            cls, entry = args[1], True  # e.g. team_shapes.<name>.<field>
        else:
            return False, None
    return False, None


def _files() -> list[tuple[Path, tuple[str, ...]]]:
    """Every config file with the path its content lands under."""
    out = [(REPO / "configs" / "config.yaml", ())]
    for group in sorted(p for p in (REPO / "configs").iterdir() if p.is_dir()):
        out += [(f, (group.name,)) for f in sorted(group.glob("*.yaml"))]
    out += [(f, ()) for f in sorted((REPO / "experiments" / "organisation").glob("*.yaml"))]
    return out


def test_no_yaml_leaf_restates_its_declared_default():
    restated = []
    for path, prefix in _files():
        data = yaml.safe_load(path.read_text()) or {}
        for leaf, value in _leaves(data):
            if leaf == ("name",) and value == path.stem:  # a preset names itself (an empty file is refused)
                continue
            has, default = _declared_default((*prefix, *leaf))
            if has and value == (list(default) if isinstance(default, tuple) else default):
                restated.append(f"{path.relative_to(REPO)}: {'.'.join(leaf)}={value!r}")
    assert not restated, "defaults written twice:\n" + "\n".join(restated)
