"""Reading a scenario file's YAML nodes with line numbers (see :mod:`analysis.scenarios`).

Every mistake raises :class:`PlanError`, whose text is one line
``FILE:LINE: <key>=<value>: <rule; allowed ...>``, with the line of the node at fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from sim.errors import ConfigError
from sim.params.fields import Bounds

__all__ = ["Override", "PlanError", "Reader", "node_line", "yaml_error"]


class PlanError(ValueError):
    """A mistake in a scenario file; ``str()`` is ``FILE:LINE: message`` on one line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, " ".join(str(message).split())
        super().__init__(f"{file}:{line}: {self.message}")


def node_line(node: yaml.Node) -> int:
    """1-based line where ``node`` starts."""
    return node.start_mark.line + 1


@dataclass
class Override:
    """One ``compose_params`` override and the scenario-file field (and line) it comes from."""

    override: str  # "++staffing.pool.cadre=60"
    field: str  # dotted path in the scenario file, e.g. "scenarios.fast.staffing.cadre"
    value: Any
    line: int


class Reader:
    """Walks the YAML node tree, raising PlanError with the line of the offending node."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.loader = yaml.SafeLoader("")

    def fail(self, node: yaml.Node | int, key: str, value: Any, rule: str, missing: bool = False) -> None:
        line = node if isinstance(node, int) else node_line(node)
        err = ConfigError.missing(key, rule) if missing else ConfigError(key, value, rule)
        raise PlanError(self.file, line, str(err))

    def mapping(self, node: yaml.Node, key: str, allowed: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
        """``{field: (key_node, value_node)}``; rejects non-mappings, duplicates and unknown fields."""
        if not isinstance(node, yaml.MappingNode):
            rule = f"must be a section of fields: {', '.join(allowed)}"
            self.fail(node, key or "scenario file", self.value(node), rule, missing=not key)
        out: dict[str, tuple[Any, Any]] = {}
        for k, v in node.value:
            name = str(self.value(k))
            path = f"{key}.{name}" if key else name
            if name in out:
                first = out[name][0].start_mark.line + 1
                self.fail(k, path, self.value(v), f"field given twice (first on line {first})")
            if name not in allowed:
                self.fail(k, path, self.value(v), f"unknown field; allowed: {', '.join(allowed)}")
            out[name] = (k, v)
        return out

    def value(self, node: yaml.Node) -> Any:
        """The Python value of ``node`` (as ``yaml.safe_load`` would give it)."""
        return self.loader.construct_object(node, deep=True)

    def text(self, node: yaml.Node, key: str, allowed: list[str] | None = None) -> str:
        v = self.value(node)
        if allowed is not None and v not in allowed:
            self.fail(node, key, v, f"unknown {key.rsplit('.', 1)[-1]}; allowed: {', '.join(allowed)}")
        if not isinstance(v, str) or not v.strip():
            self.fail(node, key, v, "must be a text value")
        return v

    def whole(self, node: yaml.Node, key: str, bounds: Bounds, rule: str = "") -> int:
        """A whole number within ``bounds`` (a run parameter's declared ones where it sets one)."""
        v = self.value(node)
        low, high = int(bounds.low or 0), bounds.high
        ok = isinstance(v, int) and not isinstance(v, bool) and v >= low and (high is None or v <= high)
        if not ok:
            bound = f"from {low} to {int(high)}" if high is not None else f">= {low}"
            self.fail(node, key, v, rule or f"must be a whole number {bound}")
        return v


def yaml_error(file: str, text: str, exc: yaml.YAMLError) -> PlanError:
    """A syntax error on the line PyYAML points at (within the file), with its context."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 1
    problem = getattr(exc, "problem", None) or str(exc)
    context, where = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and where is not None:
        problem += f" ({context} on line {where.line + 1})"
    return PlanError(file, line, f"not valid YAML: {problem}")
