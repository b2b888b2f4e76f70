"""Schemas for composing configurations, derived from the frozen parameter classes.

The frozen dataclasses of :mod:`sim.params` are the one declaration of every
parameter (type, default, unit, bounds, source). Hydra's structured configs
need mutable classes to merge presets onto, so :func:`schema_of` derives a
non-frozen mirror of each class with the same fields, types and defaults
(fields without a default stay mandatory). Nothing here imports Hydra: the
command-line edge registers the mirrors in Hydra's ``ConfigStore``.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

__all__ = ["schema_of"]


@functools.cache
def schema_of(cls: type) -> type:
    """A non-frozen dataclass with the fields of dataclass ``cls`` (nested classes mirrored too)."""
    hints = typing.get_type_hints(cls)
    fields = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        hint = _mirror_type(hints[f.name])
        if f.default is not dataclasses.MISSING:
            default = f.default
            spec = (dataclasses.field(default_factory=functools.partial(list, default))
                    if isinstance(default, tuple) else dataclasses.field(default=default))
        elif f.default_factory is not dataclasses.MISSING:
            spec = dataclasses.field(default_factory=_mirror_factory(f.default_factory))
        else:
            spec = dataclasses.field()
        fields.append((f.name, hint, spec))
    return dataclasses.make_dataclass(cls.__name__, fields, namespace={"__doc__": cls.__doc__})


def _mirror_type(hint: Any) -> Any:
    """The schema type of a field: dataclasses mirrored, tuples as lists (YAML sequences),
    mappings of dataclass entries untyped."""
    if dataclasses.is_dataclass(hint):
        return schema_of(hint)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [_mirror_type(a) for a in args if a is not type(None)]
        return typing.Optional[inner[0]] if type(None) in args else inner[0]  # noqa: UP045
    if origin is tuple:
        return list[_mirror_type(args[0])] if args else list
    if origin is dict:
        # Entries of a mapping stay untyped here: OmegaConf cannot add a new typed entry from
        # an override (``+roles.nurse={...}``). Each entry is still checked field by field, with
        # its full key, when the run parameters are built (sim.params.build).
        return dict[args[0], Any] if dataclasses.is_dataclass(args[1]) else hint
    return hint


def _mirror_factory(factory: Any) -> Any:
    """The default factory of a mirrored field: a nested class becomes its mirror."""
    if isinstance(factory, type) and dataclasses.is_dataclass(factory):
        return schema_of(factory)
    return factory
