"""Reading a scenario file's YAML nodes with line numbers (see :mod:`analysis.scenarios`).

Every mistake raises :class:`PlanError`, whose text is one line
``FILE:LINE: <key>=<value>: <rule; allowed ...>``, with the line of the node at fault.
A value shown in a message is cut to :data:`SHOWN_CHARS` characters. :func:`read_yaml`
reads the file: UTF-8 text of at most :data:`MAX_BYTES`, no ``!!python`` (or any other
unknown) tags, no aliases (``*name``: an alias bomb expands a few hundred bytes into
millions of values) and at most :data:`MAX_DEPTH` levels of nesting.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.errors import ConfigError
from sim.params.fields import Bounds

__all__ = ["MAX_BYTES", "MAX_DEPTH", "SHOWN_CHARS", "Override", "PlanError", "Reader", "clip", "node_line",
           "read_yaml", "yaml_error"]

#: Longest value shown in a message (characters); longer ones end in "...".
SHOWN_CHARS = 60
#: Largest scenario file read (bytes): a planner's file is a few kilobytes.
MAX_BYTES = 1_000_000
#: Deepest nesting of sections and lists read (a scenario file needs 4).
MAX_DEPTH = 20


class PlanError(ValueError):
    """A mistake in a scenario file; ``str()`` is ``FILE:LINE: message`` on one line
    (``FILE: message`` for line 0, a mistake about the file as a whole)."""

    def __init__(self, file: str, line: int, message: str) -> None:
        self.file, self.line, self.message = file, line, " ".join(str(message).split())
        super().__init__(f"{file}:{line}: {self.message}" if line else f"{file}: {self.message}")


class _Shown:
    """A value as a message shows it (``ConfigError`` formats it with ``str``)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def clip(value: Any, limit: int = SHOWN_CHARS) -> Any:
    """``value`` itself when it is short, else its first ``limit`` characters and "..."."""
    text = repr(value) if isinstance(value, str) else str(value)
    return value if len(text) <= limit else _Shown(_cut(text, limit))


def read_yaml(path: str | Path) -> tuple[str, yaml.Node | None]:
    """The text of a scenario file and its YAML node tree (``None`` when empty).

    Raises:
        PlanError: the file cannot be read, is not UTF-8 text, is too large, is not valid
            YAML or uses an alias.
    """
    file = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_BYTES:
            raise PlanError(file, 0, f"scenario file too large ({size:,} bytes; at most {MAX_BYTES:,})")
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise PlanError(file, 0, f"cannot read the scenario file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise PlanError(file, 0, "not a text (UTF-8) YAML file") from None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise PlanError(file, event.start_mark.line + 1,
                                f"YAML aliases (*{_cut(str(event.anchor), 20)}) are not allowed in scenario "
                                "files; write the value out")
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_DEPTH:
                raise PlanError(file, event.start_mark.line + 1, f"not valid YAML: sections or lists nested "
                                f"more than {MAX_DEPTH} deep")
        return text, yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise yaml_error(file, text, exc) from None


def node_line(node: yaml.Node) -> int:
    """1-based line where ``node`` starts."""
    return node.start_mark.line + 1


@dataclass
class Override:
    """One ``compose_params`` override and the scenario-file field (and line) it comes from.

    ``applied=False`` marks a pointer only: it is not composed, but an error about its key
    (``team_shapes.x.roles.nurse``) is reported on its line, inside a value set as a whole
    (an inline team shape).
    """

    override: str  # "++staffing.pool.cadre=60"
    field: str  # dotted path in the scenario file, e.g. "scenarios.fast.staffing.cadre"
    value: Any
    line: int
    applied: bool = True

    @property
    def key(self) -> str:
        """The configuration key this override sets (``staffing.pool.cadre``)."""
        return self.override.partition("=")[0].lstrip("+~")


class Reader:
    """Walks the YAML node tree, raising PlanError with the line of the offending node."""

    def __init__(self, file: str, text: str = "") -> None:
        self.file, self.source = file, text
        self.loader = yaml.SafeLoader("")

    def fail(self, node: yaml.Node | int, key: str, value: Any, rule: str, missing: bool = False) -> None:
        line = node if isinstance(node, int) else node_line(node)
        key = _cut(key, 2 * SHOWN_CHARS)
        err = ConfigError.missing(key, rule) if missing else ConfigError(key, clip(value), rule)
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
        """The Python value of ``node`` (as ``yaml.safe_load`` would give it); a tag that safe
        loading does not know (``!!python/...``) is a YAML error on its line, never run."""
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise yaml_error(self.file, self.source, exc) from None
        except ValueError as exc:  # a timestamp that is no date (2025-13-01)
            text = _cut(str(getattr(node, "value", "")), SHOWN_CHARS)
            raise PlanError(self.file, node_line(node), f"not valid YAML: {text!r} is not a date ({exc}); "
                            "a date is YYYY-MM-DD") from None

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
    if isinstance(exc, yaml.reader.ReaderError):  # a control character: binary, not text
        line = text.count("\n", 0, max(0, exc.position)) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return PlanError(file, line, f"not a text (UTF-8) YAML file: unacceptable character #x{char:04x}")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = min(mark.line + 1, max(1, len(text.splitlines()))) if mark else 1
    problem = _cut(str(getattr(exc, "problem", None) or exc), 160)
    context, where = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and where is not None:
        problem += f" ({context} on line {where.line + 1})"
    return PlanError(file, line, f"not valid YAML: {problem}")
